using Microsoft.AspNetCore.Components;
using Tandem.Application.Home;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Home;

/// <summary>A person's landing page on one product: what waits for them, and what is theirs to decide.</summary>
public partial class ProductHomePage : TandemPage
{
    [Inject] private HomeFeature Homes { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";

    private HomeDto? home;

    protected override async Task OnParametersSetAsync()
    {
        if ((await Homes.GetAsync(Key, Aborted)).Failed(out var error, out var data)) Fail(error);
        else home = HomeDto.From(data);
    }
}
