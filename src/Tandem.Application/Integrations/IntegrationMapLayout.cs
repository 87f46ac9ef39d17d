namespace Tandem.Application.Integrations;

/// <summary>Where one system's box stands, and the rows of its components inside it.</summary>
public sealed record MapBox(MapSystemDto System, double X, double Y, double Height, IReadOnlyList<MapRow> Components);

/// <summary>One component's row inside its system's box; <see cref="Top"/> is the row's upper edge.</summary>
public sealed record MapRow(MapSystemDto Component, double Top);

/// <summary>
/// One interface drawn as a cubic curve from (X1, Y1) to (X2, Y2) with control points at (C1, Y1) and
/// (C2, Y2), and where its label (<see cref="Label"/>) sits.
/// </summary>
public sealed record MapCurve(MapInterfaceDto Interface, MapSystemDto Provider, MapSystemDto Consumer,
    double X1, double Y1, double C1, double C2, double X2, double Y2, string Label, double LabelX, double LabelY);

/// <summary>The integration map's geometry: the size of the picture, the boxes and the curves, in drawing order.</summary>
public sealed record MapLayout(double Width, double Height, IReadOnlyList<MapBox> Boxes, IReadOnlyList<MapCurve> Curves);

/// <summary>
/// Lays out the integration map; the web layer draws it. The layout is deterministic (the same map always
/// gives the same picture): systems stand in columns layered from provider to consumer (longest path, cycles
/// broken in name order), ordered in each column by the average position of their providers; components are
/// rows inside their system; each interface is a curve whose ends are spread along the side of the box they
/// attach to, with its label placed in the gap next to the consumer and moved down until it overlaps no other.
/// </summary>
public static class IntegrationMapLayout
{
    public const double BoxWidth = 220, HeaderHeight = 34, RowHeight = 24, ColumnGap = 190, RowGap = 34, Margin = 24, LegendHeight = 40;

    /// <summary>The longest interface name shown in a label, and roughly how wide a label character is.</summary>
    private const int LabelNameLength = 24;
    private const double LabelCharWidth = 6.2, LabelLineHeight = 13;

    public static MapLayout Lay(IntegrationMapDto map)
    {
        var systems = map.Systems;
        if (systems.Count == 0) return new MapLayout(0, 0, [], []);
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
        var curves = new List<MapCurve>();
        var loops = 0;
        foreach (var (f, fromSide, toSide, loop) in plans)
        {
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
            var text = $"{Cut(f.Name, LabelNameLength)} · {f.Protocol}";

            (double X, double Y) At(double t)
            {
                var u = 1 - t;
                return (u * u * u * x1 + 3 * u * u * t * c1 + 3 * u * t * t * c2 + t * t * t * x2, u * u * u * y1 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y2);
            }
            var tw = text.Length * LabelCharWidth;
            var ly = my - 4;
            for (var tries = 0; tries < 8 && labels.Any(l => Math.Abs(l.X - mx) < (l.W + tw) / 2 && Math.Abs(l.Y - ly) < LabelLineHeight); tries++) ly += LabelLineHeight;
            labels.Add((mx, ly, tw));
            curves.Add(new MapCurve(f, byId[f.ProviderId], byId[f.ConsumerId], x1, y1, c1, c2, x2, y2, text, mx, ly));
        }

        var boxes = systems.Select(s =>
        {
            var (x, y, h) = box[s.Id];
            var parts = (componentsOf.GetValueOrDefault(s.Id) ?? []).Select(c => new MapRow(c, rowY[c.Id] - RowHeight / 2 + 2)).ToList();
            return new MapBox(s, x, y, h, parts);
        }).ToList();
        return new MapLayout(width, height, boxes, curves);

        void Add((Guid, char) at, Guid face)
        {
            if (!ends.TryGetValue(at, out var list)) ends[at] = list = [];
            list.Add(face);
        }
    }

    /// <summary>Shortens a name to <paramref name="max"/> characters, the last one an ellipsis.</summary>
    public static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

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
}
