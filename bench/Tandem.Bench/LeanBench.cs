using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tandem.Application.Backlog;
using Tandem.Bench.Shared;

namespace Tandem.Bench;

/// <summary>
/// Issue 12's lean paths (--lean): one item read, a create, an update and a move, each driven by wrk
/// at 4 and 16 connections with random keys and bodies (lua scripts written to a temporary directory),
/// each beside its ceiling (the same response bytes pre-serialised at /bench/ceiling), counting every
/// answer that is not 2xx and every socket error; then 16 parallel creates and 16 parallel updates of
/// one item, statuses counted. Prints markdown tables; resident memory after each size. `--only get,patch`
/// measures just the named cells.
/// </summary>
internal static class LeanBench
{
    private sealed record Cell(double Rps, string P50, string P99, long Requests, long Non2xx, long SocketErrors);

    public static async Task RunAsync(IServiceProvider services, HttpClient http, string baseUrl, string token, int[] sizes, int seconds, Action<byte[]> setCeiling, string? only = null)
    {
        var scripts = Directory.CreateTempSubdirectory("tandem-lean-").FullName;
        try
        {
            foreach (var size in sizes)
            {
                var key = $"L{size}".Length > 10 ? $"L{size / 1000}K" : $"L{size}";
                var seed = Stopwatch.StartNew();
                await BenchData.SeedAsync(services, key, $"Lean {size:N0}", size);
                Console.WriteLine();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"### {size:N0} items in {key} (seeded in {seed.Elapsed.TotalSeconds:0.0} s), wrk -t2 -d{seconds}s, resident {Resident()} MiB"));
                // Warm every path once (JIT, query plans, caches) before wrk measures it.
                for (var i = 1; i <= 20; i++)
                {
                    await Send(http, HttpMethod.Get, $"/api/v1/items/{key}-{i}", null);
                    await Send(http, HttpMethod.Patch, $"/api/v1/items/{key}-{i}", new { businessValue = i });
                    await Send(http, HttpMethod.Post, $"/api/v1/items/{key}-{i}/move", new { after = $"{key}-{i + 20}" });
                }
                await Send(http, HttpMethod.Post, $"/api/v1/products/{key}/items", NewStory(0));
                // Every item read once, four at a time, so the GET cell measures the item cache (ADR 25) as a team's reads meet it.
                var warm = Stopwatch.StartNew();
                await Parallel.ForEachAsync(Enumerable.Range(1, size), new ParallelOptions { MaxDegreeOfParallelism = 4 },
                    async (i, _) => await Send(http, HttpMethod.Get, $"/api/v1/items/{key}-{i}", null));
                var cache = services.GetRequiredService<ItemDetailCache>();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"every item read once to fill the item cache ({cache.Megabytes} MiB, Tandem:ItemCacheMiB): {size / warm.Elapsed.TotalSeconds:N0} cold reads/s; it holds {cache.Count:N0} details in {cache.Bytes / 1048576.0:0.0} MiB counted ({cache.Bytes / (double)Math.Max(1, cache.Count):0} bytes each, ADR 52)"));

                Console.WriteLine();
                Console.WriteLine("| request | connections | req/s | p50 | p99 | ceiling req/s | ratio | non-2xx | socket errors | server CPU per request | allocated per request |");
                Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
                var requests = new (string Name, string Script, Func<Task<byte[]>> Sample)[]
                {
                    ("GET /items/{key}", Write(scripts, "get.lua", GetScript(key, size)),
                        () => Send(http, HttpMethod.Get, $"/api/v1/items/{key}-7", null)),
                    ("POST /products/{key}/items", Write(scripts, "create.lua", CreateScript(key)),
                        () => Send(http, HttpMethod.Post, $"/api/v1/products/{key}/items", NewStory(1))),
                    ("PATCH /items/{key}", Write(scripts, "patch.lua", PatchScript(key, size)),
                        () => Send(http, HttpMethod.Patch, $"/api/v1/items/{key}-7", new { businessValue = 7 })),
                    ("POST /items/{key}/move", Write(scripts, "move.lua", MoveScript(key, size)),
                        () => Send(http, HttpMethod.Post, $"/api/v1/items/{key}-7/move", new { after = $"{key}-8" })),
                };
                // --only get,patch runs just those cells (get, create, patch, move), for measuring one change at a time.
                var chosen = only?.Split(',') ?? ["get", "create", "patch", "move"];
                foreach (var (name, script, sample) in requests.Where(r => chosen.Any(c => Path.GetFileNameWithoutExtension(r.Script) == c)))
                {
                    // The ceiling answers the very bytes this request answers, with no work behind them.
                    setCeiling(await sample());
                    // Six unmeasured seconds of the request (two of its ceiling) first, so no cell measures the runtime still
                    // compiling the path it serves: the first cell after start read a fifth of its ceiling at 1,000 items and half
                    // at 10,000; with two seconds a quarter, with six the same as at 10,000.
                    await WrkAsync(4, 6, baseUrl, script, token);
                    await WrkAsync(4, 2, $"{baseUrl}/bench/ceiling", null, null);
                    foreach (var connections in new[] { 4, 16 })
                    {
                        // CPU scatters with the machine (its steal time, wrk beside it); the bytes allocated per request do not,
                        // so they show a change in the server's own work when the rate cannot (the whole process, background included).
                        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                        var allocated = GC.GetTotalAllocatedBytes();
                        var cell = await WrkAsync(connections, seconds, baseUrl, script, token);
                        var perRequest = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Math.Max(1, cell.Requests);
                        var bytesPerRequest = (GC.GetTotalAllocatedBytes() - allocated) / (double)Math.Max(1, cell.Requests);
                        var top = await WrkAsync(connections, seconds, $"{baseUrl}/bench/ceiling", null, null);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"| {name} | {connections} | {cell.Rps:N0} | {cell.P50} | {cell.P99} | {top.Rps:N0} | {cell.Rps / top.Rps:P1} | {cell.Non2xx} of {cell.Requests:N0} | {cell.SocketErrors} | {perRequest:0.00} ms | {bytesPerRequest / 1024:N1} KB |"));
                    }
                }
                Console.WriteLine();
                Console.WriteLine($"resident after the load: {Resident()} MiB (managed heap {GC.GetTotalMemory(false) / 1024 / 1024} MiB); the item cache holds {cache.Count:N0} details");
                await ConcurrencyAsync(http, key);
            }
        }
        finally
        {
            Directory.Delete(scripts, recursive: true);
        }
    }

    /// <summary>16 creates and 16 updates of one item at the same instant: every one answers 2xx, the keys distinct and gapless.</summary>
    private static async Task ConcurrencyAsync(HttpClient http, string key)
    {
        var creates = await Task.WhenAll(Enumerable.Range(0, 16).Select(async n =>
        {
            using var response = await http.PostAsJsonAsync(new Uri($"/api/v1/products/{key}/items", UriKind.Relative), NewStory(n));
            var created = response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString() : null;
            return ((int)response.StatusCode, Number: created is null ? 0 : int.Parse(created[(created.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture));
        }));
        var numbers = creates.Where(c => c.Number > 0).Select(c => c.Number).Order().ToList();
        var gapless = numbers.Count > 0 && numbers.Distinct().Count() == numbers.Count && numbers[^1] - numbers[0] == numbers.Count - 1;
        var updates = await Task.WhenAll(Enumerable.Range(0, 16).Select(async n =>
        {
            using var response = await http.PatchAsJsonAsync(new Uri($"/api/v1/items/{key}-3", UriKind.Relative), new { businessValue = n });
            return (int)response.StatusCode;
        }));
        Console.WriteLine();
        Console.WriteLine("| concurrency check | statuses | keys |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| 16 parallel creates | {Statuses(creates.Select(c => c.Item1))} | {(gapless ? $"distinct and gapless ({numbers[0]}–{numbers[^1]})" : "DUPLICATED OR GAPPED: " + string.Join(",", numbers))} |");
        Console.WriteLine($"| 16 parallel updates of {key}-3 | {Statuses(updates)} | |");
    }

    private static string Statuses(IEnumerable<int> statuses) =>
        string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Count()}× {g.Key}"));

    private static object NewStory(int n) => new { type = "story", title = $"As a shopper I want lean item {n} so that I check out faster" };

    private static async Task<byte[]> Send(HttpClient http, HttpMethod method, string url, object? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        return bytes;
    }

    private static string Write(string directory, string name, string lua)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, lua);
        return path;
    }

    // Each wrk thread seeds its own generator, so the two threads do not send the same sequence.
    private const string Seed = "local counter = 0\nfunction init(args) math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)) end\n";

    private static string GetScript(string key, int size) => Seed + $$"""
        request = function()
          return wrk.format("GET", "/api/v1/items/{{key}}-" .. math.random(1, {{size}}))
        end
        """;

    private static string CreateScript(string key) => Seed + $$"""
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        request = function()
          counter = counter + 1
          return wrk.format(nil, "/api/v1/products/{{key}}/items", nil,
            '{"type":"story","title":"As a shopper I want lean story ' .. counter .. ' so that I check out faster"}')
        end
        """;

    private static string PatchScript(string key, int size) => Seed + $$"""
        wrk.method = "PATCH"
        wrk.headers["Content-Type"] = "application/json"
        request = function()
          return wrk.format(nil, "/api/v1/items/{{key}}-" .. math.random(1, {{size}}), nil,
            '{"businessValue":' .. math.random(0, 100) .. '}')
        end
        """;

    private static string MoveScript(string key, int size) => Seed + $$"""
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        request = function()
          local item = math.random(1, {{size}})
          local other = math.random(1, {{size}})
          if other == item then other = item % {{size}} + 1 end
          local pick = math.random(1, 4)
          local body
          if pick == 1 then body = '{"position":"top"}'
          elseif pick == 2 then body = '{"position":"bottom"}'
          elseif pick == 3 then body = '{"before":"{{key}}-' .. other .. '"}'
          else body = '{"after":"{{key}}-' .. other .. '"}' end
          return wrk.format(nil, "/api/v1/items/{{key}}-" .. item .. "/move", nil, body)
        end
        """;

    /// <summary>wrk from outside the process, as a client would; its own CPU shares the machine with the server.</summary>
    private static async Task<Cell> WrkAsync(int connections, int seconds, string url, string? script, string? token)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t2", $"-c{connections}", $"-d{seconds}s", "--latency" }) start.ArgumentList.Add(arg);
        if (token is not null) { start.ArgumentList.Add("-H"); start.ArgumentList.Add($"Authorization: Bearer {token}"); }
        if (script is not null) { start.ArgumentList.Add("-s"); start.ArgumentList.Add(script); }
        start.ArgumentList.Add(url);
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start; is it installed (apt-get install wrk)?");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        var errors = await wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        string Field(string prefix) => lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no '{prefix}': {output} {errors}");
        long Number(string text) => long.Parse(text.Trim(), CultureInfo.InvariantCulture);
        var rps = double.Parse(Field("Requests/sec:").Split(':')[1], CultureInfo.InvariantCulture);
        var p50 = Field("50%").Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var p99 = Field("99%").Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var total = Number(lines.First(l => l.Contains(" requests in ", StringComparison.Ordinal)).Split(' ')[0]);
        var non2xx = lines.FirstOrDefault(l => l.StartsWith("Non-2xx", StringComparison.Ordinal)) is { } n ? Number(n.Split(':')[1]) : 0;
        // "Socket errors: connect 0, read 0, write 0, timeout 0"
        var socket = lines.FirstOrDefault(l => l.StartsWith("Socket errors", StringComparison.Ordinal)) is { } s
            ? s.Split(':')[1].Split(',').Sum(part => Number(part.Trim().Split(' ')[1]))
            : 0;
        return new Cell(rps, p50, p99, total, non2xx, socket);
    }

    /// <summary>This process's resident set in MiB, from /proc (Linux), else the working set.</summary>
    private static long Resident()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status) && File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) is { } line)
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        return Environment.WorkingSet / 1024 / 1024;
    }
}
