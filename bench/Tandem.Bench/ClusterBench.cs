using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.Demo;
using Tandem.Bench.Shared;
using Tandem.Web;

namespace Tandem.Bench;

/// <summary>
/// Issue 15's two nodes behind nginx (--cluster): two Tandem hosts on one PostgreSQL and one Redis, both in
/// this process (separate containers, caches and counters; they share the two cores, as two processes on one
/// machine would), nginx round-robin in front. Measures, in one run with the cache on: the backlog page's
/// throughput and p99 on one node directly and on both through nginx (wrk); the page cache's hit ratio under
/// one move per ten page reads spread over both nodes; and how long a move on node A takes to show in node
/// B's next page. Needs PostgreSQL (--connection), Redis and nginx (the environment cluster-services.sh
/// writes: TANDEM_TEST_REDIS, TANDEM_TEST_NGINX, TANDEM_TEST_NGINX_UPSTREAM, TANDEM_TEST_NGINX_PIDFILE).
/// </summary>
internal static class ClusterBench
{
    public static async Task RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set: source the env file of tests/Tandem.ClusterTests/cluster-services.sh start DIR.");
        var connection = Arg("--connection", "Host=127.0.0.1;Port=55432;Username=postgres");
        var size = int.Parse(Arg("--size", "10000"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg("--wrk-seconds", "10"), CultureInfo.InvariantCulture);
        var cycles = int.Parse(Arg("--cycles", "200"), CultureInfo.InvariantCulture);
        var redis = Env("TANDEM_TEST_REDIS");
        var nginx = Env("TANDEM_TEST_NGINX").TrimEnd('/');

        var database = "tandem_bench_" + Guid.NewGuid().ToString("N")[..8];
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection) { Database = "postgres" };
        await using (var admin = new Npgsql.NpgsqlConnection(builder.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        builder.Database = database;
        WebApplication Node() => TandemHost.Build(["--demo"], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Configuration["Database:Provider"] = "Postgres";
            b.Configuration["ConnectionStrings:Tandem"] = builder.ConnectionString;
            b.Configuration["ConnectionStrings:Redis"] = redis;
            b.Configuration["ForwardedHeaders:KnownProxies"] = "127.0.0.1";
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        var a = Node();
        await TandemHost.PrepareAsync(a);
        await a.StartAsync();
        const string key = "CLU";
        await BenchData.SeedAsync(a.Services, key, $"Cluster {size:N0}", size);
        var b = Node();
        await TandemHost.PrepareAsync(b);
        await b.StartAsync();
        var urlA = a.Urls.First();
        var urlB = b.Urls.First();
        await File.WriteAllTextAsync(Env("TANDEM_TEST_NGINX_UPSTREAM"),
            $"upstream tandem {{\n    server {new Uri(urlA).Authority} max_fails=0;\n    server {new Uri(urlB).Authority} max_fails=0;\n}}\n");
        using (var hup = Process.Start("kill", ["-HUP", (await File.ReadAllTextAsync(Env("TANDEM_TEST_NGINX_PIDFILE"))).Trim()])) await hup.WaitForExitAsync();
        await Task.Delay(1000);

        using var http = new HttpClient();
        var login = await http.PostAsJsonAsync($"{urlA}/api/v1/auth/login", new { email = "po@demo.tandem", password = DemoSeeder.Password });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // Wait until both nodes' invalidation channels are live (their caches serve only then).
        var page = $"/api/v1/products/{key}/backlog?limit=100";
        for (var i = 0; i < 50; i++)
        {
            await http.GetAsync(urlA + page);
            await http.GetAsync(urlB + page);
            await http.GetAsync(nginx + page);
        }
        Console.WriteLine($"## Two nodes behind nginx: {size:N0} items, PostgreSQL, Redis {redis}, {Environment.ProcessorCount} cores, wrk -t2 -d{seconds}s");
        Console.WriteLine();
        Console.WriteLine("| target | connections | req/s | p50 | p99 |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var connections in new[] { 4, 16 })
        {
            foreach (var (name, url) in new[] { ("one node (A, direct)", urlA), ("two nodes (nginx round-robin)", nginx) })
            {
                var (rps, p50, p99) = await WrkAsync(connections, seconds, url + page, token);
                Console.WriteLine($"| {name} | {connections} | {rps:N0} | {p50} | {p99} |");
            }
        }

        // One move per ten page reads, the reads alternating over the nodes through nginx; hits counted on both.
        var pagesA = a.Services.GetRequiredService<BacklogPageCache>();
        var pagesB = b.Services.GetRequiredService<BacklogPageCache>();
        var rightsA = a.Services.GetRequiredService<Tandem.Application.DecisionRights.DecisionRightsCache>();
        var rightsB = b.Services.GetRequiredService<Tandem.Application.DecisionRights.DecisionRightsCache>();
        var before = Sum(pagesA.Lookups, pagesB.Lookups);
        var rightsBefore = Sum(rightsA.Lookups, rightsB.Lookups);
        var keys = await KeysAsync(http, urlA + page);
        var random = new Random(15);
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            for (var r = 0; r < 10; r++) (await http.GetAsync(nginx + page)).Dispose();
            var moved = keys[random.Next(1, 100)];
            (await http.PostAsJsonAsync($"{nginx}/api/v1/items/{moved}/move", new { position = "top" })).Dispose();
        }
        var after = Sum(pagesA.Lookups, pagesB.Lookups);
        var hits = after.Hits - before.Hits;
        var misses = after.Misses - before.Misses;
        Console.WriteLine();
        var rightsAfter = Sum(rightsA.Lookups, rightsB.Lookups);
        var allHits = hits + rightsAfter.Hits - rightsBefore.Hits;
        var allMisses = misses + rightsAfter.Misses - rightsBefore.Misses;
        Console.WriteLine($"Page cache under 1 move per 10 page reads ({cycles} cycles through nginx, both nodes): {hits:N0} hits, {misses:N0} misses, hit ratio {100.0 * hits / Math.Max(1, hits + misses):0.0} %");
        Console.WriteLine($"All read caches (pages, product look-ups, role facts), same mix: {allHits:N0} hits, {allMisses:N0} misses, hit ratio {100.0 * allHits / Math.Max(1, allHits + allMisses):0.0} %");

        // A move on A, then B's next page: how long until B's page shows it (the poll's own request included),
        // and how long from sending the move until B's backlog version moved (the invalidation itself).
        var versionsB = b.Services.GetRequiredService<Tandem.Application.Data.ChangeVersions>();
        Guid productId;
        using (var scope = a.Services.CreateScope())
            productId = await scope.ServiceProvider.GetRequiredService<Tandem.Application.Data.TandemDbContext>().Products.IgnoreQueryFilters().Where(p => p.Key == key).Select(p => p.Id).FirstAsync();
        var visible = new List<double>();
        var invalidated = new List<double>();
        var answered = new List<double>();
        for (var i = 0; i < cycles; i++)
        {
            keys = await KeysAsync(http, urlB + page);
            var moved = keys[random.Next(1, 100)];
            var version = versionsB.Backlog(productId);
            var sent = Stopwatch.StartNew();
            var watch = Task.Factory.StartNew(() =>
            {
                while (versionsB.Backlog(productId) == version && sent.Elapsed < TimeSpan.FromSeconds(2)) Thread.SpinWait(50);
                return sent.Elapsed.TotalMilliseconds;
            }, TaskCreationOptions.LongRunning);
            (await http.PostAsJsonAsync($"{urlA}/api/v1/items/{moved}/move", new { position = "top" })).Dispose();
            answered.Add(sent.Elapsed.TotalMilliseconds);
            invalidated.Add(await watch);
            var clock = Stopwatch.StartNew();
            var polls = 0;
            while ((await KeysAsync(http, urlB + page))[0] != moved) polls++;
            visible.Add(clock.Elapsed.TotalMilliseconds);
            if (polls > 0) Console.WriteLine($"  move {i}: B needed {polls + 1} reads");
        }
        visible.Sort();
        invalidated.Sort();
        answered.Sort();
        Console.WriteLine($"Move on A: answered p50 {answered[answered.Count / 2]:0.0} ms, p95 {answered[(int)(answered.Count * 0.95)]:0.0} ms; B's backlog version moved p50 {invalidated[invalidated.Count / 2]:0.0} ms, p95 {invalidated[(int)(invalidated.Count * 0.95)]:0.0} ms after the move was sent");
        Console.WriteLine($"Move on A visible in B's next page ({cycles} moves): p50 {visible[visible.Count / 2]:0.0} ms, p95 {visible[(int)(visible.Count * 0.95)]:0.0} ms, max {visible[^1]:0.0} ms");

        await b.StopAsync();
        await a.StopAsync();
        await b.DisposeAsync();
        await a.DisposeAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
        builder.Database = "postgres";
        await using (var admin = new Npgsql.NpgsqlConnection(builder.ConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static (long Hits, long Misses) Sum((long Hits, long Misses) x, (long Hits, long Misses) y) => (x.Hits + y.Hits, x.Misses + y.Misses);

    private static async Task<List<string>> KeysAsync(HttpClient http, string url)
    {
        var body = await http.GetFromJsonAsync<JsonElement>(url);
        return body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()!).ToList();
    }

    private static async Task<(double Rps, string P50, string P99)> WrkAsync(int connections, int seconds, string url, string token)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "-H", $"Authorization: Bearer {token}", url }) start.ArgumentList.Add(arg);
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start; is it installed (apt-get install wrk)?");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        var rps = double.Parse(lines.First(l => l.StartsWith("Requests/sec:", StringComparison.Ordinal))["Requests/sec:".Length..].Trim(), CultureInfo.InvariantCulture);
        string Percentile(string p) => lines.First(l => l.StartsWith(p, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        if (lines.FirstOrDefault(l => l.StartsWith("Non-2xx", StringComparison.Ordinal)) is { } bad) Console.WriteLine($"  wrk: {bad}");
        return (rps, Percentile("50%"), Percentile("99%"));
    }
}
