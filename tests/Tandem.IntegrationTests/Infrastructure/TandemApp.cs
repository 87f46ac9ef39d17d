using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tandem.Application.Data;
using Tandem.Application.Demo;
using Tandem.Web;

namespace Tandem.IntegrationTests.Infrastructure;

/// <summary>
/// The real Tandem host (Kestrel on a free port) over its own database with the demo seeded. Tests
/// talk to it over HTTP like any client, through intent methods such as <see cref="SignInAsync"/>.
/// </summary>
public sealed class TandemApp : IAsyncLifetime
{
    public const string Admin = "admin@demo.tandem";
    public const string AcmePo = "po@demo.tandem";
    public const string GlobexPo = "po@globex.demo";
    public const string DemoPassword = DemoSeeder.Password;

    private readonly SocketsHttpHandler _handler = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
    private readonly ConcurrentDictionary<string, Task<string>> _tokens = new(StringComparer.OrdinalIgnoreCase);
    private TestDatabase? _database;
    private readonly TestDatabase? _shared;
    private WebApplication? _app;

    public TandemApp() { }

    private TandemApp(TestDatabase shared) => _shared = shared;

    private readonly IReadOnlyDictionary<string, string?>? _settings;

    private TandemApp(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    /// <summary>
    /// A host of its own with extra configuration (e.g. an SMTP server, ADR 37), over its own database; the caller
    /// initialises and disposes it. A factory, not a constructor: xunit wants one public constructor on a fixture.
    /// </summary>
    public static TandemApp WithSettings(IReadOnlyDictionary<string, string?> settings) => new(settings);

    /// <summary>A second host on this one's database, as a second web node behind a load balancer; the caller disposes it first.</summary>
    public async Task<TandemApp> SecondNodeAsync()
    {
        var node = new TandemApp(_database!);
        await node.InitializeAsync();
        return node;
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The request log's lines, as the host wrote them.</summary>
    public RequestLogCapture RequestLog { get; } = new();
    public DatabaseProvider Provider => _database!.Provider;

    /// <summary>The host's database, for tests that work on it from outside (backups).</summary>
    public TestDatabase Database => _database!;
    public WebApplication Host => _app!;
    public IServiceProvider Services => _app!.Services;
    public EndpointDataSource Endpoints => Services.GetRequiredService<EndpointDataSource>();

    public async Task InitializeAsync()
    {
        _database = _shared ?? await TestDatabase.CreateAsync("app");
        var db = _database;
        _app = TandemHost.Build(["--applicationName=Tandem.Web"], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Configuration["Database:Provider"] = db.Provider.ToString();
            b.Configuration["ConnectionStrings:Tandem"] = db.ConnectionString;
            if (db.DataDirectory is not null) b.Configuration["Tandem:DataDirectory"] = db.DataDirectory;
            b.Configuration["Tandem:CheckDeclaredOperations"] = "true";
            b.Configuration["Tandem:StrictQueries"] = "true";
            // Many hosts share this process: a full collection when it goes quiet is the node's business (ClusterTests).
            b.Configuration["Tandem:ReturnMemoryWhenIdle"] = "false";
            b.Configuration["Tandem:Demo"] = "true";
            // The Redmine import's tests read a Redmine on loopback, 4 issues a page, and wait 2 s for one that hangs.
            b.Configuration["Tandem:Imports:Redmine:AllowPrivateNetworks"] = "true";
            b.Configuration["Tandem:Imports:Redmine:PageSize"] = "4";
            b.Configuration["Tandem:Imports:Redmine:TimeoutSeconds"] = "2";
            // Issue 16, webhooks (ADR 35): receivers on loopback, a quick sender and short retry windows.
            b.Configuration["Tandem:Webhooks:AllowPrivateNetworks"] = "true";
            b.Configuration["Tandem:Webhooks:FirstRetrySeconds"] = "0.3";
            b.Configuration["Tandem:Webhooks:TimeoutSeconds"] = "3";
            b.Configuration["Tandem:Webhooks:RetryFor"] = "00:00:20";
            b.Configuration["Tandem:Webhooks:DisableAfter"] = "00:00:04";
            b.Configuration["Tandem:Jobs:webhook-delivery:Every"] = "00:00:01"; // seldom enough not to crowd the tests that count SQL commands
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            b.Logging.AddProvider(RequestLog);
            b.Logging.AddFilter<RequestLogCapture>(Tandem.Web.Infrastructure.RequestLog.Category, LogLevel.Information);
            // The tests' own requests come from loopback, which therefore counts as the TLS-ending proxy.
            b.Configuration["ForwardedHeaders:KnownProxies"] = "127.0.0.1";
            b.Services.AddSingleton<IStartupFilter, FailingPath>();
            foreach (var (name, value) in _settings ?? new Dictionary<string, string?>()) b.Configuration[name] = value;
        });
        await TandemHost.PrepareAsync(_app);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        _handler.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_database is not null && _shared is null) await _database.DisposeAsync();
    }

    /// <summary>A client that is signed in as nobody.</summary>
    public HttpClient Anonymous() => new(_handler, disposeHandler: false) { BaseAddress = BaseAddress };

    /// <summary>A client carrying the given bearer token (from login or a personal access token).</summary>
    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Signs in through POST /api/v1/auth/login; tokens are reused for the life of the fixture.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = DemoPassword) =>
        WithToken(await _tokens.GetOrAdd(email, _ => LoginAsync(email, password)));

    public async Task<string> LoginAsync(string email, string password)
    {
        using var client = Anonymous();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Sign-in as {email} failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["accessToken"]!.GetValue<string>();
    }

    /// <summary>A unique product key (2–10 letters/digits), so tests never collide.</summary>
    public static string NewKey() => "T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant().Replace('0', 'Q');

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>The admin creates a product; returns its key.</summary>
    public async Task<string> CreateProductAsync(string? name = null)
    {
        var key = NewKey();
        var admin = await SignInAsync(Admin);
        using var response = await admin.PostAsJsonAsync("/api/v1/products", new { key, name = name ?? $"Product {key}" });
        await Expect.Status(HttpStatusCode.Created, response);
        return key;
    }

    /// <summary>The admin invites a person and the person chooses a password through their link.</summary>
    public async Task<Person> CreatePersonAsync(string? displayName = null)
    {
        var invitation = await InviteAsync(displayName);
        var password = "Pw-" + Guid.NewGuid().ToString("N");
        using var client = Anonymous();
        using var response = await client.PostAsJsonAsync("/api/v1/setup/password", invitation.SetPasswordRequest(password));
        await Expect.Status(HttpStatusCode.OK, response);
        return new Person(invitation.Id, invitation.Email, invitation.DisplayName, password);
    }

    public async Task<Invitation> InviteAsync(string? displayName = null)
    {
        var name = displayName ?? Unique("Person");
        var email = $"{Unique("p").ToLowerInvariant()}@test.tandem";
        var admin = await SignInAsync(Admin);
        using var response = await admin.PostAsJsonAsync("/api/v1/people", new { email, displayName = name });
        var body = await Expect.Status(HttpStatusCode.Created, response);
        var link = new Uri(body!["setPasswordUrl"]!.GetValue<string>());
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        return new Invitation(Guid.Parse(body["person"]!["id"]!.GetValue<string>()), email, name, query["token"]!, link);
    }

    /// <summary>The admin gives a person a role (slug, e.g. "tech-lead") on a product.</summary>
    public async Task AssignAsync(string productKey, Guid userId, string role)
    {
        var admin = await SignInAsync(Admin);
        using var response = await admin.PostAsJsonAsync($"/api/v1/products/{productKey}/members", new { userId, role });
        await Expect.Status(HttpStatusCode.Created, response);
    }

    private Task<DecisionRights.MatrixTeam>? _matrixTeam;
    private readonly Lock _matrixLock = new();

    /// <summary>The authorization matrix's team, built once for this app.</summary>
    public Task<DecisionRights.MatrixTeam> MatrixTeamAsync()
    {
        lock (_matrixLock) return _matrixTeam ??= DecisionRights.MatrixTeam.CreateAsync(this);
    }

    public async Task<Guid> UserIdOfAsync(string email)
    {
        var client = await SignInAsync(email);
        var me = await client.GetFromJsonAsync<JsonObject>("/api/v1/auth/me");
        return Guid.Parse(me!["id"]!.GetValue<string>());
    }
}

public sealed record Person(Guid Id, string Email, string DisplayName, string Password);

public sealed record Invitation(Guid Id, string Email, string DisplayName, string Token, Uri Link)
{
    public object SetPasswordRequest(string password) => new { userId = Id, token = Token, password };
}

[CollectionDefinition(Name)]
public sealed class TandemCollection : ICollectionFixture<TandemApp>
{
    public const string Name = "Tandem app";
}
