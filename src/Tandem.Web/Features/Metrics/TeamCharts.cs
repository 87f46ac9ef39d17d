using System.Globalization;
using CsvHelper;
using Tandem.Application.Metrics;

namespace Tandem.Web.Features.Metrics;

/// <summary>A chart's numbers as rows: the data table beside the chart and its CSV export are the same rows.</summary>
public sealed record ChartTable(string Caption, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// The team's five charts (burndown, burnup, velocity, cumulative flow, cycle-time scatter) drawn from the
/// numbers <see cref="MetricsFeature"/> computes, each with its table and CSV.
/// </summary>
public static class TeamCharts
{
    public static readonly IReadOnlyList<string> Names = ["burndown", "burnup", "velocity", "cfd", "cycle-time"];

    private const string Ideal = "#6b7280", Actual = "#1d4ed8", Done = "#15803d", Committed = "#93c5fd", Warn = "#b45309";
    private static readonly string[] FlowColours = ["#cbd5e1", "#fcd34d", "#fb923c", "#60a5fa", "#a78bfa", "#f472b6", "#34d399", "#f87171", "#94a3b8", "#fde68a", "#c4b5fd", "#22c55e"];

    public static string BurndownSvg(BurnChartDto c, string id = "burndown") =>
        new SvgChart(id, $"Burndown of {c.SprintName ?? "no active sprint"} ({c.TeamName})",
                c.SprintName is null ? $"{c.TeamName} has no active sprint." : $"Points remaining at the end of each day of {c.SprintName}, against the ideal straight line from {P(c.CommittedPoints)} committed points to zero. {Remaining(c)}",
                "Day", "Points remaining", Days(c))
            .Line("Ideal", c.Days.Select(d => (double?)(double)d.Ideal).ToList(), Ideal, "6 4")
            .Line("Remaining", c.Days.Select(d => d.Remaining is { } r ? (double?)(double)r : null).ToList(), Actual)
            .Render();

    public static string BurnupSvg(BurnChartDto c, string id = "burnup") =>
        new SvgChart(id, $"Burnup of {c.SprintName ?? "no active sprint"} ({c.TeamName})",
                c.SprintName is null ? $"{c.TeamName} has no active sprint." : $"Scope and completed points at the end of each day of {c.SprintName}; the gap between the lines is the work left, a rising scope line is scope change.",
                "Day", "Points", Days(c))
            .Line("Scope", c.Days.Select(d => d.Scope is { } s ? (double?)(double)s : null).ToList(), Warn)
            .Line("Completed", c.Days.Select(d => d.Completed is { } s ? (double?)(double)s : null).ToList(), Done)
            .Render();

    public static string VelocitySvg(VelocityChartDto c, string id = "velocity") =>
        new SvgChart(id, $"Velocity of {c.TeamName}: committed vs completed points",
                $"Committed and completed points of the last {c.Sprints.Count} closed sprints, oldest first.{(c.AverageVelocity3 is { } a ? $" Average of the last three: {P(a)} points." : "")}",
                "Sprint", "Points", c.Sprints.Select(s => s.Name).ToList())
            .Bars([("Committed", Committed, c.Sprints.Select(s => (double)s.CommittedPoints).ToList()), ("Completed", Done, c.Sprints.Select(s => (double)s.CompletedPoints).ToList())])
            .Render();

    public static string CfdSvg(CumulativeFlowDto c, string id = "cfd") =>
        new SvgChart(id, $"Cumulative flow of {c.TeamName}",
                $"Cards in each column ({string.Join(", ", c.Columns)}) at the end of each day from {(c.Days.Count > 0 ? D(c.Days[0].Day) : "")} to {(c.Days.Count > 0 ? D(c.Days[^1].Day) : "")}, stacked with the last column at the bottom. Widening bands are queues.",
                "Day", "Cards", c.Days.Select(d => d.Day.ToString("MM-dd", CultureInfo.InvariantCulture)).ToList())
            .StackedAreas(c.Columns.Select((name, i) => (name, FlowColours[i % FlowColours.Length])).Reverse().ToList(),
                c.Days.Select(d => (IReadOnlyList<int>)d.Counts.Reverse().ToList()).ToList())
            .Render();

    public static string CycleTimeSvg(CycleTimeChartDto c, string id = "cycle-time")
    {
        var days = Enumerable.Range(0, c.To.DayNumber - c.From.DayNumber + 1).Select(i => c.From.AddDays(i).ToString("MM-dd", CultureInfo.InvariantCulture)).ToList();
        var chart = new SvgChart(id, $"Cycle time of {c.TeamName}'s completed items",
                $"{c.Points.Count} items completed from {c.From:yyyy-MM-dd} to {c.To:yyyy-MM-dd}, each at its completion day and its cycle time in days.{(c.P85Days is { } p ? $" 85 % took at most {p:0.#} days; the median is {c.MedianDays:0.#}." : "")}",
                "Completed on", "Cycle time (days)", days)
            .Points("Item", c.Points.Select(p => ((double)(p.Completed.DayNumber - c.From.DayNumber), p.Days, $"{p.ItemKey} {p.Title}: {p.Days:0.#} days, done {p.Completed:yyyy-MM-dd}")).ToList(), Actual);
        if (c.P85Days is { } p85) chart.Rule($"85th percentile ({p85:0.#} days)", p85, Warn);
        return chart.Render();
    }

    public static ChartTable BurnTable(BurnChartDto c) => new($"Burndown and burnup of {c.SprintName ?? "no sprint"}",
        ["Day", "Ideal remaining", "Scope", "Completed", "Remaining"],
        c.Days.Select(d => (IReadOnlyList<string>)[D(d.Day), P(d.Ideal), P(d.Scope), P(d.Completed), P(d.Remaining)]).ToList());

    public static ChartTable VelocityTable(VelocityChartDto c) => new("Velocity per closed sprint",
        ["Sprint", "Start", "End", "Committed points", "Completed points", "Committed items", "Completed items", "Added", "Removed", "Carried over", "Say/do"],
        c.Sprints.Select(s => (IReadOnlyList<string>)[s.Name, D(s.Start), D(s.End), P(s.CommittedPoints), P(s.CompletedPoints), I(s.CommittedItems), I(s.CompletedItems),
            I(s.AddedItems), I(s.RemovedItems), I(s.CarriedOverItems), Pct(s.SayDo)]).ToList());

    public static ChartTable CfdTable(CumulativeFlowDto c) => new("Cards per column at the end of each day",
        ["Day", .. c.Columns], c.Days.Select(d => (IReadOnlyList<string>)[D(d.Day), .. d.Counts.Select(I)]).ToList());

    public static ChartTable CycleTimeTable(CycleTimeChartDto c) => new("Completed items and their cycle time",
        ["Item", "Title", "Completed", "Cycle time (days)"],
        c.Points.Select(p => (IReadOnlyList<string>)[p.ItemKey, p.Title, D(p.Completed), p.Days.ToString("0.##", CultureInfo.InvariantCulture)]).ToList());

    /// <summary>RFC 4180 CSV of a table: the header row, then the rows.</summary>
    public static string Csv(ChartTable table)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var h in table.Headers) csv.WriteField(h);
            csv.NextRecord();
            foreach (var row in table.Rows)
            {
                foreach (var cell in row) csv.WriteField(cell);
                csv.NextRecord();
            }
        }
        return text.ToString();
    }

    private static string Remaining(BurnChartDto c) =>
        c.Days.LastOrDefault(d => d.Remaining is not null) is { } last ? $"On {D(last.Day)}, {P(last.Remaining)} points remain (ideal {P(last.Ideal)})." : "The sprint has not started.";

    private static List<string> Days(BurnChartDto c) => c.Days.Select(d => d.Day.ToString("ddd d", CultureInfo.InvariantCulture)).ToList();

    internal static string P(decimal? v) => v is { } x ? x.ToString("0.#", CultureInfo.InvariantCulture) : "";
    internal static string Pct(double? v) => v is { } x ? (x * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "";
    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
