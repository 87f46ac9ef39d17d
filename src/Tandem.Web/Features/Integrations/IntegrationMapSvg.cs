using System.Globalization;
using System.Text;
using Tandem.Application.Integrations;
using Tandem.Web.Components;
using static Tandem.Application.Integrations.IntegrationMapLayout;

namespace Tandem.Web.Features.Integrations;

/// <summary>
/// Draws the integration map (laid out by <see cref="IntegrationMapLayout"/>) as a self-contained SVG, on the
/// server and without script: interfaces are curves coloured and dashed by status, drawn under the boxes,
/// with their labels on top. Every box and arrow is a link to its page, with a title for assistive
/// technology; the page also shows the same map as a table.
/// </summary>
public static class IntegrationMapSvg
{
    /// <summary>Stroke colour and dash of each status, the legend's order.</summary>
    public static readonly IReadOnlyList<(string Status, string Label, string Colour, string Dash)> Statuses =
    [
        ("planned", "planned", "#6b7280", "6 4"),
        ("in-development", "in development", "#b45309", "10 3"),
        ("live", "live", "#15803d", ""),
        ("deprecated", "deprecated", "#b91c1c", "4 3"),
        ("retired", "retired", "#9ca3af", "1 4"),
    ];

    public static string Render(IntegrationMapDto map)
    {
        var key = map.ProductKey;
        var sb = new StringBuilder();
        if (map.Systems.Count == 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"integration-map\" viewBox=\"0 0 480 60\" width=\"480\" height=\"60\" role=\"img\" aria-labelledby=\"map-title\">");
            sb.Append(CultureInfo.InvariantCulture, $"<title id=\"map-title\">Integration map of {Esc(key)}: no systems yet</title>");
            sb.Append("<text x=\"16\" y=\"34\" font-family=\"system-ui, sans-serif\" font-size=\"14\" fill=\"#374151\">No systems on the map yet.</text></svg>");
            return sb.ToString();
        }

        var layout = Lay(map);
        var (width, height) = (layout.Width, layout.Height);
        sb.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"integration-map\" viewBox=\"0 0 {N(width)} {N(height)}\" width=\"{N(width)}\" height=\"{N(height)}\" role=\"group\" aria-labelledby=\"map-title map-desc\" font-family=\"system-ui, sans-serif\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"map-title\">Integration map of {Esc(key)}</title>");
        sb.Append(CultureInfo.InvariantCulture,
            $"<desc id=\"map-desc\">{map.Systems.Count} systems ({map.Systems.Count(s => s.External)} external partners), {map.Components.Count} components and {layout.Curves.Count} interfaces. Providers stand left of their consumers; each arrow points from provider to consumer. The table after the diagram lists the same map.</desc>");
        sb.Append("<defs>");
        foreach (var (status, _, colour, _) in Statuses)
            sb.Append(CultureInfo.InvariantCulture, $"<marker id=\"arrow-{status}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>");
        sb.Append("</defs>");

        // Legend.
        double lx = Margin;
        foreach (var (_, label, colour, dash) in Statuses)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<g class=\"legend\" aria-hidden=\"true\"><line x1=\"{N(lx)}\" y1=\"{N(Margin + 6)}\" x2=\"{N(lx + 28)}\" y2=\"{N(Margin + 6)}\" stroke=\"{colour}\" stroke-width=\"2.5\"{Dash(dash)}/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(lx + 34)}\" y=\"{N(Margin + 10)}\" font-size=\"12\" fill=\"#374151\">{label}</text></g>");
            lx += 42 + label.Length * 7;
        }
        sb.Append(CultureInfo.InvariantCulture, $"<g aria-hidden=\"true\"><rect x=\"{N(lx)}\" y=\"{N(Margin - 2)}\" width=\"22\" height=\"16\" rx=\"3\" fill=\"#fff7ed\" stroke=\"#c2410c\" stroke-dasharray=\"5 3\"/><text x=\"{N(lx + 28)}\" y=\"{N(Margin + 10)}\" font-size=\"12\" fill=\"#374151\">external partner</text></g>");

        var labelLinks = new StringBuilder();
        foreach (var curve in layout.Curves)
        {
            var (f, provider, consumer) = (curve.Interface, curve.Provider.Name, curve.Consumer.Name);
            var (_, _, colour, dash) = Statuses.FirstOrDefault(s => s.Status == f.Status) is { Colour: not null } st ? st : Statuses[0];
            var href = Esc(AppRoutes.Interface(key, f.Id));
            var path = $"M{N(curve.X1)},{N(curve.Y1)} C{N(curve.C1)},{N(curve.Y1)} {N(curve.C2)},{N(curve.Y2)} {N(curve.X2)},{N(curve.Y2)}";
            var external = f.External ? ", crosses to an external partner" : "";
            sb.Append(CultureInfo.InvariantCulture, $"<a href=\"{href}\" class=\"map-interface status-{f.Status}\" data-id=\"{f.Id}\" aria-label=\"Interface {Esc(f.Name)}: {Esc(provider)} provides, {Esc(consumer)} consumes; {f.Protocol}, {f.Status}{external}\">");
            sb.Append(CultureInfo.InvariantCulture, $"<title>{Esc(f.Name)}: {Esc(provider)} → {Esc(consumer)} ({f.Protocol}, {f.Status}{(f.Risk is "none" ? "" : ", risk " + f.Risk)})</title>");
            sb.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"transparent\" stroke-width=\"10\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{(f.External ? "2.5" : "1.8")}\"{Dash(dash)} marker-end=\"url(#arrow-{f.Status})\"/></a>");
            // Labels go on top of every curve, so no curve covers another arrow's label; the label is a second
            // link to the same page, hidden from assistive technology (the arrow's own link speaks for it).
            // Each label sits on a light plate a little above its anchor, with a halo, so the lines it crosses do
            // not run through its letters (issue 14).
            var plate = curve.Label.Length * 5.6 + 8;
            labelLinks.Append(CultureInfo.InvariantCulture, $"<a href=\"{href}\" class=\"map-label\" data-id=\"{f.Id}\" tabindex=\"-1\" aria-hidden=\"true\">");
            labelLinks.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(curve.LabelX - plate / 2)}\" y=\"{N(curve.LabelY - 13)}\" width=\"{N(plate)}\" height=\"16\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"{colour}\" stroke-opacity=\"0.35\"/>");
            labelLinks.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(curve.LabelX)}\" y=\"{N(curve.LabelY - 1)}\" font-size=\"10.5\" text-anchor=\"middle\" fill=\"#111827\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">{Esc(curve.Label)}</text></a>");
        }

        // Systems over the curves, so a curve passing behind a box does not cross its text; then their components
        // (links cannot nest in SVG, so each is its own link).
        foreach (var (s, x, y, h, components) in layout.Boxes)
        {
            var (fill, stroke, dash) = s.External ? ("#fff7ed", "#c2410c", " stroke-dasharray=\"5 3\"") : ("#eef2ff", "#4338ca", "");
            var kind = s.External ? "External partner system" : "System";
            // The name a screen reader hears starts with what the box shows (its name, then EXTERNAL), so voice
            // control users can say what they see (WCAG 2.5.3, label in name).
            var spoken = s.External ? $"{Esc(s.Name)} External partner system" : $"System {Esc(s.Name)}";
            sb.Append(CultureInfo.InvariantCulture, $"<a href=\"{Esc(AppRoutes.System(key, s.Id))}\" class=\"map-system{(s.External ? " external" : "")}\" data-id=\"{s.Id}\" aria-label=\"{spoken}{(s.Owner.Length > 0 ? ", owned by " + Esc(s.Owner) : "")}\">");
            sb.Append(CultureInfo.InvariantCulture, $"<title>{kind}: {Esc(s.Name)}{(s.Owner.Length > 0 ? " (owner: " + Esc(s.Owner) + ")" : "")}</title>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(BoxWidth)}\" height=\"{N(h)}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{dash}/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + 10)}\" y=\"{N(y + 21)}\" font-size=\"13\" font-weight=\"600\" fill=\"#111827\">{Esc(Cut(s.Name, 26))}</text>");
            sb.Append("</a>");
            // The badge is drawn outside the link: the link's name already says "External partner system".
            if (s.External) sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + BoxWidth - 8)}\" y=\"{N(y + 12)}\" font-size=\"9\" text-anchor=\"end\" fill=\"#9a3412\" aria-hidden=\"true\" pointer-events=\"none\">EXTERNAL</text>");
            foreach (var (c, cy) in components)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<a href=\"{Esc(AppRoutes.System(key, c.Id))}\" class=\"map-component\" data-id=\"{c.Id}\" aria-label=\"Component {Esc(c.Name)} of {Esc(s.Name)}\">");
                sb.Append(CultureInfo.InvariantCulture, $"<title>Component {Esc(c.Name)} of {Esc(s.Name)}</title>");
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x + 10)}\" y=\"{N(cy)}\" width=\"{N(BoxWidth - 20)}\" height=\"{N(RowHeight - 4)}\" rx=\"4\" fill=\"#ffffff\" stroke=\"{stroke}\" stroke-width=\"1\"/>");
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + 18)}\" y=\"{N(cy + 14)}\" font-size=\"11.5\" fill=\"#1f2937\">{Esc(Cut(c.Name, 30))}</text></a>");
            }
        }

        sb.Append(labelLinks).Append("</svg>");
        return sb.ToString();
    }

    private static string Dash(string dash) => dash.Length == 0 ? "" : $" stroke-dasharray=\"{dash}\"";

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Esc(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
