using Microsoft.AspNetCore.Components;
using Tandem.Application.Backlog;
using Tandem.Application.Roadmap;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Roadmap;

/// <summary>
/// Release notes from chosen accepted items. The choice is a GET form, so a set of notes is a link
/// to share, and the download is the API's own (?download=true) with the same parameters.
/// </summary>
public partial class ReleaseNotesPage : TandemPage
{
    [Inject] private BacklogFeature Backlog { get; set; } = default!;
    [Inject] private RoadmapFeature Roadmaps { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [SupplyParameterFromQuery(Name = "items")] private string[]? Items { get; set; }
    [SupplyParameterFromQuery(Name = "title")] private string? Title { get; set; }

    /// <summary>Set by the form's button, so pressing it with nothing ticked says so instead of doing nothing.</summary>
    [SupplyParameterFromQuery(Name = "write")] private bool Write { get; set; }

    private IReadOnlyList<BacklogItemSummary>? accepted;
    private bool more;
    private ReleaseNotesDto? notes;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();
    private HashSet<string> Chosen => (Items ?? []).Select(i => i.ToUpperInvariant()).ToHashSet();

    private string DownloadHref
    {
        get
        {
            var parameters = notes!.Items.Select(i => new KeyValuePair<string, string?>("items", i)).ToList();
            if (!string.IsNullOrWhiteSpace(Title)) parameters.Add(new("title", Title));
            parameters.Add(new("download", "true"));
            return $"/api/v1/products/{ProductKey}/release-notes{QueryString.Create(parameters)}";
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if ((await Backlog.ListAsync(Key, new BacklogQuery(Paging.MaxLimit, null, null, "accepted", null, null, null), Aborted)).Failed(out var failed, out var list))
        {
            Fail(failed);
            return;
        }
        accepted = list.Items;
        more = list.NextCursor is not null;
        if (Items is { Length: > 0 })
        {
            if ((await Roadmaps.ReleaseNotesAsync(Key, Title, Items, Aborted)).Failed(out var refused, out var written)) error = refused;
            else notes = written;
        }
    }
}
