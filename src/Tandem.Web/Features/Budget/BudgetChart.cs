using System.Globalization;
using Tandem.Application.Budget;
using Tandem.Web.Features.Metrics;

namespace Tandem.Web.Features.Budget;

/// <summary>The burn chart: cumulative planned and actual cost by sprint, the budget line and the estimate at completion.</summary>
public static class BudgetChart
{
    public static string BurnSvg(BudgetView view)
    {
        var categories = view.Sprints.Select(s => s.End.ToString("d MMM", CultureInfo.InvariantCulture)).ToList();
        var eac = view.Estimate.Amount is { } e ? $" The estimate at completion is {e:N0} {view.Currency}." : "";
        var chart = new SvgChart("budget-burn", $"{view.ProductKey}: cost burn in {view.Currency}",
            $"Cumulative planned and actual cost per sprint{(view.Budget is { } b ? $" against the budget of {b:N0} {view.Currency}" : "")}.{eac}",
            "Sprint end", view.Currency, categories);
        chart.Line("Planned (cumulative)", view.Sprints.Select(s => (double?)(double)s.CumulativePlanned).ToList(), "#6b7280", "4 3");
        chart.Line("Actual (cumulative)", view.Sprints.Select(s => s.CumulativeActual is { } a ? (double?)(double)a : null).ToList(), "#1d4ed8");
        if (view.Budget is { } budget) chart.Rule($"Budget {budget:N0} {view.Currency}", (double)budget, "#b91c1c");
        if (view.Estimate.Amount is { } amount) chart.Rule($"Estimate at completion {amount:N0} {view.Currency}", (double)amount, "#b45309");
        return chart.Render();
    }
}
