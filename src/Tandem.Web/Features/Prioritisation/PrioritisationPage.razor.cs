using System.Globalization;
using Microsoft.AspNetCore.Components;
using Tandem.Application.Backlog;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Prioritisation;

/// <summary>
/// Rank by score beside today's order, applied in whole or in part by the Product Owner, and the
/// value-versus-effort 2×2 of the open items. Everything shown is computed by the use cases.
/// </summary>
public partial class PrioritisationPage : TandemPage
{
    private const int W = 720;
    private const int H = 420;
    private const int Pad = 44;

    [Inject] private PrioritisationFeature Prioritisation { get; set; } = default!;
    [Inject] private ValueEffortFeature ValueEffort { get; set; } = default!;
    [Inject] private BacklogBoardFeature Board { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [SupplyParameterFromQuery(Name = "method")] private string? MethodQuery { get; set; }

    private RankByScorePreview? preview;
    private List<ScoredPosition> scored = [];
    private ValueEffortChart? chart;
    private bool canReorder;
    private string? reorderRefusal;
    private Error? error;
    private string? applied;
    private decimal maxEffort = 1;
    private decimal maxValue = 1;

    private string Method => MethodQuery?.Trim().ToLowerInvariant() == "rice" ? "rice" : "wsjf";

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        if ((await Board.GetAsync(Key, Aborted)).Failed(out var refused, out var board))
        {
            Fail(refused);
            return;
        }
        canReorder = board.CanReorder;
        reorderRefusal = board.ReorderRefusal;

        if ((await Prioritisation.PreviewAsync(Key, Method, Paging.DefaultLimit, Aborted)).Failed(out var invalid, out var found))
        {
            Fail(invalid);
            return;
        }
        preview = found;
        scored = preview.Items.Where(i => i.Score is not null).ToList();

        var points = await ValueEffort.GetAsync(Key, Aborted);
        chart = points.IsSuccess ? points.Value : null;
        if (chart is { Items.Count: > 0 })
        {
            maxEffort = Math.Max(1, chart.Items.Max(p => p.Effort));
            maxValue = Math.Max(1, chart.Items.Max(p => p.Value));
        }
    }

    private async Task ApplyAsync()
    {
        var keys = HttpContext.Request.Form["keys"].Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k!).ToList();
        if ((await Prioritisation.ApplyAsync(Key, new ApplyRankByScoreRequest(Method, keys), Aborted)).Failed(out var refused, out var result))
        {
            error = refused;
            SetStatus(HttpContext, StatusFor(refused));
        }
        else
        {
            // Say where they went: the head of the backlog, in score order (ADR 29).
            var chosen = new HashSet<string>(keys.Select(k => k.Trim().ToUpperInvariant()), StringComparer.Ordinal);
            var placed = result.Items.Where(i => chosen.Contains(i.Key)).OrderBy(i => i.CurrentPosition).ToList();
            var where = string.Join(", ", placed.Take(10).Select(i => $"{i.Key} #{i.CurrentPosition}")) + (placed.Count > 10 ? " …" : "");
            applied = $"Ranked {keys.Count} {(keys.Count == 1 ? "item" : "items")} by {Method.ToUpperInvariant()} at the top of the backlog: {where}. "
                + "Every other item keeps its order below them. The decision is in the decision log.";
        }
        await LoadAsync();
    }

    private int Count(string quadrant) => chart?.Items.Count(p => p.Quadrant == quadrant) ?? 0;

    // Points with equal inputs would sit on one another: a small, stable offset per key keeps each clickable.
    private string X(decimal effort, string? key = null) =>
        (Pad + 10 + (double)(effort / maxEffort) * (W - 2 * Pad - 20) + Jitter(key, 0)).ToString("0.#", CultureInfo.InvariantCulture);

    private string Y(decimal value, string? key = null) =>
        (H - Pad - 10 - (double)(value / maxValue) * (H - 2 * Pad - 20) + Jitter(key, 1)).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Five values from zero to the largest, for the axes' labels.</summary>
    private static IEnumerable<decimal> Ticks(decimal max) => Enumerable.Range(0, 5).Select(i => Math.Round(max * i / 4, 1)).Distinct();

    private static double Jitter(string? key, int axis)
    {
        if (key is null) return 0;
        var hash = 17;
        foreach (var c in key) hash = unchecked(hash * 31 + c);
        return ((axis == 0 ? hash : hash >> 8) & 0xF) - 7.5;
    }
}
