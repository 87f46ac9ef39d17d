using System.Globalization;
using System.Net;
using System.Text;
using Tandem.Application.Forecasting;

namespace Tandem.Web.Features.Forecast;

/// <summary>
/// The forecast's histogram drawn on the server: one bar per outcome (weeks to finish, or items by the date) with
/// the trials that ended there, and the 50/85/95 % markers labelled. Self-contained SVG without script:
/// <c>role="img"</c>, a <c>&lt;title&gt;</c> and a <c>&lt;desc&gt;</c>; the page shows the numbers beside it.
/// </summary>
public static class ForecastChart
{
    private const double Width = 760, Height = 340, Left = 60, Right = 24, Top = 64, Bottom = 54;

    public static string HistogramSvg(ForecastDto forecast)
    {
        var byDate = forecast.Mode == "date";
        var title = byDate
            ? $"{forecast.ProductKey}: items finished by {forecast.Date:yyyy-MM-dd} over {forecast.Assumptions.Trials:N0} trials"
            : $"{forecast.ProductKey}: weeks to finish {forecast.Items} items over {forecast.Assumptions.Trials:N0} trials";
        var markers = byDate
            ? new[] { (forecast.ItemsP50, "50 %", "#1d4ed8"), (forecast.ItemsP85, "85 %", "#b45309"), (forecast.ItemsP95, "95 %", "#b91c1c") }
            : [(forecast.P50Weeks ?? MonteCarlo.MaxWeeks, "50 %", "#1d4ed8"), (forecast.P85Weeks ?? MonteCarlo.MaxWeeks, "85 %", "#b45309"), (forecast.P95Weeks ?? MonteCarlo.MaxWeeks, "95 %", "#b91c1c")];
        string Label((int? Value, string Share, string Colour) m) => byDate
            ? $"{m.Share}: at least {m.Value} items"
            : $"{m.Share}: {(m.Value is { } w && w < MonteCarlo.MaxWeeks ? $"{w} weeks, {forecast.Today.AddDays(7 * w):yyyy-MM-dd}" : "beyond ten years")}";
        var description = $"{(byDate ? "Items finished by the date" : "Weeks until the items are done")} in each trial; " +
            string.Join("; ", markers.Select(Label)) + $". {forecast.Assumptions.Basis}";

        var bars = forecast.Histogram;
        var min = bars.Count == 0 ? 0 : bars[0].Value;
        var max = bars.Count == 0 ? 1 : Math.Max(bars[^1].Value, min + 1);
        var span = max - min + 1;
        var slot = (Width - Left - Right) / span;
        var top = bars.Count == 0 ? 1 : bars.Max(b => b.Trials);
        var yMax = NiceMax(top);
        double X(double value) => Left + (value - min + 0.5) * slot;
        double Y(double trials) => Top + (Height - Top - Bottom) * (1 - trials / yMax);

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"forecast-histogram\" viewBox=\"0 0 {N(Width)} {N(Height)}\" width=\"{N(Width)}\" height=\"{N(Height)}\" role=\"img\" aria-labelledby=\"forecast-histogram-title forecast-histogram-desc\" font-family=\"system-ui, sans-serif\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"forecast-histogram-title\">{Esc(title)}</title><desc id=\"forecast-histogram-desc\">{Esc(description)}</desc>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{N(Width)}\" height=\"{N(Height)}\" fill=\"#ffffff\"/>");
        // Value axis with four round ticks.
        for (var i = 0; i <= 4; i++)
        {
            var v = yMax * i / 4;
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left)}\" y1=\"{N(Y(v))}\" x2=\"{N(Width - Right)}\" y2=\"{N(Y(v))}\" stroke=\"#e5e7eb\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left - 6)}\" y=\"{N(Y(v) + 4)}\" text-anchor=\"end\" font-size=\"11\" fill=\"#374151\">{N(v)}</text>");
        }
        foreach (var b in bars)
            sb.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{N(X(b.Value) - slot * 0.45)}\" y=\"{N(Y(b.Trials))}\" width=\"{N(Math.Max(0.8, slot * 0.9))}\" height=\"{N(Y(0) - Y(b.Trials))}\" fill=\"#93c5fd\"><title>{b.Value} {(byDate ? "items" : "weeks")}: {b.Trials} trials</title></rect>");
        // The category axis: a label at the ends and every few values between.
        var step = Math.Max(1, (int)Math.Ceiling(span / 12.0));
        for (var v = min; v <= max; v += step)
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(v))}\" y=\"{N(Height - Bottom + 16)}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#374151\">{v}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N((Left + Width - Right) / 2)}\" y=\"{N(Height - 12)}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#111827\">{(byDate ? "Items finished by the date" : "Weeks from today")}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{N(Top + (Height - Top - Bottom) / 2)}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#111827\" transform=\"rotate(-90 14 {N(Top + (Height - Top - Bottom) / 2)})\">Trials</text>");
        var row = 0;
        foreach (var m in markers)
        {
            if (m.Item1 is not { } value) continue;
            var x = X(Math.Clamp(value, min, max));
            var label = Label(m);
            sb.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{N(x)}\" y1=\"{N(Top - 4)}\" x2=\"{N(x)}\" y2=\"{N(Y(0))}\" stroke=\"{m.Item3}\" stroke-width=\"2\" stroke-dasharray=\"5 3\" data-marker=\"{m.Item2[..2]}\"><title>{Esc(label)}</title></line>");
            var anchor = x > Width * 0.7 ? "end" : "start";
            sb.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{N(anchor == "end" ? x - 4 : x + 4)}\" y=\"{N(16 + row * 15)}\" text-anchor=\"{anchor}\" font-size=\"12\" font-weight=\"600\" fill=\"{m.Item3}\">{Esc(label)}</text>");
            row++;
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static readonly double[] Steps = [1, 2, 2.5, 5, 10];

    private static double NiceMax(double max)
    {
        if (max <= 0) return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var f in Steps)
            if (f * magnitude >= max) return f * magnitude;
        return 10 * magnitude;
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Esc(string text) => WebUtility.HtmlEncode(text);
}
