using Ical.Net.Serialization;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.IntegrationTests.Standups;

namespace Tandem.IntegrationTests.Calendar;

[Collection(TandemCollection.Name)]
public class CalendarTests(TandemApp app)
{
    [Fact]
    public async Task The_Scrum_Master_schedules_events_sprints_add_theirs_and_the_feed_parses_back_with_the_team_zone()
    {
        var team = await ScrumTestData.CreateTeamAsync(app);
        var zone = (await team.Sm.GetFromJsonAsync<JsonObject>($"/api/v1/teams/{team.TeamId}"))!["timeZone"]!.GetValue<string>();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);
        var iso = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var refused = await Expect.Problem(HttpStatusCode.Forbidden, await team.Dev.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/events",
            new { kind = "standup", title = "Daily", date = iso, start = "09:30", durationMinutes = 15, recurrence = "weekdays" }));
        Assert.Contains("Scrum Master", Expect.Detail(refused), StringComparison.Ordinal);
        var bad = await Expect.Problem(HttpStatusCode.BadRequest, await team.Sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/events",
            new { kind = "party", title = "", date = iso, start = "25:00", durationMinutes = 0 }));
        Assert.NotNull(bad["errors"]!["kind"]);
        var daily = (await Expect.Status(HttpStatusCode.Created, await team.Sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/events",
            new { kind = "standup", title = "Daily", date = iso, start = "09:30", durationMinutes = 15, recurrence = "weekdays", videoLink = "https://meet.example.com/daily" })))!;
        Assert.Equal("weekdays", daily["recurrence"]!.GetValue<string>());
        await Expect.Status(HttpStatusCode.Created, await team.Sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/events",
            new { kind = "retrospective", title = "Retro", start = "16:00", durationMinutes = 90, recurrence = "sprint" }));
        await ScrumTestData.PlanSprintAsync(app, team.TeamId, today.AddDays(1), today.AddDays(14), "Calendar sprint");

        var calendar = (await Expect.Status(HttpStatusCode.OK, await team.Dev.GetAsync($"/api/v1/teams/{team.TeamId}/events?from={iso}&to={today.AddDays(20):yyyy-MM-dd}")))!;
        var occurrences = calendar["occurrences"]!.AsArray();
        Assert.Contains(occurrences, o => o!["kind"]!.GetValue<string>() == "standup" && o["start"]!.GetValue<string>() == "09:30" && o["videoLink"]!.GetValue<string>() == "https://meet.example.com/daily");
        Assert.Contains(occurrences, o => o!["kind"]!.GetValue<string>() == "planning" && o["date"]!.GetValue<string>() == $"{today.AddDays(1):yyyy-MM-dd}");
        Assert.Contains(occurrences, o => o!["kind"]!.GetValue<string>() == "review" && o["date"]!.GetValue<string>() == $"{today.AddDays(14):yyyy-MM-dd}");
        Assert.Contains(occurrences, o => o!["kind"]!.GetValue<string>() == "retrospective" && o["start"]!.GetValue<string>() == "16:00");
        await Expect.Problem(HttpStatusCode.BadRequest, await team.Dev.GetAsync($"/api/v1/teams/{team.TeamId}/events?from={iso}&to=2020-01-01"));

        var feed = (await Expect.Status(HttpStatusCode.OK, await team.Dev.GetAsync($"/api/v1/teams/{team.TeamId}/calendar/feed")))!;
        var token = feed["token"]!.GetValue<string>();
        using var anonymous = app.Anonymous();
        using var ics = await anonymous.GetAsync($"/api/v1/teams/{team.TeamId}/calendar.ics?feed={token}");
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        var parsed = Ical.Net.Calendar.Load(await ics.Content.ReadAsStringAsync())!;
        Assert.Contains(parsed.TimeZones, z => z.TzId == zone);
        var standup = parsed.Events.First(e => e.Summary == "Daily");
        Assert.Equal(zone, standup.DtStart!.TzId);
        Assert.Equal(new TimeOnly(9, 30), standup.DtStart.Time);
        Assert.Contains(parsed.Events, e => e.Summary!.StartsWith("Sprint planning", StringComparison.Ordinal));
        Assert.NotNull(new CalendarSerializer().SerializeToString(parsed));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/teams/{team.TeamId}/calendar.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/teams/{team.TeamId}/calendar.ics?feed=wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await team.Po.GetAsync($"/api/v1/teams/{team.TeamId}/calendar.ics")).StatusCode);

        await Expect.Problem(HttpStatusCode.Forbidden, await team.Dev.PostAsync($"/api/v1/teams/{team.TeamId}/calendar/feed/rotate", null));
        var rotated = (await Expect.Status(HttpStatusCode.OK, await team.Sm.PostAsync($"/api/v1/teams/{team.TeamId}/calendar/feed/rotate", null)))!;
        Assert.NotEqual(token, rotated["token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/teams/{team.TeamId}/calendar.ics?feed={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/teams/{team.TeamId}/calendar.ics?feed={rotated["token"]}")).StatusCode);

        var id = daily["id"]!.GetValue<Guid>();
        using var stale = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/events/{id}");
        stale.Headers.TryAddWithoutValidation("If-Match", "\"99\"");
        await Expect.Problem(HttpStatusCode.PreconditionFailed, await team.Sm.SendAsync(stale));
        var moved = (await Expect.Status(HttpStatusCode.OK, await team.Sm.PutAsJsonAsync($"/api/v1/events/{id}", new { start = "09:45" })))!;
        Assert.Equal("09:45", moved["start"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await team.Sm.DeleteAsync($"/api/v1/events/{id}")).StatusCode);
    }
}
