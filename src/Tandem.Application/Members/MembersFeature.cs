using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Application.Security;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;
using Tandem.Domain.Security;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Members;

public sealed record MemberDto(Guid UserId, string DisplayName, string Email, IReadOnlyList<string> Roles);

public sealed record WarningDto(string Kind, string Message, IReadOnlyList<Guid> People);

public sealed record MembersPage(IReadOnlyList<MemberDto> Items, string? NextCursor, IReadOnlyList<WarningDto> Warnings);

public sealed record AssignRoleRequest(Guid? UserId, string? Email, string? Role);

public sealed record AssignmentDto(Guid Id, Guid UserId, string DisplayName, string Role, DateTimeOffset AssignedAt, IReadOnlyList<WarningDto> Warnings);

/// <summary>Who holds which role on a product, and the workspace admin's changes to it.</summary>
public sealed class MembersFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock, SecurityEvents events)
{
    public async Task<Result<MembersPage>> ListAsync(string key, int? limit, string? cursor, CancellationToken ct)
    {
        if (Paging.ValidateLimit(limit) is { } bad) return bad;
        if ((await rights.ProductForAsync(key, Operations.Products.Read, ct)).Failed(out var error, out var product)) return error;

        var take = limit ?? Paging.DefaultLimit;
        var people = db.Users.Where(u => u.WorkspaceId == product.WorkspaceId
            && db.RoleAssignments.Any(r => r.ProductId == product.Id && r.UserId == u.Id));
        if (cursor is not null)
        {
            if (!Paging.TryDecode(cursor, out var after) || !TrySplitCursor(after, out var afterName, out var afterId)) return Paging.BadCursor;
            people = people.Where(u => string.Compare(u.DisplayName, afterName) > 0
                || (u.DisplayName == afterName && u.Id.CompareTo(afterId) > 0));
        }
        var page = await people.OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .Take(take + 1)
            .ToListAsync(ct);
        var ids = page.Select(p => p.Id).ToList();
        var roles = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.ProductId == product.Id && ids.Contains(r.UserId))
            .Select(r => new { r.UserId, r.Role })
            .ToListAsync(ct);
        var items = page.Take(take).Select(p => new MemberDto(p.Id, p.DisplayName, p.Email ?? "",
            roles.Where(r => r.UserId == p.Id).Select(r => r.Role).Order().Select(r => EnumText.Slug(r)).ToList())).ToList();
        var next = page.Count > take ? Paging.Encode($"{items[^1].DisplayName}\n{items[^1].UserId}") : null;
        return new MembersPage(items, next, await WarningsAsync(product, ct));
    }

    public async Task<IReadOnlyList<WarningDto>> WarningsAsync(Product product, CancellationToken ct)
    {
        var assignments = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.ProductId == product.Id)
            .Join(db.Users, r => r.UserId, u => u.Id, (r, u) => new { r.UserId, u.DisplayName, r.Role })
            .ToListAsync(ct);
        return RoleCombinationWarnings.For(product.Key, assignments.Select(a => (a.UserId, a.DisplayName, a.Role)))
            .Select(w => new WarningDto(EnumText.Slug(w.Kind), w.Message, w.People))
            .ToList();
    }

    public async Task<Result<AssignmentDto>> AssignAsync(string key, AssignRoleRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(key, Operations.Members.AssignRoles, ct)).Failed(out var error, out var product)) return error;

        var validation = new Validation();
        TryRole(request.Role, validation, out var assigned);
        if (request.UserId is null && string.IsNullOrWhiteSpace(request.Email))
            validation.Add("userId", "Say who gets the role: a userId or an email.");
        if (validation.Result is { } invalid) return invalid;

        var email = request.Email?.Trim().ToUpperInvariant();
        var user = request.UserId is { } id
            ? await db.Users.FirstOrDefaultAsync(u => u.Id == id && u.WorkspaceId == product.WorkspaceId, ct)
            : await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == email && u.WorkspaceId == product.WorkspaceId, ct);
        if (user is null)
            return Error.Invalid(request.UserId is null ? "email" : "userId", "There is nobody with that account in your workspace; add them to the workspace first.");

        if (await db.RoleAssignments.AnyAsync(r => r.ProductId == product.Id && r.UserId == user.Id && r.Role == assigned, ct))
            return Error.Conflict($"{user.DisplayName} is already {assigned.Title()} of {product.Key}.");

        var assignment = RoleAssignment.Create(product, user.Id, assigned, clock.GetUtcNow());
        db.RoleAssignments.Add(assignment);
        if (await rights.DecideAsync(product, Operations.Members.AssignRoles,
                new DecisionRecord($"Made {user.DisplayName} {assigned.Title()} of {product.Key}", "person", user.Id.ToString()), ct) is { } refused)
            return refused;
        await events.StageAsync(SecurityEventKind.RoleGranted, user.Id, $"{assigned.Title()} of {product.Key}", ct);
        await db.SaveChangesAsync(ct);
        if (user.Id == me.UserId) rights.Forget(product);

        return new AssignmentDto(assignment.Id, user.Id, user.DisplayName, EnumText.Slug(assigned), assignment.AssignedAt, await WarningsAsync(product, ct));
    }

    /// <summary>Removes one role, or every role when <paramref name="roleText"/> is null.</summary>
    public async Task<Result<IReadOnlyList<WarningDto>>> RemoveAsync(string key, Guid userId, string? roleText, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(key, Operations.Members.AssignRoles, ct)).Failed(out var error, out var product)) return error;

        Role? role = null;
        if (roleText is not null)
        {
            var validation = new Validation();
            if (TryRole(roleText, validation, out var one)) role = one;
            if (validation.Result is { } invalid) return invalid;
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.WorkspaceId == product.WorkspaceId, ct);
        if (user is null) return Error.NotFound("There is nobody with that account in your workspace.");

        var assignments = await db.RoleAssignments
            .Where(r => r.ProductId == product.Id && r.UserId == userId && (role == null || r.Role == role))
            .ToListAsync(ct);
        if (assignments.Count == 0)
            return Error.NotFound(role is { } one
                ? $"{user.DisplayName} is not {one.Title()} of {product.Key}."
                : $"{user.DisplayName} holds no role on {product.Key}.");

        db.RoleAssignments.RemoveRange(assignments);
        var removed = string.Join(", ", assignments.Select(a => a.Role.Title()));
        if (await rights.DecideAsync(product, Operations.Members.AssignRoles,
                new DecisionRecord($"Removed {user.DisplayName} as {removed} of {product.Key}", "person", user.Id.ToString()), ct) is { } refused)
            return refused;
        await events.StageAsync(SecurityEventKind.RoleRevoked, user.Id, $"{removed} of {product.Key}", ct);
        await db.SaveChangesAsync(ct);
        if (user.Id == me.UserId) rights.Forget(product);
        return Result<IReadOnlyList<WarningDto>>.Ok(await WarningsAsync(product, ct));
    }

    /// <summary>A role by its slug, its name or its short form ("PO"); a missing or unknown role is a field error.</summary>
    private static bool TryRole(string? value, Validation validation, out Role role)
    {
        role = default;
        if (string.IsNullOrWhiteSpace(value)) validation.Add("role", $"Say the role: one of {EnumText.Names<Role>()}.");
        else if (RoleNames.TryParse(value.Trim(), out role)) return true;
        else validation.Add("role", EnumText.NotOneOf<Role>(value, "role"));
        return false;
    }

    private static bool TrySplitCursor(string value, out string name, out Guid id)
    {
        var parts = value.Split('\n');
        name = parts[0];
        id = Guid.Empty;
        return parts.Length == 2 && Guid.TryParse(parts[1], out id);
    }
}
