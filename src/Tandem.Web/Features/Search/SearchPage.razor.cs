using Microsoft.AspNetCore.Components;
using Tandem.Application.Search;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Search;

/// <summary>
/// Search without script (the header's link, the palette's fallback): items by key or title across the products the
/// person may read, and the actions they may take on the product they came from.
/// </summary>
public partial class SearchPage : TandemPage
{
    [Inject] private SearchFeature Search { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "q")] private string? Q { get; set; }
    [SupplyParameterFromQuery(Name = "product")] private string? Product { get; set; }

    private SearchResults? results;
    private Error? error;

    protected override async Task OnParametersSetAsync()
    {
        if (string.IsNullOrWhiteSpace(Q)) return;
        if ((await Search.SearchAsync(Q, SearchFeature.MaxLimit, Product, Aborted)).Failed(out var refused, out var found))
        {
            error = refused;
            SetStatus(HttpContext, StatusFor(refused));
            return;
        }
        results = found;
    }
}
