using System.Text.Json;
using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>A developer's stand-up blocker becomes an impediment that the Scrum Master escalates and the TPM sees on the home page.</summary>
[Collection(DemoCollection.Name)]
public sealed class StandupJourneys(DemoApp app)
{
    // Every day, so "who has not answered" names the Scrum Master whatever weekday the test runs on.
    private static readonly string[] EveryDay = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(email);
        return page;
    }

    /// <summary>A team of its own on PAY (so the demo's team keeps its cut-off) whose stand-up stays open all day.</summary>
    private static async Task<Guid> TeamAsync(IPage admin, IPage sm)
    {
        var ids = new List<Guid>();
        foreach (var email in new[] { "dev1@demo.tandem", "sm@demo.tandem" })
        {
            var people = await admin.APIRequest.GetAsync($"/api/v1/people?search={email}");
            using var json = JsonDocument.Parse(await people.TextAsync());
            var list = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement : json.RootElement.GetProperty("items");
            ids.Add(list.EnumerateArray().First(p => p.GetProperty("email").GetString() == email).GetProperty("id").GetGuid());
        }
        var created = await admin.APIRequest.PostAsync("/api/v1/teams", new()
        {
            DataObject = new { name = $"Blocker crew {Guid.NewGuid():N}"[..24], productKey = "PAY", timeZone = ZoneBeforeNoon(), members = ids.Select(id => new { userId = id, workingDays = EveryDay }) },
        });
        Assert.True(created.Ok, await created.TextAsync());
        using var team = JsonDocument.Parse(await created.TextAsync());
        var teamId = team.RootElement.GetProperty("id").GetGuid();
        var rhythm = await sm.APIRequest.PutAsync($"/api/v1/teams/{teamId}/rhythm", new() { DataObject = new { standupCutoff = "23:59" } });
        Assert.True(rhythm.Ok, await rhythm.TextAsync());
        return teamId;
    }

    private static string ZoneBeforeNoon()
    {
        string[] zones = ["Pacific/Kiritimati", "Pacific/Auckland", "Asia/Tokyo", "Asia/Kolkata", "Europe/Berlin", "UTC", "America/Sao_Paulo", "America/New_York", "America/Chicago", "America/Los_Angeles", "Pacific/Honolulu", "Pacific/Pago_Pago"];
        var now = TimeProvider.System.GetUtcNow();
        return zones.First(z => TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(z)).Hour < 12);
    }

    [Fact]
    public async Task A_developers_blocker_becomes_an_impediment_the_Scrum_Master_escalates_and_the_TPM_sees_it_at_home()
    {
        var admin = await SignedInAsync("admin@demo.tandem");
        var sm = await SignedInAsync("sm@demo.tandem");
        var teamId = await TeamAsync(admin, sm);
        var blocker = $"Bank sandbox certificate expired {Guid.NewGuid():N}"[..44];

        var dev = await SignedInAsync("dev1@demo.tandem");
        await dev.GotoAsync($"/teams/{teamId}/standups");
        await Expect(dev.GetByTestId("team-tab-standups")).ToHaveAttributeAsync("aria-current", "page");
        await dev.GetByTestId("standup-yesterday").FillAsync("Wired the payout webhook");
        await dev.GetByTestId("standup-today").FillAsync("Test payouts end to end");
        await dev.GetByTestId("standup-blockers").FillAsync(blocker);
        await dev.GetByTestId("standup-post").ClickAsync();
        await Expect(dev.GetByTestId("standup-notice")).ToContainTextAsync("Posted");
        await Expect(dev.GetByTestId("not-answered")).ToContainTextAsync("Sam Rivera");

        await sm.GotoAsync($"/teams/{teamId}/standups");
        var entry = sm.GetByTestId("standup-entry").Filter(new() { HasText = blocker });
        await Expect(entry.GetByTestId("standup-blocker")).ToHaveTextAsync(blocker);
        await entry.GetByTestId("make-impediment").ClickAsync();
        await Expect(sm.GetByTestId("impediment-heading")).ToContainTextAsync(blocker);
        await Expect(sm.GetByTestId("impediment-status")).ToHaveTextAsync("open");

        // The developer may raise impediments but not escalate them: the page names who decides.
        var impedimentUrl = sm.Url;
        await dev.GotoAsync(impedimentUrl);
        await Expect(dev.GetByTestId("impediment-escalate")).ToHaveCountAsync(0);
        await Expect(dev.GetByTestId("impediment-decided-by")).ToContainTextAsync("Only the Scrum Master");

        await sm.GetByTestId("impediment-reason").FillAsync("The bank renews certificates only on the programme's request.");
        await sm.GetByTestId("impediment-escalate").ClickAsync();
        await Expect(sm.GetByTestId("impediment-status")).ToHaveTextAsync("escalated");
        await Expect(sm.GetByTestId("impediment-escalation")).ToContainTextAsync("programme's request");

        var tpm = await SignedInAsync("tpm@demo.tandem");
        await tpm.GotoAsync("/p/PAY");
        var awaiting = tpm.GetByTestId("awaiting");
        await Expect(awaiting).ToContainTextAsync("escalated to you");
        await Expect(awaiting).ToContainTextAsync(blocker);
    }
}
