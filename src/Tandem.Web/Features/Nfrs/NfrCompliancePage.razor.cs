using Microsoft.AspNetCore.Components;
using Tandem.Application.Nfrs;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Nfrs;

/// <summary>The compliance grid: NFRs down, releases across, the current result in each cell as words and colour.</summary>
public partial class NfrCompliancePage : TandemPage
{
    [Inject] private NfrFeature Nfrs { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [SupplyParameterFromQuery(Name = "category")] private string? CategoryFilter { get; set; }
    [SupplyParameterFromQuery(Name = "cursor")] private string? Cursor { get; set; }

    private ComplianceDto? grid;

    private string ProductKey => Key.ToUpperInvariant();

    protected override async Task OnInitializedAsync()
    {
        var category = string.IsNullOrWhiteSpace(CategoryFilter) ? null : CategoryFilter;
        var cursor = string.IsNullOrWhiteSpace(Cursor) ? null : Cursor;
        if ((await Nfrs.ComplianceAsync(Key, new NfrQuery(category, null, null, cursor), Aborted)).Failed(out var refused, out var found)) Fail(refused);
        else grid = found;
    }
}
