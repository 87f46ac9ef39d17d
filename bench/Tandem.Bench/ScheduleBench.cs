using System.Diagnostics;
using System.Globalization;
using Tandem.Application.Schedule;
using Tandem.Domain.Scheduling;
using Tandem.Web.Features.Schedule;

namespace Tandem.Bench;

/// <summary>
/// Issue 11's schedule budgets, in process (pure computation, no database): the critical-path method over
/// 10,000 items and 50,000 dependencies (≤ 100 ms) and the Gantt SVG of 2,000 bars (≤ 200 ms), p50/p95 over
/// <c>runs</c> runs after a warm-up. Usage: <c>dotnet run -c Release --project bench/Tandem.Bench -- --schedule</c>.
/// </summary>
public static class ScheduleBench
{
    public static void Run(int runs = 30)
    {
        var (tasks, links) = Network(10_000, 50_000, seed: 11);
        var cpm = Measure(runs, () => CriticalPath.Compute(tasks, links, 0).ProjectFinish);
        var schedule = Schedule(2_000, seed: 5);
        var length = 0;
        var gantt = Measure(runs, () => length = GanttSvg.Draw(schedule).Length);

        Console.WriteLine($"cores: {Environment.ProcessorCount}, runs: {runs}");
        Console.WriteLine("| measure | size | p50 | p95 | budget |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| critical path (forward + backward pass, slack, path) | 10,000 items / 50,000 links | {Ms(cpm.P50)} | {Ms(cpm.P95)} | 100 ms |");
        Console.WriteLine($"| Gantt SVG (baseline, drift, critical hatching) | 2,000 bars, {length / 1024} KiB | {Ms(gantt.P50)} | {Ms(gantt.P95)} | 200 ms |");
    }

    private static (double P50, double P95) Measure(int runs, Func<int> work)
    {
        for (var i = 0; i < 3; i++) work();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            work();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[(int)Math.Ceiling(runs * 0.5) - 1], times[(int)Math.Ceiling(runs * 0.95) - 1]);
    }

    private static string Ms(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>A random acyclic network (links go from a lower index to a higher one), every link type, lags and leads, some pinned tasks.</summary>
    private static (CpmTask[] Tasks, CpmLink[] Links) Network(int n, int m, int seed)
    {
        var random = new Random(seed);
        var tasks = Enumerable.Range(0, n).Select(_ => new CpmTask(random.Next(1, 15), random.Next(10) == 0 ? random.Next(0, 200) : null)).ToArray();
        var links = new CpmLink[m];
        for (var k = 0; k < m; k++)
        {
            var a = random.Next(n - 1);
            var b = a + 1 + random.Next(Math.Min(200, n - a - 1));
            links[k] = new CpmLink(a, b, (LinkType)random.Next(3), random.Next(-2, 5));
        }
        return (tasks, links);
    }

    /// <summary>A schedule of <paramref name="bars"/> items over four teams, each with a baseline and drift, a tenth critical.</summary>
    private static ScheduleDto Schedule(int bars, int seed)
    {
        var random = new Random(seed);
        var today = new DateOnly(2026, 12, 5);
        var items = Enumerable.Range(1, bars).Select(n =>
        {
            var start = today.AddDays(random.Next(-60, 300));
            var end = start.AddDays(random.Next(1, 40));
            var drift = random.Next(-5, 10);
            var slack = random.Next(10) == 0 ? 0 : random.Next(1, 30);
            return new ScheduleItemDto(Guid.NewGuid(), $"PAY-{n}", $"Work package {n} with a title of some length", "story", "PAY", $"Team {n % 4}", false,
                start, end, end.DayNumber - start.DayNumber + 1, start, end, start.AddDays(slack), end.AddDays(slack), slack, slack == 0, DateSource.Explicit,
                start, end, start.AddDays(-drift), end.AddDays(-drift), drift, drift, 1);
        }).ToList();
        return new ScheduleDto("PAY", today, items.Max(i => i.End), items, items.Where(i => i.Critical).Take(20).Select(i => i.Key).ToList(), [],
            new BaselineSummary(Guid.NewGuid(), "Kick-off", DateTimeOffset.UnixEpoch, new Tandem.Application.Common.PersonSummary(Guid.NewGuid(), "Dana Park"), bars), null, [], true);
    }
}
