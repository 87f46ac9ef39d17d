using System.Globalization;
using System.Text;
using Tandem.Application.Dependencies;
using Tandem.Web.Components;

namespace Tandem.Web.Features.Dependencies;

/// <summary>
/// Draws the dependency map as a self-contained SVG on the server: one node per party (a product, a team,
/// an external party), placed on a circle, and one arrow per provider → needer pair pointing at the needer.
/// An arrow with a dependency at risk is dashed, red and labelled "at risk" (not colour alone); closed ones
/// are dotted. Every node and arrow has a title; the page shows the same dependencies as a table.
/// </summary>
public static class DependencyMapSvg
{
    private const double BoxWidth = 168, BoxHeight = 40, Margin = 24;

    /// <summary>A party on the map.</summary>
    public sealed record Node(string Id, string Kind, string Label, string Detail);

    /// <summary>All dependencies from one provider to one needer.</summary>
    public sealed record Edge(Node Provider, Node Needer, IReadOnlyList<DependencyDto> Dependencies)
    {
        public bool AtRisk => Dependencies.Any(d => d.AtRisk);
        public bool Closed => Dependencies.All(d => d.Status is "delivered" or "declined" or "cancelled");
    }

    public static (IReadOnlyList<Node> Nodes, IReadOnlyList<Edge> Edges) Graph(IReadOnlyList<DependencyDto> dependencies)
    {
        var nodes = new Dictionary<string, Node>();
        var edges = new Dictionary<(string, string), List<DependencyDto>>();
        Node Add(Node node) => nodes.TryGetValue(node.Id, out var known) ? known : nodes[node.Id] = node;
        foreach (var d in dependencies)
        {
            var needer = d.NeedingTeam is { } nt
                ? Add(new Node($"team:{nt.Id}", "team", nt.Name, $"team of {d.NeedingProduct.Key}"))
                : Add(new Node($"product:{d.NeedingProduct.Id}", "product", d.NeedingProduct.Key, d.NeedingProduct.Name));
            var p = d.Provider;
            var provider = p.Kind switch
            {
                "team" => Add(new Node($"team:{p.Team!.Id}", "team", p.Team.Name, $"team of {p.Product?.Key}")),
                "product" => Add(new Node($"product:{p.Product!.Id}", "product", p.Product.Key, p.Product.Name)),
                _ => Add(new Node($"external:{(p.ExternalName ?? "").ToUpperInvariant()}", "external", p.ExternalName ?? "", $"external {p.ExternalKind}")),
            };
            var key = (provider.Id, needer.Id);
            if (!edges.TryGetValue(key, out var list)) edges[key] = list = [];
            list.Add(d);
        }
        return (nodes.Values.ToList(), edges.Select(e => new Edge(nodes[e.Key.Item1], nodes[e.Key.Item2], e.Value)).ToList());
    }

    public static string Render(IReadOnlyList<DependencyDto> dependencies)
    {
        var (nodes, edges) = Graph(dependencies);
        var sb = new StringBuilder();
        if (nodes.Count == 0)
        {
            sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dependency-map\" viewBox=\"0 0 480 60\" width=\"480\" height=\"60\" role=\"img\" aria-labelledby=\"dep-map-title\">");
            sb.Append("<title id=\"dep-map-title\">Dependency map: no dependencies</title>");
            sb.Append("<text x=\"16\" y=\"34\" font-family=\"system-ui, sans-serif\" font-size=\"14\" fill=\"#374151\">No dependencies to draw.</text></svg>");
            return sb.ToString();
        }
        var radius = Math.Max(150, nodes.Count * (BoxWidth + 24) / (2 * Math.PI));
        var (width, height) = (2 * radius + BoxWidth + 2 * Margin, 2 * radius + BoxHeight + 2 * Margin + 40);
        var (cx, cy) = (width / 2, Margin + 40 + radius + BoxHeight / 2);
        var at = new Dictionary<string, (double X, double Y)>();
        for (var i = 0; i < nodes.Count; i++)
        {
            var angle = -Math.PI / 2 + 2 * Math.PI * i / nodes.Count;
            at[nodes[i].Id] = (cx + radius * Math.Cos(angle), cy + radius * Math.Sin(angle));
        }
        var atRisk = edges.Count(e => e.AtRisk);
        sb.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dependency-map\" viewBox=\"0 0 {N(width)} {N(height)}\" width=\"{N(width)}\" height=\"{N(height)}\" role=\"group\" aria-labelledby=\"dep-map-title dep-map-desc\" font-family=\"system-ui, sans-serif\">");
        sb.Append("<title id=\"dep-map-title\">Dependency map</title>");
        sb.Append(CultureInfo.InvariantCulture,
            $"<desc id=\"dep-map-desc\">{nodes.Count} parties and {dependencies.Count} dependencies ({dependencies.Count(d => d.AtRisk)} at risk). Each arrow points from the provider to the team or product that needs it; an arrow at risk is dashed and labelled \"at risk\". The table after the map lists the same dependencies.</desc>");
        sb.Append("<defs><marker id=\"dep-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#374151\"/></marker>");
        sb.Append("<marker id=\"dep-arrow-risk\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#b91c1c\"/></marker></defs>");
        // Legend: the line style says it, not the colour alone.
        sb.Append(CultureInfo.InvariantCulture, $"<g class=\"legend\" aria-hidden=\"true\" font-size=\"12\" fill=\"#374151\">");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Margin)}\" y1=\"{N(Margin)}\" x2=\"{N(Margin + 28)}\" y2=\"{N(Margin)}\" stroke=\"#374151\" stroke-width=\"2\"/><text x=\"{N(Margin + 34)}\" y=\"{N(Margin + 4)}\">on track</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Margin + 110)}\" y1=\"{N(Margin)}\" x2=\"{N(Margin + 138)}\" y2=\"{N(Margin)}\" stroke=\"#b91c1c\" stroke-width=\"2.5\" stroke-dasharray=\"7 4\"/><text x=\"{N(Margin + 144)}\" y=\"{N(Margin + 4)}\">at risk (dashed, labelled)</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Margin + 310)}\" y1=\"{N(Margin)}\" x2=\"{N(Margin + 338)}\" y2=\"{N(Margin)}\" stroke=\"#9ca3af\" stroke-width=\"2\" stroke-dasharray=\"1 4\"/><text x=\"{N(Margin + 344)}\" y=\"{N(Margin + 4)}\">closed</text></g>");

        var labels = new StringBuilder();
        foreach (var edge in edges.OrderBy(e => e.AtRisk))
        {
            var (x1, y1) = at[edge.Provider.Id];
            var (x2, y2) = at[edge.Needer.Id];
            var (sx, sy) = Border(x1, y1, x2, y2);
            var (ex, ey) = Border(x2, y2, x1, y1);
            var (stroke, dash, marker, cls) = edge.AtRisk ? ("#b91c1c", " stroke-dasharray=\"7 4\"", "dep-arrow-risk", "dep-edge at-risk")
                : edge.Closed ? ("#9ca3af", " stroke-dasharray=\"1 4\"", "dep-arrow", "dep-edge closed") : ("#374151", "", "dep-arrow", "dep-edge");
            var first = edge.Dependencies.OrderByDescending(d => d.AtRisk).First();
            var titles = string.Join("; ", edge.Dependencies.Select(d => $"{d.Title} (needed by {d.NeededBy:yyyy-MM-dd}, {d.Status}{(d.AtRisk ? ", at risk" : "")})"));
            var summary = $"{edge.Provider.Label} provides to {edge.Needer.Label}: {titles}";
            sb.Append(CultureInfo.InvariantCulture, $"<a href=\"{Esc(AppRoutes.Dependency(first.Id))}\" class=\"{cls}\" data-testid=\"map-edge\" data-at-risk=\"{(edge.AtRisk ? "true" : "false")}\" aria-label=\"{Esc(summary)}\">");
            sb.Append(CultureInfo.InvariantCulture, $"<title>{Esc(summary)}</title>");
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(sx)}\" y1=\"{N(sy)}\" x2=\"{N(ex)}\" y2=\"{N(ey)}\" stroke=\"transparent\" stroke-width=\"10\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(sx)}\" y1=\"{N(sy)}\" x2=\"{N(ex)}\" y2=\"{N(ey)}\" stroke=\"{stroke}\" stroke-width=\"{(edge.AtRisk ? "2.5" : "1.8")}\"{dash} marker-end=\"url(#{marker})\"/></a>");
            var text = (edge.AtRisk ? "at risk" : "") + (edge.Dependencies.Count > 1 ? $"{(edge.AtRisk ? " · " : "")}{edge.Dependencies.Count}" : "");
            if (text.Length > 0)
                labels.Append(CultureInfo.InvariantCulture,
                    $"<text x=\"{N((sx + ex) / 2)}\" y=\"{N((sy + ey) / 2 - 4)}\" font-size=\"11\" font-weight=\"600\" text-anchor=\"middle\" fill=\"{stroke}\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\" class=\"dep-edge-label\" aria-hidden=\"true\">{Esc(text)}</text>");
        }
        foreach (var node in nodes)
        {
            var (x, y) = at[node.Id];
            var (fill, border, dash) = node.Kind switch
            {
                "external" => ("#fff7ed", "#c2410c", " stroke-dasharray=\"5 3\""),
                "team" => ("#ecfeff", "#0e7490", ""),
                _ => ("#eef2ff", "#4338ca", ""),
            };
            var kind = node.Kind switch { "external" => "External party", "team" => "Team", _ => "Product" };
            sb.Append(CultureInfo.InvariantCulture, $"<g class=\"dep-node kind-{node.Kind}\" data-testid=\"map-node\" data-label=\"{Esc(node.Label)}\"><title>{kind}: {Esc(node.Label)} ({Esc(node.Detail)})</title>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x - BoxWidth / 2)}\" y=\"{N(y - BoxHeight / 2)}\" width=\"{N(BoxWidth)}\" height=\"{N(BoxHeight)}\" rx=\"{(node.Kind == "team" ? 18 : 6)}\" fill=\"{fill}\" stroke=\"{border}\" stroke-width=\"1.5\"{dash}/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(y - 1)}\" font-size=\"13\" font-weight=\"600\" text-anchor=\"middle\" fill=\"#111827\">{Esc(Cut(node.Label, 22))}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(y + 13)}\" font-size=\"9.5\" text-anchor=\"middle\" fill=\"#4b5563\">{Esc(Cut(node.Kind == "external" ? node.Detail.ToUpperInvariant() : node.Detail, 30))}</text></g>");
        }
        sb.Append(labels).Append("</svg>");
        return sb.ToString();
    }

    /// <summary>Where the line from a box's centre towards another point leaves the box.</summary>
    private static (double X, double Y) Border(double x, double y, double tx, double ty)
    {
        var (dx, dy) = (tx - x, ty - y);
        if (Math.Abs(dx) < 0.001 && Math.Abs(dy) < 0.001) return (x, y);
        var t = Math.Min(Math.Abs(dx) < 0.001 ? double.MaxValue : (BoxWidth / 2 + 4) / Math.Abs(dx), Math.Abs(dy) < 0.001 ? double.MaxValue : (BoxHeight / 2 + 4) / Math.Abs(dy));
        return (x + dx * t, y + dy * t);
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Esc(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
