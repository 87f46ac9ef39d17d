using Tandem.Application.Schedule;
using Tandem.Domain.Common;
using Tandem.Domain.Scheduling;

namespace Tandem.UnitTests.Schedule;

public class CriticalPathTests
{
    private static CpmTask T(int days, int? notBefore = null) => new(days, notBefore);
    private static CpmLink FS(int a, int b, int lag = 0) => new(a, b, LinkType.FinishToStart, lag);
    private static CpmLink SS(int a, int b, int lag = 0) => new(a, b, LinkType.StartToStart, lag);
    private static CpmLink FF(int a, int b, int lag = 0) => new(a, b, LinkType.FinishToFinish, lag);

    [Fact]
    public void Finish_to_start_chains_and_a_parallel_branch_with_slack()
    {
        // 0 (5d) → 1 (3d) → 3 (2d); 0 → 2 (1d) → 3.
        var r = CriticalPath.Compute([T(5), T(3), T(1), T(2)], [FS(0, 1), FS(1, 3), FS(0, 2), FS(2, 3)], 100);
        Assert.Null(r.Cycle);
        Assert.Equal([100, 105, 105, 108], r.EarlyStart);
        Assert.Equal([105, 108, 106, 110], r.EarlyFinish);
        Assert.Equal(110, r.ProjectFinish);
        Assert.Equal([0, 0, 2, 0], r.Slack);
        Assert.Equal([107, 108], [r.LateStart[2], r.LateFinish[2]]);
        Assert.Equal([true, true, false, true], r.Critical);
        Assert.Equal([0, 1, 3], r.Path);
    }

    [Fact]
    public void Lag_and_lead_move_the_successor()
    {
        var withLag = CriticalPath.Compute([T(5), T(3)], [FS(0, 1, 2)], 0);
        Assert.Equal(7, withLag.EarlyStart[1]);
        Assert.Equal(10, withLag.ProjectFinish);
        var withLead = CriticalPath.Compute([T(5), T(3)], [FS(0, 1, -1)], 0);
        Assert.Equal(4, withLead.EarlyStart[1]);
        Assert.Equal([0, 1], withLead.Path);
    }

    [Fact]
    public void Start_to_start_and_finish_to_finish()
    {
        // SS +2: the successor starts two days after the predecessor starts.
        var ss = CriticalPath.Compute([T(10), T(4)], [SS(0, 1, 2)], 0);
        Assert.Equal(2, ss.EarlyStart[1]);
        Assert.Equal(10, ss.ProjectFinish);
        Assert.Equal(4, ss.Slack[1]);
        Assert.Equal(0, ss.Slack[0]);
        // FF +1: the successor finishes a day after the predecessor finishes.
        var ff = CriticalPath.Compute([T(10), T(4)], [FF(0, 1, 1)], 0);
        Assert.Equal(7, ff.EarlyStart[1]);
        Assert.Equal(11, ff.EarlyFinish[1]);
        Assert.Equal([0, 0], ff.Slack);
        Assert.Equal([0, 1], ff.Path);
        // A successor longer than its FF predecessor still starts no earlier than the project start.
        var longer = CriticalPath.Compute([T(2), T(6)], [FF(0, 1)], 0);
        Assert.Equal(0, longer.EarlyStart[1]);
        Assert.Equal(4, longer.Slack[0]);
    }

    [Fact]
    public void Pinned_tasks_start_no_earlier_than_their_date_and_dependencies_push_them_later()
    {
        var r = CriticalPath.Compute([T(5, 0), T(3, 2), T(2, 20)], [FS(0, 1)], 0);
        Assert.Equal(5, r.EarlyStart[1]);
        Assert.Equal(20, r.EarlyStart[2]);
        Assert.Equal(22, r.ProjectFinish);
        Assert.Equal([14, 14, 0], r.Slack);
        Assert.Equal([2], r.Path);
        // A pin before the project start (an active sprint) is kept.
        Assert.Equal(-3, CriticalPath.Compute([T(5, -3)], [], 0).EarlyStart[0]);
    }

    [Fact]
    public void Slipping_a_predecessor_moves_the_critical_path()
    {
        // 0 → 2 and 1 → 2; 1 is longer, so 1 is critical and 0 has slack.
        CpmLink[] links = [FS(0, 2), FS(1, 2)];
        var before = CriticalPath.Compute([T(3), T(6), T(2)], links, 0);
        Assert.Equal([1, 2], before.Path);
        Assert.Equal(3, before.Slack[0]);
        var after = CriticalPath.Compute([T(9), T(6), T(2)], links, 0);
        Assert.Equal([0, 2], after.Path);
        Assert.Equal(3, after.Slack[1]);
        Assert.Equal(0, after.Slack[0]);
    }

    [Fact]
    public void A_cycle_is_named_in_order_with_its_first_task_repeated()
    {
        var r = CriticalPath.Compute([T(1), T(1), T(1), T(1)], [FS(3, 0), FS(0, 1), FS(1, 2), FS(2, 0)], 0);
        Assert.NotNull(r.Cycle);
        var cycle = r.Cycle!;
        Assert.Equal(cycle[0], cycle[^1]);
        Assert.Equal(4, cycle.Length);
        Assert.Equal([0, 1, 2], cycle[..^1].Order());
        for (var k = 0; k + 1 < cycle.Length; k++)
            Assert.Contains(new[] { FS(0, 1), FS(1, 2), FS(2, 0) }, l => l.Predecessor == cycle[k] && l.Successor == cycle[k + 1]);
    }

    [Fact]
    public void The_path_a_new_link_would_close()
    {
        CpmLink[] links = [FS(1, 2), FS(2, 3)];
        // Adding 3 → 1 closes 1 → 2 → 3 (→ 1).
        Assert.Equal([1, 2, 3], CriticalPath.PathBetween(4, links, 1, 3)!);
        Assert.Null(CriticalPath.PathBetween(4, links, 3, 1));
        Assert.Null(CriticalPath.PathBetween(4, links, 0, 3));
    }

    [Fact]
    public void Nothing_scheduled_finishes_at_the_start()
    {
        var r = CriticalPath.Compute([], [], 42);
        Assert.Equal(42, r.ProjectFinish);
        Assert.Empty(r.Path);
    }

    [Fact]
    public void Ten_thousand_tasks_and_fifty_thousand_links_in_well_under_the_budget()
    {
        var (tasks, links) = Generate(10_000, 50_000, seed: 3);
        CriticalPath.Compute(tasks, links, 0);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var r = CriticalPath.Compute(tasks, links, 0);
        watch.Stop();
        Assert.Null(r.Cycle);
        Assert.NotEmpty(r.Path);
        Assert.All(r.Slack, s => Assert.True(s >= 0));
        Assert.True(watch.ElapsedMilliseconds < 1000, $"{watch.ElapsedMilliseconds} ms");
    }

    /// <summary>A random acyclic network: links only go from a lower index to a higher one.</summary>
    public static (CpmTask[] Tasks, CpmLink[] Links) Generate(int n, int m, int seed)
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

    [Theory]
    [InlineData("0", 0)]
    [InlineData("", 0)]
    [InlineData("2d", 2)]
    [InlineData("-1d", -1)]
    [InlineData("+3d", 3)]
    [InlineData("1w", 7)]
    [InlineData(" 2 W ", 14)]
    [InlineData("5", 5)]
    public void Lags_people_write(string text, int days)
    {
        Assert.True(Lag.TryParse(text, out var parsed));
        Assert.Equal(days, parsed);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("2x")]
    [InlineData("d")]
    [InlineData("1.5d")]
    [InlineData("400d")]
    public void Lags_that_do_not_parse(string text) => Assert.False(Lag.TryParse(text, out _));

    [Fact]
    public void Lags_are_written_back_in_weeks_when_whole()
    {
        Assert.Equal("0", Lag.Format(0));
        Assert.Equal("1w", Lag.Format(7));
        Assert.Equal("3d", Lag.Format(3));
        Assert.Equal("-1d", Lag.Format(-1));
    }

    [Fact]
    public void Explicit_dates_are_both_or_neither_and_in_order()
    {
        var now = DateTimeOffset.UnixEpoch;
        Assert.Throws<DomainException>(() => ScheduleEntry.Place(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), new DateOnly(2027, 1, 5), null, Guid.NewGuid(), now));
        Assert.Throws<DomainException>(() => ScheduleEntry.Place(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), new DateOnly(2027, 1, 5), new DateOnly(2027, 1, 4), Guid.NewGuid(), now));
        var entry = ScheduleEntry.Place(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), new DateOnly(2027, 1, 5), new DateOnly(2027, 1, 5), Guid.NewGuid(), now);
        entry.SetDates(null, null, now);
        Assert.Null(entry.Start);
        Assert.Equal(2, entry.Version);
        Assert.Throws<DomainException>(() => ScheduleLink.Between(Guid.NewGuid(), Guid.NewGuid(), entry.ItemId, entry.ItemId, LinkType.FinishToStart, 0, Guid.NewGuid(), now));
    }
}
