using Tandem.Domain.DecisionRights;
using Tandem.Domain.Workspaces;

namespace Tandem.UnitTests.DecisionRights;

/// <summary>The table's invariants, and the facts of the product brief that the code must keep.</summary>
public class DecisionRightsTableTests
{
    private static Actor As(params Role[] roles) => new(Guid.NewGuid(), false, roles.ToHashSet());

    private static readonly Actor Admin = new(Guid.NewGuid(), true, new HashSet<Role>());

    private static IEnumerable<Role> Allowed(Operation op) => Enum.GetValues<Role>().Where(r => DecisionRightsTable.IsAllowed(op, As(r)));

    [Fact]
    public void Every_decision_area_has_exactly_one_row()
    {
        Assert.Equal(Enum.GetValues<DecisionArea>().Order(), DecisionRightsTable.Areas.Select(a => a.Area).Order());
        Assert.Equal(DecisionRightsTable.Areas.Count, DecisionRightsTable.Areas.Select(a => a.Area).Distinct().Count());
    }

    [Fact]
    public void Every_area_has_at_least_one_operation()
    {
        var without = Enum.GetValues<DecisionArea>().Where(a => !Operations.All.Any(o => o.Area == a));
        Assert.Empty(without);
    }

    [Fact]
    public void Every_decision_has_at_least_one_decider()
    {
        var nobody = Operations.All.Where(o => o.Kind == OperationKind.Decide)
            .Where(o => DecisionRightsTable.WhoMay(o) is { Roles.Count: 0, WorkspaceAdmin: false })
            .Select(o => o.Name);
        Assert.Empty(nobody);
    }

    [Fact]
    public void Operation_names_are_unique_and_the_list_is_complete()
    {
        var names = Operations.All.Select(o => o.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(Operations.Backlog.Reorder, Operations.All);
        Assert.Contains(Operations.Members.AssignRoles, Operations.All);
        Assert.All(names, n => Assert.Same(Operations.All.Single(o => o.Name == n), Operations.Find(n)));
        Assert.Null(Operations.Find("no.such-operation"));
    }

    [Fact]
    public void Someone_without_a_role_who_is_not_admin_may_do_nothing()
    {
        var stranger = As();
        Assert.All(Operations.All, op => Assert.False(DecisionRightsTable.IsAllowed(op, stranger), op.Name));
    }

    [Fact]
    public void Every_member_may_read_the_product()
    {
        Assert.Equal(Enum.GetValues<Role>(), Allowed(Operations.Products.Read));
        Assert.True(DecisionRightsTable.IsAllowed(Operations.Products.Read, Admin));
    }

    [Fact]
    public void Stakeholders_may_not_read_the_decision_log()
    {
        Assert.DoesNotContain(Role.Stakeholder, Allowed(Operations.Products.ReadDecisionLog));
    }

    [Fact]
    public void Only_the_product_owner_may_reorder_the_backlog()
    {
        Assert.Equal([Role.ProductOwner], Allowed(Operations.Backlog.Reorder));
        Assert.False(DecisionRightsTable.IsAllowed(Operations.Backlog.Reorder, Admin));
    }

    [Fact]
    public void The_tech_lead_alone_settles_estimates()
    {
        Assert.Equal([Role.TechLead], Allowed(Operations.Estimation.Settle));
    }

    [Fact]
    public void Developers_and_the_tech_lead_estimate()
    {
        Assert.Equal([Role.TechLead, Role.Developer], Allowed(Operations.Estimation.Estimate));
    }

    [Fact]
    public void The_scrum_master_decides_the_process()
    {
        Assert.Equal([Role.ScrumMaster], Allowed(Operations.Process.Edit));
    }

    [Fact]
    public void The_technical_project_manager_decides_schedule_and_risks()
    {
        Assert.Equal([Role.TechnicalProjectManager], Allowed(Operations.Delivery.EditSchedule));
        Assert.Equal([Role.TechnicalProjectManager], Allowed(Operations.Raid.Manage));
    }

    [Fact]
    public void Only_a_workspace_admin_assigns_roles()
    {
        Assert.Empty(Allowed(Operations.Members.AssignRoles));
        Assert.True(DecisionRightsTable.IsAllowed(Operations.Members.AssignRoles, Admin));
        Assert.True(DecisionRightsTable.IsAllowed(Operations.Members.AssignRoles, Admin with { Roles = new HashSet<Role> { Role.Developer } }));
    }

    [Fact]
    public void Contributors_include_the_deciders()
    {
        foreach (var op in Operations.All.Where(o => o.Kind == OperationKind.Contribute && o.DecidersOverride is null))
        {
            var rule = DecisionRightsTable.Rule(op.Area);
            var who = DecisionRightsTable.WhoMay(op);
            Assert.All(rule.Decides.Roles, r => Assert.Contains(r, who.Roles));
        }
    }

    [Fact]
    public void Holding_several_roles_allows_the_union()
    {
        var poAndSm = As(Role.ProductOwner, Role.ScrumMaster);
        Assert.True(DecisionRightsTable.IsAllowed(Operations.Backlog.Reorder, poAndSm));
        Assert.True(DecisionRightsTable.IsAllowed(Operations.Process.Edit, poAndSm));
        Assert.False(DecisionRightsTable.IsAllowed(Operations.Estimation.Settle, poAndSm));
    }
}
