using Tandem.Domain.Backlog;
using Tandem.Domain.Common;

namespace Tandem.Domain.Teams;

/// <summary>
/// A delivery team: its people, the products it works on, its cadence and its board's workflow. A team's
/// decision rights are those of its home product (<see cref="ProductId"/>): the Scrum Master of that product
/// runs the team's cadence and events, its developers and Tech Lead decide sprint scope (ADR 23). The team
/// may pull work from every product in <see cref="TeamProduct"/>.
/// </summary>
public sealed class Team : IProductOwned
{
    public const int NameMaxLength = 100;
    public const int TimeZoneMaxLength = 64;
    public const int MaxSprintLengthDays = 42;
    public const int VideoLinkMaxLength = 500;

    private Team() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    /// <summary>The home product, whose roles decide for the team and whose decision log records its decisions.</summary>
    public Guid ProductId { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>An IANA time zone id ("Europe/Berlin"): stand-up cut-offs and event times are in it.</summary>
    public string TimeZone { get; private set; } = "UTC";
    public int SprintLengthDays { get; private set; } = 14;
    public DayOfWeek SprintStartDay { get; private set; } = DayOfWeek.Monday;
    /// <summary>The share of available hours that goes to sprint work (meetings, support and interruptions take the rest).</summary>
    public decimal FocusFactor { get; private set; } = 0.8m;
    public decimal HoursPerDay { get; private set; } = 8m;
    /// <summary>Local time in <see cref="TimeZone"/> after which a day's stand-up no longer takes answers.</summary>
    public TimeOnly StandupCutoff { get; private set; } = new(10, 0);
    /// <summary>The call every event of the team uses unless the event names its own.</summary>
    public string? VideoLink { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; private set; }

    public static Team Create(Guid workspaceId, Guid productId, string? name, string? timeZone, DateTimeOffset now)
    {
        var check = new RuleCheck();
        var trimmed = (name ?? "").Trim();
        check.Require(trimmed.Length > 0, "name", "A team needs a name.");
        check.Require(trimmed.Length <= NameMaxLength, "name", $"A team name has at most {NameMaxLength} characters.");
        var zone = CheckTimeZone(check, timeZone ?? "UTC");
        check.ThrowIfBroken();
        return new Team
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, Name = trimmed, TimeZone = zone,
            CreatedAt = now, Version = 1,
        };
    }

    public void Rename(string? name)
    {
        var trimmed = (name ?? "").Trim();
        new RuleCheck()
            .Require(trimmed.Length > 0, "name", "A team needs a name.")
            .Require(trimmed.Length <= NameMaxLength, "name", $"A team name has at most {NameMaxLength} characters.")
            .ThrowIfBroken();
        Name = trimmed;
        Version++;
    }

    /// <summary>The Scrum Master's settings: cadence, capacity rules, stand-up cut-off, time zone and call link, all checked together.</summary>
    public void SetWorkingRhythm(int sprintLengthDays, DayOfWeek startDay, decimal focusFactor, decimal hoursPerDay, TimeOnly standupCutoff, string timeZone, string? videoLink)
    {
        var check = new RuleCheck();
        check.Require(sprintLengthDays is >= 1 and <= MaxSprintLengthDays, "sprintLengthDays", $"A sprint lasts 1 to {MaxSprintLengthDays} days.");
        check.Require(Enum.IsDefined(startDay), "sprintStartDay", "The start day is a weekday name, monday to sunday.");
        check.Require(focusFactor is > 0m and <= 1m, "focusFactor", "The focus factor is a share above 0 and at most 1 (0.8 means 80 % of the time goes to sprint work).");
        check.Require(hoursPerDay is > 0m and <= 24m, "hoursPerDay", "Hours per day are above 0 and at most 24.");
        var zone = CheckTimeZone(check, timeZone);
        var link = string.IsNullOrWhiteSpace(videoLink) ? null : videoLink.Trim();
        check.Require(link is null || (link.Length <= VideoLinkMaxLength && Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)),
            "videoLink", $"The video-call link is an http(s) address of at most {VideoLinkMaxLength} characters.");
        check.ThrowIfBroken();
        (SprintLengthDays, SprintStartDay, FocusFactor, HoursPerDay, StandupCutoff, TimeZone, VideoLink) =
            (sprintLengthDays, startDay, focusFactor, hoursPerDay, standupCutoff, zone, link);
        Version++;
    }

    /// <summary>Something of the team changed (members, products, absences, workflow): its version moves, so stale writes are refused.</summary>
    public void Touch() => Version++;

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>The team's calendar date at an instant.</summary>
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone()).DateTime);

    private static string CheckTimeZone(RuleCheck check, string timeZone)
    {
        var zone = (timeZone ?? "").Trim();
        var known = zone.Length is > 0 and <= TimeZoneMaxLength && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _);
        check.Require(known, "timeZone", $"'{zone}' is not a time zone; use an IANA name such as Europe/Berlin or America/New_York.");
        return zone;
    }
}

/// <summary>A product the team works on. The home product is listed too, so "the team's products" is one query.</summary>
public sealed class TeamProduct : ITenantOwned
{
    private TeamProduct() { }

    public Guid TeamId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid WorkspaceId { get; private set; }

    public static TeamProduct Of(Team team, Guid productId) => new() { TeamId = team.Id, ProductId = productId, WorkspaceId = team.WorkspaceId };
}

/// <summary>Working days as flags, so a member's week is one column.</summary>
[Flags]
public enum WorkingDays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
    Weekdays = Monday | Tuesday | Wednesday | Thursday | Friday,
}

/// <summary>A person on a team, with the share of their time the team gets and the days they work.</summary>
public sealed class TeamMember : ITenantOwned
{
    private TeamMember() { }

    public Guid TeamId { get; private set; }
    public Guid UserId { get; private set; }
    public Guid WorkspaceId { get; private set; }
    /// <summary>0–100: the share of this person's time that belongs to this team.</summary>
    public int AllocationPercent { get; private set; }
    public WorkingDays WorkingDays { get; private set; }
    public DateTimeOffset JoinedAt { get; private set; }

    public static TeamMember Add(Team team, Guid userId, int allocationPercent, WorkingDays workingDays, DateTimeOffset now)
    {
        Check(allocationPercent, workingDays).ThrowIfBroken();
        return new TeamMember { TeamId = team.Id, UserId = userId, WorkspaceId = team.WorkspaceId, AllocationPercent = allocationPercent, WorkingDays = workingDays, JoinedAt = now };
    }

    public void Change(int allocationPercent, WorkingDays workingDays)
    {
        Check(allocationPercent, workingDays).ThrowIfBroken();
        (AllocationPercent, WorkingDays) = (allocationPercent, workingDays);
    }

    public bool WorksOn(DayOfWeek day) => WorkingDays.HasFlag(Flag(day));

    public static WorkingDays Flag(DayOfWeek day) => (WorkingDays)(1 << (((int)day + 6) % 7));

    private static RuleCheck Check(int allocationPercent, WorkingDays workingDays) => new RuleCheck()
        .Require(allocationPercent is >= 0 and <= 100, "allocationPercent", "An allocation is a percentage from 0 to 100.")
        .Require(workingDays != WorkingDays.None && (int)workingDays < 128, "workingDays", "A member works on at least one day of the week.");
}

/// <summary>Days a member is away (holiday, training, on call elsewhere): capacity leaves them out.</summary>
public sealed class TeamAbsence : ITenantOwned
{
    public const int NoteMaxLength = 200;

    private TeamAbsence() { }

    public Guid Id { get; private set; }
    public Guid TeamId { get; private set; }
    public Guid UserId { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }
    public string? Note { get; private set; }

    public static TeamAbsence Record(Team team, Guid userId, DateOnly from, DateOnly to, string? note, DateTimeOffset now)
    {
        var text = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        new RuleCheck()
            .Require(to >= from, "to", "An absence ends on or after the day it starts.")
            .Require(to.DayNumber - from.DayNumber <= 366, "to", "An absence is at most a year long.")
            .Require(text is not { Length: > NoteMaxLength }, "note", $"A note has at most {NoteMaxLength} characters.")
            .ThrowIfBroken();
        return new TeamAbsence { Id = Guid.CreateVersion7(now), TeamId = team.Id, UserId = userId, WorkspaceId = team.WorkspaceId, From = from, To = to, Note = text };
    }

    public bool Covers(DateOnly day) => day >= From && day <= To;
}

/// <summary>
/// One column of the team's board. Each column maps to the item status a card takes when it enters
/// (several columns may share a status: "In progress" and "Review" are both in progress). A WIP limit
/// counts the cards in the column; the board shows a breach, it does not refuse the move.
/// </summary>
public sealed class BoardColumn : ITenantOwned
{
    public const int NameMaxLength = 40;
    public const int MaxColumns = 12;

    private BoardColumn() { }

    public Guid Id { get; private set; }
    public Guid TeamId { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public string Name { get; private set; } = "";
    public int Position { get; private set; }
    public ItemStatus Status { get; private set; }
    public int? WipLimit { get; private set; }

    public static BoardColumn Create(Team team, string? name, int position, ItemStatus status, int? wipLimit, DateTimeOffset now)
    {
        var column = new BoardColumn { Id = Guid.CreateVersion7(now), TeamId = team.Id, WorkspaceId = team.WorkspaceId, Position = position };
        column.Change(name, status, wipLimit, position);
        return column;
    }

    public void Change(string? name, ItemStatus status, int? wipLimit, int position)
    {
        var trimmed = (name ?? "").Trim();
        new RuleCheck()
            .Require(trimmed.Length is > 0 and <= NameMaxLength, "name", $"A column needs a name of at most {NameMaxLength} characters.")
            .Require(status != ItemStatus.Accepted, "status", "Accepting work is the Product Owner's decision, not a board column: map the last column to done.")
            .Require(wipLimit is null or >= 1 and <= 999, "wipLimit", "A WIP limit is a whole number from 1 to 999, or none.")
            .ThrowIfBroken();
        (Name, Status, WipLimit, Position) = (trimmed, status, wipLimit, position);
    }

    public bool IsOverLimit(int cards) => WipLimit is { } limit && cards > limit;

    /// <summary>The workflow a new team starts with; the Scrum Master changes it with the team.</summary>
    public static IReadOnlyList<(string Name, ItemStatus Status, int? WipLimit)> DefaultWorkflow { get; } =
    [
        ("To do", ItemStatus.Ready, null),
        ("In progress", ItemStatus.InProgress, 4),
        ("Review", ItemStatus.InProgress, 3),
        ("Done", ItemStatus.Done, null),
    ];
}
