using Tandem.Domain.Common;

namespace Tandem.Domain.Events;

public enum TeamEventKind
{
    Planning,
    Standup,
    Review,
    Retrospective,
    Other,
}

/// <summary>How an event repeats.</summary>
public enum EventRecurrence
{
    /// <summary>Once, on its date.</summary>
    None,
    /// <summary>Monday to Friday from its date on: the daily stand-up.</summary>
    Weekdays,
    /// <summary>On every sprint of the team: planning on the first day, review and retrospective on the last, others on the first.</summary>
    Sprint,
}

/// <summary>
/// One of the team's Scrum events (or another meeting) on its calendar. Times are local to the team's time
/// zone, so a stand-up at 09:30 stays at 09:30 across daylight-saving changes. The Scrum Master schedules them.
/// </summary>
public sealed class TeamEvent : IProductOwned
{
    public const int TitleMaxLength = 120;
    public const int VideoLinkMaxLength = 500;
    public const int MaxDurationMinutes = 8 * 60;

    private TeamEvent() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid TeamId { get; private set; }
    public TeamEventKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    /// <summary>The day it happens (or first happens, for a weekday event).</summary>
    public DateOnly Date { get; private set; }
    /// <summary>Local time in the team's time zone.</summary>
    public TimeOnly StartTime { get; private set; }
    public int DurationMinutes { get; private set; }
    public EventRecurrence Recurrence { get; private set; }
    /// <summary>Its own call; null means the team's video link.</summary>
    public string? VideoLink { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; private set; }

    public static TeamEvent Schedule(Guid workspaceId, Guid productId, Guid teamId, TeamEventKind kind, string? title, DateOnly date, TimeOnly start,
        int durationMinutes, EventRecurrence recurrence, string? videoLink, DateTimeOffset now)
    {
        var e = new TeamEvent { Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, TeamId = teamId, CreatedAt = now };
        e.Change(kind, title, date, start, durationMinutes, recurrence, videoLink);
        return e;
    }

    public void Change(TeamEventKind kind, string? title, DateOnly date, TimeOnly start, int durationMinutes, EventRecurrence recurrence, string? videoLink)
    {
        var t = (title ?? "").Trim();
        var link = string.IsNullOrWhiteSpace(videoLink) ? null : videoLink.Trim();
        new RuleCheck()
            .Require(Enum.IsDefined(kind), "kind", "The kind is planning, standup, review, retrospective or other.")
            .Require(t.Length > 0, "title", "An event needs a title.")
            .Require(t.Length <= TitleMaxLength, "title", $"A title has at most {TitleMaxLength} characters.")
            .Require(durationMinutes is >= 5 and <= MaxDurationMinutes, "durationMinutes", $"An event lasts 5 to {MaxDurationMinutes} minutes.")
            .Require(Enum.IsDefined(recurrence), "recurrence", "The recurrence is none, weekdays or sprint.")
            .Require(link is null || (link.Length <= VideoLinkMaxLength && Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)),
                "videoLink", $"The video-call link is an http(s) address of at most {VideoLinkMaxLength} characters.")
            .ThrowIfBroken();
        (Kind, Title, Date, StartTime, DurationMinutes, Recurrence, VideoLink) = (kind, t, date, start, durationMinutes, recurrence, link);
        Version++;
    }

    /// <summary>The days it happens between <paramref name="from"/> and <paramref name="to"/> (inclusive), for events not tied to sprints.</summary>
    public IEnumerable<DateOnly> DaysBetween(DateOnly from, DateOnly to)
    {
        if (Recurrence == EventRecurrence.None)
        {
            if (Date >= from && Date <= to) yield return Date;
            yield break;
        }
        if (Recurrence != EventRecurrence.Weekdays) yield break;
        for (var day = Date > from ? Date : from; day <= to; day = day.AddDays(1))
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) yield return day;
    }
}

/// <summary>
/// The secret that lets a calendar client (which cannot sign in) read one team's feed. Team members see the
/// feed address on the calendar page; the Scrum Master rotates it when it leaked.
/// </summary>
public sealed class TeamCalendarFeed : ITenantOwned
{
    private TeamCalendarFeed() { }

    public Guid TeamId { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public string Token { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public static TeamCalendarFeed Issue(Guid workspaceId, Guid teamId, string token, DateTimeOffset now) =>
        new() { TeamId = teamId, WorkspaceId = workspaceId, Token = token, CreatedAt = now };

    public void Rotate(string token, DateTimeOffset now) => (Token, CreatedAt) = (token, now);
}
