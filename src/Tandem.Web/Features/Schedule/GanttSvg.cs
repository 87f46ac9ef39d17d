using System.Globalization;
using System.Text;
using Tandem.Application.Schedule;

namespace Tandem.Web.Features.Schedule;

/// <summary>
/// The schedule as a Gantt chart drawn on the server: one row per item, grouped under a heading per product
/// and team; critical bars hatched and labelled "critical" (not by colour alone); a thin bar under each item
/// for its baseline dates and the drift beside it ("+3d later"); today's line; month ticks; and, up to
/// <see cref="MaxArrows"/> bars, the dependencies as arrows. Self-contained SVG without script or style
/// attributes: <c>role="img"</c>, a <c>&lt;title&gt;</c>, a <c>&lt;desc&gt;</c>, and a title on every bar.
/// </summary>
public static class GanttSvg
{
    public const int MaxArrows = 200;
    private const double LabelWidth = 300, ChartWidth = 760, Right = 90, Top = 58, Row = 24, Bar = 13, Bottom = 30;
    private const string Current = "#2f6db5", Outside = "#8a9bb0", Critical = "#b3261e", Baseline = "#6b6b6b", Today = "#c2410c";

    public static string Draw(ScheduleDto schedule)
    {
        var items = schedule.Items;
        var groups = items.GroupBy(i => (i.ProductKey, i.Team)).OrderBy(g => g.Key.ProductKey == schedule.ProductKey ? 0 : 1)
            .ThenBy(g => g.Key.ProductKey, StringComparer.Ordinal).ThenBy(g => g.Key.Team ?? "", StringComparer.Ordinal).ToList();
        var first = schedule.Today.DayNumber;
        var last = schedule.Today.DayNumber + 1;
        foreach (var i in items)
        {
            first = Math.Min(first, Math.Min(i.Start.DayNumber, i.BaselineStart?.DayNumber ?? int.MaxValue));
            last = Math.Max(last, Math.Max(i.End.DayNumber + 1, (i.BaselineEnd?.DayNumber ?? 0) + 1));
        }
        first -= 3;
        last += 3;
        var perDay = ChartWidth / Math.Max(1, last - first);
        double X(int day) => LabelWidth + (day - first) * perDay;
        var rows = items.Count + groups.Count;
        var width = LabelWidth + ChartWidth + Right;
        var height = Top + rows * Row + Bottom;
        var sb = new StringBuilder(4096 + items.Count * 800);
        var title = $"Schedule of {schedule.ProductKey}";
        var critical = schedule.CriticalPath.Count == 0 ? "no critical path" : $"critical path {string.Join(" → ", schedule.CriticalPath)}";
        var desc = items.Count == 0 ? "Nothing is on the schedule yet."
            : $"{items.Count} items from {D(items.Min(i => i.Start))} to {Finish(schedule)}; {critical}; today is {D(schedule.Today)}."
              + (schedule.Baseline is { } b ? $" Compared with the baseline \"{b.Name}\"." : "");
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gantt\" viewBox=\"0 0 {N(width)} {N(height)}\" width=\"{N(width)}\" height=\"{N(height)}\" role=\"img\" aria-label=\"{Esc(title)}: {Esc(desc)}\" font-family=\"system-ui, sans-serif\" font-size=\"12\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{Esc(title)}</title><desc>{Esc(desc)}</desc>");
        sb.Append("<defs><pattern id=\"gantt-critical\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
            .Append(CultureInfo.InvariantCulture, $"<rect width=\"6\" height=\"6\" fill=\"{Critical}\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#ffffff\" stroke-width=\"2.5\"/></pattern>")
            .Append("<marker id=\"gantt-arrow\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#444444\"/></marker></defs>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{N(width)}\" height=\"{N(height)}\" fill=\"#ffffff\"/>");

        // Legend.
        sb.Append(CultureInfo.InvariantCulture, $"<g class=\"legend\"><rect x=\"{N(LabelWidth)}\" y=\"8\" width=\"18\" height=\"10\" fill=\"{Current}\"/><text x=\"{N(LabelWidth + 24)}\" y=\"17\">scheduled</text>")
            .Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(LabelWidth + 100)}\" y=\"8\" width=\"18\" height=\"10\" fill=\"url(#gantt-critical)\"/><text x=\"{N(LabelWidth + 124)}\" y=\"17\">critical (hatched, labelled)</text>")
            .Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(LabelWidth + 300)}\" y=\"11\" width=\"18\" height=\"4\" fill=\"{Baseline}\"/><text x=\"{N(LabelWidth + 324)}\" y=\"17\">baseline</text>")
            .Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(LabelWidth + 392)}\" y1=\"6\" x2=\"{N(LabelWidth + 392)}\" y2=\"20\" stroke=\"{Today}\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/><text x=\"{N(LabelWidth + 398)}\" y=\"17\">today</text></g>");

        // Month ticks.
        sb.Append("<g class=\"axis\">");
        var month = DateOnly.FromDayNumber(first);
        month = new DateOnly(month.Year, month.Month, 1).AddMonths(1);
        var lastLabel = double.MinValue;
        for (; month.DayNumber < last; month = month.AddMonths(1))
        {
            var x = X(month.DayNumber);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x)}\" y1=\"{N(Top - 12)}\" x2=\"{N(x)}\" y2=\"{N(height - Bottom)}\" stroke=\"#e3e6ea\"/>");
            if (x - lastLabel < 56) continue;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + 3)}\" y=\"{N(Top - 16)}\" fill=\"#444444\">{month.ToString("MMM yyyy", CultureInfo.InvariantCulture)}</text>");
            lastLabel = x;
        }
        sb.Append("</g>");

        // Rows.
        var y = Top;
        var rowOf = new Dictionary<string, (double Y, ScheduleItemDto Item)>(items.Count, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var heading = group.Key.Team is { } team ? $"{group.Key.ProductKey} · {team}" : $"{group.Key.ProductKey} · no team";
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"group\" x=\"6\" y=\"{N(y + 16)}\" font-weight=\"600\">{Esc(heading)}</text>")
                .Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{N(y + Row - 1)}\" x2=\"{N(width)}\" y2=\"{N(y + Row - 1)}\" stroke=\"#c9ced6\"/>");
            y += Row;
            foreach (var i in group.OrderBy(i => i.Start).ThenBy(i => i.End))
            {
                rowOf[i.Key] = (y, i);
                DrawRow(sb, i, y, X);
                y += Row;
            }
        }

        if (items.Count <= MaxArrows && schedule.Links.Count > 0)
        {
            sb.Append("<g class=\"arrows\" fill=\"none\" stroke=\"#444444\" stroke-width=\"1\">");
            foreach (var link in schedule.Links)
            {
                if (!rowOf.TryGetValue(link.Predecessor, out var from) || !rowOf.TryGetValue(link.Successor, out var to)) continue;
                var fromX = link.Type == "start-to-start" ? X(from.Item.Start.DayNumber) : X(from.Item.End.DayNumber + 1);
                var toX = link.Type == "finish-to-finish" ? X(to.Item.End.DayNumber + 1) : X(to.Item.Start.DayNumber);
                var fy = from.Y + 4 + Bar / 2;
                var ty = to.Y + 4 + Bar / 2;
                var bend = link.Type == "finish-to-finish" ? Math.Max(fromX, toX) + 8 : link.Type == "start-to-start" ? Math.Min(fromX, toX) - 8 : fromX + 6;
                sb.Append(CultureInfo.InvariantCulture, $"<path d=\"M{N(fromX)},{N(fy)} H{N(bend)} V{N(ty)} H{N(toX)}\" marker-end=\"url(#gantt-arrow)\"><title>{Esc(link.Predecessor)} → {Esc(link.Successor)} ({Esc(link.Type)}, lag {Esc(link.Lag)})</title></path>");
            }
            sb.Append("</g>");
        }

        var todayX = X(schedule.Today.DayNumber);
        sb.Append(CultureInfo.InvariantCulture, $"<g class=\"today\"><line x1=\"{N(todayX)}\" y1=\"{N(Top - 10)}\" x2=\"{N(todayX)}\" y2=\"{N(height - Bottom + 6)}\" stroke=\"{Today}\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{N(todayX + 4)}\" y=\"{N(height - 8)}\" fill=\"{Today}\">today {D(schedule.Today)}</text></g>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static void DrawRow(StringBuilder sb, ScheduleItemDto i, double y, Func<int, double> x)
    {
        var label = i.Title.Length > 34 ? i.Title[..33] + "…" : i.Title;
        var x1 = x(i.Start.DayNumber);
        var x2 = x(i.End.DayNumber + 1);
        var drift = i.DriftDays is { } d ? d == 0 ? "on baseline" : d > 0 ? $"+{d}d later" : $"{d}d earlier" : null;
        var barTitle = $"{i.Key} {i.Title}: {D(i.Start)} – {D(i.End)}, {i.DurationDays} days, slack {i.SlackDays} days{(i.Critical ? ", critical" : "")}, dates from {i.Source}"
            + (i.BaselineStart is { } bs ? $"; baseline {D(bs)} – {D(i.BaselineEnd!.Value)}, {drift}" : "") + (i.External ? $"; an item of {i.ProductKey}" : "");
        sb.Append(CultureInfo.InvariantCulture, $"<g class=\"bar{(i.Critical ? " critical" : "")}\" data-key=\"{Esc(i.Key)}\"><title>{Esc(barTitle)}</title>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{N(y + 15)}\"><tspan font-weight=\"600\">{Esc(i.Key)}</tspan> {Esc(label)}{(i.Critical ? " · critical" : "")}</text>");
        var fill = i.Critical ? "url(#gantt-critical)" : i.External ? Outside : Current;
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x1)}\" y=\"{N(y + 4)}\" width=\"{N(Math.Max(2, x2 - x1))}\" height=\"{N(Bar)}\" rx=\"2\" fill=\"{fill}\"{(i.External ? " stroke=\"#333333\" stroke-dasharray=\"3 2\"" : "")}/>");
        if (i.SlackDays > 0)
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x2)}\" y1=\"{N(y + 4 + Bar / 2)}\" x2=\"{N(x(i.LateFinish.DayNumber + 1))}\" y2=\"{N(y + 4 + Bar / 2)}\" stroke=\"{Current}\" stroke-dasharray=\"2 2\"/>");
        if (i.BaselineStart is { } start && i.BaselineEnd is { } end)
        {
            var b1 = x(start.DayNumber);
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"baseline\" x=\"{N(b1)}\" y=\"{N(y + 4 + Bar + 1)}\" width=\"{N(Math.Max(2, x(end.DayNumber + 1) - b1))}\" height=\"3\" fill=\"{Baseline}\"/>");
        }
        var after = Math.Max(x2, i.BaselineEnd is { } be ? x(be.DayNumber + 1) : x2) + 4;
        var note = string.Join(" ", new[] { i.Critical ? "critical" : null, drift }.Where(t => t is not null));
        if (note.Length > 0) sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(after)}\" y=\"{N(y + 15)}\" font-size=\"11\" fill=\"#333333\">{Esc(note)}</text>");
        sb.Append("</g>");
    }

    private static string Finish(ScheduleDto schedule) => schedule.Finish is { } f ? D(f) : "—";

    private static string D(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Whole pixels: integers format without allocating, which keeps 2,000 bars well inside the budget.</summary>
    private static int N(double value) => (int)Math.Round(value);

    private static string Esc(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
