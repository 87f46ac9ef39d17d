using System.Text.Json;
using Tandem.Application.Backlog;
using Tandem.Application.Demo;
using Tandem.Domain.Products;

namespace Tandem.UnitTests.Backlog;

/// <summary>The item cache keeps details packed with a dictionary trained on them, within its bound (ADR 43, ADR 52).</summary>
public class ItemDetailCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Workspace = Guid.NewGuid();
    private static readonly ItemDetailStamp Stamp = new(1, 2, 3, 4);

    /// <summary>Details shaped like the API's, from the demo's generator: titles, descriptions, criteria, people.</summary>
    private static List<byte[]> Details(int count, int seed = 11)
    {
        var product = Product.Create(Guid.NewGuid(), "PAY", "Payments", Now);
        var generated = new BacklogGenerator(seed).Generate(product, count, [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()], Now);
        var criteria = generated.Criteria.ToLookup(c => c.ItemId);
        return [.. generated.Items.Select(item => JsonSerializer.SerializeToUtf8Bytes(new
        {
            key = item.Key, productKey = product.Key, type = item.Type.ToString().ToLowerInvariant(), title = item.Title,
            description = item.Description, status = item.Status.ToString().ToLowerInvariant(), rank = item.Rank,
            assignee = item.AssigneeId, estimate = item.Estimate, businessValue = item.BusinessValue,
            acceptanceCriteria = criteria[item.Id].Select(c => new { id = c.Id, position = c.Position, given = c.Given, when = c.When, then = c.Then, isMet = c.IsMet }),
            labels = Array.Empty<string>(), links = Array.Empty<string>(), comments = Array.Empty<string>(),
            createdAt = item.CreatedAt, updatedAt = item.UpdatedAt, version = item.Version,
        }))];
    }

    /// <summary>Items are numbered from 1.</summary>
    private static string Key(int index) => $"PAY-{index + 1}";

    private static ItemDetailEntry Entry(int version = 1) => new(Guid.NewGuid(), "PAY", Guid.NewGuid(), version, Stamp);

    private static void Eventually(Func<bool> condition, string what)
    {
        // Training and trimming run on the thread pool; this waits for them, it does not time them.
        for (var waited = 0; waited < 200 && !condition(); waited++) Thread.Sleep(50);
        Assert.True(condition(), what);
    }

    [Fact]
    public void Details_are_kept_as_built_until_a_dictionary_is_trained_then_packed_to_a_fraction_and_read_back_byte_for_byte()
    {
        var details = Details(600);
        using var cache = new ItemDetailCache(new BacklogPageCache(), 32, null, new DetailCompression(samplesToTrain: 200));

        for (var i = 0; i < 200; i++) cache.Set(Workspace, Key(i), Entry(), details[i]);
        Eventually(() => cache.Compression.Current is not null, "a dictionary is trained once 200 details were sampled");
        Assert.True(cache.TryGet(Workspace, Key(0), out var before));
        Assert.Equal(details[0].Length, before.KeptBytes);

        long built = 0, kept = 0;
        for (var i = 200; i < 600; i++)
        {
            cache.Set(Workspace, Key(i), Entry(), details[i]);
            Assert.True(cache.TryGet(Workspace, Key(i), out var entry));
            Assert.Equal(details[i], entry.Utf8Json());
            built += details[i].Length;
            kept += entry.KeptBytes;
        }
        Assert.True(kept * 3 < built, $"The details not sampled were kept in {kept:N0} bytes of {built:N0}: the dictionary should take them below a third.");
        Assert.Equal(details[0], before.Utf8Json());
    }

    [Fact]
    public void Details_are_kept_as_built_until_the_cache_is_half_full()
    {
        var details = Details(1_500, seed: 3);
        var compression = new DetailCompression(samplesToTrain: 200);
        // 1 MiB: the first 300 or so details (1.2–1.8 KB each with their entry) fill half of it.
        using var cache = new ItemDetailCache(new BacklogPageCache(), 1, null, compression, packFromHalfFull: true);
        var i = 0;
        for (; cache.Bytes < 512 * 1024 - 2_000; i++) cache.Set(Workspace, Key(i), Entry(), details[i]);
        Thread.Sleep(200);
        Assert.Equal(0, compression.Trained);
        Assert.True(i > 200, $"{i} details fill half the cache, more than a dictionary is trained on, and none was sampled.");

        for (var more = 0; more < 250; more++, i++) cache.Set(Workspace, Key(i), Entry(), details[i]);
        Eventually(() => compression.Trained == 1, "past half full the cache samples, and trains once it has enough");
        var before = cache.Bytes;
        cache.Set(Workspace, Key(i), Entry(), details[i]);
        Assert.True(cache.TryGet(Workspace, Key(i), out var packed));
        Assert.True(packed.KeptBytes * 3 < details[i].Length, $"{packed.KeptBytes} bytes kept of {details[i].Length}.");
        Assert.Equal(details[i], packed.Utf8Json());

        // What was kept as built before is packed too, in the background: read all along, it would never age out.
        var last = i;
        Eventually(() => Enumerable.Range(0, last + 1).All(j => cache.TryGet(Workspace, Key(j), out var entry) && !entry.KeptAsBuilt),
            "every detail kept as built is packed");
        Assert.True(cache.Bytes < before / 2, $"Packed, the details are counted {cache.Bytes:N0} bytes where they were {before:N0}.");
        for (var j = 0; j <= i; j++)
        {
            Assert.True(cache.TryGet(Workspace, Key(j), out var entry), $"{Key(j)} is kept.");
            Assert.False(entry.KeptAsBuilt, $"{Key(j)} is packed.");
            Assert.Equal(details[j], entry.Utf8Json());
        }
    }

    [Fact]
    public void A_detail_over_64_KiB_is_kept_as_built_whether_it_came_before_the_dictionary_or_after()
    {
        var details = Details(300);
        var compression = new DetailCompression(samplesToTrain: 100);
        using var cache = new ItemDetailCache(new BacklogPageCache(), 32, null, compression);
        // Large enough to pass the bound, alike enough that a dictionary would shrink it: only the rule keeps it whole.
        var large = JsonSerializer.SerializeToUtf8Bytes(Enumerable.Repeat(JsonSerializer.Deserialize<JsonElement>(details[0]), DetailCompression.LargestPacked / details[0].Length + 10).ToList());
        Assert.True(large.Length > DetailCompression.LargestPacked, $"{large.Length} bytes is over the bound.");
        cache.Set(Workspace, "PAY-1", Entry(), large);
        cache.Set(Workspace, "PAY-2", Entry(), details[1]);

        compression.Train(details[100..]);
        cache.Repack(compression.Current!);
        Assert.True(cache.TryGet(Workspace, "PAY-1", out var before));
        Assert.True(before.KeptAsBuilt, "The large detail kept before the dictionary stays as built.");
        Assert.Equal(large, before.Utf8Json());
        Assert.True(cache.TryGet(Workspace, "PAY-2", out var small));
        Assert.False(small.KeptAsBuilt, "The small one is packed.");
        Assert.Equal(details[1], small.Utf8Json());

        cache.Set(Workspace, "PAY-3", Entry(), large);
        Assert.True(cache.TryGet(Workspace, "PAY-3", out var after));
        Assert.True(after.KeptAsBuilt, "A large detail kept after the dictionary is kept as built too.");
        Assert.Equal(large.Length, after.KeptBytes);
    }

    [Fact]
    public void A_detail_packed_with_a_dictionary_since_replaced_still_reads()
    {
        var details = Details(400);
        var compression = new DetailCompression(samplesToTrain: 100);
        compression.Train(details[..200]);
        var first = compression.Current;
        Assert.NotNull(first);
        using var cache = new ItemDetailCache(new BacklogPageCache(), 32, null, compression);
        cache.Set(Workspace, "PAY-1", Entry(), details[300]);

        compression.Train(details[200..]);
        Assert.NotSame(first, compression.Current);
        Assert.Equal(2, compression.Trained);
        cache.Set(Workspace, "PAY-2", Entry(), details[301]);

        Assert.True(cache.TryGet(Workspace, "PAY-1", out var old));
        Assert.Equal(details[300], old.Utf8Json());
        Assert.True(cache.TryGet(Workspace, "PAY-2", out var current));
        Assert.Equal(details[301], current.Utf8Json());
    }

    [Fact]
    public void After_so_many_details_packed_a_new_dictionary_is_trained_on_the_latest()
    {
        var details = Details(900, seed: 5);
        var compression = new DetailCompression(samplesToTrain: 200, retrainAfter: 500);
        using var cache = new ItemDetailCache(new BacklogPageCache(), 32, null, compression);
        for (var i = 0; i < 200; i++) cache.Set(Workspace, Key(i), Entry(), details[i]);
        Eventually(() => compression.Trained == 1, "the first dictionary is trained");
        var first = compression.Current;

        for (var i = 200; i < 700; i++) cache.Set(Workspace, Key(i), Entry(), details[i]);
        Eventually(() => compression.Trained == 2, "a second dictionary is trained after 500 details packed with the first");
        Assert.NotSame(first, compression.Current);
        for (var i = 700; i < 900; i++) cache.Set(Workspace, Key(i), Entry(), details[i]);

        for (var i = 0; i < 900; i++)
        {
            Assert.True(cache.TryGet(Workspace, Key(i), out var entry));
            Assert.Equal(details[i], entry.Utf8Json());
        }
    }

    [Fact]
    public void Over_its_bound_the_cache_drops_the_least_recently_read_and_keeps_what_is_read()
    {
        var clock = new ManualClock();
        // Never trained here: each detail keeps its 2,000 bytes, so a 1 MiB bound holds about 470 of them.
        using var cache = new ItemDetailCache(new BacklogPageCache(), 1, clock, new DetailCompression(samplesToTrain: 0));
        var detail = new byte[2_000];
        for (var i = 0; i < 100; i++)
        {
            cache.Set(Workspace, Key(i), Entry(), detail);
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }
        for (var i = 0; i < 100; i += 2)
        {
            Assert.True(cache.TryGet(Workspace, Key(i), out _));
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }
        for (var i = 100; i < 1_000; i++)
        {
            cache.Set(Workspace, Key(i), Entry(), detail);
            clock.Advance(TimeSpan.FromMilliseconds(10));
            // The even ones of the first hundred are read all along; the odd ones never again.
            if (i % 10 == 0)
                for (var even = 0; even < 100; even += 2) cache.TryGet(Workspace, Key(even), out _);
        }

        Eventually(() => cache.Bytes <= 1024 * 1024, $"the cache comes back within its bound (it counts {cache.Bytes:N0} bytes)");
        Assert.InRange(cache.Count, 300, 480);
        for (var i = 0; i < 100; i += 2) Assert.True(cache.TryGet(Workspace, Key(i), out _), $"{Key(i)} is read all along and stays.");
        for (var i = 1; i < 100; i += 2) Assert.False(cache.TryGet(Workspace, Key(i), out _), $"{Key(i)} was not read since its first write and went first.");
        Assert.True(cache.TryGet(Workspace, Key(999), out _), "The latest detail stays.");
    }

    [Fact]
    public void A_detail_nobody_read_for_five_minutes_is_dropped()
    {
        var clock = new ManualClock();
        using var cache = new ItemDetailCache(new BacklogPageCache(), 32, clock, new DetailCompression(samplesToTrain: 0));
        cache.Set(Workspace, "PAY-1", Entry(), new byte[100]);
        cache.Set(Workspace, "PAY-2", Entry(), new byte[100]);

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.True(cache.TryGet(Workspace, "PAY-2", out _));
        clock.Advance(TimeSpan.FromMinutes(2));
        // The next read after the sweep's minute starts it.
        Assert.True(cache.TryGet(Workspace, "PAY-2", out _));

        // A sweep still under way from the read before lets the next read start this one.
        Eventually(() => cache.TryGet(Workspace, "PAY-2", out _) && cache.Count == 1, "the idle detail is dropped");
        Assert.False(cache.TryGet(Workspace, "PAY-1", out _));
        Assert.Equal(1, cache.Count);
        Assert.True(cache.Bytes > 0 && cache.Bytes < 1_000, $"What is counted is the one detail left ({cache.Bytes} bytes).");
    }

    [Theory]
    [InlineData("PAY-007")]
    [InlineData("PAY-0")]
    [InlineData("PAY-+7")]
    [InlineData("PAY-")]
    [InlineData("-7")]
    [InlineData("PAY7")]
    [InlineData("pay-7")]
    public void A_key_no_item_has_finds_nothing_kept(string key)
    {
        using var cache = new ItemDetailCache(new BacklogPageCache(), 32, null, new DetailCompression(samplesToTrain: 0));
        cache.Set(Workspace, "PAY-7", Entry(), new byte[100]);
        Assert.True(cache.TryGet(Workspace, "PAY-7", out _));
        Assert.False(cache.TryGet(Workspace, key, out _));
        Assert.False(cache.TryGet(Guid.NewGuid(), "PAY-7", out _), "Another workspace's PAY-7 is another item.");
    }

    [Fact]
    public void A_detail_written_again_replaces_the_one_before_and_is_counted_once()
    {
        using var cache = new ItemDetailCache(new BacklogPageCache(), 32, null, new DetailCompression(samplesToTrain: 0));
        cache.Set(Workspace, "PAY-1", Entry(version: 1), new byte[500]);
        var once = cache.Bytes;
        cache.Set(Workspace, "PAY-1", Entry(version: 2), new byte[500]);

        Assert.Equal(once, cache.Bytes);
        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet(Workspace, "PAY-1", out var entry));
        Assert.Equal(2, entry.Version);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = Now.UtcTicks;
        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
        public override long GetTimestamp() => Interlocked.Read(ref _ticks);
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    }
}
