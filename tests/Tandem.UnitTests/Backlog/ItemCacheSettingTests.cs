using Microsoft.Extensions.Configuration;
using Tandem.Application;
using Tandem.Application.Backlog;

namespace Tandem.UnitTests.Backlog;

/// <summary>Tandem:ItemCacheMiB, the item detail cache's bound (ADR 43).</summary>
public class ItemCacheSetting
{
    private static int Read(string? value) =>
        ApplicationServices.ItemCacheMegabytes(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Tandem:ItemCacheMiB"] = value }).Build());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Unset_is_the_default(string? value) => Assert.Equal(ItemDetailCache.DefaultMegabytes, Read(value));

    [Theory]
    [InlineData("1", 1)]
    [InlineData("160", 160)]
    [InlineData("65536", 65536)]
    public void A_whole_number_of_MiB_is_the_bound(string value, int megabytes)
    {
        Assert.Equal(megabytes, Read(value));
        using var cache = new ItemDetailCache(new BacklogPageCache(), Read(value));
        Assert.Equal(megabytes, cache.Megabytes);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("65537")]
    [InlineData("32.5")]
    [InlineData("32MB")]
    [InlineData("lots")]
    public void Anything_else_stops_the_start_and_says_what_to_give(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(value));
        Assert.Contains($"Tandem:ItemCacheMiB is \"{value}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("from 1 to 65536", error.Message, StringComparison.Ordinal);
    }
}
