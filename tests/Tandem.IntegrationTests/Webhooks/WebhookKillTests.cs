using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Webhooks;
using Tandem.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Webhooks;

/// <summary>
/// The outbox's promise with real processes (issue 16): Tandem runs as its own process, 40 events are created, and
/// the process is killed with SIGKILL while it is delivering them to a slow receiver (no shutdown, no lease given
/// back). A second process on the same database takes the delivery job over and every stored event arrives, by event
/// id: at least once, duplicates allowed.
/// </summary>
public sealed class WebhookKillTests(ITestOutputHelper output)
{
    private const int Events = 40;
    private static readonly string[] ItemCreated = ["item.created"];

    [Fact]
    public async Task Every_event_arrives_after_Tandem_is_killed_during_delivery()
    {
        await using var database = await TestDatabase.CreateAsync("hookkill");
        var dataDirectory = database.DataDirectory ?? Directory.CreateTempSubdirectory("tandem-hookkill-").FullName;
        using var receiver = new WebhookReceiver(delay: TimeSpan.FromMilliseconds(150));
        string key;
        await using (var first = await TandemProcess.StartAsync("hook-a", database, dataDirectory, output))
        {
            // This process's database is the test's own: the demo's Product Owner and product are free to use.
            using var po = await first.SignInAsync(TandemApp.AcmePo, TandemApp.DemoPassword);
            key = "PAY";
            await Expect.Status(HttpStatusCode.Created, await po.PostAsJsonAsync($"/api/v1/products/{key}/webhooks", new { url = receiver.Url, events = ItemCreated }));
            for (var n = 1; n <= Events; n++)
                await Expect.Status(HttpStatusCode.Created, await po.PostAsJsonAsync($"/api/v1/products/{key}/items", new { type = "story", title = $"Event {n}" }));
            // Killed mid-delivery: some events have arrived, most have not.
            await receiver.WaitForAsync(_ => receiver.Received.Count >= 3, TimeSpan.FromSeconds(60));
            first.Kill();
            output.WriteLine($"killed after {receiver.Received.Count} deliveries");
        }
        var stored = await StoredEventIdsAsync(database, key);
        Assert.Equal(Events, stored.Count);
        Assert.True(receiver.Received.Select(r => r.EventId).Distinct().Count() < Events, "Every event had arrived before the kill; the test proves nothing.");

        await using (var second = await TandemProcess.StartAsync("hook-b", database, dataDirectory, output))
        {
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(90) && !stored.IsSubsetOf(receiver.Received.Select(r => r.EventId))) await Task.Delay(200);
        }
        var arrived = receiver.Received.Select(r => r.EventId).ToHashSet();
        var missing = stored.Except(arrived).ToList();
        output.WriteLine($"{receiver.Received.Count} requests for {arrived.Count} events; {receiver.Received.Count - arrived.Count} duplicates");
        Assert.True(missing.Count == 0, $"{missing.Count} of {Events} events never arrived: {string.Join(", ", missing.Take(5))}");
        if (database.DataDirectory is null) Directory.Delete(dataDirectory, recursive: true);
    }

    private static async Task<HashSet<string>> StoredEventIdsAsync(TestDatabase database, string key)
    {
        await using var db = database.NewDbContext();
        var productId = await db.Products.IgnoreQueryFilters().Where(p => p.Key == key).Select(p => p.Id).SingleAsync();
        var ids = await db.Set<WebhookEvent>().IgnoreQueryFilters().Where(e => e.ProductId == productId).Select(e => e.Id).ToListAsync();
        return ids.Select(i => i.ToString()).ToHashSet();
    }

    /// <summary>Tandem.Web as its own process with a quick webhook sender and short leases, as ClusterJobKillTests starts it.</summary>
    private sealed class TandemProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Queue<string> _tail = new();
        private readonly ITestOutputHelper _output;
        private readonly string _name;

        private TandemProcess(string name, Process process, Uri baseAddress, ITestOutputHelper output)
        {
            _name = name;
            _process = process;
            BaseAddress = baseAddress;
            _output = output;
        }

        public Uri BaseAddress { get; }

        public static async Task<TandemProcess> StartAsync(string name, TestDatabase database, string dataDirectory, ITestOutputHelper output)
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
            start.Environment["Tandem__Jobs__LeaseSeconds"] = "3";
            start.Environment[$"Tandem__Jobs__{WebhookSender.JobName}__Every"] = "00:00:00.2";
            start.Environment["Tandem__Webhooks__AllowPrivateNetworks"] = "true";
            start.Environment["Tandem__Webhooks__FirstRetrySeconds"] = "0.5";
            start.Environment["Tandem__Webhooks__BatchSize"] = "10";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            var node = new TandemProcess(name, process, new Uri($"http://127.0.0.1:{port}/"), output);
            void Read(string? line)
            {
                if (line is null) return;
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
            await node.WaitUntilReadyAsync();
            return node;
        }

        public async Task<HttpClient> SignInAsync(string email, string password)
        {
            var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
            var body = (await Expect.Status(HttpStatusCode.OK, response))!;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body["accessToken"]!.GetValue<string>());
            return client;
        }

        /// <summary>SIGKILL: no shutdown hooks, no lease given back, the batch in flight unrecorded.</summary>
        public void Kill()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        private async Task WaitUntilReadyAsync()
        {
            using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
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
            lock (_tail) throw new InvalidOperationException($"{_name} did not become ready. Its last output:\n{string.Join('\n', _tail)}");
        }

        public ValueTask DisposeAsync()
        {
            Kill();
            lock (_tail) if (_tail.Count > 0) _output.WriteLine($"--- {_name}\n" + string.Join('\n', _tail));
            _process.Dispose();
            return ValueTask.CompletedTask;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

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
