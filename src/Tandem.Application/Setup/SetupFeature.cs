using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Application.People;
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

        var now = clock.GetUtcNow();
        var name = request.AdminName?.Trim() ?? "";
        var email = request.Email?.Trim() ?? "";
        var password = request.Password ?? "";
        var validation = new Validation()
            .Require(name.Length > 0, "adminName", "Give your name.")
            .Require(name.Length <= TandemUser.DisplayNameMaxLength, "adminName", $"A name has at most {TandemUser.DisplayNameMaxLength} characters.")
            .Require(email.Contains('@', StringComparison.Ordinal), "email", "Give a valid email address.")
            .Require(password.Length > 0, "password", "Choose a password.");
        var named = Rules.Create(() => Workspace.Create(request.WorkspaceName, now));
        // The model calls it the workspace's name; the form's field is workspaceName. One answer names every field.
        foreach (var (field, messages) in named.Error?.Fields ?? new Dictionary<string, string[]>())
            foreach (var message in messages) validation.Add(field == "name" ? "workspaceName" : field, message);
        if (validation.Result is { } invalid) return invalid;
        if (named.Failed(out var refused, out var workspace)) return refused;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync(ct);
        me.ActInWorkspace(workspace.Id);
        var admin = new TandemUser
        {
            Id = Guid.CreateVersion7(now),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            WorkspaceId = workspace.Id,
            IsWorkspaceAdmin = true,
            CreatedAt = now,
        };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            await transaction.RollbackAsync(ct);
            return IdentityErrors.ToError(created, "email");
        }
        await transaction.CommitWholeAsync();
        return admin;
    }
}
