using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Tandem.Web;

namespace Tandem.EndToEndTests.Infrastructure;

/// <summary>
/// The real Tandem host, in-process on a free port with its own SQLite file, plus one headless
/// Chromium. Each test opens its own browser context, so cookies never leak between journeys.
/// </summary>
public abstract class TandemApp : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "tandem-e2e-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    protected abstract bool Demo { get; }

    public Uri BaseUrl { get; private set; } = default!;

    /// <summary>The host's services, for journeys that set up history no endpoint writes in one step (a board's sprint, a team's metrics).</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>Runs before the host is built: a fixture starts what Tandem will talk to (an identity provider).</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    /// <summary>Adds a fixture's own settings to the host's configuration.</summary>
    protected virtual void Configure(WebApplicationBuilder builder) { }

    /// <summary>Runs once the host listens at <see cref="BaseUrl"/>.</summary>
    protected virtual Task StartedAsync() => Task.CompletedTask;

    /// <summary>Stops what <see cref="BeforeStartAsync"/> started, after the host.</summary>
    protected virtual Task AfterStopAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        await BeforeStartAsync();
        // The test host is not Tandem.Web: name the application and point the content root at the
        // web project, so that the static assets (tandem.css) are found as in a real run.
        string[] args = ["--applicationName=Tandem.Web", $"--contentRoot={RepositoryPaths.WebProject}"];
        _app = TandemHost.Build(args, b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Configuration["Tandem:DataDirectory"] = _dataDirectory;
            b.Configuration["Tandem:CheckDeclaredOperations"] = "true";
            b.Configuration["Tandem:StrictQueries"] = "true";
            // Many hosts share this process: a full collection when it goes quiet is the node's business (ClusterTests).
            b.Configuration["Tandem:ReturnMemoryWhenIdle"] = "false";
            b.Configuration["Tandem:Demo"] = Demo ? "true" : "false";
            b.Configuration["Database:Provider"] = "Sqlite";
            b.Logging.AddProvider(new HostLog(GetType().Name));
            Configure(b);
        });
        await TandemHost.PrepareAsync(_app);
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Urls.First().TrimEnd('/') + "/");
        await StartedAsync();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("TANDEM_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser (own cookies) at 1280×800 with the app as base URL.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        // CI shares two cores between the host, Chromium and the test runner: actions and assertions get
        // the same 10 s to become true (Playwright's assertion default is 5 s). What they check is unchanged.
        context.SetDefaultTimeout(10_000);
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(10_000);
        var page = await context.NewPageAsync();
        // axe checks every document this page loads; the running test fails on a serious or critical violation (ADR 0031).
        Accessibility.Watch(this, page);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        await AfterStopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless; failing the run over it is not.
        }
    }
}

/// <summary>Tandem started with --demo: the Acme and Globex workspaces with someone in every role.</summary>
public sealed class DemoApp : TandemApp
{
    protected override bool Demo => true;
}

/// <summary>Tandem on an empty database without --demo: the first-run set-up is all there is.</summary>
public sealed class EmptyApp : TandemApp
{
    protected override bool Demo => false;
}

[CollectionDefinition(Name)]
public sealed class DemoCollection : ICollectionFixture<DemoApp>
{
    public const string Name = "Demo app";
}

public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string WebProject => Path.Combine(Root, "src", "Tandem.Web");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tandem.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("Run the end-to-end tests from inside the Tandem repository (Tandem.slnx not found above " + AppContext.BaseDirectory + ").");
    }
}
