using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tandem.Application.Data;

namespace Tandem.Application.Jobs;

/// <summary>
/// Background work that runs once per period across every web node (ADR 0033): <paramref name="Name"/> names its
/// lease and its metrics, <paramref name="Every"/> is its period (zero or less turns it off; <c>Tandem:Jobs:{Name}:Every</c>
/// overrides it), and <paramref name="RunAsync"/> does one run in a fresh service scope.
/// </summary>
public sealed record ClusterJob(string Name, TimeSpan Every, Func<IServiceProvider, CancellationToken, Task> RunAsync);

/// <summary>The cluster jobs' lease settings (<c>Tandem:Jobs</c>).</summary>
public sealed class JobLeaseOptions
{
    public const string Section = "Tandem:Jobs";

    /// <summary>How long a lease holds without renewal; the holder renews at a third of it. 30 s by default.</summary>
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>
    /// Whether a node that stops gracefully gives its leases back, so another node takes over at its next poll instead
    /// of after the expiry. Tests set it off to stop a node as if it had died.
    /// </summary>
    public bool ReleaseOnStop { get; set; } = true;
}

/// <summary>This process's name among the web nodes: <c>Tandem:NodeName</c>, else host name, process id and a random suffix.</summary>
public sealed record ClusterNode(string Name)
{
    public static ClusterNode From(IConfiguration configuration) => new(configuration["Tandem:NodeName"] is { Length: > 0 } name
        ? name
        : $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
}

/// <summary>
/// The three statements of the lease, each one atomic on both databases, with times as UTC ticks from the nodes'
/// clocks (which must agree within a few seconds: the holder renews with two thirds of its lease left).
/// </summary>
public sealed class JobLeases(IServiceScopeFactory scopes)
{
    /// <summary>
    /// Takes the lease when it is free or expired, or renews it when this node holds it, in one upsert. Answers when
    /// the job last began (UTC ticks) while this node holds the lease, or null when another node does. The first
    /// node ever to take it counts as having just run it, so a job first runs one period after the cluster started,
    /// as the timer it replaced did.
    /// </summary>
    public async Task<long?> TryHoldAsync(string job, string node, DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var rows = await db.Database.SqlQuery<long>($"""
            INSERT INTO job_leases (job, holder, expires_at, ran_at) VALUES ({job}, {node}, {until.UtcTicks}, {now.UtcTicks})
            ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE job_leases.expires_at < {now.UtcTicks} OR job_leases.holder = {node}
            RETURNING ran_at AS "Value"
            """).ToListAsync(ct);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>
    /// Claims this period's run: true for exactly one caller per period, and only for the holder of an unexpired lease.
    /// Claimed before the run, so a holder that dies mid-run loses that run rather than having it run twice.
    /// </summary>
    public async Task<bool> ClaimRunAsync(string job, string node, DateTimeOffset now, TimeSpan every, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var due = (now - every).UtcTicks;
        return await db.Database.ExecuteSqlAsync($"""
            UPDATE job_leases SET ran_at = {now.UtcTicks}
            WHERE job = {job} AND holder = {node} AND expires_at >= {now.UtcTicks} AND ran_at <= {due}
            """, ct) == 1;
    }

    /// <summary>Gives the lease back (a graceful stop): the next node to poll takes it.</summary>
    public async Task ReleaseAsync(string job, string node, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        await db.Database.ExecuteSqlAsync($"UPDATE job_leases SET expires_at = 0 WHERE job = {job} AND holder = {node}", ct);
    }
}

/// <summary>
/// Runs every registered <see cref="ClusterJob"/> on the node that holds its lease (ADR 0033). Each node polls each
/// job's lease at a third of its length; the holder renews it, runs the job when its period has passed since the
/// last run on any node, and keeps renewing while the run lasts (a run whose lease is lost is cancelled). A node
/// that dies stops renewing, and another takes over within the lease plus a poll, then runs the job once it is due.
/// </summary>
public sealed partial class ClusterJobRunner(IEnumerable<ClusterJob> jobs, JobLeases leases, ClusterNode node, IServiceScopeFactory scopes,
    IOptions<JobLeaseOptions> options, IConfiguration configuration, TimeProvider clock, ILogger<ClusterJobRunner> log) : BackgroundService
{
    private static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(50);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Select(job => Task.Run(() => LoopAsync(job, stoppingToken), CancellationToken.None)));

    /// <summary>The job's period: <c>Tandem:Jobs:{Name}:Every</c> when set, else the job's own.</summary>
    private TimeSpan Every(ClusterJob job) => configuration.GetValue<TimeSpan?>($"{JobLeaseOptions.Section}:{job.Name}:Every") ?? job.Every;

    private async Task LoopAsync(ClusterJob job, CancellationToken stopping)
    {
        var every = Every(job);
        if (every <= TimeSpan.Zero) return;
        var lease = TimeSpan.FromSeconds(Math.Max(1, options.Value.LeaseSeconds));
        var renew = lease / 3;
        var held = false;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var wait = renew;
                try
                {
                    var now = clock.GetUtcNow();
                    var ranAt = await leases.TryHoldAsync(job.Name, node.Name, now, now + lease, stopping);
                    if (ranAt.HasValue != held) LeaseChanged(log, job.Name, node.Name, ranAt.HasValue ? "took" : "lost");
                    held = ranAt.HasValue;
                    if (ranAt is { } last)
                    {
                        var due = new DateTimeOffset(last, TimeSpan.Zero) + every;
                        if (now >= due && await leases.ClaimRunAsync(job.Name, node.Name, now, every, stopping))
                        {
                            due = now + every;
                            await RunHoldingAsync(job, lease, renew, stopping);
                        }
                        var untilDue = due - clock.GetUtcNow();
                        if (untilDue < wait) wait = untilDue < Shortest ? Shortest : untilDue;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database is unreachable: this node cannot know whether it still holds the lease, so it runs nothing.
                    held = false;
                    LeaseFailed(log, e, job.Name);
                }
                await Task.Delay(wait, clock, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        if (held && options.Value.ReleaseOnStop)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await leases.ReleaseAsync(job.Name, node.Name, timeout.Token);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LeaseFailed(log, e, job.Name); // it expires on its own
            }
        }
    }

    /// <summary>Runs the job while renewing the lease; a renewal that finds the lease gone cancels the run.</summary>
    private async Task RunHoldingAsync(ClusterJob job, TimeSpan lease, TimeSpan renew, CancellationToken stopping)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var running = RunAsync(job, run.Token);
        while (!running.IsCompleted && !stopping.IsCancellationRequested)
        {
            await Task.WhenAny(running, Task.Delay(renew, clock, stopping));
            if (running.IsCompleted || stopping.IsCancellationRequested) break;
            try
            {
                var now = clock.GetUtcNow();
                if (await leases.TryHoldAsync(job.Name, node.Name, now, now + lease, stopping) is null)
                {
                    LeaseChanged(log, job.Name, node.Name, "lost");
                    await run.CancelAsync();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LeaseFailed(log, e, job.Name);
            }
        }
        await running;
    }

    /// <summary>One run in its own scope and trace, counted in <c>tandem.jobs.runs</c>; never throws.</summary>
    private async Task RunAsync(ClusterJob job, CancellationToken ct)
    {
        // A root span per run, so its log lines carry a trace id even when no exporter listens.
        using var activity = TandemMetrics.Source.StartActivity($"job {job.Name}", ActivityKind.Internal) ?? new Activity($"job {job.Name}").Start();
        activity.SetTag("tandem.job", job.Name);
        activity.SetTag("tandem.node", node.Name);
        var started = Stopwatch.GetTimestamp();
        string outcome;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await job.RunAsync(scope.ServiceProvider, ct);
            outcome = "succeeded";
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            outcome = "cancelled";
        }
        catch (Exception e)
        {
            outcome = "failed";
            activity.SetStatus(ActivityStatusCode.Error, e.Message);
            RunFailed(log, e, job.Name);
        }
        var took = Stopwatch.GetElapsedTime(started);
        TandemMetrics.JobRan(job.Name, outcome, took);
        Ran(log, job.Name, node.Name, outcome, took.TotalMilliseconds);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Job {Job} ran on {Node}: {Outcome} in {DurationMs:0.0} ms")]
    private static partial void Ran(ILogger logger, string job, string node, string outcome, double durationMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Job {Job}: {Node} {Change} the lease")]
    private static partial void LeaseChanged(ILogger logger, string job, string node, string change);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Job {Job}: the lease could not be read or written; this node runs nothing until it can")]
    private static partial void LeaseFailed(ILogger logger, Exception exception, string job);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Job {Job} failed; the next period tries again")]
    private static partial void RunFailed(ILogger logger, Exception exception, string job);
}

/// <summary>Registration of cluster jobs and their runner.</summary>
public static class ClusterJobRegistration
{
    /// <summary>Adds a job; the runner, the leases and this node's name are registered once.</summary>
    public static IServiceCollection AddClusterJob(this IServiceCollection services, Func<IServiceProvider, ClusterJob> job)
    {
        services.TryAddSingleton<JobLeases>();
        services.TryAddSingleton(sp => ClusterNode.From(sp.GetRequiredService<IConfiguration>()));
        services.AddOptions<JobLeaseOptions>().BindConfiguration(JobLeaseOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ClusterJobRunner>());
        services.AddSingleton(job);
        return services;
    }
}
