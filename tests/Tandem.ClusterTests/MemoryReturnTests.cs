using System.Diagnostics;
using System.Text.RegularExpressions;
using Tandem.ClusterTests.Infrastructure;

namespace Tandem.ClusterTests;

/// <summary>
/// A node runs with the runtime settings it ships with and gives memory back once it goes quiet after work (ADR 47):
/// a real Tandem.Web process, its environment, its own log line and its resident set read from /proc.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class MemoryReturnTests(TandemCluster cluster)
{
    [Fact]
    public async Task A_node_gives_memory_back_once_it_goes_quiet_after_a_load()
    {
        var node = await cluster.StartNodeAsync("idle", new Dictionary<string, string>
        {
            ["Logging__LogLevel__Tandem.Web.Infrastructure.IdleMemoryReturn"] = "Debug",
        });
        // The server restarted itself in place with the runtime settings it ships with (same process id).
        var environment = (await File.ReadAllTextAsync($"/proc/{node.ProcessId}/environ")).Split('\0');
        Assert.Contains("TANDEM_RUNTIME_DEFAULTS=applied", environment);
        Assert.Contains("DOTNET_TieredCompilation=0", environment);
        Assert.Contains("DOTNET_ReadyToRun=0", environment);
        // Its diagnostics socket is the restarted runtime's: dotnet-counters and dotnet-trace can attach.
        var diagnostics = Directory.GetFiles(Path.GetTempPath(), $"dotnet-diagnostic-{node.ProcessId}-*-socket");
        Assert.Single(diagnostics);
        using (var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
            await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(diagnostics[0]));
        // Starting allocates more than a return is worth: the first comes once the node is idle.
        var first = await ReturnedAsync(node, after: 0);

        var team = await Team.CreateAsync(node.BaseUrl);
        var po = await team.MemberAsync("product-owner", node.BaseUrl);
        for (var i = 0; i < 150; i++)
        {
            var key = await team.StoryAsync(po.Client, $"Story {i}");
            using var read = await po.Client.GetAsync($"/api/v1/items/{key}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            using var page = await po.Client.GetAsync($"/api/v1/products/{team.ProductKey}/backlog?limit=100");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        var loaded = Resident(node);

        var second = await ReturnedAsync(node, after: first);
        var returned = Resident(node);
        Assert.True(returned < loaded, $"Resident {loaded >> 20} MiB after the load and {returned >> 20} MiB after the return.\n{node.Tail()}");
        node.Kill();
    }

    [Fact]
    public async Task A_node_asked_for_throughput_restarts_with_tiered_compilation_once()
    {
        var node = await cluster.StartNodeAsync("throughput", new Dictionary<string, string> { ["TANDEM_RUNTIME_DEFAULTS"] = "throughput" });
        var environment = (await File.ReadAllTextAsync($"/proc/{node.ProcessId}/environ")).Split('\0');
        // Restarted in place once, the switch replaced rather than given twice.
        Assert.Equal(["TANDEM_RUNTIME_DEFAULTS=applied"], environment.Where(e => e.StartsWith("TANDEM_RUNTIME_DEFAULTS=", StringComparison.Ordinal)));
        Assert.Contains("DOTNET_TieredCompilation=1", environment);
        Assert.Contains("DOTNET_TC_CallCountThreshold=1000", environment);
        Assert.Contains("DOTNET_ReadyToRun=0", environment);
        var team = await Team.CreateAsync(node.BaseUrl);
        var po = await team.MemberAsync("product-owner", node.BaseUrl);
        var key = await team.StoryAsync(po.Client, "A story served with tiered compilation");
        using var read = await po.Client.GetAsync($"/api/v1/items/{key}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        node.Kill();
    }

    /// <summary>Waits for the node's log to hold more than <paramref name="after"/> return lines; answers how many it holds.</summary>
    private static async Task<int> ReturnedAsync(TandemNode node, int after)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            var count = ReturnLine().Count(node.Tail());
            if (count > after) return count;
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"No memory given back within 60 s of going quiet.\n{node.Tail()}");
    }

    private static long Resident(TandemNode node) =>
        long.Parse(ResidentLine().Match(File.ReadAllText($"/proc/{node.ProcessId}/status")).Groups[1].Value) * 1024;

    [GeneratedRegex(@"Idle: gave -?\d+ MiB back")]
    private static partial Regex ReturnLine();

    [GeneratedRegex(@"VmRSS:\s+(\d+) kB")]
    private static partial Regex ResidentLine();
}
