using System.Globalization;
using System.Security.Cryptography;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Events;
using Tandem.Domain.Teams;

namespace Tandem.Application.Calendar;

/// <summary>
/// An event as the Scrum Master schedules it. <c>kind</c>: planning, standup, review, retrospective or other;
/// <c>date</c> YYYY-MM-DD (the first day, for a weekday event; ignored for a sprint event); <c>start</c> HH:mm in
/// the team's time zone; <c>recurrence</c>: none (default), weekdays, or sprint (planning on each sprint's first
/// day, review and retrospective on its last); <c>videoLink</c> defaults to the team's.
/// </summary>
public sealed record ScheduleEventRequest(string? Kind, string? Title, string? Date, string? Start, int? DurationMinutes, string? Recurrence, string? VideoLink);

public sealed record TeamEventDto(Guid Id, Guid TeamId, string Kind, string Title, DateOnly Date, string Start, int DurationMinutes, string Recurrence, string? VideoLink, int Version) : IVersioned;

/// <summary>One occurrence on the calendar: <c>start</c>/<c>end</c> are local to the team's zone, <c>startsAt</c> the instant.</summary>
public sealed record CalendarOccurrence(Guid? EventId, Guid? SprintId, string Kind, string Title, DateOnly Date, string Start, string End,
    DateTimeOffset StartsAt, int DurationMinutes, string? VideoLink);

public sealed record TeamCalendar(Guid TeamId, string TeamName, string ProductKey, string TimeZone, DateOnly From, DateOnly To,
    IReadOnlyList<CalendarOccurrence> Occurrences, IReadOnlyList<TeamEventDto> Events);

/// <summary>The secret feed address's token, for team members (and the Scrum Master, who rotates it).</summary>
public sealed record CalendarFeedDto(Guid TeamId, string Token, DateTimeOffset IssuedAt);

/// <summary>
/// The team's calendar: events the Scrum Master schedules (logged), and each sprint's planning, review and
/// retrospective from the sprints' dates (at the times of the team's sprint events, or the defaults). Times
/// are local to the team's time zone. An RFC 5545 feed (written by Ical.Net, with the zone's VTIMEZONE)
/// serves calendar clients, which cannot sign in, through a per-team secret token.
/// </summary>
public sealed class CalendarFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock)
{
    public const int MaxWindowDays = 190;
    public const int MaxEvents = 100;
    public const int FeedDaysBack = 30, FeedDaysAhead = 180;

    /// <summary>When no sprint event of the kind says otherwise: planning opens the sprint, review and retrospective close it.</summary>
    private static readonly Dictionary<TeamEventKind, (TimeOnly Start, int Minutes, string Title)> SprintDefaults = new Dictionary<TeamEventKind, (TimeOnly, int, string)>
    {
        [TeamEventKind.Planning] = (new TimeOnly(9, 30), 120, "Sprint planning"),
        [TeamEventKind.Review] = (new TimeOnly(13, 0), 60, "Sprint review"),
        [TeamEventKind.Retrospective] = (new TimeOnly(14, 30), 60, "Retrospective"),
    };

    public async Task<Result<TeamCalendar>> GetAsync(Guid teamId, string? from, string? to, CancellationToken ct)
    {
        var validation = new Validation();
        var start = Dates.Optional(from, "from", validation);
        var end = Dates.Optional(to, "to", validation);
        if (validation.Result is { } bad) return bad;
        if ((await LoadAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        var first = start ?? team.Today(clock.GetUtcNow());
        var last = end ?? first.AddDays(27);
        if (last < first) return Error.Invalid("to", $"The window ends ({last:yyyy-MM-dd}) before it starts ({first:yyyy-MM-dd}).");
        if (last.DayNumber - first.DayNumber > MaxWindowDays) return Error.Invalid("to", $"Ask for at most {MaxWindowDays} days at a time.");
        var events = await EventsAsync(team, ct);
        return new TeamCalendar(team.Id, team.Name, product.Key, team.TimeZone, first, last,
            await OccurrencesAsync(team, events, first, last, ct), events.Select(Dto).ToList());
    }

    /// <summary>The next few occurrences from now, for the Scrum Master's home.</summary>
    public async Task<IReadOnlyList<CalendarOccurrence>> NextAsync(Team team, int take, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = team.Today(now);
        var occurrences = await OccurrencesAsync(team, await EventsAsync(team, ct), today, today.AddDays(14), ct);
        return occurrences.Where(o => o.StartsAt.AddMinutes(o.DurationMinutes) > now).Take(take).ToList();
    }

    public async Task<Result<TeamEventDto>> ScheduleAsync(Guid teamId, ScheduleEventRequest request, CancellationToken ct)
    {
        if ((await LoadAsync(teamId, Operations.Process.Edit, ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        if (await db.TeamEvents.CountAsync(e => e.TeamId == team.Id, ct) >= MaxEvents)
            return Error.Invalid("title", $"A team has at most {MaxEvents} scheduled events; delete old ones first.");
        if (Parse(team, request).Failed(out var bad, out var p)) return bad;
        if (Rules.Create(() => TeamEvent.Schedule(team.WorkspaceId, team.ProductId, team.Id, p.Kind, request.Title, p.Date, p.Start, p.Minutes, p.Recurrence, request.VideoLink, clock.GetUtcNow()))
            .Failed(out var invalid, out var created)) return invalid;
        if (await rights.DecideAsync(product, Operations.Process.Edit, new DecisionRecord(
                $"Scheduled {team.Name}'s {EnumText.Slug(created.Kind)} \"{created.Title}\" ({Describe(created)})", "event", created.Title), ct) is { } refused) return refused;
        db.TeamEvents.Add(created);
        await db.SaveChangesAsync(ct);
        return Dto(created);
    }

    public async Task<Result<TeamEventDto>> ChangeAsync(Guid eventId, ScheduleEventRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await rights.LoadAsync<TeamEvent>(e => e.Id == eventId, Operations.Process.Edit, "There is no such event in your workspace.", ct)).Failed(out var error, out var found)) return error;
        var (teamEvent, product) = found;
        if (ifMatch is { } expected && expected != teamEvent.Version)
            return Error.Stale($"\"{teamEvent.Title}\" was changed by someone else (version {teamEvent.Version}, you sent {expected}). Reload it and try again.");
        var team = await db.Teams.AsNoTracking().FirstAsync(t => t.Id == teamEvent.TeamId, ct);
        var merged = request with
        {
            Kind = request.Kind ?? EnumText.Slug(teamEvent.Kind), Title = request.Title ?? teamEvent.Title,
            Date = request.Date ?? teamEvent.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Start = request.Start ?? teamEvent.StartTime.ToString("HH:mm", CultureInfo.InvariantCulture),
            DurationMinutes = request.DurationMinutes ?? teamEvent.DurationMinutes, Recurrence = request.Recurrence ?? EnumText.Slug(teamEvent.Recurrence),
            VideoLink = request.VideoLink ?? teamEvent.VideoLink,
        };
        if (Parse(team, merged).Failed(out var bad, out var p)) return bad;
        if (Rules.Apply(() => teamEvent.Change(p.Kind, merged.Title, p.Date, p.Start, p.Minutes, p.Recurrence, merged.VideoLink)) is { } invalid) return invalid;
        if (await rights.DecideAsync(product, Operations.Process.Edit, new DecisionRecord(
                $"Changed {team.Name}'s {EnumText.Slug(teamEvent.Kind)} \"{teamEvent.Title}\" ({Describe(teamEvent)})", "event", teamEvent.Title), ct) is { } refused) return refused;
        if (await db.SaveOrStaleAsync($"\"{teamEvent.Title}\"", ct) is { } lost) return lost;
        return Dto(teamEvent);
    }

    public async Task<Result<Unit>> DeleteAsync(Guid eventId, int? ifMatch, CancellationToken ct)
    {
        if ((await rights.LoadAsync<TeamEvent>(e => e.Id == eventId, Operations.Process.Edit, "There is no such event in your workspace.", ct)).Failed(out var error, out var found)) return error;
        var (teamEvent, product) = found;
        if (ifMatch is { } expected && expected != teamEvent.Version)
            return Error.Stale($"\"{teamEvent.Title}\" was changed by someone else (version {teamEvent.Version}, you sent {expected}). Reload it and try again.");
        if (await rights.DecideAsync(product, Operations.Process.Edit, new DecisionRecord(
                $"Removed the {EnumText.Slug(teamEvent.Kind)} \"{teamEvent.Title}\" from the calendar", "event", teamEvent.Title), ct) is { } refused) return refused;
        db.TeamEvents.Remove(teamEvent);
        if (await db.SaveOrStaleAsync($"\"{teamEvent.Title}\"", ct) is { } lost) return lost;
        return Unit.Value;
    }

    /// <summary>The feed token, for a member of the team (or whoever runs its process); issued on first ask.</summary>
    public async Task<Result<CalendarFeedDto>> FeedAsync(Guid teamId, CancellationToken ct)
    {
        if ((await LoadAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        var member = await db.TeamMembers.AnyAsync(m => m.TeamId == team.Id && m.UserId == me.UserId, ct);
        if (!member && !me.IsWorkspaceAdmin && !await rights.IsAllowedAsync(product, Operations.Process.Edit, ct))
            return Error.Forbidden($"Only members of {team.Name} (and its Scrum Master) see its calendar feed address, because anyone with it can read the calendar.");
        var feed = await db.TeamCalendarFeeds.FirstOrDefaultAsync(f => f.TeamId == team.Id, ct);
        if (feed is null)
        {
            feed = TeamCalendarFeed.Issue(team.WorkspaceId, team.Id, NewToken(), clock.GetUtcNow());
            db.TeamCalendarFeeds.Add(feed);
            if (await db.SaveOrConflictAsync("The feed address was issued at the same moment; reload.", ct) is not null)
            {
                db.ChangeTracker.Clear();
                feed = await db.TeamCalendarFeeds.AsNoTracking().FirstAsync(f => f.TeamId == team.Id, ct);
            }
        }
        return new CalendarFeedDto(team.Id, feed.Token, feed.CreatedAt);
    }

    /// <summary>A new token (the old address stops working): the Scrum Master's, logged.</summary>
    public async Task<Result<CalendarFeedDto>> RotateFeedAsync(Guid teamId, CancellationToken ct)
    {
        if ((await LoadAsync(teamId, Operations.Process.Edit, ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        if (await rights.DecideAsync(product, Operations.Process.Edit, new DecisionRecord($"Rotated {team.Name}'s calendar feed address; the old one no longer works", "team", team.Name), ct) is { } refused)
            return refused;
        var now = clock.GetUtcNow();
        var feed = await db.TeamCalendarFeeds.FirstOrDefaultAsync(f => f.TeamId == team.Id, ct);
        if (feed is null) db.TeamCalendarFeeds.Add(feed = TeamCalendarFeed.Issue(team.WorkspaceId, team.Id, NewToken(), now));
        else feed.Rotate(NewToken(), now);
        if (await db.SaveOrConflictAsync("The feed address was changed at the same moment; reload.", ct) is { } conflict) return conflict;
        return new CalendarFeedDto(team.Id, feed.Token, feed.CreatedAt);
    }

    /// <summary>
    /// The RFC 5545 feed: for a signed-in reader of the team's product, or for anyone presenting the team's
    /// feed token (a calendar client). Otherwise not found, so the address reveals nothing.
    /// </summary>
    public async Task<Result<string>> IcsAsync(Guid teamId, string? feedToken, CancellationToken ct)
    {
        Team? team;
        if (!string.IsNullOrEmpty(feedToken))
        {
            // No session: the token is the credential, compared in constant time; the workspace follows from it.
            var feed = await db.TeamCalendarFeeds.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(f => f.TeamId == teamId, ct);
            if (feed is null || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(feed.Token), System.Text.Encoding.UTF8.GetBytes(feedToken)))
                return me.IsAuthenticated ? await SignedInIcsAsync(teamId, ct) : Error.NotFound("There is no such calendar feed.");
            if (me.IsAuthenticated && me.WorkspaceId != feed.WorkspaceId) return Error.NotFound("There is no such calendar feed.");
            if (!me.IsAuthenticated) me.ActInWorkspace(feed.WorkspaceId);
            team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, ct);
            if (team is null) return Error.NotFound("There is no such calendar feed.");
            return await WriteIcsAsync(team, ct);
        }
        if (!me.IsAuthenticated) return Error.Unauthorized("Sign in, or use the calendar feed address (with its feed token) shown on the team's calendar page.");
        return await SignedInIcsAsync(teamId, ct);
    }

    private async Task<Result<string>> SignedInIcsAsync(Guid teamId, CancellationToken ct)
    {
        if ((await LoadAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await WriteIcsAsync(found.Entity, ct);
    }

    private async Task<string> WriteIcsAsync(Team team, CancellationToken ct)
    {
        var today = team.Today(clock.GetUtcNow());
        var occurrences = await OccurrencesAsync(team, await EventsAsync(team, ct), today.AddDays(-FeedDaysBack), today.AddDays(FeedDaysAhead), ct);
        var calendar = new Ical.Net.Calendar { ProductId = "-//Tandem//Team calendar//EN" };
        calendar.AddProperty("X-WR-CALNAME", team.Name);
        calendar.AddProperty("X-WR-TIMEZONE", team.TimeZone);
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(team.TimeZone));
        var stamp = new CalDateTime(clock.GetUtcNow().UtcDateTime, "UTC");
        foreach (var o in occurrences)
        {
            var start = new CalDateTime(o.Date, TimeOnly.ParseExact(o.Start, "HH:mm", CultureInfo.InvariantCulture), team.TimeZone);
            var item = new CalendarEvent
            {
                Uid = $"{(o.EventId ?? o.SprintId)?.ToString("N")}-{o.Kind}-{o.Date:yyyyMMdd}@tandem",
                Summary = o.Title,
                DtStart = start,
                DtEnd = start.AddMinutes(o.DurationMinutes),
                DtStamp = stamp,
                Categories = [o.Kind],
            };
            if (o.VideoLink is { } link)
            {
                item.Location = link;
                item.Url = new Uri(link);
                item.Description = $"Join: {link}";
            }
            calendar.Events.Add(item);
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private async Task<List<TeamEvent>> EventsAsync(Team team, CancellationToken ct) =>
        await db.TeamEvents.AsNoTracking().Where(e => e.TeamId == team.Id).OrderBy(e => e.StartTime).Take(MaxEvents).ToListAsync(ct);

    private async Task<List<CalendarOccurrence>> OccurrencesAsync(Team team, IReadOnlyList<TeamEvent> events, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var zone = team.Zone();
        var list = new List<CalendarOccurrence>();
        CalendarOccurrence At(Guid? eventId, Guid? sprintId, TeamEventKind kind, string title, DateOnly day, TimeOnly start, int minutes, string? link)
        {
            var local = day.ToDateTime(start);
            var offset = zone.GetUtcOffset(local);
            return new CalendarOccurrence(eventId, sprintId, EnumText.Slug(kind), title, day, start.ToString("HH:mm", CultureInfo.InvariantCulture),
                start.AddMinutes(minutes).ToString("HH:mm", CultureInfo.InvariantCulture), new DateTimeOffset(local, offset), minutes, link ?? team.VideoLink);
        }
        foreach (var e in events)
            foreach (var day in e.DaysBetween(from, to))
                list.Add(At(e.Id, null, e.Kind, e.Title, day, e.StartTime, e.DurationMinutes, e.VideoLink));

        // Each sprint's own events come from its dates: the Scrum Master sets their times once, not per sprint.
        var sprints = await db.Sprints.AsNoTracking().Where(s => s.TeamId == team.Id && s.Start <= to && s.End >= from)
            .OrderBy(s => s.Start).Select(s => new { s.Id, s.Name, s.Start, s.End }).Take(20).ToListAsync(ct);
        var bySprint = events.Where(e => e.Recurrence == EventRecurrence.Sprint).ToList();
        foreach (var sprint in sprints)
        {
            foreach (var kind in new[] { TeamEventKind.Planning, TeamEventKind.Review, TeamEventKind.Retrospective })
            {
                var day = kind == TeamEventKind.Planning ? sprint.Start : sprint.End;
                if (day < from || day > to) continue;
                var set = bySprint.Where(e => e.Kind == kind).ToList();
                if (set.Count == 0)
                {
                    var (start, minutes, title) = SprintDefaults[kind];
                    list.Add(At(null, sprint.Id, kind, $"{title}: {sprint.Name}", day, start, minutes, null));
                }
                else foreach (var e in set) list.Add(At(e.Id, sprint.Id, kind, $"{e.Title}: {sprint.Name}", day, e.StartTime, e.DurationMinutes, e.VideoLink));
            }
            foreach (var e in bySprint.Where(e => e.Kind is TeamEventKind.Standup or TeamEventKind.Other))
                if (sprint.Start >= from && sprint.Start <= to) list.Add(At(e.Id, sprint.Id, e.Kind, $"{e.Title}: {sprint.Name}", sprint.Start, e.StartTime, e.DurationMinutes, e.VideoLink));
        }
        return list.OrderBy(o => o.StartsAt).ThenBy(o => o.Title, StringComparer.Ordinal).Take(2000).ToList();
    }

    private static Result<(TeamEventKind Kind, DateOnly Date, TimeOnly Start, int Minutes, EventRecurrence Recurrence)> Parse(Team team, ScheduleEventRequest request)
    {
        var validation = new Validation();
        var kind = EnumText.Required<TeamEventKind>(request.Kind, "kind", validation);
        var recurrence = EnumText.Optional<EventRecurrence>(request.Recurrence, "recurrence", validation) ?? EventRecurrence.None;
        var date = recurrence == EventRecurrence.Sprint ? Dates.Optional(request.Date, "date", validation) : Dates.Required(request.Date, "date", validation);
        var start = default(TimeOnly);
        if (string.IsNullOrWhiteSpace(request.Start)) validation.Add("start", "Say when it starts, as HH:mm in the team's time zone.");
        else if (!TimeOnly.TryParseExact(request.Start.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
            validation.Add("start", $"'{request.Start}' is not a time; use HH:mm, such as 09:30 ({team.TimeZone}).");
        if (request.DurationMinutes is null) validation.Add("durationMinutes", "Say how long it lasts, in minutes.");
        if (validation.Result is { } bad) return bad;
        return (kind!.Value, date ?? DateOnly.MinValue, start, request.DurationMinutes!.Value, recurrence);
    }

    private static string Describe(TeamEvent e) => e.Recurrence switch
    {
        EventRecurrence.Weekdays => $"weekdays from {e.Date:yyyy-MM-dd} at {e.StartTime:HH\\:mm}, {e.DurationMinutes} min",
        EventRecurrence.Sprint => $"every sprint at {e.StartTime:HH\\:mm}, {e.DurationMinutes} min",
        _ => $"{e.Date:yyyy-MM-dd} at {e.StartTime:HH\\:mm}, {e.DurationMinutes} min",
    };

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private static TeamEventDto Dto(TeamEvent e) => new(e.Id, e.TeamId, EnumText.Slug(e.Kind), e.Title, e.Date, e.StartTime.ToString("HH:mm", CultureInfo.InvariantCulture),
        e.DurationMinutes, EnumText.Slug(e.Recurrence), e.VideoLink, e.Version);

    private Task<Result<Owned<Team>>> LoadAsync(Guid teamId, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<Team>(t => t.Id == teamId, operation, "There is no such team in your workspace.", ct);
}
