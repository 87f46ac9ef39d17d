using System.Collections.Concurrent;

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

/// <summary>
/// A cached detail and what it was built from. The cache keeps the API's JSON packed (ADR 52); <see cref="Utf8Json"/>
/// gives it back as it was built.
/// </summary>
internal sealed class ItemDetailEntry(Guid productId, string productKey, Guid itemId, int version, ItemDetailStamp stamp)
{
    private byte[] _kept = [];
    private DetailDictionary? _dictionary;

    public Guid ProductId { get; } = productId;

    /// <summary>The product's key: once kept, the cache's one copy of it, shared by every entry of the product.</summary>
    public string ProductKey { get; private set; } = productKey;
    public Guid ItemId { get; } = itemId;
    public int Version { get; } = version;
    public ItemDetailStamp Stamp { get; } = stamp;

    /// <summary>When it was last read or written (<see cref="TimeProvider.GetTimestamp"/>): the least recently used go first.</summary>
    internal long LastUsed;

    /// <summary>The bytes counted against the bound for it.</summary>
    internal int Size { get; private set; }

    /// <summary>The bytes kept for the detail (packed, or the JSON before the first dictionary).</summary>
    internal int KeptBytes => _kept.Length;

    /// <summary>Kept as built: before the cache packed, or before its first dictionary.</summary>
    internal bool KeptAsBuilt => _dictionary is null;

    /// <summary>
    /// A copy of this entry packed with <paramref name="dictionary"/>, to replace it (an entry's bytes never change under a
    /// reader); null when the detail is kept as it is however it is kept (<see cref="DetailCompression.PackWith"/>).
    /// </summary>
    internal ItemDetailEntry? PackedWith(DetailDictionary dictionary)
    {
        var kept = DetailCompression.PackWith(dictionary, _kept);
        if (kept.Dictionary is null) return null;
        var packed = new ItemDetailEntry(ProductId, ProductKey, ItemId, Version, Stamp) { LastUsed = LastUsed };
        packed.Keep(ProductKey, kept, kept.Bytes.Length + ItemDetailCache.EntryOverhead);
        return packed;
    }

    /// <summary>The detail's JSON, as it was built: a new array when it was packed.</summary>
    public byte[] Utf8Json() => _dictionary is null ? _kept : _dictionary.Unpack(_kept);

    internal void Keep(string productKey, (byte[] Bytes, DetailDictionary? Dictionary) kept, int size)
    {
        ProductKey = productKey;
        (_kept, _dictionary) = kept;
        Size = size;
    }
}

/// <summary>
/// Serialised item details by workspace and item key, each stamped with the versions it was built under
/// (ADR 0025). An entry is served only while <see cref="Data.ChangeVersions"/> still shows those versions;
/// authorization is decided on every request before it is served. Bounded by bytes, least recently used out first
/// (ADR 43); superseded entries are replaced by the next read, and an entry nobody read for five minutes is dropped.
/// From half full on, details are kept packed with a dictionary trained on them (ADR 52), so the default bound holds
/// about 90,000 of the bench's where it held 20,000. Off with Tandem:ReadCache=false, like the backlog page cache.
/// </summary>
public sealed class ItemDetailCache : IDisposable
{
    /// <summary>
    /// The default bound (ADR 43): every item a team reads in a day, and about 90,000 of the bench's, inside the 200 MiB
    /// budget (ADR 26). <c>Tandem:ItemCacheMiB</c> sets another.
    /// </summary>
    public const int DefaultMegabytes = 32;

    /// <summary>
    /// Bytes counted per entry beyond what it keeps: the dictionary's node (72, its key the workspace, the product's key
    /// shared by its items and the item's number) and its share of the buckets, the entry (120), the kept array's header
    /// (24), their padding. The heap measured 220–230 (ItemDetailCacheMemoryTests); MemoryCache, with the item's key as
    /// a string of its own, took 385 for a ten-character key before ADR 52.
    /// </summary>
    internal const int EntryOverhead = 240;

    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly BacklogPageCache _pages;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<Key, ItemDetailEntry> _details = new();
    // One copy of each product's key for all its entries and their keys: an item's key is its product's and a number.
    private readonly ConcurrentDictionary<string, string> _productKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _productKeysBySpan;
    private readonly long _limit;
    private long _bytes;
    private long _nextSweep;
    private int _trimming;
    private readonly bool _packFromHalfFull;
    private volatile bool _packing;
    private int _repacking;

    public ItemDetailCache(BacklogPageCache pages, int megabytes = DefaultMegabytes, TimeProvider? time = null)
        : this(pages, megabytes, time, new DetailCompression(), packFromHalfFull: true)
    {
    }

    /// <param name="packFromHalfFull">
    /// Keeps details as built until the cache is half full (ADR 52): a server whose reads fit without packing never
    /// loads the compressor, whose code and tables cost 3–4 MiB. Tests of the packing itself pack from the start.
    /// </param>
    internal ItemDetailCache(BacklogPageCache pages, int megabytes, TimeProvider? time, DetailCompression compression, bool packFromHalfFull = false)
    {
        _packFromHalfFull = packFromHalfFull;
        _pages = pages;
        _time = time ?? TimeProvider.System;
        Megabytes = megabytes;
        Compression = compression;
        _limit = megabytes * 1024L * 1024;
        _productKeysBySpan = _productKeys.GetAlternateLookup<ReadOnlySpan<char>>();
        _nextSweep = _time.GetTimestamp() + (long)(SweepEvery.TotalSeconds * _time.TimestampFrequency);
    }

    /// <summary>The bound in MiB this cache was made with.</summary>
    public int Megabytes { get; }

    public bool Enabled => _pages.Enabled;

    internal DetailCompression Compression { get; }

    /// <summary>Details kept now.</summary>
    public int Count => _details.Count;

    /// <summary>Bytes counted against the bound now.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    internal bool TryGet(Guid workspaceId, string itemKey, out ItemDetailEntry entry)
    {
        entry = null!;
        if (!Enabled || !Split(itemKey, out var product, out var number)) return false;
        // A product none of whose items is kept has no copy of its key: nothing to find.
        if (!_productKeysBySpan.TryGetValue(product, out var productKey)) return false;
        if (!_details.TryGetValue(new Key(workspaceId, productKey, number), out var found)) return false;
        found.LastUsed = _time.GetTimestamp();
        SweepWhenDue(found.LastUsed);
        entry = found;
        return true;
    }

    /// <summary>Keeps <paramref name="entry"/> with <paramref name="json"/>, its detail, which the cache may keep as it is (the caller must not change it).</summary>
    internal void Set(Guid workspaceId, string itemKey, ItemDetailEntry entry, byte[] json)
    {
        if (!Enabled || !Split(itemKey, out var product, out var number)) return;
        var key = new Key(workspaceId, Shared(product), number);
        // Once the cache has needed the room, it packs from then on (and what it kept as built is packed too, Repack).
        if (!_packing && (!_packFromHalfFull || Interlocked.Read(ref _bytes) >= _limit / 2)) _packing = true;
        var kept = _packing ? Compression.Pack(json) : (json, null);
        entry.Keep(Shared(entry.ProductKey), kept, kept.Bytes.Length + EntryOverhead);
        entry.LastUsed = _time.GetTimestamp();
        while (true)
        {
            if (_details.TryGetValue(key, out var old))
            {
                if (!_details.TryUpdate(key, entry, old)) continue;
                Interlocked.Add(ref _bytes, entry.Size - old.Size);
            }
            else
            {
                if (!_details.TryAdd(key, entry)) continue;
                Interlocked.Add(ref _bytes, entry.Size);
            }
            break;
        }
        if (Interlocked.Read(ref _bytes) > _limit) Trim(overBound: true);
        else SweepWhenDue(entry.LastUsed);
        // The first detail packed with a dictionary: what was kept as built before it is packed too, once.
        if (kept.Dictionary is { } dictionary && Interlocked.CompareExchange(ref _repacking, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.cache.Repack(state.dictionary), (cache: this, dictionary), preferLocal: false);
    }

    /// <summary>
    /// Packs what was kept as built before the first dictionary (half the bound, when packing started at half full):
    /// read often, it would never age out, and would hold a quarter of the details the bytes could. On the thread
    /// pool, once; each entry is replaced by its packed copy unless it was replaced or dropped meanwhile. A detail the
    /// same rule keeps as it is when built now (<see cref="DetailCompression.PackWith"/>: over 64 KiB) stays as it is.
    /// </summary>
    internal void Repack(DetailDictionary dictionary)
    {
        foreach (var (key, entry) in _details)
        {
            if (!entry.KeptAsBuilt || entry.PackedWith(dictionary) is not { } packed) continue;
            if (_details.TryUpdate(key, packed, entry)) Interlocked.Add(ref _bytes, packed.Size - entry.Size);
        }
    }

    private string Shared(ReadOnlySpan<char> productKey) =>
        _productKeysBySpan.TryGetValue(productKey, out var shared) ? shared : _productKeys.GetOrAdd(productKey.ToString(), static key => key);

    /// <summary>An item's key is its product's, a hyphen and its number (PAY-42); anything else is never kept.</summary>
    private static bool Split(string itemKey, out ReadOnlySpan<char> product, out int number)
    {
        var hyphen = itemKey.LastIndexOf('-');
        product = hyphen > 0 ? itemKey.AsSpan(0, hyphen) : default;
        number = 0;
        // Written as numbers are: PAY-007 is no item's key, and must not find PAY-7.
        return hyphen > 0 && hyphen + 1 < itemKey.Length && itemKey[hyphen + 1] != '0'
            && int.TryParse(itemKey.AsSpan(hyphen + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number);
    }

    private readonly record struct Key(Guid Workspace, string Product, int Number);

    private void SweepWhenDue(long now)
    {
        // Moved on only by the sweep that starts: one that finds a trim under way is tried again by the next read.
        if (now >= Interlocked.Read(ref _nextSweep) && Trim(overBound: false))
            Interlocked.Exchange(ref _nextSweep, now + (long)(SweepEvery.TotalSeconds * _time.TimestampFrequency));
    }

    /// <summary>
    /// On the thread pool, one at a time: drops what nobody read for <see cref="Idle"/>, and when over the bound the
    /// least recently used down to 95 % of it (as MemoryCache compacted by 5 %). False when a trim is under way already.
    /// </summary>
    private bool Trim(bool overBound)
    {
        if (Interlocked.CompareExchange(ref _trimming, 1, 0) != 0) return false;
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.cache.TrimNow(state.overBound), (cache: this, overBound), preferLocal: false);
        return true;
    }

    internal void TrimNow(bool overBound)
    {
        try
        {
            var now = _time.GetTimestamp();
            var cutoff = now - (long)(Idle.TotalSeconds * _time.TimestampFrequency);
            var bytes = Interlocked.Read(ref _bytes);
            if (overBound && bytes > _limit)
            {
                // The least recently used first: the use times sorted, the cut where enough entries lie before it.
                var used = new List<long>(_details.Count);
                foreach (var pair in _details) used.Add(pair.Value.LastUsed);
                used.Sort();
                var free = bytes - _limit * 95 / 100;
                var drop = (int)Math.Min(used.Count, Math.Ceiling(used.Count * (double)free / bytes));
                if (drop > 0) cutoff = Math.Max(cutoff, used[drop - 1] + 1);
            }
            foreach (var pair in _details)
            {
                if (pair.Value.LastUsed < cutoff && _details.TryRemove(pair))
                    Interlocked.Add(ref _bytes, -pair.Value.Size);
            }
        }
        finally
        {
            Volatile.Write(ref _trimming, 0);
        }
        // Writes that went over the bound while this ran found a trim under way and left it to this one.
        if (Interlocked.Read(ref _bytes) > _limit) Trim(overBound: true);
    }

    /// <summary>The strong tag of a cached detail: the item's version first, so If-Match reads it as before, then what else it was built under.</summary>
    internal static string TagOf(string epoch, int version, ItemDetailStamp stamp) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\"{version}.{epoch}.{stamp.Workspace}.{stamp.Product}.{stamp.People}.{stamp.Item}\"");

    public void Dispose() => _details.Clear();
}
