using System.Runtime;

namespace Tandem.Web.Infrastructure;

/// <summary>
/// Gives memory back to the operating system once the server goes quiet after work (ADR 47). Neither .NET nor glibc
/// does it on its own: the collector keeps the regions a burst made it commit, and glibc's arenas keep the pages
/// their freed blocks sit on (after a load, 56 MiB of them held 16 MiB in use). When a second passes with almost no
/// allocation, after at least <see cref="WorthReturning"/> bytes were allocated since the last return, it runs one
/// compacting, decommitting collection and <c>malloc_trim</c>. Busy, it never runs: a busy server allocates far more
/// than <see cref="QuietBytes"/> a second. It is per process, not a cluster job: each node returns its own memory.
/// <c>Tandem:ReturnMemoryWhenIdle=false</c> turns it off.
/// </summary>
public sealed partial class IdleMemoryReturn(TimeProvider clock, ILogger<IdleMemoryReturn> log) : BackgroundService
{
    /// <summary>How often the allocation counter is read.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>Allocated within one tick, at most, for the server to count as quiet: about six writes' worth.</summary>
    public const long QuietBytes = 1L << 20;

    /// <summary>Allocated since the last return, at least, before another is worth a full collection.</summary>
    public const long WorthReturning = 32L << 20;

    /// <summary>Between two returns, at least: a server that is never busy but never quite idle pays one every ten seconds at most (tens of milliseconds).</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether to return memory now: the last tick was quiet, enough was allocated since the last return, and the
    /// last return is not too recent (<paramref name="sinceLastReturn"/> is null before the first).
    /// </summary>
    public static bool ShouldReturn(long allocatedThisTick, long allocatedSinceReturn, TimeSpan? sinceLastReturn) =>
        allocatedThisTick <= QuietBytes && allocatedSinceReturn >= WorthReturning
        && (sinceLastReturn is null || sinceLastReturn >= MinimumInterval);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, clock);
        var previous = GC.GetTotalAllocatedBytes();
        var atReturn = previous;
        long? returnedAt = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = GC.GetTotalAllocatedBytes();
                var since = returnedAt is { } t ? clock.GetElapsedTime(t) : (TimeSpan?)null;
                if (ShouldReturn(now - previous, now - atReturn, since))
                {
                    Return();
                    returnedAt = clock.GetTimestamp();
                    now = atReturn = GC.GetTotalAllocatedBytes();
                }
                previous = now;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Return()
    {
        var before = Environment.WorkingSet;
        var started = clock.GetTimestamp();
        // Compacts the whole heap and decommits what it no longer uses; the large object heap is compacted too.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        MallocArenas.Trim();
        Returned(log, (before - Environment.WorkingSet) >> 20, Environment.WorkingSet >> 20, clock.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Idle: gave {Freed} MiB back to the system, {Resident} MiB resident ({Milliseconds:F0} ms)")]
    private static partial void Returned(ILogger logger, long freed, long resident, double milliseconds);
}
