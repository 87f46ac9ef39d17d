using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Sprints;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Metrics;

/// <summary>
/// One item of a seeded sprint: its points and, as whole days after the sprint's first day (at noon UTC), when it
/// was added after the start (null: planned), started, finished, removed, and whether it carried over at the close.
/// </summary>
public sealed record SeedItem(decimal? Points, int? Started = null, int? Done = null, int? Added = null, int? Removed = null, bool CarriedOver = false, int? Reviewed = null);

/// <summary>
/// A fresh product with a Scrum Master and a Developer on a team (UTC, the default four columns), and a
/// test-only way to write sprint history straight through the domain factories and the DbContext, since the
/// sprints and board endpoints belong to other areas.
/// </summary>
public sealed class MetricsTeam
{
    private readonly TandemApp _app;
    private int _number;

    private MetricsTeam(TandemApp app, string productKey) => (_app, ProductKey) = (app, productKey);

    public string ProductKey { get; }
    public Guid TeamId { get; private set; }
    public Person ScrumMaster { get; private set; } = null!;
    public Person Developer { get; private set; } = null!;
    public HttpClient Sm { get; private set; } = null!;
    public HttpClient Dev { get; private set; } = null!;

    public static DateOnly Today => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    public static async Task<MetricsTeam> CreateAsync(TandemApp app)
    {
        var team = new MetricsTeam(app, await app.CreateProductAsync());
        team.ScrumMaster = await app.CreatePersonAsync(TandemApp.Unique("sm"));
        await app.AssignAsync(team.ProductKey, team.ScrumMaster.Id, "scrum-master");
        team.Developer = await app.CreatePersonAsync(TandemApp.Unique("dev"));
        await app.AssignAsync(team.ProductKey, team.Developer.Id, "developer");
        using var admin = await app.SignInAsync(TandemApp.Admin);
        using var created = await admin.PostAsJsonAsync("/api/v1/teams", new
        {
            name = TandemApp.Unique("Metrics team"), productKey = team.ProductKey, timeZone = "UTC",
            members = new[] { new { userId = team.ScrumMaster.Id, allocationPercent = 50 }, new { userId = team.Developer.Id, allocationPercent = 100 } },
        });
        team.TeamId = (await Expect.Status(HttpStatusCode.Created, created))!["id"]!.GetValue<Guid>();
        team.Sm = await app.SignInAsync(team.ScrumMaster.Email, team.ScrumMaster.Password);
        team.Dev = await app.SignInAsync(team.Developer.Email, team.Developer.Password);
        return team;
    }

    /// <summary>
    /// Writes a sprint starting on <paramref name="start"/> (days inclusive), started at 09:00 UTC on its first day; closed at
    /// 17:00 on its last day when <paramref name="close"/>. Committed = the planned items; completed = those done by the close.
    /// </summary>
    public async Task<Guid> SprintAsync(DateOnly start, int days, bool close, params SeedItem[] items)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var sm = await db.Users.IgnoreQueryFilters().AsNoTracking().FirstAsync(u => u.Id == ScrumMaster.Id);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(sm);
        var product = await db.Products.FirstAsync(p => p.Key == ProductKey);
        var columns = await db.BoardColumns.Where(c => c.TeamId == TeamId).OrderBy(c => c.Position).ToListAsync();
        var (todo, doing, done) = (columns[0], columns[1], columns[^1]);
        var review = columns[2];
        var number = ++_number;
        var end = start.AddDays(days - 1);
        var begin = At(start, 0).AddHours(-3);
        var sprint = Sprint.Plan(product.WorkspaceId, product.Id, TeamId, number, $"Sprint {number}", "Ship it", start, end, ScrumMaster.Id, begin.AddDays(-1));
        db.Sprints.Add(sprint);
        var rows = new List<(SprintItem Row, SeedItem Spec)>();
        var n = 0;
        foreach (var spec in items)
        {
            n++;
            var item = BacklogItem.Create(product.WorkspaceId, product.Id, product.Key, number * 1000 + n, ItemType.Story, $"Seeded story {number}.{n}", null,
                $"m{number:D4}{n:D4}", Developer.Id, At(start, -10));
            db.BacklogItems.Add(item);
            var afterStart = spec.Added is not null;
            var row = SprintItem.Add(sprint, item.Id, spec.Points, todo.Id, $"o{n:D4}", afterStart, afterStart ? At(start, spec.Added!.Value) : begin.AddHours(-1));
            db.SprintItems.Add(row);
            rows.Add((row, spec));
        }
        var planned = rows.Where(r => r.Spec.Added is null).ToList();
        sprint.BeginAt(begin, planned.Sum(r => r.Spec.Points ?? 0), planned.Count);
        foreach (var (row, spec) in rows)
        {
            if (spec.Started is { } s) Move(db, row, todo.Id, doing.Id, false, false, At(start, s));
            if (spec.Reviewed is { } r) Move(db, row, doing.Id, review.Id, false, false, At(start, r));
            if (spec.Done is { } d) Move(db, row, row.ColumnId, done.Id, false, true, At(start, d));
            if (spec.Removed is { } gone) row.Remove(At(start, gone), whileRunning: true);
        }
        if (close)
        {
            var finished = rows.Where(r => r.Spec.Done is not null && r.Spec.Removed is null).ToList();
            sprint.CloseAt(At(end, 0).AddHours(5), finished.Sum(r => r.Spec.Points ?? 0), finished.Count, rows.Count(r => r.Spec.CarriedOver),
                rows.Count(r => r.Spec.Added is not null), rows.Count(r => r.Spec.Removed is not null));
            foreach (var (row, spec) in rows.Where(r => r.Spec.Removed is null))
                row.Settle(spec.Done is not null ? SprintItemOutcome.Completed : spec.CarriedOver ? SprintItemOutcome.CarriedOver : SprintItemOutcome.Returned, spec.Points);
        }
        await db.SaveChangesAsync();
        return sprint.Id;
    }

    /// <summary>Noon UTC, <paramref name="days"/> days after <paramref name="day"/>.</summary>
    public static DateTimeOffset At(DateOnly day, int days) => new(day.AddDays(days).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    private void Move(TandemDbContext db, SprintItem row, Guid? from, Guid to, bool first, bool isDone, DateTimeOffset at)
    {
        row.MoveTo(to, row.Order, first, isDone, at);
        db.CardMoves.Add(CardMove.Of(row, from, to, Developer.Id, at));
    }
}
