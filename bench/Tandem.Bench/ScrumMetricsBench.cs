using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Bench.Shared;
using Tandem.Domain.Backlog;
using Tandem.Domain.Products;
using Tandem.Domain.Sprints;
using Tandem.Domain.Teams;
using Tandem.Domain.Workspaces;

namespace Tandem.Bench;

/// <summary>
/// Issue 10's Speed budget for team metrics: a team with 100 closed two-week sprints and 20,000 items (each moved
/// across the board, some carried over or added after the start), plus an active sprint of 300 cards. Times the
/// metrics, every chart and the coach hints over loopback HTTP, then closing a 300-item sprint through the domain
/// and the DbContext (settle every item, close, save), as the sprints endpoint does.
/// </summary>
internal static class ScrumMetricsBench
{
    private const int Sprints = 100, ItemsPerSprint = 200, ActiveItems = 300, Closes = 10;

    public static async Task RunAsync(IServiceProvider services, HttpClient http, int requests, Func<HttpClient, string, Task<double>> get)
    {
        var seed = Stopwatch.StartNew();
        var (teamId, rows) = await SeedAsync(services);
        seed.Stop();
        Console.WriteLine($"team metrics: {Sprints} closed sprints, {Sprints * ItemsPerSprint:N0} items, {rows:N0} card moves (seeded in {seed.Elapsed.TotalSeconds:0.0} s); {requests} requests per row");
        Console.WriteLine("| request | p50 | p95 |");
        Console.WriteLine("|---|---|---|");
        var urls = new (string Name, string Url)[]
        {
            ("metrics (last 12 sprints)", $"/api/v1/teams/{teamId}/metrics"),
            ("metrics (all 100 sprints)", $"/api/v1/teams/{teamId}/metrics?sprints=100"),
            ("burndown.svg (active sprint, 300 cards)", $"/api/v1/teams/{teamId}/charts/burndown.svg"),
            ("burnup.svg", $"/api/v1/teams/{teamId}/charts/burnup.svg"),
            ("velocity.svg (12 sprints)", $"/api/v1/teams/{teamId}/charts/velocity.svg"),
            ("velocity.svg (100 sprints)", $"/api/v1/teams/{teamId}/charts/velocity.svg?sprints=100"),
            ("cfd.svg (42 days)", $"/api/v1/teams/{teamId}/charts/cfd.svg"),
            ("cycle-time.svg (90 days)", $"/api/v1/teams/{teamId}/charts/cycle-time.svg"),
            ("cfd.csv", $"/api/v1/teams/{teamId}/charts/cfd.csv"),
            ("coach-hints", $"/api/v1/teams/{teamId}/coach-hints"),
        };
        foreach (var (name, url) in urls)
        {
            for (var i = 0; i < 20; i++) await get(http, url);
            var times = new List<double>(requests);
            for (var i = 0; i < requests; i++) times.Add(await get(http, url));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {BenchData.P(times, 50):0.0} ms | {BenchData.P(times, 95):0.0} ms |"));
        }

        var closes = new List<double>();
        for (var i = 0; i < Closes; i++) closes.Add(await CloseAsync(services, teamId, i));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| close a sprint of {ActiveItems} items (domain + DbContext, {Closes} runs) | {BenchData.P(closes, 50):0.0} ms | {BenchData.P(closes, 95):0.0} ms |"));
    }

    /// <summary>Closes the active sprint as the sprints feature does: load it and its items, settle each, close, save; then plans and starts the next.</summary>
    private static async Task<double> CloseAsync(IServiceProvider services, Guid teamId, int run)
    {
        var started = Stopwatch.GetTimestamp();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = await SignInAsync(scope);
            var sprint = await db.Sprints.FirstAsync(s => s.TeamId == teamId && s.State == SprintState.Active);
            var items = await db.SprintItems.Where(s => s.SprintId == sprint.Id).ToListAsync();
            var done = items.Where(i => i.InSprint && i.CompletedAt is not null).ToList();
            var open = items.Where(i => i.InSprint && i.CompletedAt is null).ToList();
            var now = TimeProvider.System.GetUtcNow();
            foreach (var item in done) item.Settle(SprintItemOutcome.Completed, item.Points);
            foreach (var item in open) item.Settle(SprintItemOutcome.Returned, item.Points);
            sprint.CloseAt(now, done.Sum(i => i.Points ?? 0), done.Count, 0, items.Count(i => i.AddedAfterStart), items.Count(i => i.Outcome == SprintItemOutcome.Removed));
            await db.SaveChangesAsync();
        }
        var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = await SignInAsync(scope);
            var team = await db.Teams.FirstAsync(t => t.Id == teamId);
            await ActiveSprintAsync(db, team, Sprints + 2 + run, new Random(run));
        }
        return took;
    }

    private static async Task<TandemDbContext> SignInAsync(AsyncServiceScope scope)
    {
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(await db.Users.FirstAsync(u => u.Email == "po@demo.tandem"));
        return db;
    }

    private static async Task<(Guid TeamId, int Moves)> SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = await SignInAsync(scope);
        var po = await db.Users.FirstAsync(u => u.Email == "po@demo.tandem");
        var epoch = TimeProvider.System.GetUtcNow().AddDays(-(Sprints * 14 + 30));
        var product = Product.Create(po.WorkspaceId, "SM100", "Scrum metrics bench", epoch);
        db.Products.Add(product);
        db.RoleAssignments.Add(RoleAssignment.Create(product, po.Id, Role.ProductOwner, epoch));
        var team = Team.Create(po.WorkspaceId, product.Id, "Bench crew", "Europe/Berlin", epoch);
        db.Teams.Add(team);
        db.TeamProducts.Add(TeamProduct.Of(team, product.Id));
        db.TeamMembers.Add(TeamMember.Add(team, po.Id, 100, WorkingDays.Monday | WorkingDays.Tuesday | WorkingDays.Wednesday | WorkingDays.Thursday | WorkingDays.Friday, epoch));
        var position = 0;
        foreach (var (name, status, limit) in BoardColumn.DefaultWorkflow) db.BoardColumns.Add(BoardColumn.Create(team, name, position++, status, limit, epoch));
        await db.SaveChangesAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        var random = new Random(42);
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var first = today.AddDays(-(Sprints * 14 + 7));
        var moves = 0;
        for (var s = 0; s < Sprints; s++)
        {
            moves += await ClosedSprintAsync(db, team, product, s + 1, first.AddDays(14 * s), random);
            db.ChangeTracker.Clear();
        }
        await ActiveSprintAsync(db, team, Sprints + 1, random);
        if (!db.IsSqlite) await db.Database.ExecuteSqlRawAsync("ANALYZE");
        return (team.Id, moves);
    }

    private static async Task<int> ClosedSprintAsync(TandemDbContext db, Team team, Product product, int number, DateOnly start, Random random)
    {
        var columns = await db.BoardColumns.AsNoTracking().Where(c => c.TeamId == team.Id).OrderBy(c => c.Position).Select(c => c.Id).ToListAsync();
        var begin = At(start, 0, 8);
        var sprint = Sprint.Plan(team.WorkspaceId, product.Id, team.Id, number, $"Sprint {number}", "Bench goal", start, start.AddDays(13), null, begin.AddDays(-1));
        db.Sprints.Add(sprint);
        var rows = new List<(SprintItem Row, int Kind)>();
        for (var n = 0; n < ItemsPerSprint; n++)
        {
            var item = Item(product, number * 1000 + n, At(start, -random.Next(5, 60), 10));
            db.BacklogItems.Add(item);
            var kind = random.Next(100); // <75 done, <85 carried over, <95 never started, else added after start and done
            var added = kind >= 95;
            var row = SprintItem.Add(sprint, item.Id, random.Next(1, 9), columns[0], $"o{n:D4}", added, added ? At(start, random.Next(1, 5), 11) : begin.AddHours(-1));
            db.SprintItems.Add(row);
            rows.Add((row, kind));
        }
        var planned = rows.Where(r => !r.Row.AddedAfterStart).ToList();
        sprint.BeginAt(begin, planned.Sum(r => r.Row.Points ?? 0), planned.Count);
        var moves = 0;
        foreach (var (row, kind) in rows)
        {
            if (kind is >= 85 and < 95) continue;
            var day = row.AddedAfterStart ? 5 : random.Next(0, 8);
            moves += Move(db, row, columns[0], columns[1], At(start, day, 9 + random.Next(8)), false);
            if (kind is >= 75 and < 85) continue;
            moves += Move(db, row, columns[1], columns[2], At(start, day + 1 + random.Next(3), 13), false);
            moves += Move(db, row, columns[2], columns[3], At(start, Math.Min(13, day + 4 + random.Next(3)), 15), true);
        }
        var done = rows.Where(r => r.Row.CompletedAt is not null).ToList();
        sprint.CloseAt(At(start, 13, 17), done.Sum(r => r.Row.Points ?? 0), done.Count, rows.Count(r => r.Kind is >= 75 and < 85), rows.Count(r => r.Row.AddedAfterStart), 0);
        foreach (var (row, kind) in rows)
            row.Settle(row.CompletedAt is not null ? SprintItemOutcome.Completed : kind < 85 ? SprintItemOutcome.CarriedOver : SprintItemOutcome.Returned, row.Points);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        return moves;
    }

    /// <summary>A sprint halfway through: 300 cards spread over the columns.</summary>
    private static async Task ActiveSprintAsync(TandemDbContext db, Team team, int number, Random random)
    {
        var product = await db.Products.FirstAsync(p => p.Id == team.ProductId);
        var columns = await db.BoardColumns.AsNoTracking().Where(c => c.TeamId == team.Id).OrderBy(c => c.Position).Select(c => c.Id).ToListAsync();
        var start = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(-7);
        var begin = At(start, 0, 8);
        var sprint = Sprint.Plan(team.WorkspaceId, product.Id, team.Id, number, $"Sprint {number}", "Bench goal", start, start.AddDays(13), null, begin.AddDays(-1));
        db.Sprints.Add(sprint);
        var rows = new List<SprintItem>();
        for (var n = 0; n < ActiveItems; n++)
        {
            var item = Item(product, number * 1000 + n, At(start, -10, 10));
            db.BacklogItems.Add(item);
            var row = SprintItem.Add(sprint, item.Id, random.Next(1, 9), columns[0], $"o{n:D4}", false, begin.AddHours(-1));
            db.SprintItems.Add(row);
            rows.Add(row);
        }
        sprint.BeginAt(begin, rows.Sum(r => r.Points ?? 0), rows.Count);
        foreach (var row in rows)
        {
            var stage = random.Next(4);
            if (stage == 0) continue;
            var day = random.Next(0, 4);
            Move(db, row, columns[0], columns[1], At(start, day, 10), false);
            if (stage >= 2) Move(db, row, columns[1], columns[2], At(start, day + 1, 12), false);
            if (stage == 3) Move(db, row, columns[2], columns[3], At(start, day + 2, 15), true);
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    private static BacklogItem Item(Product product, int number, DateTimeOffset at) =>
        BacklogItem.Create(product.WorkspaceId, product.Id, product.Key, number, ItemType.Story, $"Bench story {number}", null, $"r{number:D8}", product.Id, at);

    private static int Move(TandemDbContext db, SprintItem row, Guid from, Guid to, DateTimeOffset at, bool done)
    {
        row.MoveTo(to, row.Order, false, done, at);
        db.CardMoves.Add(CardMove.Of(row, from, to, Guid.Empty, at));
        return 1;
    }

    private static DateTimeOffset At(DateOnly day, int days, int hour) => new(day.AddDays(days).ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);
}
