using System.Globalization;
using System.Text;
using Tandem.Application.Raid;

namespace Tandem.Web.Features.Raid;

/// <summary>
/// The risk heat map drawn on the server: a 5×5 grid, probability up the side (5 at the top), impact along
/// the bottom. Every cell says its count in words and numbers ("P4 × I5 = 20: 2 risks"), so colour is never
/// the only signal; the page puts the same counts in a table beside it. No script, <c>role="img"</c>.
/// </summary>
public static class RiskHeatMapSvg
{
    private const int Cell = 64, Left = 70, Top = 40, Bottom = 56;

    /// <summary>The fill for a score: low (1–4), medium (5–9), high (10–14), severe (15–25).</summary>
    public static (string Fill, string Band) Band(int score) => score switch
    {
        >= 15 => ("#f4a3a3", "severe"),
        >= 10 => ("#f8c994", "high"),
        >= 5 => ("#f6e7a1", "medium"),
        _ => ("#c8e6c9", "low"),
    };

    public static string Render(RiskHeatMap map)
    {
        const int width = Left + 5 * Cell + 20, height = Top + 5 * Cell + Bottom;
        var title = $"Risk heat map of {map.ProductKey}: {map.Live} live risk{(map.Live == 1 ? "" : "s")} by probability and impact";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" id=\"risk-heatmap\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"risk-heatmap-title risk-heatmap-desc\" font-family=\"system-ui, sans-serif\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"risk-heatmap-title\">{Esc(title)}</title>");
        sb.Append("<desc id=\"risk-heatmap-desc\">Rows are probability from 5 (almost certain, top) to 1 (rare); columns are impact from 1 (negligible) to 5 (severe). Each cell shows how many live risks sit there.</desc>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>");
        foreach (var c in map.Cells)
        {
            var x = Left + (c.Impact - 1) * Cell;
            var y = Top + (5 - c.Probability) * Cell;
            var (fill, band) = Band(c.Score);
            var label = $"Probability {c.Probability} × impact {c.Impact} = score {c.Score} ({band}): {c.Count} risk{(c.Count == 1 ? "" : "s")}";
            sb.Append(CultureInfo.InvariantCulture,
                $"<g class=\"cell\" data-probability=\"{c.Probability}\" data-impact=\"{c.Impact}\" data-count=\"{c.Count}\"><title>{Esc(label)}</title>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{Cell}\" height=\"{Cell}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"2\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 6}\" y=\"{y + 14}\" font-size=\"10\" fill=\"#333333\">{c.Score}</text>");
            sb.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{x + Cell / 2}\" y=\"{y + Cell / 2 + 9}\" text-anchor=\"middle\" font-size=\"{(c.Count > 0 ? 24 : 14)}\" font-weight=\"{(c.Count > 0 ? "700" : "400")}\" fill=\"{(c.Count > 0 ? "#111111" : "#777777")}\">{(c.Count > 0 ? c.Count.ToString(CultureInfo.InvariantCulture) : "·")}</text></g>");
        }
        for (var i = 1; i <= 5; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (i - 1) * Cell + Cell / 2}\" y=\"{Top + 5 * Cell + 18}\" text-anchor=\"middle\" font-size=\"13\">{i}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 10}\" y=\"{Top + (5 - i) * Cell + Cell / 2 + 5}\" text-anchor=\"end\" font-size=\"13\">{i}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + 5 * Cell / 2}\" y=\"{height - 10}\" text-anchor=\"middle\" font-size=\"13\">Impact →</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"18\" y=\"{Top + 5 * Cell / 2}\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 18 {Top + 5 * Cell / 2})\">Probability →</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"24\" font-size=\"14\" font-weight=\"600\">{Esc($"{map.ProductKey}: {map.Live} live risks")}</text>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Esc(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
