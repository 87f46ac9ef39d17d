using Tandem.Bench.Shared;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Demo;
using Tandem.Web;

// Server benchmark for the backlog: the first page of 100 items and a move, at several backlog sizes,
// through the real host over loopback HTTP. Usage:
//   dotnet run -c Release --project bench/Tandem.Bench -- [--sizes 1000,10000,100000] [--provider Sqlite|Postgres]
//       [--connection "Host=…"] [--requests 400] [--serve SIZE] [--wrk [--wrk-seconds 15]] [--lists 10000]
// --lists SIZE seeds SIZE decision records and SIZE debt items in one product and times their list endpoints instead.
// --serve seeds one product of SIZE items, prints the URL and a token, and keeps serving (for wrk).
// --wrk runs wrk after each size, at 4 and 16 connections, against the backlog page and the pre-serialised
// ceiling (the same bytes), and prints both figures and their ratio.
// --schedule: issue 11's critical path (10,000 items / 50,000 links) and Gantt (2,000 bars), in process.
// The host runs with the runtime settings the server ships with (ADR 47): this process restarts itself in place with
// them, as Tandem.Web does. TANDEM_RUNTIME_DEFAULTS=throughput measures ADR 53's mode (tiering for the hot paths),
// TANDEM_RUNTIME_DEFAULTS=off the runtime's own defaults (tiered compilation, PGO).
Tandem.Web.Infrastructure.LeanProcess.ApplyRuntimeSettings();
if (args.Contains("--schedule")) { Tandem.Bench.ScheduleBench.Run(); return; }
// --cluster: issue 15's two nodes behind nginx on PostgreSQL and Redis (bench/cluster.sh starts Redis and nginx).
if (args.Contains("--cluster")) { await Tandem.Bench.ClusterBench.RunAsync(args); return; }
var options = Options.Parse(args);
var dataDir = Directory.CreateTempSubdirectory("tandem-bench-").FullName;
var app = TandemHost.Build(["--demo"], b =>
{
    b.WebHost.UseUrls("http://127.0.0.1:0");
    b.Configuration["Tandem:DataDirectory"] = dataDir;
    b.Configuration["Database:Provider"] = options.Provider;
    if (options.Connection is not null) b.Configuration["ConnectionStrings:Tandem"] = options.Connection;
    b.Logging.SetMinimumLevel(LogLevel.Warning);
});
var ceiling = new byte[1];
app.MapGet("/bench/ceiling", () => Results.Bytes(ceiling, "application/json"));
// PUT the bytes the ceiling should serve (one item's JSON, for the item read: ADR 0025).
app.MapPut("/bench/ceiling", async (HttpRequest request) => { using var body = new MemoryStream(); await request.Body.CopyToAsync(body); ceiling = body.ToArray(); return Results.NoContent(); });
await TandemHost.PrepareAsync(app);
await app.StartAsync();
var baseUrl = app.Urls.First();

using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = "po@demo.tandem", password = DemoSeeder.Password });
var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

Console.WriteLine($"provider: {options.Provider}, cores: {Environment.ProcessorCount}, requests per measure: {options.Requests}");
// --lean: issue 12's item read, create, update and move under wrk beside their ceilings, and concurrent writers.
if (args.Contains("--lean")) { await Tandem.Bench.LeanBench.RunAsync(app.Services, http, baseUrl, token!, options.Sizes, options.WrkSeconds, b => ceiling = b, args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()); await app.StopAsync(); Directory.Delete(dataDir, recursive: true); return; }
// --scrum: issue 10's team metrics and charts at 100 closed sprints / 20,000 items, and closing a 300-item sprint.
if (args.Contains("--scrum"))
{
    await Tandem.Bench.ScrumMetricsBench.RunAsync(app.Services, http, options.Requests, Get);
    await app.StopAsync();
    Directory.Delete(dataDir, recursive: true);
    return;
}
// --status-report: issue 11's status report of the demo's PAY built 30 times (in process and over HTTP).
if (args.Contains("--status-report")) { await Tandem.Bench.StatusReportBench.RunAsync(app.Services, http, Get); await app.StopAsync(); Directory.Delete(dataDir, recursive: true); return; }
// --forecast: issue 11's 10,000 Monte Carlo trials, in-process and through the endpoint on the demo.
if (args.Contains("--forecast")) { await Tandem.Bench.ForecastBench.RunAsync(http, Get); await app.StopAsync(); Directory.Delete(dataDir, recursive: true); return; }
if (options.Lists is { } listSize)
{
    await Tandem.Bench.ListsBench.RunAsync(app.Services, http, listSize, options.Requests, Get);
    await app.StopAsync();
    if (args.Contains("--keep-data")) Console.WriteLine($"data kept in {dataDir}");
    else Directory.Delete(dataDir, recursive: true);
    return;
}
// "page" repeats an unchanged page (served from the page cache); "page after a move" follows each move
// (the backlog changed, so it is built from the database): the budget must hold for both.
Console.WriteLine("| items | page (100) p50 | p95 | page after a move p50 | p95 | move p50 | p95 | seed time |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");

var sizes = options.Serve is { } serve ? [serve] : options.Sizes;
foreach (var size in sizes)
{
    var key = $"B{size}".Length > 10 ? $"B{size / 1000}K" : $"B{size}";
    var seed = Stopwatch.StartNew();
    await BenchData.SeedAsync(app.Services, key, $"Benchmark {size:N0}", size);
    seed.Stop();
    // Warm up the path (JIT, query plans, caches) before measuring.
    for (var i = 0; i < 30; i++) await Get(http, $"/api/v1/products/{key}/backlog?limit=100");

    var page = new List<double>();
    for (var i = 0; i < options.Requests; i++) page.Add(await Get(http, $"/api/v1/products/{key}/backlog?limit=100"));

    var random = new Random(1);
    var moves = new List<double>();
    var uncached = new List<double>();
    for (var i = -30; i < options.Requests; i++)
    {
        var item = $"{key}-{random.Next(1, size + 1)}";
        var target = $"{key}-{random.Next(1, size + 1)}";
        object body = (i % 4) switch
        {
            0 => new { position = "top" },
            1 => new { position = "bottom" },
            2 => new { before = target },
            _ => new { after = target },
        };
        if (item == target) body = new { position = "top" };
        var took = await Post(http, $"/api/v1/items/{item}/move", body);
        if (i >= 0) moves.Add(took); // the first 30 warm up the path
    }
    // Each move changes the backlog, so the page that follows it is built from the database, not the page cache.
    for (var i = 0; i < options.Requests; i++)
    {
        await Post(http, $"/api/v1/items/{key}-{random.Next(1, size + 1)}/move", new { position = i % 2 == 0 ? "top" : "bottom" });
        uncached.Add(await Get(http, $"/api/v1/products/{key}/backlog?limit=100"));
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {size:N0} | {BenchData.P(page, 50):0.0} ms | {BenchData.P(page, 95):0.0} ms | {BenchData.P(uncached, 50):0.0} ms | {BenchData.P(uncached, 95):0.0} ms | {BenchData.P(moves, 50):0.0} ms | {BenchData.P(moves, 95):0.0} ms | {seed.Elapsed.TotalSeconds:0.0} s |"));

    if (options.Wrk)
    {
        var response = await http.GetAsync(new Uri($"/api/v1/products/{key}/backlog?limit=100", UriKind.Relative));
        ceiling = await response.Content.ReadAsByteArrayAsync();
        Console.WriteLine();
        Console.WriteLine($"Throughput at {size:N0} items, wrk -t2 -d{options.WrkSeconds}s; page {ceiling.Length:N0} bytes, same bytes pre-serialised at /bench/ceiling");
        Console.WriteLine("| connections | backlog page | ceiling | ratio |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var connections in new[] { 4, 16 })
        {
            var backlog = await Wrk(connections, options.WrkSeconds, $"{baseUrl}/api/v1/products/{key}/backlog?limit=100", token);
            var top = await Wrk(connections, options.WrkSeconds, $"{baseUrl}/bench/ceiling", null);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {connections} | {backlog.Rps:N0} req/s (latency avg {backlog.Latency}) | {top.Rps:N0} req/s (latency avg {top.Latency}) | {backlog.Rps / top.Rps:P1} |"));
        }
    }

    if (options.Serve is not null)
    {
        var response = await http.GetAsync(new Uri($"/api/v1/products/{key}/backlog?limit=100", UriKind.Relative));
        ceiling = await response.Content.ReadAsByteArrayAsync();
        Console.WriteLine($"serving {baseUrl}/api/v1/products/{key}/backlog?limit=100 ({ceiling.Length} bytes) and the same bytes pre-serialised at {baseUrl}/bench/ceiling");
        Console.WriteLine($"token: {token}");
        await app.WaitForShutdownAsync();
    }
}
await app.StopAsync();
Directory.Delete(dataDir, recursive: true);
return;

static async Task<double> Get(HttpClient http, string url)
{
    var started = Stopwatch.GetTimestamp();
    using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
    await response.Content.ReadAsByteArrayAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode}");
    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

static async Task<double> Post(HttpClient http, string url, object body)
{
    var started = Stopwatch.GetTimestamp();
    using var response = await http.PostAsJsonAsync(new Uri(url, UriKind.Relative), body);
    await response.Content.ReadAsByteArrayAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

// wrk drives the load from outside the process, as a client would; its own CPU shares the machine with the server.
static async Task<(double Rps, string Latency)> Wrk(int connections, int seconds, string url, string? token)
{
    var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var arg in new[] { "-t2", $"-c{connections}", $"-d{seconds}s" }) start.ArgumentList.Add(arg);
    if (token is not null) { start.ArgumentList.Add("-H"); start.ArgumentList.Add($"Authorization: Bearer {token}"); }
    start.ArgumentList.Add(url);
    using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start; is it installed?");
    var output = await wrk.StandardOutput.ReadToEndAsync();
    await wrk.WaitForExitAsync();
    var lines = output.Split('\n', StringSplitOptions.TrimEntries);
    if (lines.FirstOrDefault(l => l.StartsWith("Non-2xx", StringComparison.Ordinal)) is { } failures)
        throw new InvalidOperationException($"wrk {url}: {failures}");
    var rps = lines.First(l => l.StartsWith("Requests/sec:", StringComparison.Ordinal)).Split(':')[1].Trim();
    var latency = lines.First(l => l.StartsWith("Latency", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    return (double.Parse(rps, CultureInfo.InvariantCulture), latency);
}



sealed record Options(int[] Sizes, string Provider, string? Connection, int Requests, int? Serve, bool Wrk, int WrkSeconds, int? Lists)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new Options(
            (Value("--sizes") ?? "1000,10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            Value("--provider") ?? "Sqlite",
            Value("--connection"),
            int.Parse(Value("--requests") ?? "400", CultureInfo.InvariantCulture),
            Value("--serve") is { } serve ? int.Parse(serve, CultureInfo.InvariantCulture) : null,
            args.Contains("--wrk"),
            int.Parse(Value("--wrk-seconds") ?? "15", CultureInfo.InvariantCulture),
            Value("--lists") is { } lists ? int.Parse(lists, CultureInfo.InvariantCulture) : null);
    }
}
