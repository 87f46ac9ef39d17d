using System.Globalization;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Teams;

[Collection(TandemCollection.Name)]
public class TeamsTests(TandemApp app)
{
    private static readonly string[] MondayAndWednesday = ["monday", "wednesday"];
    private static readonly string[] NoSuchDay = ["funday"];

    private async Task<(string Key, HttpClient Admin, HttpClient Sm, HttpClient Dev, Person Developer)> ProductWithPeopleAsync()
    {
        var key = await app.CreateProductAsync();
        var sm = await app.CreatePersonAsync(TandemApp.Unique("SM"));
        await app.AssignAsync(key, sm.Id, "scrum-master");
        var dev = await app.CreatePersonAsync(TandemApp.Unique("Dev"));
        await app.AssignAsync(key, dev.Id, "developer");
        return (key, await app.SignInAsync(TandemApp.Admin), await app.SignInAsync(sm.Email, sm.Password), await app.SignInAsync(dev.Email, dev.Password), dev);
    }

    [Fact]
    public async Task The_demo_team_of_PAY_is_found_through_the_products_teams()
    {
        var po = await app.SignInAsync("po@demo.tandem");
        var teams = (await Expect.Status(HttpStatusCode.OK, await po.GetAsync("/api/v1/products/PAY/teams")))!.AsArray();
        var crew = Assert.Single(teams, t => t!["name"]!.GetValue<string>() == "Payments Crew")!;
        var id = crew["id"]!.GetValue<Guid>();
        var team = (await Expect.Status(HttpStatusCode.OK, await po.GetAsync($"/api/v1/teams/{id}")))!;
        Assert.Equal("PAY", team["productKey"]!.GetValue<string>());
        Assert.Contains("MOB", team["products"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(4, team["members"]!.AsArray().Count);
        Assert.Equal(["To do", "In progress", "Review", "Done"], team["columns"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("Europe/Berlin", team["timeZone"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_admin_creates_a_team_with_members_and_it_starts_with_the_default_workflow()
    {
        var (key, admin, _, dev, developer) = await ProductWithPeopleAsync();
        var name = TandemApp.Unique("Team");
        using var created = await admin.PostAsJsonAsync("/api/v1/teams", new
        {
            name, productKey = key, timeZone = "America/New_York",
            members = new[] { new { userId = developer.Id, allocationPercent = 60, workingDays = MondayAndWednesday } },
        });
        var team = (await Expect.Status(HttpStatusCode.Created, created))!;
        Assert.Equal($"/api/v1/teams/{team["id"]}", created.Headers.Location!.ToString());
        var member = Assert.Single(team["members"]!.AsArray())!;
        Assert.Equal(60, member["allocationPercent"]!.GetValue<int>());
        Assert.Equal(["monday", "wednesday"], member["workingDays"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(4, team["columns"]!.AsArray().Count);

        var listed = (await Expect.Status(HttpStatusCode.OK, await dev.GetAsync($"/api/v1/products/{key}/teams")))!.AsArray();
        Assert.Equal(name, Assert.Single(listed)!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_a_workspace_admin_creates_teams_and_the_refusal_names_the_admins()
    {
        var (key, _, sm, _, _) = await ProductWithPeopleAsync();
        using var response = await sm.PostAsJsonAsync("/api/v1/teams", new { name = TandemApp.Unique("Team"), productKey = key });
        var problem = await Expect.Problem(HttpStatusCode.Forbidden, response);
        Assert.Contains("Only a workspace admin", Expect.Detail(problem), StringComparison.Ordinal);
        Assert.Contains("Avery Quinn", Expect.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_team_lists_every_bad_field_and_creates_nothing()
    {
        var admin = await app.SignInAsync(TandemApp.Admin);
        using var response = await admin.PostAsJsonAsync("/api/v1/teams", new
        {
            name = "", productKey = "NOPE1", timeZone = "Mars/Olympus",
            members = new[] { new { userId = Guid.NewGuid(), allocationPercent = 150, workingDays = NoSuchDay } },
        });
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "name", "productKey", "timeZone", "members[0].userId", "members[0].allocationPercent", "members[0].workingDays" })
            Assert.True(errors.ContainsKey(field), $"{field} is not reported: {problem}");
    }

    [Fact]
    public async Task Two_teams_may_not_share_a_name_even_when_created_at_the_same_instant()
    {
        var (key, admin, _, _, _) = await ProductWithPeopleAsync();
        var name = TandemApp.Unique("Twin");
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => admin.PostAsJsonAsync("/api/v1/teams", new { name, productKey = key })));
        Assert.Equal(1, both.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(both.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.True(r.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest, r.StatusCode.ToString()));
        var teams = (await Expect.Status(HttpStatusCode.OK, await admin.GetAsync($"/api/v1/products/{key}/teams")))!.AsArray();
        Assert.Single(teams, t => t!["name"]!.GetValue<string>() == name);
    }

    [Fact]
    public async Task The_Scrum_Master_sets_the_rhythm_which_is_logged_and_a_stale_write_is_refused()
    {
        var (key, admin, sm, dev, _) = await ProductWithPeopleAsync();
        var team = (await Expect.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/v1/teams", new { name = TandemApp.Unique("Team"), productKey = key })))!;
        var id = team["id"]!.GetValue<Guid>();
        var version = team["version"]!.GetValue<int>();

        using var refused = await dev.PutAsJsonAsync($"/api/v1/teams/{id}/rhythm", new { sprintLengthDays = 7 });
        Assert.Contains("Only the Scrum Master", Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, refused)), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/teams/{id}/rhythm")
        {
            Content = JsonContent.Create(new { sprintLengthDays = 10, sprintStartDay = "wednesday", focusFactor = 0.7, standupCutoff = "09:45", timeZone = "Europe/Lisbon" }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        var changed = (await Expect.Status(HttpStatusCode.OK, await sm.SendAsync(request)))!;
        Assert.Equal(10, changed["sprintLengthDays"]!.GetValue<int>());
        Assert.Equal("wednesday", changed["sprintStartDay"]!.GetValue<string>());
        Assert.Equal("09:45", changed["standupCutoff"]!.GetValue<string>());

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/teams/{id}/rhythm") { Content = JsonContent.Create(new { sprintLengthDays = 5 }) };
        stale.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        await Expect.Problem(HttpStatusCode.PreconditionFailed, await sm.SendAsync(stale));

        var log = (await Expect.Status(HttpStatusCode.OK, await admin.GetAsync($"/api/v1/products/{key}/decision-log?limit=5")))!["items"]!.AsArray();
        Assert.Contains(log, e => e!["operation"]!.GetValue<string>() == "process.edit" && e["summary"]!.GetValue<string>().Contains("10-day sprints", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_rhythm_values_are_each_reported_and_nothing_changes()
    {
        var (key, admin, sm, _, _) = await ProductWithPeopleAsync();
        var team = (await Expect.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/v1/teams", new { name = TandemApp.Unique("Team"), productKey = key })))!;
        var id = team["id"]!.GetValue<Guid>();
        using var response = await sm.PutAsJsonAsync($"/api/v1/teams/{id}/rhythm", new { sprintLengthDays = -3, focusFactor = 1.5, hoursPerDay = 0, standupCutoff = "25:99", sprintStartDay = "someday", videoLink = "javascript:alert(1)" });
        var errors = (await Expect.Problem(HttpStatusCode.BadRequest, response))["errors"]!.AsObject();
        foreach (var field in new[] { "sprintLengthDays", "focusFactor", "hoursPerDay", "standupCutoff", "sprintStartDay", "videoLink" })
            Assert.True(errors.ContainsKey(field), $"{field} is not reported: {errors}");
        var after = (await Expect.Status(HttpStatusCode.OK, await sm.GetAsync($"/api/v1/teams/{id}")))!;
        Assert.Equal(team["version"]!.GetValue<int>(), after["version"]!.GetValue<int>());
        Assert.Equal(14, after["sprintLengthDays"]!.GetValue<int>());
    }

    [Fact]
    public async Task Members_record_their_days_off_and_dates_are_checked()
    {
        var (key, admin, _, dev, developer) = await ProductWithPeopleAsync();
        var team = (await Expect.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/v1/teams", new
        {
            name = TandemApp.Unique("Team"), productKey = key, members = new[] { new { userId = developer.Id } },
        })))!;
        var id = team["id"]!.GetValue<Guid>();
        var today = new DateOnly(2027, 3, 1);
        var withAbsence = (await Expect.Status(HttpStatusCode.OK, await dev.PostAsJsonAsync($"/api/v1/teams/{id}/absences",
            new { from = today.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to = today.AddDays(4).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), note = "Dentist" })))!;
        var absence = Assert.Single(withAbsence["absences"]!.AsArray())!;
        Assert.Equal(developer.Id, absence["person"]!["id"]!.GetValue<Guid>());

        using var backwards = await dev.PostAsJsonAsync($"/api/v1/teams/{id}/absences", new { from = "2027-02-10", to = "2027-02-01" });
        Assert.True((await Expect.Problem(HttpStatusCode.BadRequest, backwards))["errors"]!.AsObject().ContainsKey("to"));
        using var garbage = await dev.PostAsJsonAsync($"/api/v1/teams/{id}/absences", new { from = "next tuesday", to = "" });
        var errors = (await Expect.Problem(HttpStatusCode.BadRequest, garbage))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("from") && errors.ContainsKey("to"));

        var removed = (await Expect.Status(HttpStatusCode.OK, await dev.DeleteAsync($"/api/v1/teams/{id}/absences/{absence["id"]}")))!;
        Assert.Empty(removed["absences"]!.AsArray());
    }

    [Fact]
    public async Task The_home_product_stays_and_a_further_product_can_be_added_and_removed()
    {
        var (key, admin, _, _, _) = await ProductWithPeopleAsync();
        var other = await app.CreateProductAsync();
        var team = (await Expect.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/v1/teams", new { name = TandemApp.Unique("Team"), productKey = key })))!;
        var id = team["id"]!.GetValue<Guid>();
        var added = (await Expect.Status(HttpStatusCode.OK, await admin.PutAsync($"/api/v1/teams/{id}/products/{other}", null)))!;
        Assert.Equal([key, other], added["products"]!.AsArray().Select(p => p!.GetValue<string>()));
        await Expect.Problem(HttpStatusCode.Conflict, await admin.DeleteAsync($"/api/v1/teams/{id}/products/{key}"));
        var removed = (await Expect.Status(HttpStatusCode.OK, await admin.DeleteAsync($"/api/v1/teams/{id}/products/{other}")))!;
        Assert.Equal([key], removed["products"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public async Task Another_workspace_cannot_see_the_team()
    {
        var po = await app.SignInAsync("po@demo.tandem");
        var id = (await po.GetFromJsonAsync<JsonArray>("/api/v1/products/PAY/teams"))![0]!["id"]!.GetValue<Guid>();
        var globex = await app.SignInAsync(TandemApp.GlobexPo);
        await Expect.Problem(HttpStatusCode.NotFound, await globex.GetAsync($"/api/v1/teams/{id}"));
    }
}
