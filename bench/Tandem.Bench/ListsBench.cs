using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Bench.Shared;
using Tandem.Domain.Architecture;
using Tandem.Domain.Debt;
using Tandem.Domain.Evaluations;
using Tandem.Domain.Nfrs;
using Tandem.Domain.Products;
using Tandem.Domain.Workspaces;

namespace Tandem.Bench;

/// <summary>
/// The Tech Lead's registers at size: a product with SIZE decision records, debt items, NFRs and technology evaluations, and the
/// server time of their list endpoints (first page, a filtered page, a page deep in the cursor chain).
/// </summary>
internal static class ListsBench
{
    public static async Task RunAsync(IServiceProvider services, HttpClient http, int size, int requests, Func<HttpClient, string, Task<double>> get)
    {
        var key = $"L{size / 1000}K";
        var seeded = await SeedAsync(services, key, size);
        Console.WriteLine($"lists at {size:N0} records each (seeded in {seeded.TotalSeconds:0.0} s), {requests} requests per row");
        Console.WriteLine("| list | p50 | p95 |");
        Console.WriteLine("|---|---|---|");

        // A cursor several pages in, as someone paging back through history would hold.
        var deepAdrs = await CursorAfterAsync(http, $"/api/v1/products/{key}/adrs?limit=50", 20);
        var deepDebt = await CursorAfterAsync(http, $"/api/v1/products/{key}/debt?limit=50", 20);
        var deepNfrs = await CursorAfterAsync(http, $"/api/v1/products/{key}/nfrs?limit=50", 20);
        var rows = new (string Name, string Url)[]
        {
            ("decision records, first 50", $"/api/v1/products/{key}/adrs?limit=50"),
            ("decision records, accepted only", $"/api/v1/products/{key}/adrs?limit=50&status=accepted"),
            ("decision records, page 21", $"/api/v1/products/{key}/adrs?limit=50&cursor={deepAdrs}"),
            ("debt register, first 50 by interest + totals", $"/api/v1/products/{key}/debt?limit=50"),
            ("debt register, code debt only", $"/api/v1/products/{key}/debt?limit=50&kind=code"),
            ("debt register, page 21", $"/api/v1/products/{key}/debt?limit=50&cursor={deepDebt}"),
            ("NFRs, first 50", $"/api/v1/products/{key}/nfrs?limit=50"),
            ("NFRs, security only", $"/api/v1/products/{key}/nfrs?limit=50&category=security"),
            ("NFRs, page 21", $"/api/v1/products/{key}/nfrs?limit=50&cursor={deepNfrs}"),
            ("technology evaluations, first 50", $"/api/v1/products/{key}/evaluations?limit=50"),
        };
        foreach (var (name, url) in rows)
        {
            for (var i = 0; i < 30; i++) await get(http, url);
            var times = new List<double>(requests);
            for (var i = 0; i < requests; i++) times.Add(await get(http, url));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {BenchData.P(times, 50):0.0} ms | {BenchData.P(times, 95):0.0} ms |"));
        }
    }

    private static async Task<string> CursorAfterAsync(HttpClient http, string url, int pages)
    {
        string? cursor = null;
        for (var i = 0; i < pages; i++)
        {
            var page = await http.GetFromJsonAsync<System.Text.Json.JsonElement>(url + (cursor is null ? "" : $"&cursor={cursor}"));
            cursor = page.GetProperty("nextCursor").GetString() ?? throw new InvalidOperationException($"{url} ran out of pages before {pages}.");
        }
        return Uri.EscapeDataString(cursor!);
    }

    private static async Task<TimeSpan> SeedAsync(IServiceProvider services, string key, int size)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var me = scope.ServiceProvider.GetRequiredService<CurrentUser>();
        var po = await db.Users.FirstAsync(u => u.Email == "po@demo.tandem");
        me.Set(po);
        var product = Product.Create(po.WorkspaceId, key, $"Lists {size:N0}", DateTimeOffset.UnixEpoch);
        db.Products.Add(product);
        db.RoleAssignments.Add(RoleAssignment.Create(product, po.Id, Role.ProductOwner, DateTimeOffset.UnixEpoch));
        await db.SaveChangesAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        var random = new Random(size);
        var start = DateTimeOffset.UnixEpoch.AddYears(50);
        var kinds = Enum.GetValues<DebtKind>();
        var risks = Enum.GetValues<DebtRisk>();
        var categories = Enum.GetValues<NfrCategory>();
        for (var batch = 0; batch < size; batch += 2000)
        {
            for (var n = batch + 1; n <= Math.Min(size, batch + 2000); n++)
            {
                var at = start.AddHours(n);
                var record = ArchitectureDecision.Propose(product.WorkspaceId, product.Id, n,
                    new DecisionContent($"Decision {n}: use component {random.Next(500)} for concern {random.Next(80)}",
                        "Context of the decision, a paragraph or two in real records.", "The decision itself.", "What follows from it.", null,
                        [("Option A", "Pro", "Con"), ("Option B", "Pro", "Con")], []), po.Id, at);
                if (n % 3 != 0) record.Accept(po.Id, null, at.AddMinutes(30));
                db.ArchitectureDecisions.Add(record);

                var debt = DebtItem.Record(product.WorkspaceId, product.Id, $"Debt {n} in area {random.Next(40)}", "What slows us down and why.",
                    $"Area {random.Next(40)}", kinds[random.Next(kinds.Length)], random.Next(1, 200) / 2m, random.Next(1, 40) / 10m,
                    risks[random.Next(risks.Length)], "Code review", po.Id, at);
                db.DebtItems.Add(debt);

                var nfr = Nfr.Propose(product.WorkspaceId, product.Id, n, categories[random.Next(categories.Length)],
                    $"Quality {n}: the system answers within bounds under load {random.Next(100)}", "p95 latency", null, null, null, null, po.Id, at);
                if (n % 2 == 0) nfr.SetTarget("p95 latency", "≤ 200 ms", "≤ 400 ms", "Load test in CI", po.Id, at);
                db.Nfrs.Add(nfr);

                db.TechnologyEvaluations.Add(TechnologyEvaluation.Start(product.WorkspaceId, product.Id, n, $"Which library for concern {n}?", "Context.",
                    [("Option A", "First"), ("Option B", "Second"), ("Option C", "Third")], [("Fit", 5), ("Cost", 3), ("Maturity", 3)], po.Id, at));
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        // A live database has planner statistics (autovacuum gathers them); a table filled a moment ago does not yet.
        if (!db.IsSqlite) await db.Database.ExecuteSqlRawAsync("ANALYZE");
        return started.Elapsed;
    }
}
