using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using Tandem.Application.Data;
using Tandem.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Reliability;

/// <summary>
/// Tandem as it runs in production — its own process on a real port, on the provider under test — killed with
/// SIGKILL while writers create items, then started again on the same database (issue 13). Every create that was
/// answered 201 must be there afterwards, item numbers stay gapless and unique, and the database is intact.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Rounds = 3;
    private const int Writers = 4;
    private const string Product = "PAY";

    [Fact]
    public async Task Acknowledged_creates_survive_kill_9_and_the_database_stays_whole()
    {
        await using var database = await TestDatabase.CreateAsync("crash");
        var dataDirectory = database.DataDirectory ?? Directory.CreateTempSubdirectory("tandem-crash-").FullName;
        var acknowledged = new List<(string Key, string Title)>();
        int firstNumberAfterDemo;

        await using (var first = await ServerProcess.StartAsync(database, dataDirectory, output))
        {
            // A first start says what it waits for before its database is made, not only once it listens.
            Assert.True(first.Said("Preparing the database: applying migrations and seeding the demo"), "The first start did not say it was preparing the database.");
            using var client = await first.SignInAsync();
            firstNumberAfterDemo = await NextNumberAsync(client);
        }

        for (var round = 1; round <= Rounds; round++)
        {
            await using var server = await ServerProcess.StartAsync(database, dataDirectory, output);
            Assert.False(server.Said("Preparing the database"), "A start on a prepared database said it was preparing it.");
            using var client = await server.SignInAsync();
            var acked = await WriteUntilKilledAsync(server, client, round);
            output.WriteLine($"round {round}: {acked.Count} creates acknowledged before kill -9");
            Assert.True(acked.Count > 0, $"Round {round} acknowledged no create before the kill; the test proved nothing.");
            acknowledged.AddRange(acked);
        }

        await using (var last = await ServerProcess.StartAsync(database, dataDirectory, output))
        {
            using var client = await last.SignInAsync();
            foreach (var (key, title) in acknowledged)
            {
                using var response = await client.GetAsync($"/api/v1/items/{key}");
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{key} was answered 201 before a kill -9 and is gone ({(int)response.StatusCode}).");
                var item = await response.Content.ReadFromJsonAsync<JsonObject>();
                Assert.Equal(title, item!["title"]!.GetValue<string>());
            }
            // The product still takes items after three crashes, numbered right after the last one that committed.
            using var created = await client.PostAsJsonAsync($"/api/v1/products/{Product}/items", new { type = "story", title = "After the crashes" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await AssertIntactAsync(database, firstNumberAfterDemo);
        if (database.DataDirectory is null) Directory.Delete(dataDirectory, recursive: true);
    }

    /// <summary>Writers create items until the server dies under them; answers only those the server acknowledged.</summary>
    private static async Task<List<(string Key, string Title)>> WriteUntilKilledAsync(ServerProcess server, HttpClient client, int round)
    {
        var acked = new List<(string Key, string Title)>();
        var enough = new TaskCompletionSource();
        var writers = Enumerable.Range(1, Writers).Select(w => Task.Run(async () =>
        {
            for (var n = 1; ; n++)
            {
                var title = $"Crash round {round} writer {w} item {n}";
                HttpResponseMessage response;
                try
                {
                    response = await client.PostAsJsonAsync($"/api/v1/products/{Product}/items", new { type = "story", title });
                }
                catch (HttpRequestException) { return; } // the server is gone: this create was never acknowledged
                catch (TaskCanceledException) { return; }
                using (response)
                {
                    if (response.StatusCode != HttpStatusCode.Created)
                        throw new InvalidOperationException($"A create answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    JsonObject? body;
                    try { body = await response.Content.ReadFromJsonAsync<JsonObject>(); }
                    catch (HttpRequestException) { return; } // cut mid-body: not acknowledged as far as the client knows
                    lock (acked)
                    {
                        acked.Add((body!["key"]!.GetValue<string>(), title));
                        if (acked.Count >= 40) enough.TrySetResult();
                    }
                }
            }
        })).ToList();

        // Kill mid-stream: after enough acknowledged writes, or after a few seconds whatever the pace.
        await Task.WhenAny(enough.Task, Task.Delay(TimeSpan.FromSeconds(5)));
        server.Kill();
        await Task.WhenAll(writers);
        return acked;
    }

    private static async Task<int> NextNumberAsync(HttpClient client)
    {
        using var created = await client.PostAsJsonAsync($"/api/v1/products/{Product}/items", new { type = "story", title = "Before the crashes" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = (await created.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
        return int.Parse(key[(Product.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The storage engine's own check, and the numbers: unique, and without a hole from the first one this test took.</summary>
    private static async Task AssertIntactAsync(TestDatabase database, int firstNumber)
    {
        const string numbers = "SELECT i.\"Number\" FROM backlog_items i JOIN products p ON p.\"Id\" = i.\"ProductId\" WHERE p.\"Key\" = 'PAY' ORDER BY i.\"Number\"";
        var found = new List<int>();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await using var connection = new SqliteConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using (var check = connection.CreateCommand())
            {
                check.CommandText = "PRAGMA integrity_check";
                Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
            }
            await using var read = connection.CreateCommand();
            read.CommandText = numbers;
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync()) found.Add(reader.GetInt32(0));
        }
        else
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            // Every index is usable: amcheck is not installed everywhere, so read the table through each unique index.
            await using (var reindex = new NpgsqlCommand("REINDEX TABLE backlog_items", connection)) await reindex.ExecuteNonQueryAsync();
            await using var read = new NpgsqlCommand(numbers, connection);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync()) found.Add(reader.GetInt32(0));
        }
        Assert.Equal(found.Count, found.Distinct().Count());
        var ours = found.Where(n => n >= firstNumber).ToList();
        Assert.Equal(Enumerable.Range(firstNumber, ours.Count), ours);
    }

    /// <summary>The published web host as its own process: started with the demo on an empty database, killed with SIGKILL.</summary>
    private sealed class ServerProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Queue<string> _tail = new();
        private readonly ITestOutputHelper _output;

        private ServerProcess(Process process, Uri baseUrl, ITestOutputHelper output)
        {
            _process = process;
            BaseUrl = baseUrl;
            _output = output;
        }

        public Uri BaseUrl { get; }

        public static async Task<ServerProcess> StartAsync(TestDatabase database, string dataDirectory, ITestOutputHelper output)
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
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"), output);
            process.OutputDataReceived += (_, e) => server.Keep(e.Data);
            process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await server.WaitUntilReadyAsync();
            return server;
        }

        public async Task<HttpClient> SignInAsync()
        {
            var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
            using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = TandemApp.AcmePo, password = TandemApp.DemoPassword });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }

        /// <summary>SIGKILL: no shutdown hooks, no flush, no goodbye.</summary>
        public void Kill()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        private async Task WaitUntilReadyAsync()
        {
            using var probe = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(120))
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
            string tail;
            lock (_tail) tail = string.Join('\n', _tail);
            throw new InvalidOperationException($"Tandem did not become ready at {BaseUrl}. Its last output:\n{tail}");
        }

        /// <summary>Whether a line the process wrote so far (of the last 40) starts with <paramref name="start"/>.</summary>
        public bool Said(string start)
        {
            lock (_tail) return _tail.Any(line => line.StartsWith(start, StringComparison.Ordinal));
        }

        private void Keep(string? line)
        {
            if (line is null) return;
            lock (_tail)
            {
                _tail.Enqueue(line);
                if (_tail.Count > 40) _tail.Dequeue();
            }
        }

        public ValueTask DisposeAsync()
        {
            Kill();
            string tail;
            lock (_tail) tail = string.Join('\n', _tail);
            if (tail.Length > 0) _output.WriteLine(tail);
            _process.Dispose();
            return ValueTask.CompletedTask;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        /// <summary>Tandem.Web.dll as the solution build left it, in the same configuration as these tests.</summary>
        private static string WebAssembly
        {
            get
            {
                var here = new DirectoryInfo(AppContext.BaseDirectory); // tests/Tandem.IntegrationTests/bin/{Configuration}/{tfm}/
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
