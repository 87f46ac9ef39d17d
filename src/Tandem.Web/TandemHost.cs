using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Scalar.AspNetCore;
using Tandem.Application;
using Tandem.Application.Data;
using Tandem.Application.Demo;
using Tandem.Application.Setup;
using Tandem.Web.Auth;
using Tandem.Web.Components;
using Tandem.Web.Features.Account;
using Tandem.Web.Features.MyWork;
using Tandem.Web.Features.Security;
using Tandem.Web.Features.Exports;
using Tandem.Web.Features.Imports;
using Tandem.Web.Features.Architecture;
using Tandem.Web.Features.Backlog;
using Tandem.Web.Features.Dependencies;
using Tandem.Web.Features.Calendar;
using Tandem.Web.Features.Impediments;
using Tandem.Web.Features.Standups;
using Tandem.Web.Features.Debt;
using Tandem.Web.Features.Nfrs;
using Tandem.Web.Features.Releases;
using Tandem.Web.Features.Integrations;
using Tandem.Web.Features.DecisionRights;
using Tandem.Web.Features.Disagreements;
using Tandem.Web.Features.Estimation;
using Tandem.Web.Features.Evaluations;
using Tandem.Web.Features.Forecast;
using Tandem.Web.Features.Capacity;
using Tandem.Web.Features.Budget;
using Tandem.Web.Features.Feedback;
using Tandem.Web.Features.Home;
using Tandem.Web.Features.Members;
using Tandem.Web.Features.People;
using Tandem.Web.Features.Board;
using Tandem.Web.Features.Poker;
using Tandem.Web.Features.Teams;
using Tandem.Web.Features.Sprints;
using Tandem.Web.Features.Products;
using Tandem.Web.Features.Metrics;
using Tandem.Web.Features.Milestones;
using Tandem.Web.Features.Roadmap;
using Tandem.Web.Features.Setup;
using Tandem.Web.Features.Vision;
using Tandem.Web.Components.Layout;
using Tandem.Web.Infrastructure;

namespace Tandem.Web;

/// <summary>
/// Builds and prepares the Tandem web application. Program.cs calls it with the command line; the
/// test suites call it with their own configuration and a free port, so they exercise the real host.
/// </summary>
public static class TandemHost
{
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // "--demo" is a flag, which the command-line configuration provider cannot read on its own.
        var demo = args.Contains("--demo");
        var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());
        if (demo) builder.Configuration["Tandem:Demo"] = "true";
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);
        // 1 MB for any body no endpoint sets a limit for (the pages' forms, the hub), instead of Kestrel's 30 MB;
        // each API endpoint has its own (RequestBodies). Set before `configure`, so a test host may change it.
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = 1024 * 1024);
        configure?.Invoke(builder);
        // Serve wwwroot from the build output's manifest in every environment, not only Development:
        // `dotnet run --demo` runs as Production, where browsers otherwise ask for compressed CSS that
        // only exists under obj/. A published app has no such manifest, so this is a no-op there.
        builder.WebHost.UseStaticWebAssets();

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddTandemApplication();
        ApplicationServices.ItemCacheMegabytes(builder.Configuration); // a wrong bound stops the start, with what it should be

        var provider = DatabaseSetup.ProviderFrom(builder.Configuration);
        var connectionString = ConnectionString(builder.Configuration, provider, builder.Environment.ContentRootPath);
        // The options are built once, not per request: they depend on nothing scoped (ADR 0042 measured them at a tenth of a cached read).
        // One book of prepared statements per server, which bounds what each PostgreSQL connection keeps (ADR 26).
        var statements = builder.Configuration.GetValue("Database:PrepareStatements", true) ? new PreparedStatements(PreparedStatements.Limit) : null;
        // The test hosts turn a query that multiplies two collections' rows into an error (DatabaseSetup.Configure).
        var strictQueries = builder.Configuration.GetValue<bool>("Tandem:StrictQueries");
        // Leased from a pool (ADR 48): a context's internal services are built once per pooled context, not once per
        // request (about a tenth of a write's CPU); each lease starts a unit of work for the request's person.
        services.AddPooledDbContextFactory<TandemDbContext>(o => DatabaseSetup.Configure(o, provider, connectionString, statements, strictQueries),
            DatabaseSetup.ContextPoolSize);
#pragma warning disable RS0030 // The one lease from the pool, and it starts its unit of work (For); everything else takes this scoped context.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<TandemDbContext>>().CreateDbContext().For(
            sp.GetRequiredService<Tandem.Application.Identity.CurrentUser>(), sp.GetService<ChangeVersions>(),
            sp.GetService<Tandem.Application.Mail.MailOutbox>(), sp.GetService<Tandem.Application.Webhooks.WebhookOutbox>()));
#pragma warning restore RS0030
        services.AddHealthChecks().AddDbContextCheck<TandemDbContext>("database", tags: ["ready"]);
        // Keys live in the database so that several stateless web nodes share cookies and tokens; encrypted at rest to the
        // operator's certificate when Tandem:DataProtection:Certificate names one (ADR 51).
        services.AddDataProtection().SetApplicationName("Tandem").PersistKeysToDbContext<TandemDbContext>()
            .ProtectKeysAsConfigured(builder.Configuration, builder.Environment.ContentRootPath);

        builder.AddTandemAuth();
        builder.AddWebSecurity();
        // Secure whenever the request came over HTTPS (directly or through a believed proxy), as the sign-in cookies are.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddRequestLog();
        if (builder.Configuration.GetValue("Tandem:ReturnMemoryWhenIdle", true)) services.AddHostedService<IdleMemoryReturn>(); // ADR 47
        services.AddHttpContextAccessor();
        services.AddCascadingAuthenticationState();
        services.AddSingleton<SetupState>();
        services.AddScoped<Tandem.Web.Components.Shared.RenderDataGate>(); // Components load their data one at a time (GatedComponent).
        services.AddRazorComponents();
        var signalR = services.AddSignalR();
        builder.AddTandemCluster(signalR); // Several nodes: Redis backplane, cache invalidation, Redis health (ADR 0032).
        services.AddSingleton<PokerPresence>();
        services.AddScoped<Tandem.Application.Estimation.IPokerBroadcaster, PokerBroadcaster>();
        services.AddSingleton<IPageLinks, PageLinks>();
        // Retrospectives: the live channel's broadcaster and the coach's "retro actions never done".
        services.AddScoped<Tandem.Application.Retros.IRetroBroadcaster, Tandem.Web.Features.Retros.RetroBroadcaster>();
        services.AddScoped<Tandem.Application.Coaching.ICoachHintSource, Tandem.Web.Features.Retros.RetroCoachHints>();
        // Issue 10, the sprint board's live channel.
        services.AddScoped<Tandem.Application.Board.IBoardBroadcaster, BoardBroadcaster>();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            if (context.ProblemDetails.Status == StatusCodes.Status404NotFound && string.IsNullOrEmpty(context.ProblemDetails.Detail))
                context.ProblemDetails.Detail = $"There is nothing at {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}. The API reference is at /api/docs.";
            if (context.ProblemDetails.Status == StatusCodes.Status401Unauthorized && string.IsNullOrEmpty(context.ProblemDetails.Detail))
                context.ProblemDetails.Detail = "Sign in first: send a bearer token from POST /api/v1/auth/login or a personal access token.";
            if (context.ProblemDetails.Status == StatusCodes.Status405MethodNotAllowed && string.IsNullOrEmpty(context.ProblemDetails.Detail))
                context.ProblemDetails.Detail = $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}.";
            // Routing answers a body of the wrong content type itself, before any endpoint runs.
            if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && string.IsNullOrEmpty(context.ProblemDetails.Detail))
                context.ProblemDetails.Detail = RequestBodies.UnsupportedMediaTypeDetail(context.HttpContext);
            // A body sent in chunks that outgrows the endpoint's limit is stopped while the framework reads it.
            if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge && string.IsNullOrEmpty(context.ProblemDetails.Detail))
                context.ProblemDetails.Detail = RequestBodies.TooLargeDetail(context.HttpContext);
        });
        services.AddExceptionHandler<ExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Tandem API";
            document.Info.Description = "Delivery platform for software teams. Authenticate with a bearer token from POST /api/v1/auth/login or a personal access token (Authorization: Bearer tdm_…).";
            return Task.CompletedTask;
        }));

        // One entry, one line, with its trace id (ADR 0033): the request log is read and grepped line by line.
        // Logging:Console:FormatterName (json, simple) still chooses another format.
        if (string.IsNullOrEmpty(builder.Configuration["Logging:Console:FormatterName"]))
            builder.Logging.AddConsole(o => o.FormatterName = TraceConsoleFormatter.Name);
        builder.Logging.AddConsoleFormatter<TraceConsoleFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        // Traces and metrics (issue 15, ADR 0033): OTLP and a Prometheus scrape port when configured, nothing otherwise.
        builder.AddTandemTelemetry();
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);

        var app = builder.Build();
        Configure(app);
        return app;
    }

    private static void Configure(WebApplication app)
    {
        app.UseTandemMetricsEndpoint(); // only on Tandem:Telemetry:MetricsPort, when set
        app.UseWebSecurity();
        app.UseExceptionHandler();
        app.UseWhen(c => AuthSetup.IsApi(c.Request.Path), api => api.UseStatusCodePages());
        app.UseWhen(c => !AuthSetup.IsApi(c.Request.Path), ui => ui.UseStatusCodePagesWithReExecute("/error/{0}"));
        // Routing after the status-code pages, so that a re-executed /error/{code} is routed to its page
        // (with the implicit UseRouting at the start, the re-executed request had no endpoint and an empty body).
        app.UseRouting();
        // After routing, to log the matched route; it writes its line once the response is sent, with the final status.
        app.UseRequestLog();
        app.UseAuthentication();
        app.UseSignedInUser();
        app.UseMiddleware<FirstRunRedirect>();
        app.UseAuthorization();
        app.UseLastProduct();
        app.UseJsonOnlyCookieWrites();
        app.UseAntiforgery();
        app.UseFormRetryOnLostRace(); // a page's form whose write lost a race runs again (ADR 46)
        app.UseRequestBodyRules();

        app.MapStaticAssets();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("Tandem API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });

        var api = app.MapGroup("/api/v1").LimitRequestBodies().RetryWithoutPrecondition();
        if (app.Configuration.GetValue<bool>("Tandem:CheckDeclaredOperations")) api.CheckDeclaredOperations();
        api.MapSetupApi();
        api.MapAccountApi();
        api.MapProductsApi();
        api.MapMembersApi();
        api.MapDecisionRightsApi();
        api.MapPeopleApi();
        api.MapSecurityApi(); // Issue 13: the workspace admin's security audit (ADR 0027).
        api.MapBacklogApi();
        api.MapExportsApi(); // Issue 16: backlog and decision-log exports.
        Tandem.Web.Features.Search.SearchApi.MapSearchApi(api); // The command palette's search (issue 14, ADR 29).
        api.MapImportsApi(); // Issue 16: Jira CSV imports (ADR 34).
        Tandem.Web.Features.Mail.MailApi.MapMailApi(api); // Issue 16: notification mail preferences and one-click unsubscribe (ADR 37).
        Tandem.Web.Features.CodeHosts.CodeHostsApi.MapCodeHostsApi(api); // Issue 16: GitHub and GitLab webhooks and code links (ADR 36).
        Tandem.Web.Features.Webhooks.WebhooksApi.MapWebhooksApi(api); // Issue 16: outgoing webhooks (ADR 35).
        api.MapCriteriaApi();
        api.MapEstimationApi();
        api.MapVisionApi();
        api.MapFeedbackApi();
        api.MapRoadmapApi();
        api.MapArchitectureDecisionsApi();
        api.MapDebtApi();
        api.MapHomeApi();
        api.MapMyWorkApi(); // Issue 14: "My work" and following items (ADR 0030).
        api.MapReleasesApi();
        api.MapNfrApi();
        api.MapEvaluationsApi();
        api.MapDisagreementsApi();
        api.MapIntegrationApi();
        api.MapAdrLinksApi();
        api.MapItemShapingApi();
        api.MapPokerApi();
        api.MapTeamsApi();
        api.MapSprintsApi();
        api.MapMetricsApi(); // Team metrics, charts and coach hints (issue 10).
        // Retrospectives, working agreements and the team health check (issue 10).
        Tandem.Web.Features.Retros.RetrosApi.MapRetrosApi(api);
        Tandem.Web.Features.Agreements.AgreementsApi.MapAgreementsApi(api);
        Tandem.Web.Features.Health.HealthApi.MapHealthCheckApi(api);
        // Issue 10: stand-ups, impediments and the team calendar.
        api.MapStandupsApi();
        api.MapImpedimentsApi();
        api.MapForecastApi(); // Issue 11: Monte Carlo forecasts of a product.
        api.MapCapacityApi(); // Issue 11: allocations and capacity across products.
        api.MapBudgetApi(); // Issue 11: rates, budget, burn and estimate at completion.
        Tandem.Web.Features.Schedule.ScheduleApi.MapScheduleApi(api); // The TPM's schedule: critical path, Gantt, baselines (issue 11).
        api.MapCalendarApi();
        api.MapBoardApi();
        api.MapDependenciesApi(); // Cross-team and external dependencies (issue 11).
        Tandem.Web.Features.StatusReports.StatusReportsApi.MapStatusReportsApi(api); // Issue 11: status reports.
        Tandem.Web.Features.Program.ProgramApi.MapProgramApi(api); // Issue 11: the TPM's home (program view).
        Tandem.Web.Features.Raid.RaidApi.MapRaidApi(api); // Issue 11, the RAID log.
        api.MapMilestonesApi(); // Issue 11: milestones, gates, prerequisites and trade-offs.
        // Anything else under /api is a 404 ProblemDetails from the API's status-code pages, never the UI's HTML
        // error page. Not a fallback endpoint: routing prefers a catch-all that accepts any content type over an
        // endpoint whose JSON body is missing or mistyped, so a POST without a Content-Type (or with the wrong
        // one) answered "There is nothing at …" instead of running (optional body) or answering 400/415.

        app.MapHub<PokerHub>(PokerHub.Path);
        app.MapHub<Tandem.Web.Features.Retros.RetroHub>(Tandem.Web.Features.Retros.RetroHub.Path);
        app.MapHub<BoardHub>(BoardHub.Path);
        app.MapAccountEndpoints();
        app.MapSecurityExport();
        app.MapRazorComponents<App>();
    }

    /// <summary>Migrates the database, seeds the demo into an empty one when asked, and reports what it did.</summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken ct = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        await DatabaseSetup.MigrateIfNeededAsync(db, ct);
        // The data-protection key exists in the database before the node serves: a second node started after it
        // shares it rather than making its own, which the first would not know for a day (ADR 0032).
        app.Services.GetDataProtector("Tandem.KeyRing").Protect("ready");
        if (app.Configuration.GetValue<bool>("Tandem:Demo"))
        {
            var seeded = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(ct);
            app.Logger.LogInformation("Demo requested; seeded into an empty database: {Seeded}", seeded);
        }
        if (!await scope.ServiceProvider.GetRequiredService<SetupFeature>().IsNeededAsync(ct))
            app.Services.GetRequiredService<SetupState>().MarkDone();
    }

    /// <summary>
    /// Whether <see cref="PrepareAsync"/> has work to do: a migration to apply, or the demo asked for and no workspace
    /// yet. The server then prepares in a process of its own first (ADR 47, <c>Program</c>).
    /// </summary>
    public static async Task<bool> NeedsPreparingAsync(WebApplication app, CancellationToken ct = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        if (await DatabaseSetup.NeedsMigratingAsync(db, ct)) return true;
        return app.Configuration.GetValue<bool>("Tandem:Demo") && !await db.Workspaces.AnyAsync(ct);
    }

    /// <summary>The configured connection string, or a SQLite file in the data directory (relative paths are beside the app).</summary>
    public static string ConnectionString(IConfiguration configuration, DatabaseProvider provider, string contentRoot)
    {
        var configured = configuration.GetConnectionString("Tandem");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        if (provider == DatabaseProvider.Postgres)
            throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Tandem is not set.");
        var dataDirectory = Path.GetFullPath(configuration["Tandem:DataDirectory"] ?? "data", contentRoot);
        Directory.CreateDirectory(dataDirectory);
        return $"Data Source={Path.Combine(dataDirectory, "tandem.db")}";
    }
}

/// <summary>While no workspace exists, every page leads to the first-run set-up.</summary>
public sealed class FirstRunRedirect(RequestDelegate next, SetupState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!state.IsDone && !AuthSetup.IsApi(context.Request.Path) && !context.Request.Path.StartsWithSegments("/setup")
            && HttpMethods.IsGet(context.Request.Method) && context.GetEndpoint() is not null && !IsStaticAsset(context))
        {
            // Resolved only here: as a parameter it was built (a DbContext and a UserManager) for every request, set up or not.
            if (await context.RequestServices.GetRequiredService<SetupFeature>().IsNeededAsync(context.RequestAborted))
            {
                context.Response.Redirect("/setup");
                return;
            }
            state.MarkDone();
        }
        await next(context);
    }

    private static bool IsStaticAsset(HttpContext context) => Path.HasExtension(context.Request.Path.Value);
}
