using System.Globalization;
using System.Text;

namespace Tandem.Application.Integrations;

/// <summary>
/// Draws the integration map as a self-contained SVG, on the server and without script. The layout is
/// deterministic (the same map always draws the same picture): systems stand in columns layered from
/// provider to consumer (longest path, cycles broken in name order), ordered in each column by the average
/// position of their providers; components are rows inside their system; interfaces are labelled curves
/// coloured and dashed by status. Every box and arrow is a link to its page, with a title for assistive
/// technology; the page also shows the same map as a table.
/// </summary>
public static class IntegrationMapSvg
{
    private const double BoxWidth = 220, HeaderHeight = 34, RowHeight = 24, ColumnGap = 190, RowGap = 34, Margin = 24, LegendHeight = 40;

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

        var systems = map.Systems;
        var byId = map.Systems.Concat(map.Components).ToDictionary(s => s.Id);
        var componentsOf = map.Components.GroupBy(c => c.ParentId!.Value).ToDictionary(g => g.Key, g => g.ToList());
        Guid Top(Guid id) => byId.TryGetValue(id, out var s) && s.ParentId is { } p ? p : id;
        var faces = map.Interfaces.Where(f => byId.ContainsKey(f.ProviderId) && byId.ContainsKey(f.ConsumerId)).ToList();

        var layer = Layers(systems, faces.Select(f => (Top(f.ProviderId), Top(f.ConsumerId))).Where(e => e.Item1 != e.Item2).Distinct().ToList());
        var columns = systems.GroupBy(s => layer[s.Id]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();

        // Order each column by the mean row of its providers in earlier columns, then by name: fewer crossings, same result every time.
        var row = new Dictionary<Guid, double>();
        foreach (var column in columns)
        {
            var ordered = column.Select(s =>
            {
                var from = faces.Where(f => Top(f.ConsumerId) == s.Id && row.ContainsKey(Top(f.ProviderId))).Select(f => row[Top(f.ProviderId)]).ToList();
                return (System: s, Weight: from.Count > 0 ? from.Average() : double.MaxValue);
            }).OrderBy(x => x.Weight).ThenBy(x => x.System.Name, StringComparer.OrdinalIgnoreCase).ThenBy(x => x.System.Id).Select(x => x.System).ToList();
            column.Clear();
            column.AddRange(ordered);
            for (var i = 0; i < column.Count; i++) row[column[i].Id] = i;
        }

        // Boxes.
        var box = new Dictionary<Guid, (double X, double Y, double H)>();
        var rowY = new Dictionary<Guid, double>();
        double height = 0;
        for (var c = 0; c < columns.Count; c++)
        {
            var x = Margin + c * (BoxWidth + ColumnGap);
            var y = Margin + LegendHeight;
            foreach (var s in columns[c])
            {
                var parts = componentsOf.GetValueOrDefault(s.Id) ?? [];
                var h = HeaderHeight + parts.Count * RowHeight + (parts.Count > 0 ? 8 : 0);
                box[s.Id] = (x, y, h);
                for (var i = 0; i < parts.Count; i++) rowY[parts[i].Id] = y + HeaderHeight + i * RowHeight + RowHeight / 2;
                y += h + RowGap;
            }
            height = Math.Max(height, y);
        }
        var width = Margin * 2 + columns.Count * BoxWidth + (columns.Count - 1) * ColumnGap + ColumnGap / 2;
        height += Margin;

        sb.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"integration-map\" viewBox=\"0 0 {N(width)} {N(height)}\" width=\"{N(width)}\" height=\"{N(height)}\" role=\"group\" aria-labelledby=\"map-title map-desc\" font-family=\"system-ui, sans-serif\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"map-title\">Integration map of {Esc(key)}</title>");
        sb.Append(CultureInfo.InvariantCulture,
            $"<desc id=\"map-desc\">{systems.Count} systems ({systems.Count(s => s.External)} external partners), {map.Components.Count} components and {faces.Count} interfaces. Providers stand left of their consumers; each arrow points from provider to consumer. The table after the diagram lists the same map.</desc>");
        sb.Append("<defs>");
        foreach (var (status, _, colour, _) in Statuses)
            sb.Append(CultureInfo.InvariantCulture, $"<marker id=\"arrow-{status}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>");
        sb.Append("</defs>");

        // Legend.
        double lx = Margin;
        foreach (var (status, label, colour, dash) in Statuses)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<g class=\"legend\" aria-hidden=\"true\"><line x1=\"{N(lx)}\" y1=\"{N(Margin + 6)}\" x2=\"{N(lx + 28)}\" y2=\"{N(Margin + 6)}\" stroke=\"{colour}\" stroke-width=\"2.5\"{Dash(dash)}/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(lx + 34)}\" y=\"{N(Margin + 10)}\" font-size=\"12\" fill=\"#374151\">{label}</text></g>");
            lx += 42 + label.Length * 7;
        }
        sb.Append(CultureInfo.InvariantCulture, $"<g aria-hidden=\"true\"><rect x=\"{N(lx)}\" y=\"{N(Margin - 2)}\" width=\"22\" height=\"16\" rx=\"3\" fill=\"#fff7ed\" stroke=\"#c2410c\" stroke-dasharray=\"5 3\"/><text x=\"{N(lx + 28)}\" y=\"{N(Margin + 10)}\" font-size=\"12\" fill=\"#374151\">external partner</text></g>");

        // Interfaces: spread the ends that attach to the same side of the same box so arrows do not share a point.
        var ends = new Dictionary<(Guid Node, char Side), List<Guid>>();
        var plans = new List<(MapInterfaceDto Face, char FromSide, char ToSide, bool Loop)>();
        foreach (var f in faces)
        {
            var (p, q) = (Top(f.ProviderId), Top(f.ConsumerId));
            var forward = layer[q] > layer[p];
            var backward = layer[q] < layer[p];
            var (fromSide, toSide) = forward ? ('R', 'L') : backward ? ('L', 'R') : ('R', 'R');
            plans.Add((f, fromSide, toSide, !forward && !backward));
            Add((f.ProviderId, fromSide), f.Id);
            Add((f.ConsumerId, toSide), f.Id);
        }
        double Anchor(Guid node, char side, Guid face)
        {
            var list = ends[(node, side)];
            var k = list.IndexOf(face);
            if (rowY.TryGetValue(node, out var cy)) return cy + (k - (list.Count - 1) / 2.0) * Math.Min(4, 16.0 / list.Count);
            var (_, y, _) = box[node];
            return y + 6 + (HeaderHeight - 12) * (k + 1) / (list.Count + 1);
        }
        double Side(Guid node, char side) => box[Top(node)].X + (side == 'R' ? BoxWidth : 0);

        var labels = new List<(double X, double Y, double W)>();
        var labelLinks = new StringBuilder();
        var loops = 0;
        foreach (var (f, fromSide, toSide, loop) in plans)
        {
            var (_, _, colour, dash) = Statuses.FirstOrDefault(s => s.Status == f.Status) is { Colour: not null } st ? st : Statuses[0];
            var (x1, y1) = (Side(f.ProviderId, fromSide), Anchor(f.ProviderId, fromSide, f.Id));
            var (x2, y2) = (Side(f.ConsumerId, toSide), Anchor(f.ConsumerId, toSide, f.Id));
            double c1, c2;
            if (loop)
            {
                var reach = 50 + (loops++ % 6) * 14;
                (c1, c2) = (x1 + reach, x2 + reach);
            }
            else
            {
                var pull = Math.Max(50, Math.Abs(x2 - x1) / 2);
                (c1, c2) = fromSide == 'R' ? (x1 + pull, x2 - pull) : (x1 - pull, x2 + pull);
            }
            // The label sits on the curve in the gap next to the consumer's column (loops: at their far point), never inside a box.
            var targetX = loop ? double.NaN : toSide == 'L' ? x2 - ColumnGap / 2 : x2 + ColumnGap / 2;
            var (mx, my) = At(0.5);
            if (!double.IsNaN(targetX))
            {
                for (var step = 0; step <= 40; step++)
                {
                    var p = At(step / 40.0);
                    if (Math.Abs(p.X - targetX) < Math.Abs(mx - targetX)) (mx, my) = p;
                }
            }
            var text = $"{Cut(f.Name, 24)} · {f.Protocol}";

            (double X, double Y) At(double t)
            {
                var u = 1 - t;
                return (u * u * u * x1 + 3 * u * u * t * c1 + 3 * u * t * t * c2 + t * t * t * x2, u * u * u * y1 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y2);
            }
            var tw = text.Length * 6.2;
            var ly = my - 4;
            for (var tries = 0; tries < 8 && labels.Any(l => Math.Abs(l.X - mx) < (l.W + tw) / 2 && Math.Abs(l.Y - ly) < 13); tries++) ly += 13;
            labels.Add((mx, ly, tw));
            var external = f.External ? ", crosses to an external partner" : "";
            sb.Append(CultureInfo.InvariantCulture, $"<a href=\"/p/{Esc(key)}/integrations/interfaces/{f.Id}\" class=\"map-interface status-{f.Status}\" data-id=\"{f.Id}\" aria-label=\"Interface {Esc(f.Name)}: {Esc(byId[f.ProviderId].Name)} provides, {Esc(byId[f.ConsumerId].Name)} consumes; {f.Protocol}, {f.Status}{external}\">");
            sb.Append(CultureInfo.InvariantCulture, $"<title>{Esc(f.Name)}: {Esc(byId[f.ProviderId].Name)} → {Esc(byId[f.ConsumerId].Name)} ({f.Protocol}, {f.Status}{(f.Risk is "none" ? "" : ", risk " + f.Risk)})</title>");
            sb.Append(CultureInfo.InvariantCulture, $"<path d=\"M{N(x1)},{N(y1)} C{N(c1)},{N(y1)} {N(c2)},{N(y2)} {N(x2)},{N(y2)}\" fill=\"none\" stroke=\"transparent\" stroke-width=\"10\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<path d=\"M{N(x1)},{N(y1)} C{N(c1)},{N(y1)} {N(c2)},{N(y2)} {N(x2)},{N(y2)}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{(f.External ? "2.5" : "1.8")}\"{Dash(dash)} marker-end=\"url(#arrow-{f.Status})\"/></a>");
            // Labels go on top of every curve, so no curve covers another arrow's label; the label is a second
            // link to the same page, hidden from assistive technology (the arrow's own link speaks for it).
            labelLinks.Append(CultureInfo.InvariantCulture, $"<a href=\"/p/{Esc(key)}/integrations/interfaces/{f.Id}\" class=\"map-label\" data-id=\"{f.Id}\" tabindex=\"-1\" aria-hidden=\"true\">");
            labelLinks.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(mx)}\" y=\"{N(ly)}\" font-size=\"10.5\" text-anchor=\"middle\" fill=\"#111827\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{Esc(text)}</text></a>");
        }

        // Systems over the curves, so a curve passing behind a box does not cross its text; then their components
        // (links cannot nest in SVG, so each is its own link).
        foreach (var s in systems)
        {
            var (x, y, h) = box[s.Id];
            var (fill, stroke, dash) = s.External ? ("#fff7ed", "#c2410c", " stroke-dasharray=\"5 3\"") : ("#eef2ff", "#4338ca", "");
            var kind = s.External ? "External partner system" : "System";
            sb.Append(CultureInfo.InvariantCulture, $"<a href=\"/p/{Esc(key)}/integrations/systems/{s.Id}\" class=\"map-system{(s.External ? " external" : "")}\" data-id=\"{s.Id}\" aria-label=\"{kind} {Esc(s.Name)}{(s.Owner.Length > 0 ? ", owned by " + Esc(s.Owner) : "")}\">");
            sb.Append(CultureInfo.InvariantCulture, $"<title>{kind}: {Esc(s.Name)}{(s.Owner.Length > 0 ? " (owner: " + Esc(s.Owner) + ")" : "")}</title>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(BoxWidth)}\" height=\"{N(h)}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{dash}/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + 10)}\" y=\"{N(y + 21)}\" font-size=\"13\" font-weight=\"600\" fill=\"#111827\">{Esc(Cut(s.Name, 26))}</text>");
            if (s.External) sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + BoxWidth - 8)}\" y=\"{N(y + 12)}\" font-size=\"9\" text-anchor=\"end\" fill=\"#9a3412\">EXTERNAL</text>");
            sb.Append("</a>");
            foreach (var c in componentsOf.GetValueOrDefault(s.Id) ?? [])
            {
                var cy = rowY[c.Id] - RowHeight / 2 + 2;
                sb.Append(CultureInfo.InvariantCulture, $"<a href=\"/p/{Esc(key)}/integrations/systems/{c.Id}\" class=\"map-component\" data-id=\"{c.Id}\" aria-label=\"Component {Esc(c.Name)} of {Esc(s.Name)}\">");
                sb.Append(CultureInfo.InvariantCulture, $"<title>Component {Esc(c.Name)} of {Esc(s.Name)}</title>");
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x + 10)}\" y=\"{N(cy)}\" width=\"{N(BoxWidth - 20)}\" height=\"{N(RowHeight - 4)}\" rx=\"4\" fill=\"#ffffff\" stroke=\"{stroke}\" stroke-width=\"1\"/>");
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + 18)}\" y=\"{N(cy + 14)}\" font-size=\"11.5\" fill=\"#1f2937\">{Esc(Cut(c.Name, 30))}</text></a>");
            }
        }

        sb.Append(labelLinks).Append("</svg>");
        return sb.ToString();

        void Add((Guid, char) at, Guid face)
        {
            if (!ends.TryGetValue(at, out var list)) ends[at] = list = [];
            list.Add(face);
        }
    }

    /// <summary>Longest-path layers over the provider→consumer graph; edges that close a cycle (found depth-first in name order) are ignored.</summary>
    private static Dictionary<Guid, int> Layers(IReadOnlyList<MapSystemDto> systems, List<(Guid From, Guid To)> edges)
    {
        var order = systems.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Id).Select(s => s.Id).ToList();
        var outgoing = order.ToDictionary(id => id, id => edges.Where(e => e.From == id).Select(e => e.To).Distinct()
            .OrderBy(order.IndexOf).ToList());
        var state = new Dictionary<Guid, int>();
        var kept = new List<(Guid From, Guid To)>();
        foreach (var start in order) Visit(start);

        var layer = order.ToDictionary(id => id, _ => 0);
        var indegree = order.ToDictionary(id => id, id => kept.Count(e => e.To == id));
        var ready = new Queue<Guid>(order.Where(id => indegree[id] == 0));
        while (ready.Count > 0)
        {
            var n = ready.Dequeue();
            foreach (var e in kept.Where(e => e.From == n))
            {
                layer[e.To] = Math.Max(layer[e.To], layer[n] + 1);
                if (--indegree[e.To] == 0) ready.Enqueue(e.To);
            }
        }
        // Pull each pure provider right, next to its nearest consumer, so its arrows do not cross the whole map.
        foreach (var id in order.Where(id => kept.All(e => e.To != id) && kept.Any(e => e.From == id)))
            layer[id] = Math.Max(0, kept.Where(e => e.From == id).Min(e => layer[e.To]) - 1);
        return layer;

        void Visit(Guid n)
        {
            if (state.ContainsKey(n)) return;
            state[n] = 1;
            foreach (var m in outgoing[n])
            {
                if (state.TryGetValue(m, out var s) && s == 1) continue;
                kept.Add((n, m));
                Visit(m);
            }
            state[n] = 2;
        }
    }

    private static string Dash(string dash) => dash.Length == 0 ? "" : $" stroke-dasharray=\"{dash}\"";

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Esc(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
