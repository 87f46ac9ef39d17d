using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Application.Products;
using Tandem.Domain.DecisionRights;

namespace Tandem.Web.Components.Layout;

/// <summary>
/// The frame around every page: product switcher and navigation to what exists for this person.
/// Links are computed from their roles on the current product, so a role change shows at once.
/// </summary>
public partial class MainLayout
{
    [Inject] private CurrentUser Me { get; set; } = default!;
    [Inject] private ProductsFeature Products { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private Application.Notifications.NotificationsFeature Notifications { get; set; } = default!;

    private List<ProductDto> products = [];
    private ProductDto? current;
    private bool canReadLog;
    private bool isTeam;
    private int unread;

    /// <summary>
    /// The page is rendered only once the bar's own queries are done: the layout and the page share the
    /// request's DbContext, and a page started while the layout still awaits a query would run a second
    /// query on it at the same time (seen on PostgreSQL as "a second operation was started").
    /// </summary>
    private bool ready;

    /// <summary>The request, for the product the person last opened (static rendering always has it).</summary>
    [CascadingParameter] private HttpContext? Http { get; set; }

    /// <summary>The product key in the address (/p/PAY/...), if any.</summary>
    private string? CurrentKey { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (!Me.IsAuthenticated)
        {
            ready = true;
            return;
        }
        var page = await Products.ListAsync(Application.Common.Paging.MaxLimit, null, CancellationToken.None);
        products = page.Failed(out _, out var list) ? [] : list.Items.ToList();

        var path = "/" + Navigation.ToBaseRelativePath(Navigation.Uri).Split('?', '#')[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        CurrentKey = segments.Length >= 2 && segments[0] == "p" ? segments[1].ToUpperInvariant() : null;
        // Pages of no product keep the product the person last opened in the picker and the menus.
        var remembered = LastProduct.Of(Http);
        current = products.FirstOrDefault(p => p.Key == CurrentKey)
            ?? (CurrentKey is null ? products.FirstOrDefault(p => p.Key == remembered) ?? products.FirstOrDefault() : null);
        canReadLog = false;
        isTeam = false;
        unread = await Notifications.UnreadAsync(CancellationToken.None);
        if (current is not null)
        {
            if (!(await Rights.FindProductAsync(current.Key, CancellationToken.None)).Failed(out _, out var product))
            {
                canReadLog = await Rights.IsAllowedAsync(product, Operations.Products.ReadDecisionLog, CancellationToken.None);
                // The working pages (backlog, suggestions, prioritisation) are the team's; stakeholders get vision, roadmap and feedback.
                isTeam = (await Rights.ActorOnAsync(product, CancellationToken.None)).Roles.Any(r => r != Domain.Workspaces.Role.Stakeholder);
            }
        }
        ready = true;
    }
}
