using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Members;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.DecisionRights;

public sealed record RoleHoldersDto(string Role, string Title, IReadOnlyList<PersonSummary> People);

public sealed record DecisionAreaDto(
    string Area, string Title, string Decides, IReadOnlyList<string> DeciderRoles, bool DecidedByWorkspaceAdmin,
    string Contributes, IReadOnlyList<string> ContributorRoles, IReadOnlyList<PersonSummary> Deciders, IReadOnlyList<OperationDto> Operations);

public sealed record OperationDto(string Name, string Kind, string Describe, IReadOnlyList<string> Roles, bool WorkspaceAdmin);

public sealed record DecisionRightsDto(string ProductKey, string ProductName, IReadOnlyList<DecisionAreaDto> Areas, IReadOnlyList<RoleHoldersDto> Roles, IReadOnlyList<WarningDto> Warnings);

public sealed record PermissionDto(string Operation, string Area, string Kind, bool Allowed, string? Reason);

/// <summary>"Who decides what" for one product: the table, the people holding each role now, the warnings.</summary>
public sealed class DecisionRightsFeature(TandemDbContext db, DecisionRightsService rights, MembersFeature members)
{
    public async Task<Result<DecisionRightsDto>> GetAsync(string key, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(key, Operations.Products.ReadDecisionRights, ct)).Failed(out var error, out var product)) return error;

        var assignments = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.ProductId == product.Id)
            .Join(db.Users, r => r.UserId, u => u.Id, (r, u) => new { r.Role, u.Id, u.DisplayName })
            .ToListAsync(ct);
        var admins = await db.Users.AsNoTracking()
            .Where(u => u.WorkspaceId == product.WorkspaceId && u.IsWorkspaceAdmin)
            .OrderBy(u => u.DisplayName)
            .Select(u => new PersonSummary(u.Id, u.DisplayName))
            .ToListAsync(ct);

        List<PersonSummary> Holding(Holders who) =>
            assignments.Where(a => who.Roles.Contains(a.Role))
                .Select(a => new PersonSummary(a.Id, a.DisplayName))
                .Concat(who.WorkspaceAdmin ? admins : [])
                .DistinctBy(p => p.Id)
                .OrderBy(p => p.DisplayName, StringComparer.Ordinal)
                .ToList();

        var areas = DecisionRightsTable.Areas.Select(rule => new DecisionAreaDto(
            EnumText.Slug(rule.Area), rule.Title, rule.DecidesText,
            rule.Decides.Roles.Select(r => EnumText.Slug(r)).ToList(), rule.Decides.WorkspaceAdmin,
            rule.ContributesText, rule.Contributes.Roles.Select(r => EnumText.Slug(r)).ToList(),
            Holding(rule.Decides),
            Operations.All.Where(o => o.Area == rule.Area && o.Kind != OperationKind.Read).Select(o =>
            {
                var who = DecisionRightsTable.WhoMay(o);
                return new OperationDto(o.Name, EnumText.Slug(o.Kind), o.Describe, who.Roles.Select(r => EnumText.Slug(r)).ToList(), who.WorkspaceAdmin);
            }).ToList())).ToList();

        var roles = Enum.GetValues<Role>().Select(role => new RoleHoldersDto(EnumText.Slug(role), role.Title(),
            assignments.Where(a => a.Role == role).Select(a => new PersonSummary(a.Id, a.DisplayName))
                .OrderBy(p => p.DisplayName, StringComparer.Ordinal).ToList())).ToList();

        return new DecisionRightsDto(product.Key, product.Name, areas, roles, await members.WarningsAsync(product, ct));
    }

    /// <summary>What the current user may do on a product, with the reason for each refusal; the UI hides or explains actions from it.</summary>
    public async Task<Result<IReadOnlyList<PermissionDto>>> PermissionsAsync(string key, string? operationName, CancellationToken ct)
    {
        IReadOnlyList<Operation> operations = Operations.All;
        if (!string.IsNullOrWhiteSpace(operationName))
        {
            var one = Operations.Find(operationName.Trim());
            if (one is null) return Error.Invalid("operation", $"'{operationName}' is not an operation; GET this list without a filter to see them all.");
            operations = [one];
        }
        if ((await rights.ProductForAsync(key, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var actor = await rights.ActorOnAsync(product, ct);

        var result = new List<PermissionDto>();
        foreach (var op in operations)
        {
            var allowed = DecisionRightsTable.IsAllowed(op, actor);
            result.Add(new PermissionDto(op.Name, EnumText.Slug(op.Area), EnumText.Slug(op.Kind), allowed,
                allowed ? null : await rights.ExplainRefusalAsync(product, op, actor, ct)));
        }
        return Result<IReadOnlyList<PermissionDto>>.Ok(result);
    }
}
