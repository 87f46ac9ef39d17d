using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.Web;
using Tandem.Web.Infrastructure;

namespace Tandem.IntegrationTests.Telemetry;

/// <summary>
/// Issue 15's observability (ADR 0033): every console line carries the trace id of the request or job that wrote
/// it, and the Prometheus scrape endpoint serves Tandem's and ASP.NET Core's metrics on its own port only.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public void A_line_written_inside_an_activity_carries_its_trace_id()
    {
        using var activity = new Activity("request").Start();
        var line = Format(LogLevel.Warning, "Tandem.Test", "Something happened", new InvalidOperationException("boom\nsecond line"));
        Assert.StartsWith($"warn: Tandem.Test[7] trace={activity.TraceId.ToHexString()} Something happened System.InvalidOperationException: boom second line", line);
        Assert.Single(line.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void The_request_log_line_carries_its_requests_trace_id_though_it_is_written_later_and_elsewhere()
    {
        Assert.Null(Activity.Current);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var state = new List<KeyValuePair<string, object?>> { new("TraceId", traceId), new("{OriginalFormat}", "request {TraceId}") };
        var line = Write(LogLevel.Information, RequestLog.Category, state, (s, _) => $"request {s[0].Value}");
        Assert.StartsWith($"info: {RequestLog.Category}[7] trace={traceId} request {traceId}", line);
        Assert.StartsWith("info: Tandem.Test[7] trace=- Outside any request", Format(LogLevel.Information, "Tandem.Test", "Outside any request"));
    }

    [Fact]
    public async Task The_host_writes_its_console_with_the_trace_formatter_and_answers_the_same_trace_id_to_the_client()
    {
        var app = new TandemApp();
        await app.InitializeAsync();
        try
        {
            var console = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
            Assert.Equal(TraceConsoleFormatter.Name, console.FormatterName);

            // What a client is told (ProblemDetails' traceId, a W3C id) holds the trace id the request's line carries.
            using var client = app.Anonymous();
            using var response = await client.GetAsync("/api/v1/no-such-thing");
            var traceparent = (await response.Content.ReadFromJsonAsync<JsonObject>())!["traceId"]!.GetValue<string>();
            var traceId = traceparent.Split('-')[1];
            var logged = await app.RequestLog.WaitForAsync(l => l.TryGetValue("Route", out var route) && (string?)route == "/api/v1/no-such-thing");
            Assert.Equal(traceId, logged["TraceId"]);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Metrics_are_scraped_on_their_own_port_only()
    {
        await using var database = await TestDatabase.CreateAsync("metrics");
        var port = FreePort();
        var app = TandemHost.Build(["--applicationName=Tandem.Web", "--demo"], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Configuration["Database:Provider"] = database.Provider.ToString();
            b.Configuration["ConnectionStrings:Tandem"] = database.ConnectionString;
            if (database.DataDirectory is not null) b.Configuration["Tandem:DataDirectory"] = database.DataDirectory;
            b.Configuration["Tandem:Telemetry:MetricsPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await TandemHost.PrepareAsync(app);
        await app.StartAsync();
        try
        {
            var site = new Uri(Web.Infrastructure.Telemetry.ApplicationUrls(app).Single());
            using var client = new HttpClient { BaseAddress = site };
            using (var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = TandemApp.AcmePo, password = TandemApp.DemoPassword }))
            {
                var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            for (var i = 0; i < 3; i++)
                using (var page = await client.GetAsync("/api/v1/products/PAY/backlog?limit=100")) Assert.Equal(HttpStatusCode.OK, page.StatusCode);

            using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var text = await scraper.GetStringAsync("/metrics");
            Assert.Contains("tandem_cache_hits_total{", text);
            Assert.Matches("tandem_cache_hits_total\\{[^}]*cache=\"backlog_page\"", text);
            Assert.Matches("tandem_cache_misses_total\\{[^}]*cache=\"backlog_page\"", text);
            Assert.Matches("tandem_cache_hits_total\\{[^}]*cache=\"decision_rights\"", text);
            Assert.Contains("http_server_request_duration_seconds_bucket{", text);
            Assert.Contains("http_route=\"/api/v1/products/{key}/backlog\"", text);

            // Nothing else on that port, and no metrics on the application's.
            using (var other = await scraper.GetAsync("/api/v1/products")) Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            using var onSite = await client.GetAsync("/metrics");
            Assert.DoesNotContain("tandem_cache_hits_total", await onSite.Content.ReadAsStringAsync());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static string Format(LogLevel level, string category, string message, Exception? exception = null) =>
        Write(level, category, message, (m, _) => m, exception);

    private static string Write<TState>(LogLevel level, string category, TState state, Func<TState, Exception?, string> formatter, Exception? exception = null)
    {
        var formatterOptions = new OptionsMonitor<ConsoleFormatterOptions>(new OptionsFactory<ConsoleFormatterOptions>([], []), [], new OptionsCache<ConsoleFormatterOptions>());
        var format = new TraceConsoleFormatter(formatterOptions);
        using var writer = new StringWriter();
        format.Write(new LogEntry<TState>(level, category, new EventId(7), state, exception, formatter), null, writer);
        return writer.ToString();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
