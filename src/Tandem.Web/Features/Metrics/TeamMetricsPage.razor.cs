using System.Globalization;
using Microsoft.AspNetCore.Components;
using Tandem.Application.Metrics;
using Tandem.Application.Teams;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Metrics;

/// <summary>
/// Every chart of the team with its data table and CSV, and the metric figures explained in one line each.
/// Read by anyone on the team's home product.
/// </summary>
public partial class TeamMetricsPage : TandemPage
{
    [Inject] private TeamsFeature Teams { get; set; } = default!;
    [Inject] private MetricsFeature Metrics { get; set; } = default!;

    [Parameter] public Guid TeamId { get; set; }
    [SupplyParameterFromQuery(Name = "sprints")] private int? SprintCount { get; set; }

    private TeamDto? team;
    private TeamMetricsDto? metrics;
    private readonly List<(string Name, string Heading, string Caption, string Query, RenderedChart Drawn)> charts = [];

    protected override async Task OnInitializedAsync()
    {
        if ((await Teams.GetAsync(TeamId, Aborted)).Failed(out var refused, out var found)) { Fail(refused); return; }
        if ((await Metrics.MetricsAsync(TeamId, SprintCount, Aborted)).Failed(out refused, out var figures)) { Fail(refused); return; }
        (team, metrics) = (found, figures);
        var sprintsQuery = SprintCount is { } n ? $"?sprints={n}" : "";
        (string Name, string Heading, string Caption, string Query)[] wanted =
        [
            ("burndown", "Burndown", "Points remaining each day of the active sprint against the ideal line.", ""),
            ("burnup", "Burnup", "Scope and completed points each day of the active sprint; a rising scope line is scope change.", ""),
            ("velocity", "Velocity", "Committed and completed points per closed sprint.", sprintsQuery),
            ("cfd", "Cumulative flow", "Cards per column at the end of each of the last 42 days; widening bands are queues.", ""),
            ("cycle-time", "Cycle time", "Each item finished in the last 90 days by its cycle time, with the 85th percentile.", ""),
        ];
        foreach (var (name, heading, caption, query) in wanted)
        {
            if ((await MetricsApi.ChartAsync(Metrics, TeamId, name, null, SprintCount, null, Aborted)).Failed(out refused, out var drawn)) { Fail(refused); return; }
            charts.Add((name, heading, caption, query, drawn));
        }
    }

    private string Href(int sprints) => $"/teams/{TeamId}/metrics?sprints={sprints}";

    private IEnumerable<(string Key, string Label, string Value, string Explanation)> Figures =>
    [
        ("velocity", "Average velocity", $"{TeamCharts.P(metrics!.AverageVelocity3)} / {TeamCharts.P(metrics.AverageVelocity6)} points",
            "Completed points per sprint, averaged over the last 3 / last 6 closed sprints."),
        ("say-do", "Say/do ratio", $"{Or(TeamCharts.Pct(metrics.SayDo))} of points ({Or(TeamCharts.Pct(metrics.SayDoItems))} of items)",
            "Completed ÷ committed at the start, summed over the period; none when nothing was committed."),
        ("carry-over", "Carry-over", $"{metrics.CarriedOverItems} items ({Or(TeamCharts.Pct(metrics.CarryOverShare))})",
            "Unfinished items moved on to the next sprint, and their share of the committed items."),
        ("scope-change", "Scope change", Or(TeamCharts.Pct(metrics.ScopeChange)),
            "Items added or removed after the start ÷ committed items: how much the sprint moved once it ran."),
        ("cycle-time", "Cycle time", Duration(metrics.CycleTime),
            "From a card leaving the first column to its completion, for items finished in the period."),
        ("lead-time", "Lead time", Duration(metrics.LeadTime),
            "From the item's creation on the backlog to its completion: what a requester waits."),
        ("throughput", "Throughput", $"{(metrics.Throughput.Count == 0 ? 0 : metrics.Throughput.Average(w => w.Items)).ToString("0.#", CultureInfo.InvariantCulture)} items / week",
            "Items finished per week, averaged over the weeks of the period (table below)."),
        ("wip-age", "WIP age", Duration(metrics.WipAgeStats),
            "Days since the open cards of the active sprint started; old cards are stuck cards."),
        ("impediment-age", "Impediment age",
            $"{metrics.ImpedimentAge.Open} open (median {Days(metrics.ImpedimentAge.OpenMedianDays)}, oldest {Days(metrics.ImpedimentAge.OpenMaxDays)}); resolved in median {Days(metrics.ImpedimentAge.ResolveMedianDays)}",
            "How long open impediments have waited, and how long resolved ones took to clear."),
        ("retro-actions", "Retro action completion", Or(TeamCharts.Pct(metrics.RetroActionCompletion)),
            "Share of retrospective actions done by their due date."),
    ];

    private static string Or(string value) => value.Length == 0 ? "—" : value;

    private static string Days(double? days) => days is { } d ? d.ToString("0.#", CultureInfo.InvariantCulture) + " d" : "—";

    private static string Duration(DurationStats s) => s.Count == 0 ? "—" : $"median {Days(s.MedianDays)}, 85 % within {Days(s.P85Days)} ({s.Count} items)";
}
