using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Sprints;

/// <summary>A fresh product with one person per role on a team of it (Scrum Master 50 %), and intent helpers for sprints.</summary>
public sealed class SprintTeam
{
    private static readonly string[] MondayTuesday = ["monday", "tuesday"];

    private SprintTeam(string productKey) => ProductKey = productKey;

    public string ProductKey { get; }
    public Guid TeamId { get; private set; }
    public HttpClient Sm { get; private set; } = null!;
    public HttpClient Po { get; private set; } = null!;
    public HttpClient Tl { get; private set; } = null!;
    public HttpClient Dev { get; private set; } = null!;
    public HttpClient Stakeholder { get; private set; } = null!;
    public Person DevPerson { get; private set; } = null!;
    public Person PoPerson { get; private set; } = null!;

    public static async Task<SprintTeam> CreateAsync(TandemApp app)
    {
        var team = new SprintTeam(await app.CreateProductAsync());
        var sm = await PersonAsync(app, team.ProductKey, "scrum-master");
        var po = await PersonAsync(app, team.ProductKey, "product-owner");
        var tl = await PersonAsync(app, team.ProductKey, "tech-lead");
        var dev = await PersonAsync(app, team.ProductKey, "developer");
        var stakeholder = await PersonAsync(app, team.ProductKey, "stakeholder");
        (team.Sm, team.Po, team.Tl, team.Dev, team.Stakeholder) =
            (await SignIn(app, sm), await SignIn(app, po), await SignIn(app, tl), await SignIn(app, dev), await SignIn(app, stakeholder));
        (team.DevPerson, team.PoPerson) = (dev, po);
        var admin = await app.SignInAsync(TandemApp.Admin);
        using var created = await admin.PostAsJsonAsync("/api/v1/teams", new
        {
            name = TandemApp.Unique("Sprint team"), productKey = team.ProductKey, timeZone = "UTC",
            members = new object[]
            {
                new { userId = dev.Id, allocationPercent = 100 },
                new { userId = tl.Id, allocationPercent = 50 },
                new { userId = sm.Id, allocationPercent = 50, workingDays = MondayTuesday },
            },
        });
        team.TeamId = (await Expect.Status(HttpStatusCode.Created, created))!["id"]!.GetValue<Guid>();
        return team;
    }

    private static async Task<Person> PersonAsync(TandemApp app, string key, string role)
    {
        var person = await app.CreatePersonAsync(TandemApp.Unique(role));
        await app.AssignAsync(key, person.Id, role);
        return person;
    }

    private static Task<HttpClient> SignIn(TandemApp app, Person person) => app.SignInAsync(person.Email, person.Password);

    public async Task<JsonObject> PlanAsync(string start, string end, string? goal = "Pay by card", string? name = null)
    {
        using var response = await Sm.PostAsJsonAsync($"/api/v1/teams/{TeamId}/sprints", new { name, goal, start, end });
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    /// <summary>A story the PO writes and the Tech Lead estimates (null: unestimated).</summary>
    public async Task<string> StoryAsync(string title, decimal? points)
    {
        using var created = await Po.PostAsJsonAsync($"/api/v1/products/{ProductKey}/items", new { type = "story", title });
        var key = (await Expect.Status(HttpStatusCode.Created, created))!["key"]!.GetValue<string>();
        if (points is { } p)
            await Expect.Status(HttpStatusCode.OK, await Tl.PutAsJsonAsync($"/api/v1/items/{key}/estimate", new { points = p }));
        return key;
    }

    public async Task<JsonObject> AddAsync(Guid sprintId, string itemKey, HttpClient? who = null)
    {
        using var response = await (who ?? Dev).PostAsJsonAsync($"/api/v1/sprints/{sprintId}/items", new { itemKey });
        return (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
    }

    public async Task<JsonObject> GetAsync(Guid sprintId) => (await Expect.Status(HttpStatusCode.OK, await Sm.GetAsync($"/api/v1/sprints/{sprintId}")))!.AsObject();

    public async Task SetStatusAsync(string itemKey, string status) =>
        await Expect.Status(HttpStatusCode.OK, await Dev.PatchAsJsonAsync($"/api/v1/items/{itemKey}", new { status }));
}

[Collection(TandemCollection.Name)]
public class SprintTests(TandemApp app)
{
    private static Guid Id(JsonNode? node) => node!["id"]!.GetValue<Guid>();

    [Fact]
    public async Task The_Scrum_Master_plans_a_sprint_and_bad_dates_overlaps_and_other_roles_are_refused()
    {
        var team = await SprintTeam.CreateAsync(app);
        var sprint = await team.PlanAsync("2031-03-03", "2031-03-16", name: null);
        Assert.Equal("Sprint 1", sprint["name"]!.GetValue<string>());
        Assert.Equal("planned", sprint["state"]!.GetValue<string>());
        Assert.Equal("2031-03-16", sprint["end"]!.GetValue<string>());

        var backwards = await Expect.Problem(HttpStatusCode.BadRequest, await team.Sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/sprints", new { name = "Backwards", start = "2031-05-10", end = "2031-05-01" }));
        Assert.Contains("before it starts", backwards.ToJsonString(), StringComparison.Ordinal);
        var overlap = await Expect.Problem(HttpStatusCode.BadRequest, await team.Sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/sprints", new { name = "Overlap", start = "2031-03-10", end = "2031-03-20" }));
        Assert.Contains("Sprint 1", overlap.ToJsonString(), StringComparison.Ordinal);
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/sprints", new { name = "Bad", start = "31-03-2031", end = "2031-04-01" }));
        var po = await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/sprints", new { name = "Mine", start = "2031-06-02", end = "2031-06-13" }));
        Assert.Contains("Scrum Master", Expect.Detail(po), StringComparison.Ordinal);
        await Expect.Problem(HttpStatusCode.NotFound, await team.Sm.PostAsJsonAsync($"/api/v1/teams/{Guid.NewGuid()}/sprints", new { name = "Nowhere", start = "2031-06-02", end = "2031-06-13" }));

        // Nothing half-written: the refused plans left one sprint, and the next number is 2.
        var list = (await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/teams/{team.TeamId}/sprints")))!.AsArray();
        Assert.Single(list);
        var second = await team.PlanAsync("2031-03-17", "2031-03-30", name: null);
        Assert.Equal("Sprint 2", second["name"]!.GetValue<string>());

        // Rename and move while planned; a stale If-Match is refused.
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/sprints/{Id(second)}") { Content = JsonContent.Create(new { name = "Card payments", end = "2031-03-28" }) };
        var changed = (await Expect.Status(HttpStatusCode.OK, await team.Sm.SendAsync(patch)))!;
        Assert.Equal("Card payments", changed["name"]!.GetValue<string>());
        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/sprints/{Id(second)}") { Content = JsonContent.Create(new { name = "Late" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await Expect.Problem(HttpStatusCode.PreconditionFailed, await team.Sm.SendAsync(stale));
        using var moveOnto = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/sprints/{Id(second)}") { Content = JsonContent.Create(new { start = "2031-03-10" }) };
        Assert.Contains("Sprint 1", (await Expect.Problem(HttpStatusCode.BadRequest, await team.Sm.SendAsync(moveOnto))).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Developers_pull_items_with_warnings_and_an_item_is_in_one_open_sprint_of_the_teams_products()
    {
        var team = await SprintTeam.CreateAsync(app);
        var sprint = Id(await team.PlanAsync("2031-04-07", "2031-04-18"));
        var other = Id(await team.PlanAsync("2031-04-21", "2031-05-02"));
        var estimated = await team.StoryAsync("As a shopper I want to pay by card so that I check out fast", 5);
        var unestimated = await team.StoryAsync("Refund a card payment", null);
        var blocker = await team.StoryAsync("Card vault", 3);
        await Expect.Status(HttpStatusCode.OK, await team.Po.PostAsJsonAsync($"/api/v1/items/{blocker}/links", new { kind = "blocks", target = estimated }));

        await team.AddAsync(sprint, estimated);
        var after = await team.AddAsync(sprint, unestimated, team.Tl);
        var items = after["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.NotNull(items[0]!["columnId"]);
        var warnings = after["warnings"]!.AsArray().Select(w => (w!["kind"]!.GetValue<string>(), w["itemKey"]?.GetValue<string>())).ToList();
        Assert.Contains(("blocked", estimated), warnings);
        Assert.Contains(("unestimated", unestimated), warnings);
        Assert.Contains(("not-ready", unestimated), warnings);

        // The Scrum Master facilitates and does not decide scope; the refusal names who does.
        var sm = await Expect.Problem(HttpStatusCode.Forbidden, await team.Sm.PostAsJsonAsync($"/api/v1/sprints/{sprint}/items", new { itemKey = blocker }));
        Assert.Contains("Developers", Expect.Detail(sm), StringComparison.Ordinal);
        // Already in this or another open sprint: 409; unknown: 404; another product's: 400 naming it.
        await Expect.Problem(HttpStatusCode.Conflict, await team.Dev.PostAsJsonAsync($"/api/v1/sprints/{sprint}/items", new { itemKey = estimated }));
        var elsewhere = await Expect.Problem(HttpStatusCode.Conflict, await team.Dev.PostAsJsonAsync($"/api/v1/sprints/{other}/items", new { itemKey = estimated }));
        Assert.Contains(estimated, Expect.Detail(elsewhere), StringComparison.Ordinal);
        await Expect.Problem(HttpStatusCode.NotFound, await team.Dev.PostAsJsonAsync($"/api/v1/sprints/{sprint}/items", new { itemKey = "NOPE-424242" }));
        var foreign = await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/sprints/{sprint}/items", new { itemKey = "PAY-1" }));
        Assert.Contains("PAY", foreign.ToJsonString(), StringComparison.Ordinal);

        // Out again before the start: the item may go to the other sprint.
        await Expect.Status(HttpStatusCode.OK, await team.Dev.DeleteAsync($"/api/v1/sprints/{sprint}/items/{estimated}"));
        await team.AddAsync(other, estimated);
        await team.AddAsync(sprint, blocker);
        Assert.Equal(2, (await team.GetAsync(sprint))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Capacity_counts_working_days_allocation_and_days_off_and_says_when_there_is_no_velocity()
    {
        var team = await SprintTeam.CreateAsync(app);
        // Monday 2031-06-02 to Friday 2031-06-13: ten weekdays.
        var sprint = Id(await team.PlanAsync("2031-06-02", "2031-06-13"));
        await Expect.Status(HttpStatusCode.OK, await team.Dev.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/absences", new { from = "2031-06-05", to = "2031-06-06" }));
        var capacity = (await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/sprints/{sprint}/capacity")))!;
        var dev = capacity["members"]!.AsArray().Single(m => m!["person"]!["id"]!.GetValue<Guid>() == team.DevPerson.Id)!;
        Assert.Equal(8, dev["workingDays"]!.GetValue<int>());
        Assert.Equal(2, dev["daysOff"]!.GetValue<int>());
        Assert.Equal(51.2m, dev["focusHours"]!.GetValue<decimal>()); // 8 days × 100 % × 8 h × 0.8
        // Tech Lead 10 days × 50 % → 32 h; Scrum Master Mon+Tue = 4 days × 50 % → 12.8 h.
        Assert.Equal(51.2m + 32m + 12.8m, capacity["focusHours"]!.GetValue<decimal>());
        Assert.Null(capacity["points"]);
        Assert.Contains("no closed sprint", capacity["velocityNote"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sprint_runs_from_commitment_through_scope_requests_to_a_close_with_carry_over_and_a_review()
    {
        var team = await SprintTeam.CreateAsync(app);
        var sprint = Id(await team.PlanAsync("2031-09-01", "2031-09-12", goal: null));
        var done = await team.StoryAsync("Pay by card", 5);
        var unfinished = await team.StoryAsync("Pay by wallet", 3);
        var dropped = await team.StoryAsync("Pay by cheque", 2);
        var late = await team.StoryAsync("Pay later", 1);
        foreach (var key in new[] { done, unfinished, dropped }) await team.AddAsync(sprint, key);

        // The team commits to a goal; the Product Owner proposes it; the PO does not commit.
        Assert.Contains("Product Owner", (await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsync($"/api/v1/sprints/{sprint}/commit", null))).ToJsonString(), StringComparison.Ordinal);
        await Expect.Problem(HttpStatusCode.Forbidden, await team.Dev.PutAsJsonAsync($"/api/v1/sprints/{sprint}/goal", new { goal = "Mine" }));
        await Expect.Status(HttpStatusCode.OK, await team.Po.PutAsJsonAsync($"/api/v1/sprints/{sprint}/goal", new { goal = "Shoppers pay by card" }));
        await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PostAsync($"/api/v1/sprints/{sprint}/commit", null));
        var committed = (await Expect.Status(HttpStatusCode.OK, await team.Dev.PostAsync($"/api/v1/sprints/{sprint}/commit", null)))!;
        Assert.NotNull(committed["committedAt"]);
        var log = (await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/products/{team.ProductKey}/decision-log?limit=5")))!["items"]!.AsArray();
        Assert.Contains(log, e => e!["summary"]!.GetValue<string>().StartsWith("Committed Sprint 1 to its goal: Shoppers pay by card", StringComparison.Ordinal));

        // The Product Owner may not start it; the Scrum Master does, and the commitment is recorded.
        Assert.Contains("Scrum Master", Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PostAsync($"/api/v1/sprints/{sprint}/start", null))), StringComparison.Ordinal);
        var started = (await Expect.Status(HttpStatusCode.OK, await team.Sm.PostAsync($"/api/v1/sprints/{sprint}/start", null)))!;
        Assert.Equal("active", started["state"]!.GetValue<string>());
        Assert.Equal(10m, started["committedPoints"]!.GetValue<decimal>());
        Assert.Equal(3, started["committedItems"]!.GetValue<int>());
        await Expect.Problem(HttpStatusCode.Conflict, await team.Sm.PostAsync($"/api/v1/sprints/{sprint}/start", null));

        // After the start, adding directly is refused with a pointer to a scope-change request.
        Assert.Contains("scope-change request", Expect.Detail(await Expect.Problem(HttpStatusCode.Conflict, await team.Dev.PostAsJsonAsync($"/api/v1/sprints/{sprint}/items", new { itemKey = late }))), StringComparison.Ordinal);
        // The stakeholder asks; the developers hear of it; declining needs a reason; the PO cannot decide it.
        var asked = (await Expect.Status(HttpStatusCode.OK, await team.Stakeholder.PostAsJsonAsync($"/api/v1/sprints/{sprint}/scope-requests", new { itemKey = late, kind = "add", reason = "The CEO wants it" })))!;
        await Expect.Problem(HttpStatusCode.Conflict, await team.Po.PostAsJsonAsync($"/api/v1/sprints/{sprint}/scope-requests", new { itemKey = late, kind = "add" }));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Po.PostAsJsonAsync($"/api/v1/sprints/{sprint}/scope-requests", new { itemKey = late, kind = "swap" }));
        var notes = (await Expect.Status(HttpStatusCode.OK, await team.Dev.GetAsync("/api/v1/notifications")))!.ToJsonString();
        Assert.Contains($"add {late} to Sprint 1", notes, StringComparison.Ordinal);
        var requestId = Id(asked);
        await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PostAsJsonAsync($"/api/v1/scope-requests/{requestId}/accept", new { }));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/scope-requests/{requestId}/decline", new { }));
        var declined = (await Expect.Status(HttpStatusCode.OK, await team.Dev.PostAsJsonAsync($"/api/v1/scope-requests/{requestId}/decline", new { reason = "We are full" })))!;
        Assert.Equal("declined", declined["status"]!.GetValue<string>());
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.PostAsJsonAsync($"/api/v1/scope-requests/{requestId}/accept", new { }));
        // The PO asks to remove one; the developers accept; the PO withdraws nothing decided.
        var remove = Id(await Expect.Status(HttpStatusCode.OK, await team.Po.PostAsJsonAsync($"/api/v1/sprints/{sprint}/scope-requests", new { itemKey = dropped, kind = "remove" })));
        await Expect.Status(HttpStatusCode.OK, await team.Tl.PostAsJsonAsync($"/api/v1/scope-requests/{remove}/accept", new { }));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Po.PostAsync($"/api/v1/scope-requests/{remove}/withdraw", null));
        var addLate = Id(await Expect.Status(HttpStatusCode.OK, await team.Po.PostAsJsonAsync($"/api/v1/sprints/{sprint}/scope-requests", new { itemKey = late, kind = "add" })));
        await Expect.Problem(HttpStatusCode.Forbidden, await team.Stakeholder.PostAsync($"/api/v1/scope-requests/{addLate}/withdraw", null));
        await Expect.Status(HttpStatusCode.OK, await team.Dev.PostAsJsonAsync($"/api/v1/scope-requests/{addLate}/accept", new { }));
        var running = await team.GetAsync(sprint);
        var rows = running["items"]!.AsArray();
        Assert.True(rows.Single(i => i!["key"]!.GetValue<string>() == late)!["addedAfterStart"]!.GetValue<bool>());
        Assert.Equal("removed", rows.Single(i => i!["key"]!.GetValue<string>() == dropped)!["outcome"]!.GetValue<string>());
        Assert.Contains("declined", (await Expect.Status(HttpStatusCode.OK, await team.Stakeholder.GetAsync("/api/v1/notifications")))!.ToJsonString(), StringComparison.Ordinal);

        // Close: a bad carry-over changes nothing; then one item carries over to a sprint planned from the cadence.
        await team.SetStatusAsync(done, "done");
        var bad = await Expect.Problem(HttpStatusCode.BadRequest, await team.Sm.PostAsJsonAsync($"/api/v1/sprints/{sprint}/close", new { carryOver = new[] { done, "NOPE-1" } }));
        Assert.Contains(done, bad.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("active", (await team.GetAsync(sprint))["state"]!.GetValue<string>());
        Assert.Single((await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/teams/{team.TeamId}/sprints")))!.AsArray());
        using (var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sprints/{sprint}/close") { Content = JsonContent.Create(new { carryOver = new[] { unfinished } }) })
        {
            stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            await Expect.Problem(HttpStatusCode.PreconditionFailed, await team.Sm.SendAsync(stale));
        }
        Assert.Contains("Scrum Master", Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, await team.Dev.PostAsJsonAsync($"/api/v1/sprints/{sprint}/close", new { }))), StringComparison.Ordinal);
        var closed = (await Expect.Status(HttpStatusCode.OK, await team.Sm.PostAsJsonAsync($"/api/v1/sprints/{sprint}/close", new { carryOver = new[] { unfinished } })))!;
        Assert.Equal("closed", closed["state"]!.GetValue<string>());
        Assert.Equal(5m, closed["completedPoints"]!.GetValue<decimal>());
        Assert.Equal(1, closed["completedItems"]!.GetValue<int>());
        Assert.Equal(1, closed["carriedOverItems"]!.GetValue<int>());
        Assert.Equal(1, closed["addedItems"]!.GetValue<int>());
        Assert.Equal(1, closed["removedItems"]!.GetValue<int>());
        var outcomes = closed["items"]!.AsArray().ToDictionary(i => i!["key"]!.GetValue<string>(), i => i!["outcome"]?.GetValue<string>());
        Assert.Equal("completed", outcomes[done]);
        Assert.Equal("carried-over", outcomes[unfinished]);
        Assert.Equal("returned", outcomes[late]);
        await Expect.Problem(HttpStatusCode.Conflict, await team.Sm.PostAsJsonAsync($"/api/v1/sprints/{sprint}/close", new { }));
        var sprints = (await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/teams/{team.TeamId}/sprints")))!.AsArray();
        var next = sprints[0]!;
        Assert.Equal("Sprint 2", next["name"]!.GetValue<string>());
        Assert.Equal("2031-09-15", next["start"]!.GetValue<string>()); // the Monday after, two weeks long
        Assert.Equal("2031-09-28", next["end"]!.GetValue<string>());
        Assert.Equal(unfinished, Assert.Single((await team.GetAsync(Id(next)))["items"]!.AsArray())!["key"]!.GetValue<string>());
        // The last sprint's velocity now turns hours into points.
        var capacity = (await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/sprints/{Id(next)}/capacity")))!;
        Assert.NotNull(capacity["points"]);
        Assert.Equal(1, capacity["velocitySprints"]!.GetValue<int>());

        // Review: the increment, the PO accepts through the acceptance decision, feedback flows to the inbox, the goal is recorded.
        var review = (await Expect.Status(HttpStatusCode.OK, await team.Stakeholder.GetAsync($"/api/v1/sprints/{sprint}/review")))!;
        Assert.Equal(done, Assert.Single(review["increment"]!.AsArray())!["key"]!.GetValue<string>());
        await Expect.Status(HttpStatusCode.OK, await team.Po.PostAsJsonAsync($"/api/v1/items/{done}/acceptance", new { decision = "accept" }));
        await Expect.Status(HttpStatusCode.OK, await team.Stakeholder.PostAsJsonAsync($"/api/v1/sprints/{sprint}/review/feedback", new { itemKey = done, text = "Great, but show the card brand" }));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Stakeholder.PostAsJsonAsync($"/api/v1/sprints/{sprint}/review/feedback", new { itemKey = done, text = " " }));
        var inbox = (await Expect.Status(HttpStatusCode.OK, await team.Po.GetAsync($"/api/v1/products/{team.ProductKey}/feedback?status=new")))!.ToJsonString();
        Assert.Contains($"{done}: Great, but show the card brand", inbox, StringComparison.Ordinal);
        await Expect.Problem(HttpStatusCode.Forbidden, await team.Dev.PutAsJsonAsync($"/api/v1/sprints/{sprint}/review", new { goalMet = true }));
        var recorded = (await Expect.Status(HttpStatusCode.OK, await team.Po.PutAsJsonAsync($"/api/v1/sprints/{sprint}/review", new { goalMet = true, notes = "Card payments shipped." })))!;
        Assert.True(recorded["goalMet"]!.GetValue<bool>());
        Assert.True(recorded["increment"]![0]!["accepted"]!.GetValue<bool>());
        Assert.Single(recorded["feedback"]!.AsArray());
        using var markdown = await team.Stakeholder.GetAsync($"/api/v1/sprints/{sprint}/review.md");
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType!.MediaType);
        var text = await markdown.Content.ReadAsStringAsync();
        Assert.Contains("# Sprint 1 review", text, StringComparison.Ordinal);
        Assert.Contains("**Goal met.**", text, StringComparison.Ordinal);
        Assert.Contains($"| {done} | Pay by card | 5 | accepted |", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_plans_of_the_same_dates_at_once_make_one_sprint_and_two_adds_of_one_item_one_card()
    {
        var team = await SprintTeam.CreateAsync(app);
        var body = new { name = "Twin", start = "2032-01-05", end = "2032-01-16" };
        var plans = await Task.WhenAll(
            team.Sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/sprints", body),
            team.Sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/sprints", body));
        Assert.Equal(1, plans.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(1, plans.Count(r => r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict));
        var sprint = Id(await Expect.Status(HttpStatusCode.Created, plans.Single(r => r.StatusCode == HttpStatusCode.Created)));

        var key = await team.StoryAsync("Pay by card", 3);
        var adds = await Task.WhenAll(
            team.Dev.PostAsJsonAsync($"/api/v1/sprints/{sprint}/items", new { itemKey = key }),
            team.Tl.PostAsJsonAsync($"/api/v1/sprints/{sprint}/items", new { itemKey = key }));
        Assert.Equal(1, adds.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1, adds.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Single((await team.GetAsync(sprint))["items"]!.AsArray());
        Assert.Single((await Expect.Status(HttpStatusCode.OK, await team.Sm.GetAsync($"/api/v1/teams/{team.TeamId}/sprints")))!.AsArray());
    }

    [Fact]
    public async Task The_sprint_pages_render_for_the_team_and_show_who_decides_to_those_who_may_not()
    {
        var team = await SprintTeam.CreateAsync(app);
        var sprint = Id(await team.PlanAsync("2032-03-01", "2032-03-12"));
        await team.AddAsync(sprint, await team.StoryAsync("Pay by card", 3));
        var free = await team.StoryAsync("Pay by wallet", 2);

        var list = await (await team.Po.GetAsync($"/teams/{team.TeamId}/sprints")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"sprint-row\"", list, StringComparison.Ordinal);
        Assert.Contains("Only the Scrum Master", list, StringComparison.Ordinal);
        var planForm = await (await team.Sm.GetAsync($"/teams/{team.TeamId}/sprints")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"plan-sprint-form\"", planForm, StringComparison.Ordinal);

        var smPage = await (await team.Sm.GetAsync($"/sprints/{sprint}")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"capacity-table\"", smPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"start-sprint\"", smPage, StringComparison.Ordinal);
        Assert.Contains("Only the Developers", smPage, StringComparison.Ordinal);
        var devPage = await (await team.Dev.GetAsync($"/sprints/{sprint}")).Content.ReadAsStringAsync();
        Assert.Contains($"data-key=\"{free}\"", devPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"commit\"", devPage, StringComparison.Ordinal);
        Assert.Contains("Only the Scrum Master", devPage, StringComparison.Ordinal);

        using var review = await team.Stakeholder.GetAsync($"/sprints/{sprint}/review");
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        Assert.Contains("review-heading", await review.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await team.Sm.GetAsync($"/sprints/{Guid.NewGuid()}")).StatusCode);
    }
}
