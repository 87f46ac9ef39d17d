using Tandem.Domain.Workspaces;

namespace Tandem.Domain.Products;

public enum RoleWarningKind
{
    NoProductOwner,
    SeveralProductOwners,
    ProductOwnerAlsoTechLead,
    ProductOwnerAlsoScrumMaster,
}

public sealed record RoleWarning(RoleWarningKind Kind, string Message, IReadOnlyList<Guid> People);

/// <summary>
/// The role combinations the role descriptions advise against. They are warnings, not refusals:
/// small teams sometimes have no choice, and Tandem says what it costs rather than forbidding it.
/// </summary>
public static class RoleCombinationWarnings
{
    public static IReadOnlyList<RoleWarning> For(string productKey, IEnumerable<(Guid UserId, string Name, Role Role)> assignments)
    {
        var list = assignments.ToList();
        var warnings = new List<RoleWarning>();
        var owners = list.Where(a => a.Role == Role.ProductOwner).DistinctBy(a => a.UserId).ToList();

        if (owners.Count == 0)
        {
            warnings.Add(new(RoleWarningKind.NoProductOwner,
                $"{productKey} has no Product Owner: nobody can rank the backlog, accept work or triage feedback.", []));
        }
        else if (owners.Count > 1)
        {
            warnings.Add(new(RoleWarningKind.SeveralProductOwners,
                $"{productKey} has {owners.Count} Product Owners ({string.Join(", ", owners.Select(o => o.Name))}): one product should have one voice deciding what and why.",
                owners.Select(o => o.UserId).ToList()));
        }

        foreach (var owner in owners)
        {
            if (list.Any(a => a.UserId == owner.UserId && a.Role == Role.TechLead))
            {
                warnings.Add(new(RoleWarningKind.ProductOwnerAlsoTechLead,
                    $"{owner.Name} is both Product Owner and Tech Lead of {productKey}: the same person decides what to build and how, so nobody challenges scope against technical cost.",
                    [owner.UserId]));
            }
            if (list.Any(a => a.UserId == owner.UserId && a.Role == Role.ScrumMaster))
            {
                warnings.Add(new(RoleWarningKind.ProductOwnerAlsoScrumMaster,
                    $"{owner.Name} is both Product Owner and Scrum Master of {productKey}: the person who sets priorities also facilitates the team, which leaves the team without a neutral coach.",
                    [owner.UserId]));
            }
        }
        return warnings;
    }
}
