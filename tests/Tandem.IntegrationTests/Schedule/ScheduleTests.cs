using System.Globalization;
using System.Net.Http.Headers;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.IntegrationTests.Standups;

namespace Tandem.IntegrationTests.Schedule;

[Collection(TandemCollection.Name)]
public class ScheduleTests(TandemApp app)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    private static string Day(int offset) => Today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<string> ItemAsync(HttpClient po, string productKey, string title, string type = "story")
    {
        using var created = await po.PostAsJsonAsync($"/api/v1/products/{productKey}/items", new { type, title });
        return (await Expect.Status(HttpStatusCode.Created, created))!["key"]!.GetValue<string>();
    }

    private static async Task<JsonObject> ScheduleAsync(HttpClient who, string productKey, string query = "") =>
        (await who.GetFromJsonAsync<JsonObject>($"/api/v1/products/{productKey}/schedule{query}"))!;

    private static JsonObject Row(JsonObject schedule, string key) =>
        schedule["items"]!.AsArray().Single(i => i!["key"]!.GetValue<string>() == key)!.AsObject();

    private static List<string> Path(JsonObject schedule) => schedule["criticalPath"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();

    private static async Task PlaceAsync(HttpClient tpm, string productKey, string itemKey, int? from = null, int? to = null)
    {
        using var placed = await tpm.PostAsJsonAsync($"/api/v1/products/{productKey}/schedule/items",
            new { itemKey, start = from is { } f ? Day(f) : null, end = to is { } t ? Day(t) : null });
        await Expect.Status(HttpStatusCode.Created, placed);
    }

    private static async Task<JsonObject> LinkAsync(HttpClient tpm, string productKey, string predecessor, string successor, string type = "finish-to-start", string lag = "0")
    {
        using var linked = await tpm.PostAsJsonAsync($"/api/v1/products/{productKey}/schedule/links", new { predecessor, successor, type, lag });
        return (await Expect.Status(HttpStatusCode.Created, linked))!.AsObject();
    }

    [Fact]
    public async Task The_TPM_builds_a_schedule_with_a_critical_path_and_a_slip_moves_it_while_the_PO_is_refused_naming_the_TPM()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var key = team.ProductKey;
        var design = await ItemAsync(team.Po, key, "Design the payout API", "epic");
        var build = await ItemAsync(team.Po, key, "Build payouts");
        var docs = await ItemAsync(team.Po, key, "Write the docs");
        var launch = await ItemAsync(team.Po, key, "Launch");
        await PlaceAsync(team.Tpm, key, design, 0, 4);   // 5 days
        await PlaceAsync(team.Tpm, key, build, 0, 9);    // 10 days
        await PlaceAsync(team.Tpm, key, docs, 0, 2);     // 3 days
        await PlaceAsync(team.Tpm, key, launch, 0, 0);   // 1 day
        await LinkAsync(team.Tpm, key, design, build, lag: "2d");
        var ss = await LinkAsync(team.Tpm, key, design, docs, "ss", "1w");
        Assert.Equal("start-to-start", ss["type"]!.GetValue<string>());
        Assert.Equal("1w", ss["lag"]!.GetValue<string>());
        await LinkAsync(team.Tpm, key, build, launch);
        await LinkAsync(team.Tpm, key, docs, launch, "finish-to-finish", "0");

        var schedule = await ScheduleAsync(team.Dev, key);
        // design 0–4; build starts day 7 (FS +2d) to 16; docs starts day 7 (SS +1w) to 9; launch after build: day 17.
        Assert.Equal(Day(7), Row(schedule, build)["start"]!.GetValue<string>());
        Assert.Equal(Day(16), Row(schedule, build)["end"]!.GetValue<string>());
        Assert.Equal(Day(7), Row(schedule, docs)["start"]!.GetValue<string>());
        Assert.Equal(Day(17), Row(schedule, launch)["start"]!.GetValue<string>());
        Assert.Equal(Day(17), schedule["finish"]!.GetValue<string>());
        Assert.Equal([design, build, launch], Path(schedule));
        Assert.True(Row(schedule, build)["critical"]!.GetValue<bool>());
        Assert.False(Row(schedule, docs)["critical"]!.GetValue<bool>());
        // docs may finish as late as the launch (day 17): 8 days of slack.
        Assert.Equal(8, Row(schedule, docs)["slackDays"]!.GetValue<int>());
        Assert.Equal(Day(17), Row(schedule, docs)["lateFinish"]!.GetValue<string>());
        Assert.Equal("explicit", Row(schedule, docs)["source"]!.GetValue<string>());
        Assert.Equal(4, schedule["links"]!.AsArray().Count);
        Assert.False(schedule["canEdit"]!.GetValue<bool>());
        Assert.True((await ScheduleAsync(team.Tpm, key))["canEdit"]!.GetValue<bool>());

        // The PO (and the Tech Lead) may not shift dates: the refusal names the TPM.
        using (var refused = await team.Po.PutAsJsonAsync($"/api/v1/products/{key}/schedule/items/{docs}", new { start = Day(0), end = Day(30) }))
        {
            var problem = await Expect.Problem(HttpStatusCode.Forbidden, refused);
            Assert.Contains("Technical Project Manager", Expect.Detail(problem), StringComparison.Ordinal);
            Assert.Contains($"technical-project-manager {key}", Expect.Detail(problem), StringComparison.Ordinal);
        }
        using (var refused = await team.Tl.PostAsJsonAsync($"/api/v1/products/{key}/schedule/links", new { predecessor = docs, successor = build }))
            await Expect.Problem(HttpStatusCode.Forbidden, refused);

        // The docs slip (31 days, still starting a week after the design): they push the launch and take over the critical path.
        var logBefore = await DecisionCountAsync(team.Tpm, key);
        using var shifted = await team.Tpm.PutAsJsonAsync($"/api/v1/products/{key}/schedule/items/{docs}", new { start = Day(0), end = Day(30) });
        var moved = (await Expect.Status(HttpStatusCode.OK, shifted))!;
        Assert.Equal(Day(7), moved["start"]!.GetValue<string>());
        Assert.Equal(2, moved["version"]!.GetValue<int>());
        Assert.Equal(logBefore + 1, await DecisionCountAsync(team.Tpm, key));
        schedule = await ScheduleAsync(team.Dev, key);
        Assert.Equal([design, docs, launch], Path(schedule));
        Assert.False(Row(schedule, build)["critical"]!.GetValue<bool>());
        Assert.True(Row(schedule, build)["slackDays"]!.GetValue<int>() > 0);
        Assert.Equal(Day(37), Row(schedule, docs)["end"]!.GetValue<string>());
        Assert.Equal(Day(37), Row(schedule, launch)["start"]!.GetValue<string>());

        // If-Match: a stale version is refused, the current one accepted; clearing the dates derives them again.
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/products/{key}/schedule/items/{docs}") { Content = JsonContent.Create(new { start = Day(1), end = Day(3) }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await Expect.Problem(HttpStatusCode.PreconditionFailed, await team.Tpm.SendAsync(stale));
        using var fresh = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/products/{key}/schedule/items/{docs}") { Content = JsonContent.Create(new { start = (string?)null, end = (string?)null }) };
        fresh.Headers.IfMatch.Add(new EntityTagHeaderValue("\"2\""));
        var cleared = (await Expect.Status(HttpStatusCode.OK, await team.Tpm.SendAsync(fresh)))!;
        Assert.Equal("default", cleared["source"]!.GetValue<string>());
        Assert.Equal(14, cleared["durationDays"]!.GetValue<int>());

        // The Gantt draws it all.
        var svg = await team.Stakeholder.GetStringAsync($"/api/v1/products/{key}/schedule/gantt.svg");
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", svg, StringComparison.Ordinal);
        Assert.Contains("critical", svg, StringComparison.Ordinal);
        Assert.Contains("today", svg, StringComparison.Ordinal);
        Assert.Contains("gantt-arrow", svg, StringComparison.Ordinal);

        // Taking an item off removes its links.
        using var removed = await team.Tpm.DeleteAsync($"/api/v1/products/{key}/schedule/items/{launch}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        schedule = await ScheduleAsync(team.Dev, key);
        Assert.Equal(2, schedule["links"]!.AsArray().Count);
        Assert.Equal(3, schedule["items"]!.AsArray().Count);
    }

    private static async Task<int> DecisionCountAsync(HttpClient who, string key)
    {
        var log = (await who.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/decision-log?limit=100"))!;
        return log["items"]!.AsArray().Count(e => e!["operation"]!.GetValue<string>() == "schedule.edit");
    }

    [Fact]
    public async Task Bad_lags_types_keys_and_cycles_are_refused_and_nothing_is_written()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var key = team.ProductKey;
        var a = await ItemAsync(team.Po, key, "A");
        var b = await ItemAsync(team.Po, key, "B");
        var c = await ItemAsync(team.Po, key, "C");
        var off = await ItemAsync(team.Po, key, "Not scheduled");
        foreach (var item in new[] { a, b, c }) await PlaceAsync(team.Tpm, key, item);

        using (var bad = await team.Tpm.PostAsJsonAsync($"/api/v1/products/{key}/schedule/links", new { predecessor = a, successor = b, lag = "soon" }))
        {
            var problem = await Expect.Problem(HttpStatusCode.BadRequest, bad);
            var message = problem["errors"]!["lag"]![0]!.GetValue<string>();
            Assert.Contains("soon", message, StringComparison.Ordinal);
            Assert.Contains("\"2d\"", message, StringComparison.Ordinal);
        }
        using (var bad = await team.Tpm.PostAsJsonAsync($"/api/v1/products/{key}/schedule/links", new { predecessor = a, successor = b, type = "whenever" }))
            Assert.NotNull((await Expect.Problem(HttpStatusCode.BadRequest, bad))["errors"]!["type"]);
        using (var bad = await team.Tpm.PostAsJsonAsync($"/api/v1/products/{key}/schedule/links", new { predecessor = a, successor = a }))
            Assert.NotNull((await Expect.Problem(HttpStatusCode.BadRequest, bad))["errors"]!["successor"]);
        using (var bad = await team.Tpm.PostAsJsonAsync($"/api/v1/products/{key}/schedule/links", new { predecessor = a, successor = off }))
            Assert.Contains("not on", (await Expect.Problem(HttpStatusCode.BadRequest, bad))["errors"]!["successor"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        using (var bad = await team.Tpm.PostAsJsonAsync($"/api/v1/products/{key}/schedule/links", new { predecessor = $"{key}-99999", successor = a }))
            Assert.NotNull((await Expect.Problem(HttpStatusCode.BadRequest, bad))["errors"]!["predecessor"]);
        using (var bad = await team.Tpm.PostAsJsonAsync($"/api/v1/products/{key}/schedule/items", new { itemKey = a }))
            await Expect.Problem(HttpStatusCode.Conflict, bad);
        using (var bad = await team.Tpm.PostAsJsonAsync($"/api/v1/products/{key}/schedule/items", new { itemKey = off, start = Day(3) }))
            await Expect.Problem(HttpStatusCode.BadRequest, bad);
        using (var bad = await team.Tpm.PostAsJsonAsync($"/api/v1/products/{key}/schedule/items", new { itemKey = off, start = Day(3), end = Day(1) }))
            await Expect.Problem(HttpStatusCode.BadRequest, bad);
        using (var bad = await team.Tpm.PutAsJsonAsync($"/api/v1/products/{key}/schedule/items/{a}", new { start = "tomorrow", end = Day(1) }))
            await Expect.Problem(HttpStatusCode.BadRequest, bad);
        await Expect.Problem(HttpStatusCode.NotFound, await team.Tpm.PutAsJsonAsync($"/api/v1/products/{key}/schedule/items/{off}", new { start = Day(1), end = Day(2) }));

        await LinkAsync(team.Tpm, key, a, b);
        await LinkAsync(team.Tpm, key, b, c);
        using (var twice = await team.Tpm.PostAsJsonAsync($"/api/v1/products/{key}/schedule/links", new { predecessor = a, successor = b }))
            await Expect.Problem(HttpStatusCode.Conflict, twice);
        using (var cycle = await team.Tpm.PostAsJsonAsync($"/api/v1/products/{key}/schedule/links", new { predecessor = c, successor = a }))
            Assert.Contains($"{c} → {a} → {b} → {c}", Expect.Detail(await Expect.Problem(HttpStatusCode.Conflict, cycle)), StringComparison.Ordinal);
        using (var cycle = await team.Tpm.PostAsJsonAsync($"/api/v1/products/{key}/schedule/links", new { predecessor = b, successor = a, type = "ss" }))
            Assert.Contains($"{b} → {a} → {b}", Expect.Detail(await Expect.Problem(HttpStatusCode.Conflict, cycle)), StringComparison.Ordinal);

        var schedule = await ScheduleAsync(team.Dev, key);
        Assert.Equal(2, schedule["links"]!.AsArray().Count);
        Assert.Null(schedule["cycle"]);
        await Expect.Problem(HttpStatusCode.NotFound, await team.Tpm.DeleteAsync($"/api/v1/schedule/links/{Guid.NewGuid()}"));
        await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.DeleteAsync($"/api/v1/schedule/links/{schedule["links"]![0]!["id"]!.GetValue<Guid>()}"));
        Assert.Equal(HttpStatusCode.NoContent, (await team.Tpm.DeleteAsync($"/api/v1/schedule/links/{schedule["links"]![0]!["id"]!.GetValue<Guid>()}")).StatusCode);
        Assert.Single((await ScheduleAsync(team.Dev, key))["links"]!.AsArray());
    }

    [Fact]
    public async Task A_predecessor_of_another_product_holds_the_successor_back()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var other = await app.CreateProductAsync("Partner product");
        var otherPo = await app.CreatePersonAsync($"other po {other}");
        await app.AssignAsync(other, otherPo.Id, "product-owner");
        var otherPoClient = await app.SignInAsync(otherPo.Email, otherPo.Password);
        var certification = await ItemAsync(otherPoClient, other, "Card-network certification");
        var release = await ItemAsync(team.Po, team.ProductKey, "Release card payments");
        await PlaceAsync(team.Tpm, team.ProductKey, release, 0, 4);

        var link = await LinkAsync(team.Tpm, team.ProductKey, certification, release, lag: "1d");
        Assert.Equal(team.ProductKey, link["productKey"]!.GetValue<string>());
        var schedule = await ScheduleAsync(team.Dev, team.ProductKey);
        var external = Row(schedule, certification);
        Assert.True(external["external"]!.GetValue<bool>());
        Assert.Equal(other, external["productKey"]!.GetValue<string>());
        Assert.Equal("default", external["source"]!.GetValue<string>());
        // Ten days (no team on the other product) from today, then a day's lag.
        Assert.Equal(Day(9), external["end"]!.GetValue<string>());
        Assert.Equal(Day(11), Row(schedule, release)["start"]!.GetValue<string>());
        Assert.Equal([certification, release], Path(schedule));
    }

    [Fact]
    public async Task Baselines_are_saved_by_the_TPM_and_compared_with_the_schedule_and_with_each_other()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var key = team.ProductKey;
        var a = await ItemAsync(team.Po, key, "A");
        var b = await ItemAsync(team.Po, key, "B");
        await PlaceAsync(team.Tpm, key, a, 0, 4);
        await PlaceAsync(team.Tpm, key, b, 5, 9);
        await LinkAsync(team.Tpm, key, a, b);

        await Expect.Problem(HttpStatusCode.Forbidden, await team.Po.PostAsJsonAsync($"/api/v1/products/{key}/schedule/baselines", new { name = "Mine" }));
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Tpm.PostAsJsonAsync($"/api/v1/products/{key}/schedule/baselines", new { name = " " }));
        var first = (await Expect.Status(HttpStatusCode.Created, await team.Tpm.PostAsJsonAsync($"/api/v1/products/{key}/schedule/baselines", new { name = "Kick-off" })))!;
        Assert.Equal(2, first["items"]!.GetValue<int>());
        var firstId = first["id"]!.GetValue<Guid>();

        // A slips by three days and pushes B.
        using (var slip = await team.Tpm.PutAsJsonAsync($"/api/v1/products/{key}/schedule/items/{a}", new { start = Day(0), end = Day(7) }))
            await Expect.Status(HttpStatusCode.OK, slip);
        var compared = await ScheduleAsync(team.Dev, key, $"?baseline={firstId}");
        Assert.Equal("Kick-off", compared["baseline"]!["name"]!.GetValue<string>());
        Assert.Equal(3, Row(compared, a)["driftDays"]!.GetValue<int>());
        Assert.Equal(3, Row(compared, b)["driftDays"]!.GetValue<int>());
        Assert.Equal(Day(9), Row(compared, b)["baselineEnd"]!.GetValue<string>());
        var svg = await team.Dev.GetStringAsync($"/api/v1/products/{key}/schedule/gantt.svg?baseline={firstId}");
        Assert.Contains("class=\"baseline\"", svg, StringComparison.Ordinal);
        Assert.Contains("+3d later", svg, StringComparison.Ordinal);

        var second = (await Expect.Status(HttpStatusCode.Created, await team.Tpm.PostAsJsonAsync($"/api/v1/products/{key}/schedule/baselines", new { name = "After the slip" })))!;
        var list = (await team.Dev.GetFromJsonAsync<JsonArray>($"/api/v1/products/{key}/schedule/baselines"))!;
        Assert.Equal(["After the slip", "Kick-off"], list.Select(x => x!["name"]!.GetValue<string>()));
        var versus = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/schedule/baselines/{firstId}?compareTo={second["id"]}"))!;
        Assert.Equal("After the slip", versus["comparedWith"]!["name"]!.GetValue<string>());
        Assert.All(versus["items"]!.AsArray(), i => Assert.Equal(3, i!["driftDays"]!.GetValue<int>()));
        var current = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/schedule/baselines/{firstId}"))!;
        Assert.Null(current["comparedWith"]);
        Assert.Equal(2, current["items"]!.AsArray().Count);
        await Expect.Problem(HttpStatusCode.NotFound, await team.Dev.GetAsync($"/api/v1/products/{key}/schedule?baseline={Guid.NewGuid()}"));
        await Expect.Problem(HttpStatusCode.NotFound, await team.Dev.GetAsync($"/api/v1/products/{key}/schedule/baselines/{Guid.NewGuid()}"));
    }
}
