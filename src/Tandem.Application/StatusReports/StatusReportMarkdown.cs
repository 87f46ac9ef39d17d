using System.Globalization;
using System.Text;

namespace Tandem.Application.StatusReports;

/// <summary>A status report as Markdown: the same sections, in the same order, as the page and the print page.</summary>
public static class StatusReportMarkdown
{
    public static string Render(StatusReportDto r)
    {
        var c = r.Content;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {Text(c.ProductName)} ({c.ProductKey}) — status report {r.Number}");
        md.AppendLine();
        md.AppendLine(r.Live
            ? $"_Draft, built from live data on {c.AsOf:yyyy-MM-dd}; not yet published._"
            : $"Published {r.PublishedAt:yyyy-MM-dd} by {r.PublishedBy?.DisplayName}. Covers {c.PeriodFrom:yyyy-MM-dd} to {c.PeriodTo:yyyy-MM-dd}.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"**Status: {c.Rag.Status.ToUpperInvariant()}** — {Text(c.Rag.Rule)}");
        md.AppendLine();
        md.AppendLine("## Delivery (Technical Project Manager)");
        md.AppendLine();
        md.AppendLine(r.DeliveryNarrative.Length > 0 ? Text(r.DeliveryNarrative) : "_Not written yet._");
        md.AppendLine();
        md.AppendLine("## Product (Product Owner)");
        md.AppendLine();
        md.AppendLine(r.ProductNarrative.Length > 0 ? Text(r.ProductNarrative) : "_Not written yet._");
        md.AppendLine();
        md.AppendLine("## Milestones");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Progress: {c.Progress.ScopeDone} of {c.Progress.ScopeTotal} scope items done; {c.Progress.ItemsDoneInPeriod} items finished in the period.");
        md.AppendLine();
        if (c.Milestones.Count == 0) md.AppendLine("No milestone is planned.");
        else
        {
            md.AppendLine("| Milestone | Date | RAG | Done | p50 | p85 | p95 | Confidence | Rule |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|");
            foreach (var m in c.Milestones)
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| M{m.Number} {Cell(m.Name)} | {m.Date:yyyy-MM-dd} | {m.Rag.Status} | {m.DoneItems}/{m.TotalItems} | {Day(m.P50)} | {Day(m.P85)} | {Day(m.P95)} | {(m.Confidence is { } k ? $"{k} % (target {m.TargetConfidence} %)" : "–")} | {Cell(m.Rag.Rule)} |");
        }
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"_Forecast: {Text(c.ForecastBasis)}_");
        md.AppendLine();
        md.AppendLine("## Top risks");
        md.AppendLine();
        if (c.TopRisks.Count == 0) md.AppendLine("No open risk.");
        foreach (var k in c.TopRisks)
            md.AppendLine(CultureInfo.InvariantCulture, $"- R{k.Number} {Text(k.Title)} — score {k.Score} ({k.Probability}×{k.Impact}), {k.Status}, owner {k.Owner.DisplayName}{(k.ProximityOn is { } p ? $", by {p:yyyy-MM-dd}" : "")}");
        md.AppendLine();
        md.AppendLine("## Dependencies at risk");
        md.AppendLine();
        if (c.DependenciesAtRisk.Count == 0) md.AppendLine("None.");
        foreach (var d in c.DependenciesAtRisk)
            md.AppendLine(CultureInfo.InvariantCulture, $"- {Text(d.Title)}: {Text(d.Provider)} → {Text(d.Needer)}, needed by {d.NeededBy:yyyy-MM-dd}, forecast {Day(d.ForecastOn)} — {Text(d.Reason)}");
        md.AppendLine();
        md.AppendLine("## Escalated impediments");
        md.AppendLine();
        if (c.EscalatedImpediments.Count == 0) md.AppendLine("None.");
        foreach (var i in c.EscalatedImpediments)
            md.AppendLine(CultureInfo.InvariantCulture, $"- #{i.Number} {Text(i.Title)} ({i.Impact}, {i.AgeDays} days){(i.Reason is { } why ? $": {Text(why)}" : "")}");
        md.AppendLine();
        md.AppendLine("## Decisions in the period");
        md.AppendLine();
        if (c.Decisions.Count == 0) md.AppendLine("None.");
        foreach (var d in c.Decisions)
            md.AppendLine(CultureInfo.InvariantCulture, $"- {d.At:yyyy-MM-dd} {Text(d.Actor)}{(d.Role is { } role ? $" ({role})" : "")}: {Text(d.Summary)}");
        return md.ToString();
    }

    private static string Day(DateOnly? day) => day is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "–";

    private static string Text(string text) => text.Replace("\r", "", StringComparison.Ordinal);

    private static string Cell(string text) => Text(text).Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
