using System.Diagnostics;
using System.Net.Sockets;

namespace Tandem.ClusterTests.Infrastructure;

/// <summary>
/// One Tandem web node: the built Tandem.Web.dll as its own process (as it runs in production) on a free
/// loopback port, on the cluster's PostgreSQL and Redis, believing forwarded headers from nginx on loopback.
/// </summary>
public sealed class TandemNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private TandemNode(string name, Process process, Uri baseUrl)
    {
        Name = name;
        _process = process;
        BaseUrl = baseUrl;
    }

    public string Name { get; }
    public Uri BaseUrl { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Starts a node and waits until <c>/health/ready</c> answers 200 (database and Redis reachable).</summary>
    public static async Task<TandemNode> StartAsync(string name, string connectionString, string redis, IReadOnlyDictionary<string, string>? settings = null)
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
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__Tandem"] = connectionString;
        start.Environment["ConnectionStrings__Redis"] = redis;
        start.Environment["ForwardedHeaders__KnownProxies"] = "127.0.0.1";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Tandem.Web.Infrastructure.CacheInvalidationChannel"] = "Information";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var node = new TandemNode(name, process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await node.WaitUntilReadyAsync();
        return node;
    }

    /// <summary>SIGKILL: no shutdown hooks, no goodbye (for the scheduled-job test, and at the end).</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>The node's last lines of output, for a failure's message.</summary>
    public string Tail()
    {
        lock (_tail) return $"--- node {Name} ({BaseUrl}) ---\n" + string.Join('\n', _tail);
    }

    private async Task WaitUntilReadyAsync()
    {
        using var probe = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(180))
        {
            if (_process.HasExited) break;
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
        throw new InvalidOperationException($"Tandem node {Name} did not become ready at {BaseUrl}.\n{Tail()}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 60) _tail.Dequeue();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
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
            var here = new DirectoryInfo(AppContext.BaseDirectory); // tests/Tandem.ClusterTests/bin/{Configuration}/{tfm}/
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
