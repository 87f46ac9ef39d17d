using Tandem.Application.Backlog;

namespace Tandem.UnitTests.Backlog;

/// <summary>Alone: what the process holds is measured, so no other test may allocate meanwhile.</summary>
[CollectionDefinition(nameof(MeasuresTheHeap), DisableParallelization = true)]
public sealed class MeasuresTheHeap;

/// <summary>The item cache's bound counts what its entries take (ADR 43, ADR 52): neither more, which would hold fewer, nor less, which would break the memory budget.</summary>
[Collection(nameof(MeasuresTheHeap))]
public class ItemDetailCacheMemoryTests
{
    [Fact]
    public void What_an_entry_is_counted_is_what_it_takes_in_the_heap()
    {
        const int count = 50_000;
        var workspace = Guid.NewGuid();
        var stamp = new ItemDetailStamp(1, 2, 3, 4);
        using var cache = new ItemDetailCache(new BacklogPageCache(), 1024, null, new DetailCompression(samplesToTrain: 0));

        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < count; i++)
            cache.Set(workspace, $"LEAN-{i + 10_000}", new ItemDetailEntry(Guid.NewGuid(), "LEAN", Guid.NewGuid(), 1, stamp), new byte[150]);
        var takes = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)count;

        Assert.Equal(count, cache.Count);
        var counted = cache.Bytes / (double)count;
        Assert.True(counted >= takes, $"An entry takes {takes:0} bytes in the heap and is counted {counted:0}: the bound would let the cache grow past it.");
        Assert.True(counted <= takes * 1.15, $"An entry takes {takes:0} bytes in the heap and is counted {counted:0}: the bound would hold fewer than it could.");
    }
}
