using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tandem.Application.Common;

/// <summary>
/// Tandem's own meter and activity source (ADR 0033), beside those of ASP.NET Core, EF Core, Npgsql and SignalR.
/// docs/operations.md lists every instrument and what it means.
/// </summary>
/// <remarks>
/// Static, like the framework's own: an instrument nobody listens to costs one flag check, so the backlog path
/// pays nothing when no exporter is configured, and a cache needs no extra constructor argument. With a listener,
/// a counter's add is a lock-free aggregation of a few nanoseconds.
/// </remarks>
public static class TandemMetrics
{
    /// <summary>The name of the meter and of the activity source: what an exporter subscribes to.</summary>
    public const string Name = "Tandem";

    public const string BacklogPageCache = "backlog_page";
    public const string ItemDetailCache = "item_detail";
    public const string RightsCache = "decision_rights";

    private static readonly Meter Meter = new(Name);

    /// <summary>Spans of Tandem's own work outside a request (cluster jobs).</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Counter<long> CacheHits = Meter.CreateCounter<long>("tandem.cache.hits", "{lookup}", "Reads answered from a read cache, by cache.");
    private static readonly Counter<long> CacheMisses = Meter.CreateCounter<long>("tandem.cache.misses", "{lookup}", "Reads a read cache could not answer (absent or superseded), by cache.");

    /// <summary>
    /// Milliseconds from a change's commit on one node to its invalidation (or live message) arriving on another,
    /// by channel. Recorded by the backplane (issue 15); empty on a single node.
    /// </summary>
    public static readonly Histogram<double> BackplaneLag = Meter.CreateHistogram<double>("tandem.backplane.lag", "ms",
        "Time from a change published on one node to its arrival on another, by channel.");

    private static readonly Counter<long> JobRuns = Meter.CreateCounter<long>("tandem.jobs.runs", "{run}", "Runs of a cluster job on this node, by job and outcome (succeeded, failed, cancelled).");
    private static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("tandem.jobs.duration", "s", "How long a cluster job's run took, by job and outcome.");

    /// <summary>A lookup answered by <paramref name="cache"/> (one of the constants above).</summary>
    public static void Hit(string cache) => CacheHits.Add(1, new KeyValuePair<string, object?>("cache", cache));

    /// <summary>A lookup <paramref name="cache"/> could not answer.</summary>
    public static void Miss(string cache) => CacheMisses.Add(1, new KeyValuePair<string, object?>("cache", cache));

    /// <summary>Records the backplane lag of one message on <paramref name="channel"/> (e.g. "invalidation", "signalr").</summary>
    public static void RecordBackplaneLag(TimeSpan lag, string channel) =>
        BackplaneLag.Record(lag.TotalMilliseconds, new KeyValuePair<string, object?>("channel", channel));

    /// <summary>One run of a cluster job: its outcome and how long it took.</summary>
    public static void JobRan(string job, string outcome, TimeSpan took)
    {
        var tags = new TagList { { "job", job }, { "outcome", outcome } };
        JobRuns.Add(1, tags);
        JobDuration.Record(took.TotalSeconds, tags);
    }
}
