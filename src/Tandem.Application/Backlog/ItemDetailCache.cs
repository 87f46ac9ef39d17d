using Microsoft.Extensions.Caching.Memory;

namespace Tandem.Application.Backlog;

/// <summary>
/// One item's detail as UTF-8 JSON and the entity tag that names it. <see cref="Cached"/> says the tag is a
/// cache tag (it changes whenever the representation may, so If-None-Match can be answered with it); without
/// the cache it is the item's version only, as every write answers. <see cref="NotModified"/>: the client
/// already holds this representation, and the JSON was not built (it is empty).
/// </summary>
public sealed record ItemDetailJson(byte[] Utf8Json, string ETag, bool Cached, bool NotModified = false);

/// <summary>The versions an item's detail was built under (ADR 0025): its workspace's, its product's, people's names and the item's own.</summary>
internal readonly record struct ItemDetailStamp(long Workspace, long Product, long People, long Item)
{
    public static ItemDetailStamp Now(Data.ChangeVersions versions, Guid workspaceId, Guid productId, Guid itemId) =>
        new(versions.ItemDetailsInWorkspace(workspaceId), versions.ItemDetails(productId), versions.People, versions.ItemDetail(itemId));
}

/// <summary>A cached detail, in the API's JSON, and what it was built from.</summary>
internal sealed record ItemDetailEntry(Guid ProductId, string ProductKey, Guid ItemId, int Version, ItemDetailStamp Stamp, byte[] Utf8Json);

/// <summary>
/// Serialised item details by workspace and item key, each stamped with the versions it was built under
/// (ADR 0025). An entry is served only while <see cref="Data.ChangeVersions"/> still shows those versions;
/// authorization is decided on every request before it is served. Bounded by bytes; superseded entries are
/// replaced by the next read or age out. Off with Tandem:ReadCache=false, like the backlog page cache.
/// </summary>
public sealed class ItemDetailCache(BacklogPageCache pages, int megabytes = ItemDetailCache.DefaultMegabytes) : IDisposable
{
    /// <summary>
    /// The default bound, about 25,000 details of 1.1 KB (ADR 43): room for every item a team reads in a day inside the
    /// 200 MiB budget (ADR 26). <c>Tandem:ItemCacheMiB</c> sets another: about 1.4 KB per item read, so 140 for a
    /// product read uniformly across 100,000 items.
    /// </summary>
    public const int DefaultMegabytes = 32;

    /// <summary>Bytes counted per entry beyond its JSON: the key, the entry and its stamp, the cache's own bookkeeping.</summary>
    internal const int EntryOverhead = 200;

    private readonly MemoryCache _details = new(new MemoryCacheOptions { SizeLimit = megabytes * 1024L * 1024 });

    /// <summary>The bound in MiB this cache was made with.</summary>
    public int Megabytes => megabytes;

    public bool Enabled => pages.Enabled;

    internal bool TryGet(Guid workspaceId, string itemKey, out ItemDetailEntry entry)
    {
        entry = null!;
        if (!Enabled) return false;
        if (!_details.TryGetValue((workspaceId, itemKey), out ItemDetailEntry? found) || found is null) return false;
        entry = found;
        return true;
    }

    internal void Set(Guid workspaceId, string itemKey, ItemDetailEntry entry)
    {
        if (Enabled)
            _details.Set((workspaceId, itemKey), entry, new MemoryCacheEntryOptions { Size = entry.Utf8Json.Length + EntryOverhead, SlidingExpiration = TimeSpan.FromMinutes(5) });
    }

    /// <summary>The strong tag of a cached detail: the item's version first, so If-Match reads it as before, then what else it was built under.</summary>
    internal static string TagOf(string epoch, int version, ItemDetailStamp stamp) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\"{version}.{epoch}.{stamp.Workspace}.{stamp.Product}.{stamp.People}.{stamp.Item}\"");

    public void Dispose() => _details.Dispose();
}
