using Microsoft.AspNetCore.Components;
using Tandem.Application.Backlog;
using Tandem.Application.DecisionRights;
using Tandem.Application.Members;
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

    [Parameter] public string Key { get; set; } = "";
    [Parameter] public string ItemKey { get; set; } = "";

    /// <summary>What a successful suggestion said, shown once after the redirect.</summary>
    [SupplyParameterFromQuery(Name = "suggested")] private string? Suggested { get; set; }

    private BacklogItemDto? item;
    private ItemPermissions? can;
    private ItemTeam team = ItemTeam.Nobody;

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
        if (!(await Members.ListAsync(found.ProductKey, Paging.MaxLimit, null, Aborted)).Failed(out _, out var members))
            team = ItemTeam.From(members.Items);
    }
}
