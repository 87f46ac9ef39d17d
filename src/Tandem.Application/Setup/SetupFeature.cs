using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Common;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Application.People;
using Tandem.Domain.Common;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Setup;

public sealed record SetupRequest(string? WorkspaceName, string? AdminName, string? Email, string? Password);

/// <summary>First run: an empty database gets its first workspace and that workspace's first admin.</summary>
public sealed class SetupFeature(TandemDbContext db, UserManager<TandemUser> users, CurrentUser me, TimeProvider clock)
{
    public async Task<bool> IsNeededAsync(CancellationToken ct) => !await db.Workspaces.AnyAsync(ct);

    public async Task<Result<TandemUser>> CreateWorkspaceAsync(SetupRequest request, CancellationToken ct)
    {
        if (await db.Workspaces.AnyAsync(ct))
            return Error.Conflict("Tandem is already set up; sign in instead.");

        var validation = new Validation()
            .Require(!string.IsNullOrWhiteSpace(request.WorkspaceName), "workspaceName", "Name your workspace, e.g. your company.")
            .Require(!string.IsNullOrWhiteSpace(request.AdminName), "adminName", "Give your name.")
            .Require((request.AdminName?.Trim().Length ?? 0) <= TandemUser.DisplayNameMaxLength, "adminName", $"A name has at most {TandemUser.DisplayNameMaxLength} characters.")
            .Require(!string.IsNullOrWhiteSpace(request.Email) && request.Email.Contains('@', StringComparison.Ordinal), "email", "Give a valid email address.")
            .Require(!string.IsNullOrEmpty(request.Password), "password", "Choose a password.");
        if (validation.Result is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        Workspace workspace;
        try
        {
            workspace = Workspace.Create(request.WorkspaceName!, now);
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field == "name" ? "workspaceName" : e.Field, e.Message);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync(ct);
        me.ActInWorkspace(workspace.Id);
        var admin = new TandemUser
        {
            Id = Guid.CreateVersion7(now),
            UserName = request.Email!.Trim(),
            Email = request.Email!.Trim(),
            EmailConfirmed = true,
            DisplayName = request.AdminName!.Trim(),
            WorkspaceId = workspace.Id,
            IsWorkspaceAdmin = true,
            CreatedAt = now,
        };
        var created = await users.CreateAsync(admin, request.Password!);
        if (!created.Succeeded)
        {
            await transaction.RollbackAsync(ct);
            return IdentityErrors.ToError(created, "email");
        }
        await transaction.CommitAsync(ct);
        return admin;
    }
}
