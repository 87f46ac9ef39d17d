using System.Globalization;
using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>
/// The TPM's schedule, end to end: Dana Park puts three PAY items on the schedule, dates them and links them;
/// the late one alone is critical; when a predecessor slips past it, the critical path and slack change on the
/// page. The Product Owner sees the same page with the note that only Dana Park changes it.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class ScheduleJourneys(DemoApp app)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    private static string Day(int offset) => Today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_TPM_builds_the_schedule_and_sees_the_critical_path_move_when_a_predecessor_slips()
    {
        var tpm = await DemoPerson.SignInAsync(app, "tpm@demo.tandem");
        await tpm.GotoAsync("/p/PAY/schedule");
        await Expect(tpm.GetByRole(AriaRole.Heading, new() { Name = "Schedule", Level = 1 })).ToBeVisibleAsync();
        ILocator Row(string key) => tpm.Locator($"[data-testid=schedule-row][data-key=\"{key}\"]");

        foreach (var key in new[] { "PAY-301", "PAY-302", "PAY-303" })
        {
            await tpm.GetByTestId("add-item-key").FillAsync(key);
            await tpm.GetByTestId("add-item-submit").ClickAsync();
            await Expect(Row(key)).ToBeVisibleAsync();
        }
        async Task ShiftAsync(string key, int from, int to)
        {
            await tpm.GetByTestId("shift-item").SelectOptionAsync(key);
            await tpm.GetByTestId("shift-start").FillAsync(Day(from));
            await tpm.GetByTestId("shift-end").FillAsync(Day(to));
            await tpm.GetByTestId("shift-submit").ClickAsync();
            await Expect(Row(key).GetByTestId("row-end")).ToHaveTextAsync(Day(to));
        }
        // The launch far out, the two pieces of work it waits for well before it.
        await ShiftAsync("PAY-303", 400, 409);
        await ShiftAsync("PAY-301", 0, 4);
        await ShiftAsync("PAY-302", 0, 9);
        async Task LinkAsync(string first, string then, string type, string lag, int links)
        {
            await tpm.GetByTestId("link-predecessor").FillAsync(first);
            await tpm.GetByTestId("link-successor").FillAsync(then);
            await tpm.GetByTestId("link-type").SelectOptionAsync(type);
            await tpm.GetByTestId("link-lag").FillAsync(lag);
            await tpm.GetByTestId("link-submit").ClickAsync();
            await Expect(tpm.GetByTestId("link-row").Filter(new() { HasText = then })).ToHaveCountAsync(links);
        }
        await LinkAsync("PAY-301", "PAY-303", "finish-to-start", "0", 1);
        await LinkAsync("PAY-302", "PAY-303", "start-to-start", "1w", 2);

        // PAY-303 finishes last and nothing holds it back: it alone is the critical path; PAY-301 has slack.
        var path = tpm.GetByTestId("critical-item");
        await Expect(path.Last).ToHaveTextAsync("PAY-303");
        await Expect(path.Filter(new() { HasText = "PAY-301" })).ToHaveCountAsync(0);
        await Expect(Row("PAY-301")).ToHaveAttributeAsync("data-critical", "false");
        await Expect(Row("PAY-303").GetByTestId("row-start")).ToHaveTextAsync(Day(400));
        await Expect(tpm.GetByTestId("gantt").Locator("svg[role=img]")).ToBeVisibleAsync();

        // PAY-301 slips past the launch's date: it pushes PAY-303 and becomes critical, with no slack left.
        await ShiftAsync("PAY-301", 0, 420);
        await Expect(Row("PAY-301")).ToHaveAttributeAsync("data-critical", "true");
        await Expect(Row("PAY-301").GetByTestId("row-slack")).ToHaveTextAsync("0 d");
        await Expect(Row("PAY-303").GetByTestId("row-start")).ToHaveTextAsync(Day(421));
        await Expect(path.Last).ToHaveTextAsync("PAY-303");
        await Expect(path.Nth(-2)).ToHaveTextAsync("PAY-301");
        await Expect(Row("PAY-302")).ToHaveAttributeAsync("data-critical", "false");

        // The Product Owner reads the same schedule; changing it is Dana Park's decision.
        var po = await DemoPerson.SignInAsync(app, "po@demo.tandem");
        await po.GotoAsync("/p/PAY/schedule");
        await Expect(po.GetByTestId("critical-item").Last).ToHaveTextAsync("PAY-303");
        await Expect(po.GetByTestId("schedule-edit-note")).ToContainTextAsync("Dana Park");
        await po.GetByTestId("shift-item").SelectOptionAsync("PAY-302");
        await po.GetByTestId("shift-start").FillAsync(Day(1));
        await po.GetByTestId("shift-end").FillAsync(Day(2));
        await po.GetByTestId("shift-submit").ClickAsync();
        await Expect(po.GetByText("Only the Technical Project Manager").First).ToBeVisibleAsync();
        await Expect(po.Locator("[data-testid=schedule-row][data-key=\"PAY-302\"]").GetByTestId("row-end")).ToHaveTextAsync(Day(9));
    }
}
