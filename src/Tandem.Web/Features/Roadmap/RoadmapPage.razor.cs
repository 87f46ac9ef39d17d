using Microsoft.AspNetCore.Components;
using Tandem.Application.Common;
using Tandem.Application.DecisionRights;
using Tandem.Application.Roadmap;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Roadmap;

/// <summary>Now / next / later for everyone on the product; the Product Owner moves epics between lanes.</summary>
public partial class RoadmapPage : TandemPage
{
    [Inject] private RoadmapFeature Roadmaps { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";

    private RoadmapDto? roadmap;
    private bool canEdit;
    private string? notice;
    private Error? error;

    private IEnumerable<(string Lane, string Title, IReadOnlyList<EpicProgress> Epics)> Lanes =>
    [
        ("now", "Now", roadmap!.Now),
        ("next", "Next", roadmap.Next),
        ("later", "Later", roadmap.Later),
    ];

    protected override async Task OnInitializedAsync()
    {
        var product = await Rights.FindProductAsync(Key, Aborted);
        if (!product.IsSuccess)
        {
            Fail(product.Error!);
            return;
        }
        canEdit = await Rights.IsAllowedAsync(product.Value!, Operations.Vision.EditRoadmap, Aborted);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var result = await Roadmaps.GetAsync(Key, Aborted);
        if (result.IsSuccess) roadmap = result.Value;
        else Fail(result.Error!);
    }

    private async Task MoveAsync((string Epic, string? Lane) move)
    {
        var result = await Roadmaps.PlaceAsync(move.Epic, new LaneRequest(move.Lane), Aborted);
        if (result.IsSuccess)
        {
            roadmap = result.Value;
            notice = move.Lane is null or "none" ? $"{move.Epic} is off the roadmap." : $"{move.Epic} is now in {move.Lane}.";
        }
        else
        {
            error = result.Error;
            await LoadAsync();
        }
    }
}
