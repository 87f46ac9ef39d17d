using Tandem.Domain.Scheduling;

namespace Tandem.Application.Schedule;

/// <summary>
/// One task of the critical-path method: its duration in days and, for a task whose dates are pinned (set by
/// the TPM or by its sprint), the day it may not start before. Days are any consistent integer scale (the
/// schedule uses <see cref="DateOnly.DayNumber"/>); a finish is exclusive (start + duration).
/// </summary>
public readonly record struct CpmTask(int Duration, int? NotBefore);

/// <summary>A dependency between two tasks by index, with its lag in days (negative is a lead).</summary>
public readonly record struct CpmLink(int Predecessor, int Successor, LinkType Type, int Lag);

/// <summary>
/// The outcome of <see cref="CriticalPath.Compute"/>: early and late start/finish per task, slack, which tasks
/// are critical (zero slack), the critical path as an ordered chain of task indexes (the driving chain that
/// ends at the project's finish), and the project finish. <see cref="Cycle"/> is set (and nothing else
/// meaningful) when the links go round in a circle: the tasks in order, the first repeated at the end.
/// </summary>
public sealed class CpmResult
{
    public required int[] EarlyStart { get; init; }
    public required int[] EarlyFinish { get; init; }
    public required int[] LateStart { get; init; }
    public required int[] LateFinish { get; init; }
    public required int[] Slack { get; init; }
    public required bool[] Critical { get; init; }
    public required int[] Path { get; init; }
    public int ProjectFinish { get; init; }
    public int[]? Cycle { get; init; }
}

/// <summary>
/// The critical-path method, pure and allocation-light: a topological order (Kahn), a forward pass for the
/// early dates, a backward pass from the project finish for the late dates, slack = late start − early start.
/// Finish-to-start: successor start ≥ predecessor finish + lag; start-to-start: successor start ≥
/// predecessor start + lag; finish-to-finish: successor finish ≥ predecessor finish + lag. A task with no
/// <see cref="CpmTask.NotBefore"/> starts no earlier than the project start; a pinned one no earlier than its
/// pin (which may be before the project start: an active sprint). Linear in tasks + links.
/// </summary>
public static class CriticalPath
{
    public static CpmResult Compute(IReadOnlyList<CpmTask> tasks, IReadOnlyList<CpmLink> links, int projectStart)
    {
        var n = tasks.Count;
        var (outStart, outLinks) = Adjacency(n, links, outgoing: true);
        var (inStart, inLinks) = Adjacency(n, links, outgoing: false);
        var order = TopologicalOrder(n, links, outStart, outLinks);
        if (order.Length < n)
        {
            return new CpmResult
            {
                EarlyStart = [], EarlyFinish = [], LateStart = [], LateFinish = [], Slack = [], Critical = [], Path = [],
                Cycle = FindCycle(n, links, inStart, inLinks, order),
            };
        }

        var es = new int[n];
        var ef = new int[n];
        var finish = int.MinValue;
        foreach (var j in order)
        {
            var duration = tasks[j].Duration;
            var start = tasks[j].NotBefore ?? projectStart;
            for (var k = inStart[j]; k < inStart[j + 1]; k++)
            {
                var link = links[inLinks[k]];
                var i = link.Predecessor;
                var bound = link.Type switch
                {
                    LinkType.FinishToStart => ef[i] + link.Lag,
                    LinkType.StartToStart => es[i] + link.Lag,
                    _ => ef[i] + link.Lag - duration,
                };
                if (bound > start) start = bound;
            }
            es[j] = start;
            ef[j] = start + duration;
            if (ef[j] > finish) finish = ef[j];
        }
        if (n == 0) finish = projectStart;

        var ls = new int[n];
        var lf = new int[n];
        var slack = new int[n];
        var critical = new bool[n];
        for (var x = n - 1; x >= 0; x--)
        {
            var i = order[x];
            var duration = tasks[i].Duration;
            var late = finish;
            for (var k = outStart[i]; k < outStart[i + 1]; k++)
            {
                var link = links[outLinks[k]];
                var j = link.Successor;
                var bound = link.Type switch
                {
                    LinkType.FinishToStart => ls[j] - link.Lag,
                    LinkType.StartToStart => ls[j] - link.Lag + duration,
                    _ => lf[j] - link.Lag,
                };
                if (bound < late) late = bound;
            }
            lf[i] = late;
            ls[i] = late - duration;
            slack[i] = ls[i] - es[i];
            critical[i] = slack[i] <= 0;
        }

        return new CpmResult
        {
            EarlyStart = es, EarlyFinish = ef, LateStart = ls, LateFinish = lf, Slack = slack, Critical = critical,
            Path = DrivingChain(n, links, inStart, inLinks, order, es, ef, critical, finish), ProjectFinish = finish,
        };
    }

    /// <summary>
    /// The chain of critical tasks that drives the finish: from the critical task finishing last (the latest
    /// in topological order on a tie, so a successor finishing with its predecessor ends the chain), back through the critical predecessor whose link is tight, to a task no
    /// link holds back. Returned first to last.
    /// </summary>
    private static int[] DrivingChain(int n, IReadOnlyList<CpmLink> links, int[] inStart, int[] inLinks, int[] order, int[] es, int[] ef, bool[] critical, int finish)
    {
        var current = -1;
        for (var x = order.Length - 1; x >= 0 && current < 0; x--)
            if (critical[order[x]] && ef[order[x]] == finish) current = order[x];
        if (current < 0) return [];
        var chain = new List<int> { current };
        var seen = new bool[n];
        seen[current] = true;
        while (true)
        {
            var next = -1;
            for (var k = inStart[current]; k < inStart[current + 1] && next < 0; k++)
            {
                var link = links[inLinks[k]];
                var i = link.Predecessor;
                if (!critical[i] || seen[i]) continue;
                var tight = link.Type switch
                {
                    LinkType.FinishToStart => ef[i] + link.Lag == es[current],
                    LinkType.StartToStart => es[i] + link.Lag == es[current],
                    _ => ef[i] + link.Lag == ef[current],
                };
                if (tight) next = i;
            }
            if (next < 0) break;
            seen[next] = true;
            chain.Add(next);
            current = next;
        }
        chain.Reverse();
        return chain.ToArray();
    }

    /// <summary>
    /// The path of task indexes from <paramref name="from"/> to <paramref name="to"/> along the links (breadth
    /// first, so the shortest), or null when there is none. Adding the link to → from would close exactly this
    /// path into a cycle.
    /// </summary>
    public static int[]? PathBetween(int n, IReadOnlyList<CpmLink> links, int from, int to)
    {
        if (from == to) return [from];
        var (outStart, outLinks) = Adjacency(n, links, outgoing: true);
        var parent = new int[n];
        Array.Fill(parent, -1);
        parent[from] = from;
        var queue = new Queue<int>();
        queue.Enqueue(from);
        while (queue.Count > 0)
        {
            var i = queue.Dequeue();
            for (var k = outStart[i]; k < outStart[i + 1]; k++)
            {
                var j = links[outLinks[k]].Successor;
                if (parent[j] >= 0) continue;
                parent[j] = i;
                if (j == to)
                {
                    var path = new List<int> { to };
                    for (var p = i; p != from; p = parent[p]) path.Add(p);
                    path.Add(from);
                    path.Reverse();
                    return path.ToArray();
                }
                queue.Enqueue(j);
            }
        }
        return null;
    }

    private static (int[] Start, int[] Links) Adjacency(int n, IReadOnlyList<CpmLink> links, bool outgoing)
    {
        var start = new int[n + 1];
        for (var k = 0; k < links.Count; k++) start[(outgoing ? links[k].Predecessor : links[k].Successor) + 1]++;
        for (var i = 0; i < n; i++) start[i + 1] += start[i];
        var fill = new int[n];
        var result = new int[links.Count];
        for (var k = 0; k < links.Count; k++)
        {
            var at = outgoing ? links[k].Predecessor : links[k].Successor;
            result[start[at] + fill[at]++] = k;
        }
        return (start, result);
    }

    private static int[] TopologicalOrder(int n, IReadOnlyList<CpmLink> links, int[] outStart, int[] outLinks)
    {
        var indegree = new int[n];
        for (var k = 0; k < links.Count; k++) indegree[links[k].Successor]++;
        var order = new int[n];
        var head = 0;
        var tail = 0;
        for (var i = 0; i < n; i++) if (indegree[i] == 0) order[tail++] = i;
        while (head < tail)
        {
            var i = order[head++];
            for (var k = outStart[i]; k < outStart[i + 1]; k++)
                if (--indegree[links[outLinks[k]].Successor] == 0) order[tail++] = links[outLinks[k]].Successor;
        }
        return tail == n ? order : order[..tail];
    }

    /// <summary>
    /// A cycle among the tasks the topological order could not place. Every unplaced task kept an unplaced
    /// predecessor, so walking back through unplaced predecessors must repeat a task: that loop, turned
    /// forward, is the cycle (its first task repeated at the end).
    /// </summary>
    private static int[] FindCycle(int n, IReadOnlyList<CpmLink> links, int[] inStart, int[] inLinks, int[] placed)
    {
        var done = new bool[n];
        foreach (var i in placed) done[i] = true;
        var position = new int[n];
        Array.Fill(position, -1);
        var walk = new List<int>();
        var current = Array.IndexOf(done, false);
        while (position[current] < 0)
        {
            position[current] = walk.Count;
            walk.Add(current);
            for (var k = inStart[current]; k < inStart[current + 1]; k++)
            {
                var i = links[inLinks[k]].Predecessor;
                if (!done[i]) { current = i; break; }
            }
        }
        var cycle = walk.Skip(position[current]).ToList();
        cycle.Reverse();
        cycle.Add(cycle[0]);
        return cycle.ToArray();
    }
}
