using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tandem.Application.Data;
using Tandem.Application.Dependencies;
using Tandem.Application.Jobs;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.Web;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Jobs;

/// <summary>
/// Background work once per cluster (issue 15, ADR 0033): two web nodes on one database, on the provider under test.
/// A job fires once per period while both run, and when the node running it dies (stopped without giving its lease
/// back, so it simply stops renewing) the other takes over within the lease's expiry plus a period.
/// </summary>
public sealed class ClusterJobTests(ITestOutputHelper output)
{
    private const string Job = "test-heartbeat";
    private const int LeaseSeconds = 3;
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    private static readonly string[] Nodes = ["node-a", "node-b"];

    private sealed record Run(string Node, DateTimeOffset At);

    [Fact]
    public async Task A_job_fires_once_per_period_while_two_nodes_run_and_the_other_node_takes_over_when_its_holder_dies()
    {
        await using var database = await TestDatabase.CreateAsync("jobs");
        var runs = new ConcurrentQueue<Run>();
        var a = await NodeAsync(database, "node-a", runs);
        var b = await NodeAsync(database, "node-b", runs);
        WebApplication? survivor = null;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(7));
            var both = runs.ToList();
            output.WriteLine(string.Join("\n", both.Select(r => $"{r.Node} {r.At:HH:mm:ss.fff}")));
            Assert.True(both.Count >= 3, $"The job ran {both.Count} times in 7 s with a period of 1 s.");
            AssertOncePerPeriod(both);

            // The real job is a cluster job too: its lease row names one of the two nodes.
            await using (var db = database.NewDbContext())
            {
                var holder = await db.Set<JobLease>().Where(l => l.Job == DependencyReassessmentJob.Name).Select(l => l.Holder).SingleAsync();
                Assert.Contains(holder, Nodes);
            }

            // Kill the node running the job: stopped without giving its lease back, it just stops renewing.
            var holderName = both[^1].Node;
            var (dead, alive) = holderName == "node-a" ? (a, b) : (b, a);
            survivor = alive;
            await dead.StopAsync();
            await dead.DisposeAsync();
            var died = TimeProvider.System.GetUtcNow();
            var before = runs.Count;

            var limit = TimeSpan.FromSeconds(LeaseSeconds) + Every + TimeSpan.FromSeconds(LeaseSeconds / 3.0) + TimeSpan.FromSeconds(3);
            var taken = await WaitForAsync(() => runs.Skip(before).FirstOrDefault(r => r.Node != holderName), limit);
            Assert.True(taken is not null, $"No node ran the job within {limit.TotalSeconds} s of {holderName}'s death.");
            output.WriteLine($"{taken.Node} took over {(taken.At - died).TotalSeconds:0.0} s after {holderName} died");
            await Task.Delay(TimeSpan.FromSeconds(2));
            var all = runs.ToList();
            Assert.DoesNotContain(all.Skip(before), r => r.Node == holderName);
            AssertOncePerPeriod(all);
        }
        finally
        {
            foreach (var node in new[] { a, b })
            {
                try { await node.StopAsync(); await node.DisposeAsync(); } catch (ObjectDisposedException) { }
            }
        }
        Assert.NotNull(survivor);
    }

    [Fact]
    public async Task The_lease_is_held_by_one_node_until_it_expires_and_a_period_is_claimed_once()
    {
        await using var database = await TestDatabase.CreateAsync("lease");
        var app = await NodeAsync(database, "node-a", new ConcurrentQueue<Run>(), jobs: false);
        try
        {
            var leases = app.Services.GetRequiredService<JobLeases>();
            var now = TimeProvider.System.GetUtcNow();
            var lease = TimeSpan.FromSeconds(30);

            // Ten nodes ask at once: exactly one holds it.
            var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => leases.TryHoldAsync("race", $"n{i}", now, now + lease, default))));
            Assert.Single(answers, a => a is not null);
            var holder = $"n{Array.FindIndex(answers, a => a is not null)}";
            var other = holder == "n0" ? "n1" : "n0";

            // The holder renews; another node cannot take it before it expires, and can after.
            Assert.NotNull(await leases.TryHoldAsync("race", holder, now.AddSeconds(10), now.AddSeconds(40), default));
            Assert.Null(await leases.TryHoldAsync("race", other, now.AddSeconds(39), now.AddSeconds(69), default));
            Assert.NotNull(await leases.TryHoldAsync("race", other, now.AddSeconds(41), now.AddSeconds(71), default));
            Assert.Null(await leases.TryHoldAsync("race", holder, now.AddSeconds(42), now.AddSeconds(72), default));

            // The first holder counted as having just run it; a period later exactly one claim wins, and only the holder's.
            var every = TimeSpan.FromSeconds(60);
            Assert.False(await leases.ClaimRunAsync("race", other, now.AddSeconds(45), every, default));
            var later = now.AddSeconds(61);
            Assert.NotNull(await leases.TryHoldAsync("race", other, later, later + lease, default));
            Assert.False(await leases.ClaimRunAsync("race", holder, later, every, default));
            var claims = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => leases.ClaimRunAsync("race", other, later, every, default))));
            Assert.Single(claims, c => c);

            // A graceful stop gives the lease back at once.
            await leases.ReleaseAsync("race", other, default);
            Assert.NotNull(await leases.TryHoldAsync("race", holder, later.AddSeconds(1), later.AddSeconds(31), default));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// No two runs in one period, whichever nodes ran them: each run's claim is at least a period after the one before
    /// (claims are taken on one machine's clock here, so no skew allowance is needed).
    /// </summary>
    private static void AssertOncePerPeriod(List<Run> runs)
    {
        for (var i = 1; i < runs.Count; i++)
        {
            var gap = runs[i].At - runs[i - 1].At;
            Assert.True(gap >= Every,
                $"Runs {i - 1} ({runs[i - 1].Node}) and {i} ({runs[i].Node}) were {gap.TotalMilliseconds:0} ms apart; the period is {Every.TotalMilliseconds} ms.");
        }
    }

    private static async Task<T?> WaitForAsync<T>(Func<T?> probe, TimeSpan limit) where T : class
    {
        var until = TimeProvider.System.GetUtcNow() + limit;
        while (TimeProvider.System.GetUtcNow() < until)
        {
            if (probe() is { } found) return found;
            await Task.Delay(100);
        }
        return probe();
    }

    /// <summary>A web node on the shared database with a heartbeat job that notes which node ran it, and when.</summary>
    private static async Task<WebApplication> NodeAsync(TestDatabase database, string name, ConcurrentQueue<Run> runs, bool jobs = true)
    {
        var app = TandemHost.Build(["--applicationName=Tandem.Web"], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Configuration["Database:Provider"] = database.Provider.ToString();
            b.Configuration["ConnectionStrings:Tandem"] = database.ConnectionString;
            if (database.DataDirectory is not null) b.Configuration["Tandem:DataDirectory"] = database.DataDirectory;
            b.Configuration["Tandem:NodeName"] = name;
            b.Configuration[$"{JobLeaseOptions.Section}:LeaseSeconds"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            b.Configuration[$"{JobLeaseOptions.Section}:ReleaseOnStop"] = "false";
            if (!jobs) b.Configuration["Tandem:Dependencies:ReassessMinutes"] = "0";
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            if (jobs)
                b.Services.AddClusterJob(_ => new ClusterJob(Job, Every, async (services, ct) =>
                {
                    // The run's claim, as the lease row holds it while the run lasts: the time the runner claimed this
                    // period, not when a loaded machine got round to the body.
                    var claimed = await services.GetRequiredService<TandemDbContext>().Set<JobLease>()
                        .Where(l => l.Job == Job).Select(l => l.RanAt).SingleAsync(ct);
                    runs.Enqueue(new Run(name, new DateTimeOffset(claimed, TimeSpan.Zero)));
                }));
        });
        await TandemHost.PrepareAsync(app);
        await app.StartAsync();
        return app;
    }
}
