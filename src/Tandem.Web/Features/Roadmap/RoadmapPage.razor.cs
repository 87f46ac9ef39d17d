using Microsoft.AspNetCore.Components;
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
        if ((await Rights.FindProductAsync(Key, Aborted)).Failed(out var missing, out var product))
        {
            Fail(missing);
            return;
        }
        canEdit = await Rights.IsAllowedAsync(product, Operations.Vision.EditRoadmap, Aborted);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if ((await Roadmaps.GetAsync(Key, Aborted)).Failed(out var failed, out var read)) Fail(failed);
        else roadmap = read;
    }

    private async Task MoveAsync((string Epic, string? Lane) move)
    {
        if ((await Roadmaps.PlaceAsync(move.Epic, new LaneRequest(move.Lane), Aborted)).Failed(out var failed, out var placed))
        {
            error = failed;
            await LoadAsync();
            return;
        }
        roadmap = placed;
        notice = move.Lane is null or "none" ? $"{move.Epic} is off the roadmap." : $"{move.Epic} is now in {move.Lane}.";
    }
}
