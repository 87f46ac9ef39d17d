using Tandem.Application.DecisionRights;
using Tandem.Application.Members;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;
using Tandem.Domain.Workspaces;

namespace Tandem.Web.Features.Backlog;

/// <summary>What the signed-in person may do on one item, asked of the decision rights once per request.</summary>
public sealed record ItemPermissions(
    bool Edit,
    bool SetValue,
    bool EditCriteria,
    bool Tick,
    bool Verify,
    bool Accept,
    bool Suggest,
    bool ProposeCriterion,
    bool Estimate,
    bool Assess)
{
    public static async Task<ItemPermissions> ForAsync(DecisionRightsService rights, Product product, CancellationToken ct)
    {
        async Task<bool> May(Operation op) => await rights.IsAllowedAsync(product, op, ct);
        var edit = await May(Operations.Backlog.EditItem);
        var setValue = await May(Operations.Backlog.SetBusinessValue);
        var editCriteria = await May(Operations.AcceptanceCriteria.Edit);
        var tick = await May(Operations.AcceptanceCriteria.Tick);
        var verify = await May(Operations.AcceptanceCriteria.Verify);
        var accept = await May(Operations.Work.AcceptOrReject);
        // Those who decide do it directly; suggesting is for the rest of the team.
        var suggest = !await May(Operations.Backlog.DecideSuggestion) && await May(Operations.Backlog.Suggest);
        var proposeCriterion = suggest && await May(Operations.AcceptanceCriteria.Propose);
        return new ItemPermissions(edit, setValue, editCriteria, tick, verify, accept, suggest, proposeCriterion,
            Estimate: await May(Operations.Estimation.Estimate),
            Assess: await May(Operations.Technical.Assess));
    }
}

/// <summary>
/// The product's team as the item page names it: who work can be assigned to, and who decides what
/// ("The Product Owner, Alice Ng, decides").
/// </summary>
public sealed record ItemTeam(IReadOnlyList<MemberDto> Members, string ProductOwners, string TechLeads)
{
    public static readonly ItemTeam Nobody = new([], "", "");

    public static ItemTeam From(IEnumerable<MemberDto> members)
    {
        // Work is assigned to the team; stakeholders hold no role that does it.
        var team = members.Where(m => m.Roles.Any(r => r != Role.Stakeholder.Slug())).ToList();
        return new ItemTeam(team, Names(team, Role.ProductOwner), Names(team, Role.TechLead));
    }

    private static string Names(IEnumerable<MemberDto> team, Role role) =>
        string.Join(" and ", team.Where(m => m.Roles.Contains(role.Slug())).Select(m => m.DisplayName));
}
