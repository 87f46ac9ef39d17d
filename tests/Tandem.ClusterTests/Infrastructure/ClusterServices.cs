using System.Diagnostics;
using System.Net.Sockets;

namespace Tandem.ClusterTests.Infrastructure;

/// <summary>
/// The PostgreSQL, Redis and nginx that test.sh (through cluster-services.sh) started for this suite, read from
/// the environment. Missing, the suite fails with what is missing: it never skips itself into a pass.
/// </summary>
public sealed class ClusterServices
{
    public required string Postgres { get; init; }
    public required string Redis { get; init; }
    public required string RedisServer { get; init; }
    public required string RedisConf { get; init; }
    public required string RedisPidFile { get; init; }
    public required Uri Nginx { get; init; }
    public required string NginxUpstream { get; init; }
    public required string NginxPidFile { get; init; }

    public static ClusterServices FromEnvironment()
    {
        string[] names = ["TANDEM_TEST_POSTGRES", "TANDEM_TEST_REDIS", "TANDEM_TEST_REDIS_SERVER", "TANDEM_TEST_REDIS_CONF", "TANDEM_TEST_REDIS_PIDFILE",
            "TANDEM_TEST_NGINX", "TANDEM_TEST_NGINX_UPSTREAM", "TANDEM_TEST_NGINX_PIDFILE"];
        var missing = names.Where(n => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(n))).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"The two-node suite needs PostgreSQL, Redis and nginx, and {string.Join(", ", missing)} is not set. ./test.sh starts them; " +
                "by hand: tests/Tandem.ClusterTests/cluster-services.sh start DIR, then `source DIR/env` and set TANDEM_TEST_POSTGRES.");
        string Get(string name) => Environment.GetEnvironmentVariable(name)!;
        return new ClusterServices
        {
            Postgres = Get("TANDEM_TEST_POSTGRES"),
            Redis = Get("TANDEM_TEST_REDIS"),
            RedisServer = Get("TANDEM_TEST_REDIS_SERVER"),
            RedisConf = Get("TANDEM_TEST_REDIS_CONF"),
            RedisPidFile = Get("TANDEM_TEST_REDIS_PIDFILE"),
            Nginx = new Uri(Get("TANDEM_TEST_NGINX")),
            NginxUpstream = Get("TANDEM_TEST_NGINX_UPSTREAM"),
            NginxPidFile = Get("TANDEM_TEST_NGINX_PIDFILE"),
        };
    }

    /// <summary>Points nginx at these nodes (round-robin, no stickiness) and reloads it.</summary>
    public async Task BalanceAsync(IEnumerable<Uri> nodes)
    {
        var servers = string.Concat(nodes.Select(n => $"    server {n.Host}:{n.Port} max_fails=0;\n"));
        await File.WriteAllTextAsync(NginxUpstream, "upstream tandem {\n" + servers + "}\n");
        Signal(NginxPidFile, "HUP");
    }

    /// <summary>Stops Redis by its PID (SIGTERM; no data to keep) and waits until it is gone.</summary>
    public async Task StopRedisAsync()
    {
        var pid = int.Parse((await File.ReadAllTextAsync(RedisPidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Signal(RedisPidFile, "TERM");
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(10) && Alive(pid)) await Task.Delay(50);
        Assert.False(Alive(pid), "Redis did not stop within 10 s of SIGTERM.");
    }

    /// <summary>Starts Redis again with the same configuration (same port, daemonised, same PID file).</summary>
    public async Task StartRedisAsync()
    {
        using (var start = Process.Start(RedisServer, RedisConf)) await start.WaitForExitAsync();
        var (host, port) = HostPort(Redis);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (await AcceptsAsync(host, port)) return;
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"Redis did not start again on {Redis}.");
    }

    public async Task<bool> RedisIsUpAsync()
    {
        var (host, port) = HostPort(Redis);
        return await AcceptsAsync(host, port);
    }

    private static (string Host, int Port) HostPort(string address)
    {
        var colon = address.LastIndexOf(':');
        return (address[..colon], int.Parse(address[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<bool> AcceptsAsync(string host, int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port).WaitAsync(TimeSpan.FromSeconds(1));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException) { return false; }
    }

    private static bool Alive(int pid)
    {
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
    }

    private static void Signal(string pidFile, string signal)
    {
        var pid = File.ReadAllText(pidFile).Trim();
        using var kill = Process.Start("kill", ["-" + signal, pid]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {pid} ({pidFile}) failed.");
    }
}
