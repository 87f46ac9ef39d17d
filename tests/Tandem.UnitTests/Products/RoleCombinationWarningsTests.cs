using Tandem.Domain.Products;
using Tandem.Domain.Workspaces;

namespace Tandem.UnitTests.Products;

public class RoleCombinationWarningsTests
{
    private static readonly Guid Alice = Guid.NewGuid();
    private static readonly Guid Tomas = Guid.NewGuid();
    private static readonly Guid Sam = Guid.NewGuid();

    private static IReadOnlyList<RoleWarning> For(params (Guid, string, Role)[] assignments) => RoleCombinationWarnings.For("PAY", assignments);

    [Fact]
    public void A_well_formed_team_has_no_warnings()
    {
        Assert.Empty(For((Alice, "Alice Ng", Role.ProductOwner), (Tomas, "Tomás Lee", Role.TechLead), (Sam, "Sam Rivera", Role.ScrumMaster)));
    }

    [Fact]
    public void No_product_owner_is_warned()
    {
        var warning = Assert.Single(For((Tomas, "Tomás Lee", Role.TechLead)));
        Assert.Equal(RoleWarningKind.NoProductOwner, warning.Kind);
        Assert.Contains("PAY", warning.Message, StringComparison.Ordinal);
        Assert.Empty(warning.People);
    }

    [Fact]
    public void An_empty_product_is_warned_it_has_no_product_owner()
    {
        Assert.Equal(RoleWarningKind.NoProductOwner, Assert.Single(For()).Kind);
    }

    [Fact]
    public void Several_product_owners_are_warned_naming_them()
    {
        var warning = Assert.Single(For((Alice, "Alice Ng", Role.ProductOwner), (Tomas, "Tomás Lee", Role.ProductOwner)));
        Assert.Equal(RoleWarningKind.SeveralProductOwners, warning.Kind);
        Assert.Contains("Alice Ng", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Tomás Lee", warning.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { Alice, Tomas }.Order(), warning.People.Order());
    }

    [Fact]
    public void Product_owner_also_tech_lead_is_warned()
    {
        var warning = Assert.Single(For((Alice, "Alice Ng", Role.ProductOwner), (Alice, "Alice Ng", Role.TechLead)));
        Assert.Equal(RoleWarningKind.ProductOwnerAlsoTechLead, warning.Kind);
        Assert.Contains("Alice Ng", warning.Message, StringComparison.Ordinal);
        Assert.Equal([Alice], warning.People);
    }

    [Fact]
    public void Product_owner_also_scrum_master_is_warned()
    {
        var warning = Assert.Single(For((Alice, "Alice Ng", Role.ProductOwner), (Alice, "Alice Ng", Role.ScrumMaster), (Tomas, "Tomás Lee", Role.TechLead)));
        Assert.Equal(RoleWarningKind.ProductOwnerAlsoScrumMaster, warning.Kind);
        Assert.Equal([Alice], warning.People);
    }

    [Fact]
    public void The_same_owner_listed_twice_is_one_owner()
    {
        Assert.Empty(For((Alice, "Alice Ng", Role.ProductOwner), (Alice, "Alice Ng", Role.ProductOwner)));
    }
}
