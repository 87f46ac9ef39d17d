using Microsoft.AspNetCore.Components;
using Tandem.Application.Backlog;
using Tandem.Application.DecisionRights;
using Tandem.Application.Members;
using Tandem.Application.MyWork;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Backlog;

/// <summary>
/// One backlog item, everything about it on one page. The page loads the item, what the person may do
/// with it (one <see cref="ItemPermissions"/>) and the team, and places the sections; each section owns
/// its forms, the fields they post and the use case they call (<see cref="ItemSection"/>). The backlog
/// page shows this page's <c>article.item-editor</c> in a side panel, so every form posts to this page's
/// address and, on success, redirects back here (Post/Redirect/Get).
/// </summary>
public partial class ItemPage : TandemPage
{
    [Inject] private BacklogFeature Backlog { get; set; } = default!;
    [Inject] private MembersFeature Members { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;
    [Inject] private MyWorkFeature Work { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [Parameter] public string ItemKey { get; set; } = "";

    /// <summary>Folds to open besides this person's own (<c>?open=links,activity</c>, or <c>all</c>).</summary>
    [SupplyParameterFromQuery(Name = "open")] private string? OpenQuery { get; set; }

    /// <summary>The fold a save came back to: it opens with a confirmation.</summary>
    [SupplyParameterFromQuery(Name = "saved")] private string? Saved { get; set; }

    /// <summary>The backlog's refused drag links here with <c>?suggest=rank</c>: the suggestion fold opens.</summary>
    [SupplyParameterFromQuery(Name = "suggest")] private string? SuggestQuery { get; set; }

    private BacklogItemDto? item;
    private ItemPermissions? can;
    private ItemTeam team = ItemTeam.Nobody;
    private FollowDto? following;
    private ItemFolds folds = new(new HashSet<string>(), null);

    /// <summary>
    /// The actions this person may take now, each a link that opens its fold: asked of the decision rights (through
    /// <see cref="ItemPermissions"/>), so the header never offers what the section would refuse.
    /// </summary>
    private List<(string Fold, string Text)> Actions
    {
        get
        {
            var actions = new List<(string, string)>();
            if (item is null || can is null) return actions;
            if (can.Accept && item.Status == "done") actions.Add(("acceptance", "Accept or reject"));
            if (can.Estimate) actions.Add(("estimate", item.Estimate is null ? "Estimate" : "Re-estimate"));
            if (can.Assess) actions.Add(("assessment", item.Assessment is null ? "Assess" : "Change the assessment"));
            if (can.EditCriteria) actions.Add(("criteria", "Add a criterion"));
            else if (can.Tick && item.AcceptanceCriteria.Count > 0) actions.Add(("criteria", "Tick criteria"));
            if (can.Edit) actions.Add(("details", "Edit"));
            if (can.SetValue) actions.Add(("prioritisation", "Prioritise"));
            if (can.Edit) actions.Add(("comments", "Comment"));
            if (can.Suggest) actions.Add(("suggest", "Suggest a change"));
            return actions;
        }
    }

    /// <summary>Readiness in a few words, for the closed fold.</summary>
    private string ReadinessSummary => item!.Readiness switch
    {
        { Ready: true } => "ready",
        { ProductOwnerReady: false, TechLeadReady: false } => "waiting for the Product Owner and the Tech Lead",
        { ProductOwnerReady: false } => "waiting for the Product Owner",
        _ => "waiting for the Tech Lead",
    };

    protected override async Task OnInitializedAsync()
    {
        var loaded = await Backlog.GetAsync(ItemKey, Aborted);
        if (loaded.Failed(out var error, out var found))
        {
            Fail(error);
            return;
        }
        if (!string.Equals(found.ProductKey, Key, StringComparison.OrdinalIgnoreCase))
        {
            Fail(Error.NotFound($"{Key.ToUpperInvariant()} has no item {ItemKey.ToUpperInvariant()}; it belongs to {found.ProductKey}."));
            return;
        }
        if ((await Rights.FindProductAsync(found.ProductKey, Aborted)).Failed(out error, out var product))
        {
            Fail(error);
            return;
        }
        item = found;
        can = await ItemPermissions.ForAsync(Rights, product, Aborted);
        folds = ItemFolds.For(can, SuggestQuery is null ? OpenQuery : $"{OpenQuery},suggest", Saved);
        if (!(await Members.ListAsync(found.ProductKey, Paging.MaxLimit, null, Aborted)).Failed(out _, out var members))
            team = ItemTeam.From(members.Items);
        if (!(await Work.IsFollowingAsync(found.Key, Aborted)).Failed(out _, out var follows))
            following = follows;
    }
}
