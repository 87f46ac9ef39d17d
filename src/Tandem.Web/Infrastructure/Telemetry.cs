using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Tandem.Application.Data;

namespace Tandem.Web.Infrastructure;

/// <summary>The telemetry settings (<c>Tandem:Telemetry</c>, ADR 0033).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Tandem:Telemetry";

    /// <summary>The OTLP endpoint for traces and metrics; <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> does the same. Unset: no export.</summary>
    public string? Otlp { get; set; }

    /// <summary>The port of the Prometheus scrape endpoint (<c>GET /metrics</c>, nothing else); 0, the default, serves none.</summary>
    public int MetricsPort { get; set; }

    /// <summary>The address that port listens on: loopback unless the operator opens it to a scraper on another host.</summary>
    public string MetricsAddress { get; set; } = "127.0.0.1";
}

/// <summary>
/// OpenTelemetry for the web host (ADR 0033): traces exported by OTLP when an endpoint is configured, metrics by
/// OTLP and on a Prometheus scrape endpoint on its own port. With neither configured nothing is registered, so a
/// default single node pays nothing; the log lines carry the trace id either way (<see cref="TraceConsoleFormatter"/>).
/// </summary>
public static class Telemetry
{
    /// <summary>
    /// Meters exported besides the ASP.NET Core instrumentation's own (hosting, Kestrel, routing, connections,
    /// diagnostics, rate limiting): authentication and Identity (.NET 10), EF Core, Npgsql's pool and commands,
    /// the HTTP client, the runtime, StackExchange.Redis's (when the Redis connection is configured) and Tandem's.
    /// </summary>
    internal static readonly string[] Meters =
    [
        TandemMetrics.Name, "Microsoft.AspNetCore.Authentication", "Microsoft.AspNetCore.Authorization", "Microsoft.AspNetCore.Identity",
        "Microsoft.AspNetCore.Http.Connections", "Microsoft.EntityFrameworkCore", "Npgsql", "System.Runtime", "StackExchange.Redis",
    ];

    /// <summary>Activity sources traced besides ASP.NET Core's and the HTTP client's: SignalR hub invocations and Tandem's jobs.</summary>
    internal static readonly string[] Sources = [TandemMetrics.Name, "Microsoft.AspNetCore.SignalR.Server"];

    public static WebApplicationBuilder AddTandemTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.Configure<TelemetryOptions>(builder.Configuration.GetSection(TelemetryOptions.Section));
        var otlp = !string.IsNullOrWhiteSpace(options.Otlp) || !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var scrape = options.MetricsPort > 0;
        if (!otlp && !scrape) return builder;
        AddOpenTelemetry(builder, options, otlp, scrape);
        return builder;
    }

    // In its own method, so that the OpenTelemetry assemblies load only when telemetry is configured (ADR 26).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void AddOpenTelemetry(WebApplicationBuilder builder, TelemetryOptions options, bool otlp, bool scrape)
    {
        if (scrape) AddMetricsListener(builder, options);
        var node = builder.Configuration["Tandem:NodeName"];
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("tandem", serviceInstanceId: string.IsNullOrEmpty(node) ? null : node))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddMeter(Meters);
                if (scrape) metrics.AddPrometheusExporter();
            });
        if (otlp)
        {
            var postgres = DatabaseSetup.ProviderFrom(builder.Configuration) == DatabaseProvider.Postgres;
            telemetry.WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation()
                    .AddSource(Sources);
                // One span per database command: Npgsql's own on PostgreSQL (connection and statement details),
                // EF Core's diagnostics on SQLite. Both on PostgreSQL would show every command twice.
                if (postgres) tracing.AddSource("Npgsql");
                else tracing.AddEntityFrameworkCoreInstrumentation();
            });
            // Reads OTEL_EXPORTER_OTLP_* (protocol, headers); Tandem:Telemetry:Otlp sets the endpoint when given.
            telemetry.UseOtlpExporter();
            if (!string.IsNullOrWhiteSpace(options.Otlp))
                builder.Services.Configure<OpenTelemetry.Exporter.OtlpExporterOptions>(o => o.Endpoint = new Uri(options.Otlp));
        }
    }

    /// <summary>Adds the scrape port to the addresses Kestrel listens on, beside the configured ones.</summary>
    private static void AddMetricsListener(WebApplicationBuilder builder, TelemetryOptions options)
    {
        var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
        if (string.IsNullOrWhiteSpace(urls)) urls = TandemHost.DefaultUrl;
        var address = System.Net.IPAddress.TryParse(options.MetricsAddress, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{ip}]" : options.MetricsAddress;
        builder.WebHost.UseUrls($"{urls};http://{address}:{options.MetricsPort}");
    }

    /// <summary>
    /// First in the pipeline: on the metrics port, <c>GET /metrics</c> is the Prometheus scrape and everything else a
    /// bare 404; on every other port <c>/metrics</c> is an ordinary unknown page. Decided by the port the connection
    /// came in on, not by the Host header, which a client chooses.
    /// </summary>
    public static IApplicationBuilder UseTandemMetricsEndpoint(this IApplicationBuilder app)
    {
        var port = app.ApplicationServices.GetRequiredService<IConfiguration>().GetValue<int>($"{TelemetryOptions.Section}:MetricsPort");
        if (port <= 0) return app;
        UsePrometheus(app, port);
        return app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != port) return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void UsePrometheus(IApplicationBuilder app, int port) =>
        app.UseOpenTelemetryPrometheusScrapingEndpoint(c => c.Connection.LocalPort == port && c.Request.Path == "/metrics");

    /// <summary>The addresses the host serves the application on, without the metrics port (what a client or a test connects to).</summary>
    public static IEnumerable<string> ApplicationUrls(WebApplication app)
    {
        var port = app.Configuration.GetValue<int>($"{TelemetryOptions.Section}:MetricsPort");
        var urls = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? app.Urls;
        return port <= 0 ? urls : urls.Where(u => new Uri(u).Port != port);
    }
}
