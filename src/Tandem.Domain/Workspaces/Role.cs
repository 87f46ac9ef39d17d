namespace Tandem.Domain.Workspaces;

/// <summary>The roles a person can hold on a product. One person may hold several.</summary>
public enum Role
{
    ProductOwner,
    TechLead,
    ScrumMaster,
    TechnicalProjectManager,
    Developer,
    Stakeholder,
}

public static class RoleNames
{
    public static string Title(this Role role) => role switch
    {
        Role.ProductOwner => "Product Owner",
        Role.TechLead => "Tech Lead",
        Role.ScrumMaster => "Scrum Master",
        Role.TechnicalProjectManager => "Technical Project Manager",
        Role.Developer => "Developer",
        Role.Stakeholder => "Stakeholder",
        _ => role.ToString(),
    };

    public static string Short(this Role role) => role switch
    {
        Role.ProductOwner => "PO",
        Role.TechLead => "TL",
        Role.ScrumMaster => "SM",
        Role.TechnicalProjectManager => "TPM",
        Role.Developer => "Dev",
        Role.Stakeholder => "Stakeholder",
        _ => role.ToString(),
    };

    /// <summary>The API spelling: kebab-case, stable.</summary>
    public static string Slug(this Role role) => role switch
    {
        Role.ProductOwner => "product-owner",
        Role.TechLead => "tech-lead",
        Role.ScrumMaster => "scrum-master",
        Role.TechnicalProjectManager => "technical-project-manager",
        Role.Developer => "developer",
        Role.Stakeholder => "stakeholder",
        _ => role.ToString(),
    };

    public static bool TryParse(string? value, out Role role)
    {
        foreach (var candidate in Enum.GetValues<Role>())
        {
            if (string.Equals(value, candidate.Slug(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(value, candidate.ToString(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(value, candidate.Short(), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }

    /// <summary>Roles that make someone part of the delivery team (everyone but stakeholders).</summary>
    public static bool IsTeamRole(this Role role) => role != Role.Stakeholder;
}
