using System.Globalization;
using System.Text;
using Tandem.Application.Raid;

namespace Tandem.Web.Features.Raid;

/// <summary>A small server-drawn line of a risk's score (1–25) after each change, oldest left; the page's history table says the same.</summary>
public static class RiskTrendSvg
{
    private const double Width = 320, Height = 80, Pad = 12;

    public static string Render(int number, IReadOnlyList<RiskHistoryDto> history)
    {
        var title = history.Count == 0 ? $"Risk {number} has no history yet"
            : $"Score of risk {number} over time: from {history[0].Score} to {history[^1].Score} across {history.Count} change{(history.Count == 1 ? "" : "s")}";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sparkline\" viewBox=\"0 0 {N(Width)} {N(Height)}\" width=\"{N(Width)}\" height=\"{N(Height)}\" role=\"img\" aria-label=\"{Esc(title)}\" font-family=\"system-ui, sans-serif\"><title>{Esc(title)}</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{N(Width)}\" height=\"{N(Height)}\" fill=\"#ffffff\" stroke=\"#e5e7eb\"/>");
        if (history.Count > 0)
        {
            double X(int i) => history.Count == 1 ? Width / 2 : Pad + i * (Width - 2 * Pad) / (history.Count - 1);
            double Y(int score) => Height - Pad - (score - 1) * (Height - 2 * Pad) / 24.0;
            var points = string.Join(' ', history.Select((h, i) => $"{N(X(i))},{N(Y(h.Score))}"));
            sb.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{points}\" fill=\"none\" stroke=\"#b45309\" stroke-width=\"2\"/>");
            for (var i = 0; i < history.Count; i++)
            {
                var h = history[i];
                sb.Append(CultureInfo.InvariantCulture,
                    $"<circle cx=\"{N(X(i))}\" cy=\"{N(Y(h.Score))}\" r=\"3\" fill=\"#b45309\"><title>{Esc($"{h.At.UtcDateTime:yyyy-MM-dd}: score {h.Score} ({h.Probability}×{h.Impact}), {h.Status}")}</title></circle>");
            }
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Width - 4)}\" y=\"12\" text-anchor=\"end\" font-size=\"11\">{history[^1].Score}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Esc(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
