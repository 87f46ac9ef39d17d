using Microsoft.Extensions.Caching.Memory;
using Tandem.Application.Data;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.DecisionRights;

/// <summary>A product's identity as a read needs it, without a tracked entity.</summary>
public sealed record ProductRef(Guid Id, Guid WorkspaceId, string Key);

/// <summary>
/// What authorization looks up on every request — a product by key within a workspace, a person's roles
/// on a product — kept across requests. Each key carries the <see cref="ChangeVersions"/> counter it
/// was read under, so a new product, a renamed key or a changed role is seen by the next request.
/// </summary>
public sealed class DecisionRightsCache(bool enabled = true) : IDisposable
{
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private static readonly MemoryCacheEntryOptions EntryOptions = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) };
    private long _hits;
    private long _misses;

    /// <summary>Product and role look-ups answered from the cache, and those read from the database, since the start (ADR 0032).</summary>
    public (long Hits, long Misses) Lookups => (Interlocked.Read(ref _hits), Interlocked.Read(ref _misses));

    private bool Count(bool hit)
    {
        Interlocked.Increment(ref hit ? ref _hits : ref _misses);
        if (hit) TandemMetrics.Hit(TandemMetrics.RightsCache);
        else TandemMetrics.Miss(TandemMetrics.RightsCache);
        return hit;
    }

    internal bool TryGetProduct(ProductLookup key, out ProductRef? product)
    {
        product = null;
        return enabled && Count(_entries.TryGetValue(key, out product));
    }

    /// <summary>Also remembers "no such product" (null), which a product created later makes unreachable.</summary>
    internal void SetProduct(ProductLookup key, ProductRef? product)
    {
        if (enabled) _entries.Set(key, product, EntryOptions);
    }

    internal bool TryGetRoles(RolesLookup key, out IReadOnlySet<Role>? roles)
    {
        roles = null;
        return enabled && Count(_entries.TryGetValue(key, out roles));
    }

    internal void SetRoles(RolesLookup key, IReadOnlySet<Role> roles)
    {
        if (enabled) _entries.Set(key, roles, EntryOptions);
    }

    public void Dispose() => _entries.Dispose();
}

internal readonly record struct ProductLookup(Guid WorkspaceId, string Key, long ProductsVersion);

internal readonly record struct RolesLookup(Guid WorkspaceId, Guid ProductId, Guid UserId, long RolesVersion);
