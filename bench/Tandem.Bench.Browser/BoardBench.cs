using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Tandem.Application.Data;
using Tandem.Application.Demo;
using Tandem.Application.Identity;
using Tandem.Bench.Shared;
using Tandem.Domain.Backlog;
using Tandem.Domain.Products;
using Tandem.Domain.Sprints;
using Tandem.Domain.Teams;
using Tandem.Domain.Workspaces;

namespace Tandem.Bench.Browser;

/// <summary>
/// The sprint board of an active sprint with <c>cards</c> cards (product BRD, a team with the default
/// workflow, cards spread over the four columns, some blocked), in Debian's Chromium:
///  1. navigation → the whole board rendered (every card in the DOM, DOMContentLoaded), from the
///     browser's Navigation Timing;
///  2. a card move by one member (the board's own API call, timed in the browser) until the card is in
///     its new column in the DOM of every one of <c>watchers</c> other browsers (one clock: one Chromium).
/// </summary>
internal static class BoardBench
{
    // Resolves with the time the selector first matches; arms window.__armed so the caller knows the observer is in place.
    private const string Probe = """
        selector => new Promise(resolve => {
            const now = () => performance.timeOrigin + performance.now();
            const observer = new MutationObserver(() => {
                if (!document.querySelector(selector)) return;
                observer.disconnect();
                resolve(now());
            });
            observer.observe(document.body, { subtree: true, childList: true });
            window.__armed = (window.__armed || 0) + 1;
            if (document.querySelector(selector)) { observer.disconnect(); resolve(-1); }
        })
        """;

    public static async Task RunAsync(IBrowser browser, string baseUrl, IServiceProvider services, int cards, int watchers, int runs)
    {
        await BenchData.SeedAsync(services, "BRD", "Board benchmark", cards * 2);
        var emails = await SeedDevelopersAsync(services, watchers + 1);
        var (sprintId, columns) = await SeedSprintAsync(services, cards);

        var pages = new List<IPage>();
        foreach (var email in emails)
        {
            var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
            context.SetDefaultTimeout(30_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/login");
            await page.GetByTestId("email").FillAsync(email);
            await page.GetByTestId("password").FillAsync(DemoSeeder.Password);
            await page.GetByTestId("sign-in").ClickAsync();
            await page.GetByTestId("sign-out").WaitForAsync();
            pages.Add(page);
        }

        // 1. First render of the whole board.
        var firstByte = new List<double>();
        var firstPaint = new List<double>();
        var complete = new List<double>();
        var reader = pages[0];
        for (var i = -3; i < runs; i++)
        {
            await reader.GotoAsync($"/sprints/{sprintId}/board");
            var timing = await reader.EvaluateAsync<double[]>("""
                () => {
                    const nav = performance.getEntriesByType('navigation')[0];
                    return [
                        nav.responseStart,
                        (performance.getEntriesByName('first-contentful-paint')[0] || { startTime: NaN }).startTime,
                        nav.domContentLoadedEventEnd,
                        document.querySelectorAll('[data-testid=board-card]').length,
                    ];
                }
                """);
            if ((int)timing[3] != cards) throw new InvalidOperationException($"expected {cards} cards on the board, got {timing[3]}");
            if (i < 0) continue;
            firstByte.Add(timing[0]);
            if (!double.IsNaN(timing[1])) firstPaint.Add(timing[1]);
            complete.Add(timing[2]);
        }

        // 2. A move until it shows on every other screen.
        foreach (var page in pages)
        {
            await page.GotoAsync($"/sprints/{sprintId}/board");
            await page.Locator("[data-testid=board-live][data-state=connected]").WaitForAsync();
        }
        var board = JsonDocument.Parse(await (await reader.APIRequest.GetAsync($"/api/v1/sprints/{sprintId}/board")).TextAsync()).RootElement;
        var todo = board.GetProperty("columns")[0].GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("item").GetString()!).ToList();
        var every = new List<double>();
        var screens = new List<double>();
        for (var r = -3; r < runs; r++)
        {
            var key = todo[r + 3];
            var target = columns[1 + (r + 3) % 2];
            var mover = pages[(r + 3) % pages.Count];
            var others = pages.Where(p => p != mover).ToList();
            var shown = await ArmAsync(others, $".cards[data-column-id='{target}'] [data-item='{key}']");
            var sent = await mover.EvaluateAsync<double>("""
                async ([sprint, key, column]) => {
                    const card = document.querySelector(`[data-testid=board-card][data-item='${key}']`);
                    const at = performance.timeOrigin + performance.now();
                    const response = await fetch(`/api/v1/sprints/${sprint}/board/moves`, {
                        method: 'POST', credentials: 'same-origin',
                        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'If-Match': `"${card.dataset.version}"` },
                        body: JSON.stringify({ itemKey: key, columnId: column }),
                    });
                    if (!response.ok) throw new Error(`move failed: ${response.status} ${await response.text()}`);
                    return at;
                }
                """, new object[] { sprintId.ToString(), key, target.ToString() });
            var at = await Task.WhenAll(shown);
            if (at.Any(s => s < 0)) throw new InvalidOperationException("a screen showed the move before it was made");
            if (r < 0) continue;
            every.Add(at.Max() - sent);
            screens.AddRange(at.Select(s => s - sent));
        }

        Console.WriteLine($"Sprint board: {cards} cards in an active sprint, {runs} measured runs each (after warm-up); {watchers} other browsers watching each move");
        Console.WriteLine("| measure | samples | p50 | p95 | max | budget |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Row("navigation → first byte of the page (server time + network)", firstByte, "");
        Row("navigation → first contentful paint", firstPaint, "");
        Row($"navigation → whole board rendered ({cards} cards in the DOM, DOMContentLoaded)", complete, "≤ 300 ms");
        Row($"card move → in its new column on every other screen ({watchers} screens)", every, "p95 ≤ 100 ms");
        Row("card move → in its new column on one other screen (each screen a sample)", screens, "");
    }

    private static async Task<List<Task<double>>> ArmAsync(List<IPage> pages, string selector)
    {
        var tasks = new List<Task<double>>();
        foreach (var page in pages)
        {
            var armed = await page.EvaluateAsync<int>("() => window.__armed || 0");
            tasks.Add(page.EvaluateAsync<double>(Probe, selector));
            await page.WaitForFunctionAsync("n => (window.__armed || 0) > n", armed);
        }
        return tasks;
    }

    /// <summary>Developers of BRD for the run (board-dev-N@demo.tandem, the demo password).</summary>
    private static async Task<List<string>> SeedDevelopersAsync(IServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TandemUser>>();
        var me = scope.ServiceProvider.GetRequiredService<CurrentUser>();
        me.Set(await db.Users.FirstAsync(u => u.Email == "admin@demo.tandem"));
        var product = await db.Products.FirstAsync(p => p.Key == "BRD");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var emails = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var email = $"board-dev-{i}@demo.tandem";
            var user = new TandemUser
            {
                Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true,
                DisplayName = string.Create(CultureInfo.InvariantCulture, $"Board Developer {i:00}"), WorkspaceId = product.WorkspaceId, CreatedAt = now,
            };
            var created = await users.CreateAsync(user, DemoSeeder.Password);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
            db.RoleAssignments.Add(RoleAssignment.Create(product, user.Id, Role.Developer, now));
            emails.Add(email);
        }
        await db.SaveChangesAsync();
        return emails;
    }

    /// <summary>A team on BRD with the default workflow and an active sprint holding every item: 40 % to do, 30 % in progress, 20 % in review, 10 % done; every 25th blocked.</summary>
    private static async Task<(Guid Sprint, List<Guid> Columns)> SeedSprintAsync(IServiceProvider services, int cards)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(await db.Users.FirstAsync(u => u.Email == "admin@demo.tandem"));
        var product = await db.Products.FirstAsync(p => p.Key == "BRD");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var team = Team.Create(product.WorkspaceId, product.Id, "Board bench crew", "Europe/Berlin", now);
        db.Teams.Add(team);
        db.TeamProducts.Add(TeamProduct.Of(team, product.Id));
        var columns = BoardColumn.DefaultWorkflow.Select((c, n) => BoardColumn.Create(team, c.Name, n, c.Status, c.WipLimit, now)).ToList();
        db.BoardColumns.AddRange(columns);
        var start = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-5);
        var sprint = Sprint.Plan(product.WorkspaceId, product.Id, team.Id, 1, "Sprint 1", "Ship the board", start, start.AddDays(13), null, now);
        db.Sprints.Add(sprint);
        var items = await db.BacklogItems.Where(i => i.ProductId == product.Id && i.Type != ItemType.Epic && i.Status != ItemStatus.Accepted).OrderBy(i => i.Rank).Take(cards).Select(i => new { i.Id, i.Estimate }).ToListAsync();
        var epics = await db.BacklogItems.Where(i => i.ProductId == product.Id && i.Type == ItemType.Epic && i.Status != ItemStatus.Accepted).OrderBy(i => i.Rank).Select(i => new { i.Id, i.Estimate }).ToListAsync();
        items.AddRange(epics.Take(cards - items.Count));
        int[] shares = [40, 30, 20, 10];
        var index = 0;
        for (var c = 0; c < columns.Count; c++)
        {
            var count = c == columns.Count - 1 ? items.Count - index : items.Count * shares[c] / 100;
            var ranks = Rank.Spread(count);
            for (var n = 0; n < count; n++, index++)
            {
                var card = SprintItem.Add(sprint, items[index].Id, items[index].Estimate, columns[c].Id, ranks[n], false, now.AddDays(-(index % 5)));
                if (index % 25 == 0) card.Block("Waiting for another team", now);
                db.SprintItems.Add(card);
            }
        }
        sprint.BeginAt(now, 0, items.Count);
        await db.SaveChangesAsync();
        return (sprint.Id, columns.Select(c => c.Id).ToList());
    }

    private static void Row(string name, List<double> values, string budget) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {values.Count} | {BenchData.P(values, 50):0.0} ms | {BenchData.P(values, 95):0.0} ms | {values.Max():0.0} ms | {budget} |"));
}
