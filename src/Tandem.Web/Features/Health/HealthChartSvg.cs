using System.Globalization;
using System.Net;
using System.Text;
using Tandem.Application.Health;

namespace Tandem.Web.Features.Health;

/// <summary>The health trend as an SVG: a line per dimension and a bold overall line over rounds, on a 1–5 scale.</summary>
public static class HealthChartSvg
{
    private const int W = 640, H = 260, Left = 32, Right = 16, Top = 12, Bottom = 30;
    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939"];

    public static string Color(int index) => Palette[index % Palette.Length];

    public static string Draw(HealthTrendDto trend)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"health-chart\" width=\"100%\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"health-chart-title\" data-testid=\"health-chart\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<title id=\"health-chart-title\">Team health per round, average score from 1 to 5 (the table beside it has the numbers)</title>");
        for (var score = 1; score <= 5; score++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{W - Right}\" y1=\"{Y(score)}\" y2=\"{Y(score)}\" stroke=\"#d8dde3\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{F(double.Parse(Y(score), CultureInfo.InvariantCulture) + 4)}\" text-anchor=\"end\" font-size=\"11\" fill=\"#5b6570\">{score}</text>");
        }
        for (var i = 0; i < trend.Rounds.Count; i++)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(trend, i)}\" y=\"{H - 8}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#5b6570\">#{trend.Rounds[i].Number}</text>");
        foreach (var (dimension, index) in trend.Dimensions.Select((d, i) => (d, i)))
        {
            foreach (var segment in Segments(trend, r => r.Averages.FirstOrDefault(a => a.Dimension == dimension)?.Average))
                svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{segment}\" fill=\"none\" stroke=\"{Color(index)}\" stroke-width=\"1.5\" data-dimension=\"{WebUtility.HtmlEncode(dimension)}\"/>");
        }
        foreach (var segment in Segments(trend, r => r.Overall))
            svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{segment}\" fill=\"none\" stroke=\"#111\" stroke-width=\"3\" data-testid=\"health-overall-line\"/>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string X(HealthTrendDto trend, int i) =>
        F(trend.Rounds.Count <= 1 ? (Left + W - Right) / 2.0 : Left + i * (W - Left - Right) / (double)(trend.Rounds.Count - 1));

    private static string Y(decimal score) => F(Top + (5 - (double)score) / 4 * (H - Top - Bottom));

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Runs of consecutive rounds that have a value; a round without enough answers breaks the line.</summary>
    private static IEnumerable<string> Segments(HealthTrendDto trend, Func<HealthRoundDto, decimal?> value)
    {
        var points = new List<string>();
        for (var i = 0; i < trend.Rounds.Count; i++)
        {
            if (value(trend.Rounds[i]) is { } v) points.Add($"{X(trend, i)},{Y(v)}");
            else
            {
                if (points.Count > 0) yield return string.Join(' ', points);
                points = [];
            }
        }
        if (points.Count > 0) yield return string.Join(' ', points);
    }
}
