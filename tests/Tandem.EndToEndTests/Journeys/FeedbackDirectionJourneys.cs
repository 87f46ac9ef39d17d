using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>Where the product goes, as stakeholders see it: vision and goals, the roadmap, release notes.</summary>
[Collection(DemoCollection.Name)]
public sealed class FeedbackDirectionJourneys(DemoApp app)
{
    [Fact]
    public async Task The_PO_edits_the_vision_and_adds_a_goal_and_a_stakeholder_reads_them_without_edit_forms()
    {
        var unique = Guid.NewGuid().ToString("N")[..6];
        var statement = $"Small merchants get paid the day they sell ({unique}).";
        var goal = $"Same-day payouts {unique}";

        var alice = await DemoPerson.SignInAsync(app, "po@demo.tandem");
        var vision = new VisionPage(alice);
        await vision.OpenAsync("PAY");
        await Expect(vision.DecidedBy).ToHaveCountAsync(0);
        await vision.RewriteStatementAsync(statement);
        await Expect(vision.Statement).ToHaveTextAsync(statement);
        await vision.AddGoalAsync(goal, "Half of payouts arrive the same day", "2027-09-30", "at-risk");
        await Expect(vision.Goal(goal)).ToContainTextAsync("At risk");
        await Expect(vision.Goal(goal)).ToContainTextAsync("2027-09-30");

        var stella = await DemoPerson.SignInAsync(app, "stakeholder@demo.tandem");
        var read = new VisionPage(stella);
        await read.OpenAsync("PAY");
        await Expect(read.Statement).ToHaveTextAsync(statement);
        await Expect(read.Goal(goal)).ToContainTextAsync("Half of payouts arrive the same day");
        await Expect(read.EditForm).ToHaveCountAsync(0);
        await Expect(read.AddGoalForm).ToHaveCountAsync(0);
        await Expect(stella.GetByTestId("goal-remove")).ToHaveCountAsync(0);
        await Expect(read.DecidedBy).ToContainTextAsync("decided by the Product Owner, Alice Ng");
    }

    [Fact]
    public async Task A_stakeholder_reads_the_roadmap_and_the_PO_moves_an_epic_to_now()
    {
        var stella = await DemoPerson.SignInAsync(app, "stakeholder@demo.tandem");
        var seen = new RoadmapPage(stella);
        await seen.OpenAsync("PAY");
        await Expect(seen.Lane("now").GetByTestId("epic").First).ToBeVisibleAsync();
        await Expect(seen.Lane("next").GetByTestId("epic-progress").First).ToContainTextAsync("% done");
        await Expect(seen.MoveButtons).ToHaveCountAsync(0);
        await Expect(seen.DecidedBy).ToContainTextAsync("Alice Ng");

        var alice = await DemoPerson.SignInAsync(app, "po@demo.tandem");
        var roadmap = new RoadmapPage(alice);
        await roadmap.OpenAsync("PAY");
        var epic = await roadmap.Lane("later").GetByTestId("epic").First.GetAttributeAsync("data-epic");
        Assert.NotNull(epic);
        await roadmap.MoveAsync(epic, "now");
        await Expect(roadmap.Notice).ToContainTextAsync($"{epic} is now in now");
        await Expect(roadmap.Lane("now").Locator($"[data-epic='{epic}']")).ToBeVisibleAsync();
        await Expect(roadmap.Lane("later").Locator($"[data-epic='{epic}']")).ToHaveCountAsync(0);

        await seen.OpenAsync("PAY");
        await Expect(seen.Lane("now").Locator($"[data-epic='{epic}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_PO_writes_release_notes_for_two_accepted_items_and_downloads_them()
    {
        var unique = Guid.NewGuid().ToString("N")[..6];
        var story = $"Fee breakdown on every statement {unique}";
        var bug = $"Refund e-mails showed the wrong currency {unique}";

        var alice = await DemoPerson.SignInAsync(app, "po@demo.tandem");
        var api = new ApiAs(alice, app.BaseUrl);
        var storyKey = await api.CreateItemAsync("PAY", "story", story);
        var bugKey = await api.CreateItemAsync("PAY", "bug", bug);
        var priya = new ApiAs(await DemoPerson.SignInAsync(app, "dev1@demo.tandem"), app.BaseUrl);
        foreach (var key in new[] { storyKey, bugKey })
        {
            await priya.FinishAsync(key);
            await api.AcceptAsync(key);
        }

        var notes = new ReleaseNotesPage(alice);
        await notes.OpenAsync("PAY");
        // Pressing the button with nothing ticked says what is missing instead of doing nothing (issue 14).
        await alice.GetByTestId("generate").ClickAsync();
        await Expect(alice.GetByTestId("release-none")).ToContainTextAsync("tick at least one accepted item");
        await notes.GenerateAsync(storyKey, bugKey);
        await Expect(notes.Markdown).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^# Acme Payments release notes"));
        var markdown = await notes.Markdown.InputValueAsync();
        Assert.Contains($"{story} ({storyKey})", markdown, StringComparison.Ordinal);
        Assert.Contains($"{bug} ({bugKey})", markdown, StringComparison.Ordinal);
        Assert.Contains("## Fixed", markdown, StringComparison.Ordinal);

        // The copy script (js/copy.js) is loaded and answers the button either way.
        await notes.CopyButton.ClickAsync();
        await Expect(notes.CopyStatus).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Copied|Ctrl\\+C"));

        var href = await notes.Download.GetAttributeAsync("href");
        Assert.Contains("download=true", href, StringComparison.Ordinal);
        var download = await api.GetAsync(href!);
        Assert.Equal(200, download.Status);
        Assert.Contains(story, await download.TextAsync(), StringComparison.Ordinal);
    }
}
