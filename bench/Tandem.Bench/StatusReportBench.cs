using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Application.StatusReports;
using Tandem.Bench.Shared;

namespace Tandem.Bench;

/// <summary>
/// Issue 11's Speed budget for status reports: PAY's report of the seeded demo built 30 times (≤ 300 ms), in process
/// through <see cref="StatusReportBuilder"/> in a fresh scope each time (every query, the forecast and the RAG), and
/// through the API (GET of the live draft: the same build plus authorisation and JSON) over loopback HTTP.
/// </summary>
public static class StatusReportBench
{
    public const int Builds = 30;

    public static async Task RunAsync(IServiceProvider services, HttpClient http, Func<HttpClient, string, Task<double>> get)
    {
        Console.WriteLine($"status report of the demo's PAY, {Builds} builds per row (after 3 warm-ups)");
        Console.WriteLine("| build | p50 | p95 |");
        Console.WriteLine("|---|---|---|");
        var builds = new List<double>();
        for (var i = 0; i < Builds + 3; i++)
        {
            using var scope = services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            var tpm = await db.Users.FirstAsync(u => u.Email == "tpm@demo.tandem");
            scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(tpm);
            var pay = await db.Products.AsNoTracking().FirstAsync(p => p.Key == "PAY");
            var started = Stopwatch.GetTimestamp();
            var content = await scope.ServiceProvider.GetRequiredService<StatusReportBuilder>().BuildAsync(pay.Id, pay.Key, pay.Name, DateTimeOffset.UnixEpoch, CancellationToken.None);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (content.Decisions.Count == 0) throw new InvalidOperationException("The demo's PAY has no decisions: is the demo seeded?");
            if (i >= 3) builds.Add(ms);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| builder, in process | {BenchData.P(builds, 50):0.0} ms | {BenchData.P(builds, 95):0.0} ms |"));

        var list = await http.GetFromJsonAsync<StatusReportsPage>("/api/v1/products/PAY/status-reports");
        if (list?.OpenDraftId is { } draft)
        {
            var times = new List<double>();
            for (var i = 0; i < Builds + 3; i++)
            {
                var ms = await get(http, $"/api/v1/status-reports/{draft}");
                if (i >= 3) times.Add(ms);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| GET the live draft (HTTP) | {BenchData.P(times, 50):0.0} ms | {BenchData.P(times, 95):0.0} ms |"));
        }
        else
        {
            Console.WriteLine("| GET the live draft (HTTP) | no draft on PAY (the demo's status report seed is not in) | |");
        }
    }
}
