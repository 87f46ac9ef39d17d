using Microsoft.Extensions.Caching.Memory;
using Tandem.Domain.Backlog;

namespace Tandem.Application.Backlog;

/// <summary>A backlog query in canonical form: equal filters give equal pages.</summary>
public sealed record BacklogFilter(int Limit, string? Cursor, ItemType? Type, ItemStatus? Status, string? Epic, Guid? Assignee, string? Q, string? Label, BacklogNeed? Needs = null, bool HideDone = false);

/// <summary>Open, non-epic items still missing the Tech Lead's half of readiness: an estimate, or an assessment.</summary>
public enum BacklogNeed
{
    Estimate,
    Assessment,
}

/// <summary>A page of the backlog as UTF-8 JSON, and a weak entity tag that changes whenever the page may (none without the cache).</summary>
public sealed record BacklogPageJson(byte[] Utf8Json, string? ETag);

internal sealed record BacklogPageKey(Guid WorkspaceId, Guid ProductId, long Version, long People, BacklogFilter Filter);

/// <summary>
/// Serialised backlog pages, keyed by product, backlog version, people version and the canonical query
/// (ADR 0009). Bounded by bytes; pages of superseded versions are never asked for again and age out.
/// </summary>
public sealed class BacklogPageCache(bool enabled = true) : IDisposable
{
    // About 480 pages of 100 items (34 KB each): room for every busy product's first pages inside the 200 MiB budget (ADR 26).
    public const long SizeLimitBytes = 16L * 1024 * 1024;

    private readonly MemoryCache _pages = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });

    private long _hits;
    private long _misses;

    /// <summary>False when Tandem:ReadCache is off: then the versions mean nothing to a client either.</summary>
    public bool Enabled => enabled;

    /// <summary>Pages served from the cache, and pages built, since the start (the cache-hit ratio, ADR 0032).</summary>
    public (long Hits, long Misses) Lookups => (Interlocked.Read(ref _hits), Interlocked.Read(ref _misses));

    internal bool TryGet(BacklogPageKey key, out byte[] json)
    {
        json = [];
        if (!enabled) return false;
        var found = _pages.TryGetValue(key, out byte[]? bytes);
        if (bytes is not null) json = bytes;
        var hit = found && bytes is not null;
        Interlocked.Increment(ref hit ? ref _hits : ref _misses);
        if (hit) TandemMetrics.Hit(TandemMetrics.BacklogPageCache);
        else TandemMetrics.Miss(TandemMetrics.BacklogPageCache);
        return hit;
    }

    internal void Set(BacklogPageKey key, byte[] json)
    {
        if (enabled) _pages.Set(key, json, new MemoryCacheEntryOptions { Size = json.Length, SlidingExpiration = TimeSpan.FromMinutes(5) });
    }

    public void Dispose() => _pages.Dispose();
}
