using System.Globalization;
using System.Text;

namespace Tandem.Web.Features.Metrics;

/// <summary>
/// A small server-side chart: categories along the x axis (days, weeks, sprints), a value axis from zero with
/// round ticks, and any mix of lines, grouped bars, stacked areas, points and horizontal rules, with a legend.
/// Renders self-contained SVG without script: <c>role="img"</c>, an <c>aria-label</c>, a <c>&lt;title&gt;</c> and a
/// <c>&lt;desc&gt;</c>; every bar and point carries its own title. The page shows the same numbers as a table.
/// </summary>
public sealed class SvgChart(string id, string title, string description, string xLabel, string yLabel, IReadOnlyList<string> categories)
{
    private const double Left = 60, Right = 20, Top = 44, Bottom = 54;
    private readonly List<Action<StringBuilder>> _layers = [];
    private readonly List<(string Name, string Colour, string Kind, string Dash)> _legend = [];
    private double _max;

    public double Width { get; init; } = 760;
    public double Height { get; init; } = 340;

    private double PlotWidth => Width - Left - Right;
    private double PlotHeight => Height - Top - Bottom;
    private double Slot => PlotWidth / Math.Max(1, categories.Count);
    private double X(double index) => Left + (index + 0.5) * Slot;
    private double Y(double value) => Top + PlotHeight - (_max == 0 ? 0 : value / _max * PlotHeight);

    /// <summary>A line through the categories; null values leave a gap.</summary>
    public SvgChart Line(string name, IReadOnlyList<double?> values, string colour, string dash = "")
    {
        Include(values.Where(v => v is not null).Select(v => v!.Value));
        _legend.Add((name, colour, "line", dash));
        _layers.Add(sb =>
        {
            var path = new StringBuilder();
            var pen = false;
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is not { } v) { pen = false; continue; }
                path.Append(CultureInfo.InvariantCulture, $"{(pen ? " L" : " M")}{N(X(i))},{N(Y(v))}");
                pen = true;
            }
            sb.Append(CultureInfo.InvariantCulture, $"<path d=\"{path.ToString().Trim()}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"{DashAttr(dash)}><title>{Esc(name)}</title></path>");
        });
        return this;
    }

    /// <summary>Grouped bars: one bar per series in each category.</summary>
    public SvgChart Bars(IReadOnlyList<(string Name, string Colour, IReadOnlyList<double> Values)> series)
    {
        foreach (var s in series) { Include(s.Values); _legend.Add((s.Name, s.Colour, "box", "")); }
        _layers.Add(sb =>
        {
            var group = Slot * 0.8;
            var bar = group / Math.Max(1, series.Count);
            for (var i = 0; i < categories.Count; i++)
                for (var s = 0; s < series.Count; s++)
                {
                    var v = i < series[s].Values.Count ? series[s].Values[i] : 0;
                    var x = X(i) - group / 2 + s * bar;
                    sb.Append(CultureInfo.InvariantCulture,
                        $"<rect x=\"{N(x)}\" y=\"{N(Y(v))}\" width=\"{N(Math.Max(1, bar - 1))}\" height=\"{N(Y(0) - Y(v))}\" fill=\"{series[s].Colour}\"><title>{Esc(categories[i])}: {Esc(series[s].Name)} {N(v)}</title></rect>");
                }
        });
        return this;
    }

    /// <summary>Stacked areas, the first series at the bottom: <paramref name="values"/>[category][series].</summary>
    public SvgChart StackedAreas(IReadOnlyList<(string Name, string Colour)> series, IReadOnlyList<IReadOnlyList<int>> values)
    {
        Include(values.Select(v => (double)v.Sum()));
        foreach (var s in series.Reverse()) _legend.Add((s.Name, s.Colour, "box", ""));
        _layers.Add(sb =>
        {
            if (values.Count == 0) return;
            var below = new double[values.Count];
            for (var s = 0; s < series.Count; s++)
            {
                var top = values.Select((v, i) => below[i] + (s < v.Count ? v[s] : 0)).ToArray();
                var path = new StringBuilder();
                for (var i = 0; i < values.Count; i++) path.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "M" : " L")}{N(X(i))},{N(Y(top[i]))}");
                for (var i = values.Count - 1; i >= 0; i--) path.Append(CultureInfo.InvariantCulture, $" L{N(X(i))},{N(Y(below[i]))}");
                sb.Append(CultureInfo.InvariantCulture, $"<path d=\"{path} Z\" fill=\"{series[s].Colour}\" fill-opacity=\"0.85\" stroke=\"#ffffff\" stroke-width=\"0.5\"><title>{Esc(series[s].Name)}</title></path>");
                below = top;
            }
        });
        return this;
    }

    /// <summary>Points at a (fractional) category position and a value, each with its own title.</summary>
    public SvgChart Points(string name, IReadOnlyList<(double Index, double Value, string Title)> points, string colour)
    {
        Include(points.Select(p => p.Value));
        _legend.Add((name, colour, "dot", ""));
        _layers.Add(sb =>
        {
            foreach (var p in points)
                sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(p.Index))}\" cy=\"{N(Y(p.Value))}\" r=\"3.5\" fill=\"{colour}\" fill-opacity=\"0.75\"><title>{Esc(p.Title)}</title></circle>");
        });
        return this;
    }

    /// <summary>A horizontal line across the plot at <paramref name="value"/>, labelled at its right end.</summary>
    public SvgChart Rule(string name, double value, string colour)
    {
        Include([value]);
        _legend.Add((name, colour, "line", "6 4"));
        _layers.Add(sb => sb.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{N(Left)}\" y1=\"{N(Y(value))}\" x2=\"{N(Width - Right)}\" y2=\"{N(Y(value))}\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"><title>{Esc(name)}</title></line>"));
        return this;
    }

    public string Render()
    {
        _max = NiceMax(_max);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"{id}\" viewBox=\"0 0 {N(Width)} {N(Height)}\" width=\"{N(Width)}\" height=\"{N(Height)}\" role=\"img\" aria-label=\"{Esc(title)}\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"system-ui, sans-serif\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{Esc(title)}</title><desc id=\"{id}-desc\">{Esc(description)}</desc>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{N(Width)}\" height=\"{N(Height)}\" fill=\"#ffffff\"/>");
        if (categories.Count == 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left)}\" y=\"{N(Top + 30)}\" font-size=\"14\" fill=\"#374151\">No data yet.</text></svg>");
            return sb.ToString();
        }

        // Grid and value axis.
        sb.Append("<g class=\"axis y\" font-size=\"11\" fill=\"#374151\">");
        for (var t = 0; t <= 5; t++)
        {
            var v = _max * t / 5;
            sb.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{N(Left)}\" y1=\"{N(Y(v))}\" x2=\"{N(Width - Right)}\" y2=\"{N(Y(v))}\" stroke=\"#e5e7eb\"/><text x=\"{N(Left - 6)}\" y=\"{N(Y(v) + 4)}\" text-anchor=\"end\">{N(v)}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture,
            $"<text transform=\"translate(14 {N(Top + PlotHeight / 2)}) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">{Esc(yLabel)}</text></g>");

        // Category axis: at most about twelve labels.
        sb.Append("<g class=\"axis x\" font-size=\"11\" fill=\"#374151\">");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left)}\" y1=\"{N(Y(0))}\" x2=\"{N(Width - Right)}\" y2=\"{N(Y(0))}\" stroke=\"#6b7280\"/>");
        var every = Math.Max(1, (int)Math.Ceiling(categories.Count / 12.0));
        for (var i = 0; i < categories.Count; i += every)
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(i))}\" y=\"{N(Y(0) + 16)}\" text-anchor=\"middle\">{Esc(categories[i])}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left + PlotWidth / 2)}\" y=\"{N(Height - 10)}\" text-anchor=\"middle\" font-size=\"12\">{Esc(xLabel)}</text></g>");

        sb.Append("<g class=\"data\">");
        foreach (var layer in _layers) layer(sb);
        sb.Append("</g>");

        // Legend along the top.
        sb.Append("<g class=\"legend\" font-size=\"12\" fill=\"#111827\">");
        var lx = Left;
        foreach (var (name, colour, kind, dash) in _legend)
        {
            var mark = kind switch
            {
                "box" => $"<rect x=\"{N(lx)}\" y=\"14\" width=\"14\" height=\"12\" fill=\"{colour}\"/>",
                "dot" => $"<circle cx=\"{N(lx + 7)}\" cy=\"20\" r=\"4\" fill=\"{colour}\"/>",
                _ => $"<line x1=\"{N(lx)}\" y1=\"20\" x2=\"{N(lx + 18)}\" y2=\"20\" stroke=\"{colour}\" stroke-width=\"2.5\"{DashAttr(dash)}/>",
            };
            sb.Append(CultureInfo.InvariantCulture, $"{mark}<text x=\"{N(lx + 22)}\" y=\"24\">{Esc(name)}</text>");
            lx += 34 + name.Length * 6.6;
        }
        sb.Append("</g></svg>");
        return sb.ToString();
    }

    /// <summary>The smallest 1, 2 or 5 × 10ⁿ at or above <paramref name="max"/> (at least 1), so ticks are round.</summary>
    public static double NiceMax(double max)
    {
        if (max <= 1) return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
            if (step * magnitude >= max) return step * magnitude;
        return 10 * magnitude;
    }

    private void Include(IEnumerable<double> values)
    {
        foreach (var v in values) if (v > _max) _max = v;
    }

    private static string DashAttr(string dash) => dash.Length == 0 ? "" : $" stroke-dasharray=\"{dash}\"";

    internal static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    internal static string Esc(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
