using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Calendar;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Calendar;

public static class CalendarApi
{
    public static void MapCalendarApi(this IEndpointRouteBuilder api)
    {
        var team = api.MapGroup("/teams/{teamId:guid}").WithTags("Calendar");

        team.MapGet("/events", async Task<Results<Ok<TeamCalendar>, ProblemHttpResult>> (Guid teamId, string? from, string? to, CalendarFeature calendar, CancellationToken ct) =>
            (await calendar.GetAsync(teamId, from, to, ct)).ToOk())
            .RequireAuthorization().Performs(Operations.Products.Read)
            .WithSummary("The team's calendar between from and to (YYYY-MM-DD, default four weeks from today): scheduled events and each sprint's planning, review and retrospective, times local to the team's zone");

        team.MapPost("/events", async Task<Results<Created<TeamEventDto>, ProblemHttpResult>> (Guid teamId, ScheduleEventRequest request, CalendarFeature calendar, HttpContext context, CancellationToken ct) =>
            (await calendar.ScheduleAsync(teamId, request, ct)).ToCreated(e => $"/api/v1/events/{e.Id}", context))
            .RequireAuthorization().Performs(Operations.Process.Edit)
            .WithSummary("Schedule an event (Scrum Master; logged): kind, title, date, start HH:mm, durationMinutes, recurrence (none, weekdays, sprint), videoLink");

        team.MapGet("/calendar/feed", async Task<Results<Ok<CalendarFeedDto>, ProblemHttpResult>> (Guid teamId, CalendarFeature calendar, CancellationToken ct) =>
            (await calendar.FeedAsync(teamId, ct)).ToOk())
            .RequireAuthorization().Performs(Operations.Products.Read)
            .WithSummary("The secret token of the team's calendar feed address (team members and the Scrum Master)");

        team.MapPost("/calendar/feed/rotate", async Task<Results<Ok<CalendarFeedDto>, ProblemHttpResult>> (Guid teamId, CalendarFeature calendar, CancellationToken ct) =>
            (await calendar.RotateFeedAsync(teamId, ct)).ToOk())
            .RequireAuthorization().Performs(Operations.Process.Edit)
            .WithSummary("Issue a new feed token; the old feed address stops working (Scrum Master; logged)");

        // Calendar clients cannot sign in: the feed token in the address is their credential, checked by the feature.
        team.MapGet("/calendar.ics", async Task<Results<ContentHttpResult, ProblemHttpResult>> (Guid teamId, string? feed, CalendarFeature calendar, CancellationToken ct) =>
            (await calendar.IcsAsync(teamId, feed, ct)).Failed(out var error, out var ics) ? error.ToProblem() : TypedResults.Text(ics, "text/calendar; charset=utf-8"))
            .AllowAnonymous()
            .WithSummary("The team's calendar as RFC 5545 iCalendar (30 days back, 180 ahead) for calendar clients: signed in, or with ?feed=<token> from the calendar page");

        var one = api.MapGroup("/events/{id:guid}").WithTags("Calendar").RequireAuthorization();

        one.MapPut("/", async Task<Results<Ok<TeamEventDto>, ProblemHttpResult>> (Guid id, ScheduleEventRequest request, CalendarFeature calendar, HttpContext context, CancellationToken ct) =>
            (await calendar.ChangeAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Process.Edit).WithSummary("Change an event; fields left out keep their value (Scrum Master; logged)");

        one.MapDelete("/", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, CalendarFeature calendar, HttpContext context, CancellationToken ct) =>
            (await calendar.DeleteAsync(id, ETags.IfMatch(context), ct)).ToNoContent())
            .Performs(Operations.Process.Edit).WithSummary("Remove an event from the calendar (Scrum Master; logged)");
    }
}
