using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Tandem.Application.Dependencies;
using Tandem.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Reliability;

/// <summary>
/// Issue 15's two-node check of background work, with real processes: two Tandem hosts on one database, the
/// dependency re-assessment every 2 s and 3 s leases. The job fires once per period while both nodes run, and
/// still fires after the node running it is killed with SIGKILL (no shutdown, no lease given back).
/// Written for the two-node suite (tests/Tandem.ClusterTests), where the nodes also sit behind nginx on Redis.
/// </summary>
public sealed partial class ClusterJobKillTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private const int LeaseSeconds = 3;

    [Fact]
    public async Task A_scheduled_job_fires_once_while_both_nodes_run_and_still_fires_after_its_node_is_killed()
    {
        await using var database = await TestDatabase.CreateAsync("jobkill");
        var dataDirectory = database.DataDirectory ?? Directory.CreateTempSubdirectory("tandem-jobkill-").FullName;
        var runs = new ConcurrentQueue<(string Node, TimeSpan At)>();
        var clock = Stopwatch.StartNew();
        await using var a = await Node.StartAsync("node-a", database, dataDirectory, runs, clock, output);
        await using var b = await Node.StartAsync("node-b", database, dataDirectory, runs, clock, output);

        var watched = clock.Elapsed;
        var before = runs.Count;
        await Task.Delay(TimeSpan.FromSeconds(10));
        var both = runs.Skip(before).ToList();
        output.WriteLine(string.Join("\n", both.Select(r => $"{r.Node} at {r.At.TotalSeconds:0.0} s")));
        var span = clock.Elapsed - watched;
        Assert.True(both.Count >= 3, $"The job ran {both.Count} times in {span.TotalSeconds:0} s with a period of {Every.TotalSeconds} s.");
        // Once per period in the cluster: two nodes each running it would come near twice this.
        Assert.True(both.Count <= span / Every + 1, $"The job ran {both.Count} times in {span.TotalSeconds:0} s: more than once per {Every.TotalSeconds} s period.");

        var holder = both[^1].Node;
        var (victim, survivor) = holder == "node-a" ? (a, b) : (b, a);
        victim.Kill();
        var killedAt = clock.Elapsed;
        output.WriteLine($"killed {holder} at {killedAt.TotalSeconds:0.0} s");

        // Lease expiry, one poll, one period, and a loaded machine's margin.
        var limit = TimeSpan.FromSeconds(LeaseSeconds + LeaseSeconds / 3.0) + Every + TimeSpan.FromSeconds(10);
        while (clock.Elapsed - killedAt < limit && !runs.Any(r => r.At > killedAt && r.Node == survivor.Name)) await Task.Delay(200);
        var taken = runs.FirstOrDefault(r => r.At > killedAt && r.Node == survivor.Name);
        Assert.True(taken != default, $"{survivor.Name} did not run the job within {limit.TotalSeconds:0} s of {holder}'s kill -9.");
        output.WriteLine($"{survivor.Name} ran it {(taken.At - killedAt).TotalSeconds:0.0} s after the kill");
        if (database.DataDirectory is null) Directory.Delete(dataDirectory, recursive: true);
    }

    [GeneratedRegex(@"Job (?<job>\S+) ran on (?<node>\S+): (?<outcome>\w+)")]
    private static partial Regex RanLine();

    /// <summary>Tandem.Web as its own process, named, with fast job settings; its job-run lines are collected.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Queue<string> _tail = new();
        private readonly ITestOutputHelper _output;

        private Node(string name, Process process, ITestOutputHelper output)
        {
            Name = name;
            _process = process;
            _output = output;
        }

        public string Name { get; }

        public static async Task<Node> StartAsync(string name, TestDatabase database, string dataDirectory,
            ConcurrentQueue<(string, TimeSpan)> runs, Stopwatch clock, ITestOutputHelper output)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(WebAssembly)!,
            };
            foreach (var arg in new[] { WebAssembly, "--urls", $"http://127.0.0.1:{port}", "--demo" }) start.ArgumentList.Add(arg);
            start.Environment["Database__Provider"] = database.Provider.ToString();
            start.Environment["ConnectionStrings__Tandem"] = database.ConnectionString;
            start.Environment["Tandem__DataDirectory"] = dataDirectory;
            start.Environment["Tandem__NodeName"] = name;
            start.Environment["Tandem__Jobs__LeaseSeconds"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment[$"Tandem__Jobs__{DependencyReassessmentJob.Name}__Every"] = Every.ToString();
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment["Logging__LogLevel__Tandem.Application.Jobs"] = "Information";
            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            var node = new Node(name, process, output);
            void Read(string? line)
            {
                if (line is null) return;
                if (RanLine().Match(line) is { Success: true } m && m.Groups["job"].Value == DependencyReassessmentJob.Name)
                    runs.Enqueue((m.Groups["node"].Value, clock.Elapsed));
                lock (node._tail)
                {
                    node._tail.Enqueue(line);
                    if (node._tail.Count > 40) node._tail.Dequeue();
                }
            }
            process.OutputDataReceived += (_, e) => Read(e.Data);
            process.ErrorDataReceived += (_, e) => Read(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await node.WaitUntilReadyAsync(new Uri($"http://127.0.0.1:{port}/"));
            return node;
        }

        /// <summary>SIGKILL: no shutdown hooks, no lease given back.</summary>
        public void Kill()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        private async Task WaitUntilReadyAsync(Uri baseUrl)
        {
            using var probe = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(5) };
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(120) && !_process.HasExited)
            {
                try
                {
                    using var ready = await probe.GetAsync("/health/ready");
                    if (ready.IsSuccessStatusCode) return;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                await Task.Delay(200);
            }
            Kill();
            lock (_tail) throw new InvalidOperationException($"{Name} did not become ready. Its last output:\n{string.Join('\n', _tail)}");
        }

        public ValueTask DisposeAsync()
        {
            Kill();
            lock (_tail) if (_tail.Count > 0) _output.WriteLine($"--- {Name}\n" + string.Join('\n', _tail));
            _process.Dispose();
            return ValueTask.CompletedTask;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        /// <summary>Tandem.Web.dll as the solution build left it, in the same configuration as these tests.</summary>
        private static string WebAssembly
        {
            get
            {
                var here = new DirectoryInfo(AppContext.BaseDirectory);
                var tfm = here.Name;
                var configuration = here.Parent!.Name;
                var root = here;
                while (root is not null && !File.Exists(Path.Combine(root.FullName, "Tandem.slnx"))) root = root.Parent;
                if (root is null) throw new InvalidOperationException($"No Tandem.slnx above {AppContext.BaseDirectory}.");
                var path = Path.Combine(root.FullName, "src", "Tandem.Web", "bin", configuration, tfm, "Tandem.Web.dll");
                return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing; build the solution first.");
            }
        }
    }
}
