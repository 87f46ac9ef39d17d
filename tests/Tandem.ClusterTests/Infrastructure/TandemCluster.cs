using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using Npgsql;

namespace Tandem.ClusterTests.Infrastructure;

/// <summary>
/// Two Tandem nodes (separate processes) on one PostgreSQL database and one Redis, behind nginx round-robin
/// without sticky sessions (issue 15). Node A starts first on an empty database (migrates, seeds the demo),
/// then node B. Tests talk to a chosen node (<see cref="A"/>, <see cref="B"/>) or through the balancer
/// (<see cref="Balancer"/>). More nodes, or a node killed and started again (the scheduled-job test), go
/// through <see cref="StartNodeAsync"/> and <see cref="TandemNode.Kill"/>.
/// </summary>
public sealed class TandemCluster : IAsyncLifetime
{
    public const string Admin = "admin@demo.tandem";
    public const string DemoPassword = "Tandem-demo-1";

    private readonly List<TandemNode> _nodes = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _database = "";

    public ClusterServices Services { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public TandemNode A { get; private set; } = null!;
    public TandemNode B { get; private set; } = null!;
    public Uri Balancer => Services.Nginx;
    public IReadOnlyList<TandemNode> Nodes => _nodes;

    public async Task InitializeAsync()
    {
        Services = ClusterServices.FromEnvironment();
        if (!await Services.RedisIsUpAsync()) await Services.StartRedisAsync();
        _database = "tandem_cluster_" + Guid.NewGuid().ToString("N")[..12];
        var server = new NpgsqlConnectionStringBuilder(Services.Postgres);
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Services.Postgres) { Database = "postgres" }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        server.Database = _database;
        ConnectionString = server.ConnectionString;
        A = await StartNodeAsync("A");
        B = await StartNodeAsync("B");
        await BalanceAsync();
    }

    /// <summary>Starts one more node on the cluster's database and Redis (not yet behind nginx: call <see cref="BalanceAsync"/>).</summary>
    public async Task<TandemNode> StartNodeAsync(string name, IReadOnlyDictionary<string, string>? settings = null)
    {
        var node = await TandemNode.StartAsync(name, ConnectionString, Services.Redis, settings);
        _nodes.Add(node);
        return node;
    }

    /// <summary>nginx balances over every running node; answers once it forwards to them.</summary>
    public async Task BalanceAsync()
    {
        await Services.BalanceAsync(_nodes.Where(n => !n.HasExited).Select(n => n.BaseUrl));
        using var client = new HttpClient { BaseAddress = Balancer, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        var good = 0;
        while (waited.Elapsed < TimeSpan.FromSeconds(30) && good < 4)
        {
            try
            {
                using var ready = await client.GetAsync("/health/ready");
                good = ready.IsSuccessStatusCode ? good + 1 : 0;
            }
            catch (HttpRequestException) { good = 0; }
            if (good < 4) await Task.Delay(100);
        }
        Assert.True(good >= 4, $"nginx at {Balancer} does not reach the nodes.\n{Tails()}");
    }

    /// <summary>A client on one node (or the balancer), signed in through POST /api/v1/auth/login.</summary>
    public static async Task<HttpClient> SignInAsync(Uri at, string email, string password = DemoPassword)
    {
        var client = new HttpClient { BaseAddress = at, Timeout = TimeSpan.FromSeconds(30) };
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        var body = await login.Content.ReadAsStringAsync();
        Assert.True(login.IsSuccessStatusCode, $"Sign-in as {email} at {at} failed: {(int)login.StatusCode} {body}");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonNode.Parse(body)!["accessToken"]!.GetValue<string>());
        return client;
    }

    /// <summary>The same bearer token, sent to another node.</summary>
    public static HttpClient Same(HttpClient signedIn, Uri at)
    {
        var client = new HttpClient { BaseAddress = at, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        return client;
    }

    /// <summary>A fresh browser context (own cookies) whose base URL is the given node or the balancer.</summary>
    public async Task<IPage> NewPageAsync(Uri at)
    {
        _playwright ??= await Playwright.CreateAsync();
        _browser ??= await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("TANDEM_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = at.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>Signs a browser in through the sign-in page.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync(password);
        await page.RunAndWaitForResponseAsync(
            () => page.GetByTestId("sign-in").ClickAsync(),
            response => response.Request.Method == "POST" && response.Url.Contains("/login", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("sign-out")).ToBeAttachedAsync();
    }

    public string Tails() => string.Join('\n', _nodes.Select(n => n.Tail()));

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        foreach (var node in _nodes) await node.DisposeAsync();
        if (Services is null) return;
        // Leave Redis as test.sh started it, whatever a failed test did.
        if (!await Services.RedisIsUpAsync()) await Services.StartRedisAsync();
        if (_database.Length == 0) return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Services.Postgres) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>Every two-node test shares one cluster and runs one at a time (a Redis outage touches them all).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<TandemCluster>
{
    public const string Name = "Two nodes behind nginx";
}
