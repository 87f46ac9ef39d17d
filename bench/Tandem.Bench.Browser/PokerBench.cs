using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Tandem.Application.Data;
using Tandem.Application.Demo;
using Tandem.Application.Identity;
using Tandem.Bench.Shared;
using Tandem.Domain.Products;
using Tandem.Domain.Workspaces;

namespace Tandem.Bench.Browser;

/// <summary>
/// Planning poker with <c>participants</c> people in as many browser contexts (own cookies, own SignalR
/// connection) on loopback: the Tech Lead of PAY and developers made for the run. Measures, from the
/// browser's own clocks (performance.timeOrigin + performance.now(), one clock for every page of the
/// one Chromium):
///  - a vote: from the card's click on the voter's screen until the voter shows as "voted" in the DOM of
///    every other screen (the slowest screen per vote, and every screen on its own);
///  - the reveal: from the facilitator sending it until the cards are in the DOM of every other screen.
/// Each round: everyone votes in turn, the Tech Lead reveals, then starts a re-vote (the pages reload).
/// </summary>
internal static class PokerBench
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
            observer.observe(document.body, { subtree: true, childList: true, attributes: true });
            window.__armed = (window.__armed || 0) + 1;
            if (document.querySelector(selector)) { observer.disconnect(); resolve(-1); }
        })
        """;

    public static async Task RunAsync(IBrowser browser, string baseUrl, IServiceProvider services, int participants, int rounds)
    {
        var developers = await SeedDevelopersAsync(services, participants - 1);
        var emails = new List<string> { "tl@demo.tandem" };
        emails.AddRange(developers);

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
        var tl = pages[0];

        // The Tech Lead opens a session over the first item waiting for an estimate.
        var candidates = await tl.APIRequest.GetAsync("/api/v1/products/PAY/poker/candidates");
        var item = JsonDocument.Parse(await candidates.TextAsync()).RootElement[0].GetProperty("key").GetString();
        var opened = await tl.APIRequest.PostAsync("/api/v1/products/PAY/poker", new() { DataObject = new { title = "Browser benchmark", items = new[] { item } } });
        if (opened.Status != 201) throw new InvalidOperationException($"opening the session failed: {opened.Status} {await opened.TextAsync()}");
        var id = JsonDocument.Parse(await opened.TextAsync()).RootElement.GetProperty("id").GetString();

        foreach (var page in pages) await page.GotoAsync($"/p/PAY/poker/{id}");
        await AllLiveAsync(pages, 1);
        var ids = new List<string>();
        foreach (var page in pages) ids.Add(await page.EvaluateAsync<string>("() => JSON.parse(document.getElementById('poker-state').textContent).me"));

        var voteEvery = new List<double>();
        var voteScreens = new List<double>();
        var revealEvery = new List<double>();
        var revealScreens = new List<double>();
        string[] cards = ["1", "2", "3", "5", "8"];
        for (var round = 1; round <= rounds; round++)
        {
            var measured = round > 1; // the first round warms up
            for (var v = 0; v < pages.Count; v++)
            {
                var others = pages.Where((_, i) => i != v).ToList();
                var shown = await ArmAsync(others, $"[data-testid=poker-voter][data-person='{ids[v]}'][data-voted=true]");
                var sent = await pages[v].EvaluateAsync<double>("""
                    value => {
                        const card = document.querySelector(`[data-testid=poker-card][data-value='${value}']`);
                        const at = performance.timeOrigin + performance.now();
                        card.click();
                        return at;
                    }
                    """, cards[(v + round) % cards.Length]);
                var at = await Task.WhenAll(shown);
                if (measured) Record(sent, at, voteEvery, voteScreens);
            }

            var revealed = await ArmAsync(pages.Skip(1).ToList(), "[data-testid=poker-current][data-revealed=true]");
            var revealSent = await tl.EvaluateAsync<double>($$"""
                () => {
                    const at = performance.timeOrigin + performance.now();
                    fetch('/api/v1/poker/{{id}}/reveal', { method: 'POST', credentials: 'same-origin' });
                    return at;
                }
                """);
            var revealAt = await Task.WhenAll(revealed);
            if (measured) Record(revealSent, revealAt, revealEvery, revealScreens);

            if (round == rounds) break;
            var again = await tl.APIRequest.PostAsync($"/api/v1/poker/{id}/revote");
            if (again.Status != 200) throw new InvalidOperationException($"re-vote failed: {again.Status} {await again.TextAsync()}");
            await AllLiveAsync(pages, round + 1);
        }

        Console.WriteLine($"Planning poker: {pages.Count} participants in {pages.Count} browser contexts, {rounds - 1} measured rounds (after one warm-up round)");
        Console.WriteLine("| measure | samples | p50 | p95 | max | budget |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Row($"vote → \"voted\" on every other screen ({pages.Count - 1} screens)", voteEvery, "p95 ≤ 100 ms");
        Row("vote → \"voted\" on one other screen (each screen a sample)", voteScreens, "");
        Row($"reveal → cards on every other screen ({pages.Count - 1} screens)", revealEvery, "p95 ≤ 100 ms");
        Row("reveal → cards on one other screen (each screen a sample)", revealScreens, "");
    }

    private static void Record(double sent, double[] shown, List<double> every, List<double> screens)
    {
        if (shown.Any(s => s < 0)) throw new InvalidOperationException("a screen showed the change before it was made");
        every.Add(shown.Max() - sent);
        screens.AddRange(shown.Select(s => s - sent));
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

    /// <summary>Every page shows the given round and has joined the session's live channel.</summary>
    private static async Task AllLiveAsync(List<IPage> pages, int round)
    {
        foreach (var page in pages)
        {
            await page.Locator($"[data-testid=poker-current][data-round='{round}']").WaitForAsync();
            await page.Locator("[data-testid=poker-live][data-state=connected]").WaitForAsync();
        }
    }

    /// <summary>Developers of PAY for the run (bench-dev-N@demo.tandem, the demo password).</summary>
    private static async Task<List<string>> SeedDevelopersAsync(IServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TandemUser>>();
        var me = scope.ServiceProvider.GetRequiredService<CurrentUser>();
        var admin = await db.Users.FirstAsync(u => u.Email == "admin@demo.tandem");
        me.Set(admin);
        var pay = await db.Products.FirstAsync(p => p.Key == "PAY");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var emails = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var email = $"bench-dev-{i}@demo.tandem";
            var user = new TandemUser
            {
                Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true,
                DisplayName = string.Create(CultureInfo.InvariantCulture, $"Bench Developer {i:00}"), WorkspaceId = pay.WorkspaceId, CreatedAt = now,
            };
            var created = await users.CreateAsync(user, DemoSeeder.Password);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
            db.RoleAssignments.Add(RoleAssignment.Create(pay, user.Id, Role.Developer, now));
            emails.Add(email);
        }
        await db.SaveChangesAsync();
        return emails;
    }

    private static void Row(string name, List<double> values, string budget) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {values.Count} | {BenchData.P(values, 50):0.0} ms | {BenchData.P(values, 95):0.0} ms | {values.Max():0.0} ms | {budget} |"));
}
