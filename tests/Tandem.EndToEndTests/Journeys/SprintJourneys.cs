using System.Text.Json;
using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>
/// A sprint with the team in their own browsers: the Scrum Master plans and starts it, the developers pull and
/// commit, the Product Owner's mid-sprint addition waits for the developers, the close carries work over, and
/// the Product Owner accepts the increment at the review. Each run uses a fresh team on PAY, so the demo's
/// Payments Crew and its sprints stay as they are.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class SprintJourneys(DemoApp app)
{
    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(email);
        return page;
    }

    private static async Task<Guid> IdOfAsync(IPage page) =>
        JsonDocument.Parse(await (await page.APIRequest.GetAsync("/api/v1/auth/me")).TextAsync()).RootElement.GetProperty("id").GetGuid();

    /// <summary>The workspace admin creates a team on PAY with the demo's Tech Lead, two developers and the Scrum Master.</summary>
    private async Task<Guid> NewTeamAsync(IReadOnlyList<IPage> members)
    {
        var admin = await SignedInAsync("admin@demo.tandem");
        var people = new List<object>();
        foreach (var member in members) people.Add(new { userId = await IdOfAsync(member), allocationPercent = 100 });
        var created = await admin.APIRequest.PostAsync("/api/v1/teams", new() { DataObject = new { name = $"Sprint journey {Guid.NewGuid():N}"[..30], productKey = "PAY", timeZone = "Europe/Berlin", members = people } });
        Assert.Equal(201, created.Status);
        return JsonDocument.Parse(await created.TextAsync()).RootElement.GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task The_team_plans_and_runs_a_sprint_declines_a_mid_sprint_addition_closes_with_carry_over_and_the_PO_accepts_at_the_review()
    {
        var sm = await SignedInAsync("sm@demo.tandem");
        var dev1 = await SignedInAsync("dev1@demo.tandem");
        var dev2 = await SignedInAsync("dev2@demo.tandem");
        var tl = await SignedInAsync("tl@demo.tandem");
        var po = await SignedInAsync("po@demo.tandem");
        var teamId = await NewTeamAsync([sm, dev1, dev2, tl]);

        // The Scrum Master plans the sprint on the cadence's dates; the capacity shows the team's hours.
        var list = new SprintListPage(sm);
        await list.OpenAsync(teamId);
        await list.PlanAsync("Shoppers pay by card");
        var smSprint = new SprintPage(sm);
        await Expect(smSprint.Notice).ToContainTextAsync("Sprint planned");
        await Expect(smSprint.State).ToHaveTextAsync("planned");
        await Expect(smSprint.CapacityTable).ToContainTextAsync("Jonas Berg");
        await Expect(smSprint.ScopeRefusal).ToContainTextAsync("Only the Developers");
        var sprintId = smSprint.Id;

        // The Product Owner may not start it; the refusal names the Scrum Master.
        var poSprint = new SprintPage(po);
        await poSprint.OpenAsync(sprintId);
        await Expect(poSprint.RunRefusal).ToContainTextAsync("Only the Scrum Master of PAY (Sam Rivera) can plan, start and close sprints");
        var refused = await po.APIRequest.PostAsync($"/api/v1/sprints/{sprintId}/start", new() { DataObject = new { } });
        Assert.Equal(403, refused.Status);

        // The developers pull from the ranked backlog and commit to the goal.
        var devSprint = new SprintPage(dev1);
        await devSprint.OpenAsync(sprintId);
        var first = await devSprint.CandidateKeyAsync(0);
        var second = await devSprint.CandidateKeyAsync(1);
        var later = await devSprint.CandidateKeyAsync(2);
        await devSprint.AddAsync(first);
        await Expect(devSprint.Notice).ToContainTextAsync("Added");
        await devSprint.AddAsync(second);
        await Expect(devSprint.Items).ToHaveCountAsync(2);
        await devSprint.CommitAsync();
        await Expect(devSprint.Commitment).ToContainTextAsync("committed");

        // The Scrum Master starts it.
        await smSprint.OpenAsync(sprintId);
        await smSprint.StartAsync();
        await Expect(smSprint.State).ToHaveTextAsync("active");

        // The Product Owner's mid-sprint addition waits for the developers, who decline it.
        await poSprint.OpenAsync(sprintId);
        await poSprint.AskAsync(later, "add", "A merchant asked for it");
        await Expect(poSprint.Request(later)).ToHaveAttributeAsync("data-status", "pending");
        var dev2Sprint = new SprintPage(dev2);
        await dev2Sprint.OpenAsync(sprintId);
        await dev2Sprint.DeclineAsync(later, "We are full; next sprint");
        await Expect(dev2Sprint.Request(later)).ToHaveAttributeAsync("data-status", "declined");
        await Expect(dev2Sprint.Item(later)).ToHaveCountAsync(0);

        // The first item is done; the Scrum Master closes the sprint and carries the second over.
        var done = await dev1.APIRequest.PatchAsync($"/api/v1/items/{first}", new() { DataObject = new { status = "done" } });
        Assert.Equal(200, done.Status);
        await smSprint.OpenAsync(sprintId);
        await smSprint.CloseAsync(second);
        await Expect(smSprint.State).ToHaveTextAsync("closed");
        await Expect(smSprint.Item(first)).ToContainTextAsync("completed");
        await Expect(smSprint.Item(second)).ToContainTextAsync("carried over");
        await list.OpenAsync(teamId);
        await Expect(list.Rows).ToHaveCountAsync(2);
        await list.Rows.First.GetByTestId("sprint-link").ClickAsync();
        await Expect(smSprint.Item(second)).ToBeVisibleAsync();

        // The Product Owner accepts the done item at the review and records the goal as met.
        var review = new SprintReviewPage(po);
        await review.OpenAsync(sprintId);
        await review.AcceptAsync(first);
        await Expect(review.Increment(first)).ToContainTextAsync("accepted");
        await review.RecordGoalMetAsync();
        await Expect(po.GetByTestId("goal-met")).ToHaveTextAsync("Goal met.");
        var markdown = await po.APIRequest.GetAsync($"/api/v1/sprints/{sprintId}/review.md");
        Assert.Contains($"| {first} |", await markdown.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Scrum_Master_may_not_reorder_the_backlog_and_is_told_who_decides()
    {
        var sm = await SignedInAsync("sm@demo.tandem");
        var backlog = new BacklogPage(sm);
        await backlog.OpenAsync("PAY");
        await Expect(backlog.ReorderNote).ToContainTextAsync("Only the Product Owner of PAY (Alice Ng) can reorder the backlog");
        var key = (await backlog.KeysAsync())[1];
        var refused = await sm.APIRequest.PostAsync($"/api/v1/items/{key}/move", new() { DataObject = new { position = "top" } });
        Assert.Equal(403, refused.Status);
        Assert.Contains("Only the Product Owner", await refused.TextAsync(), StringComparison.Ordinal);
    }
}
