namespace Tandem.Application.Schedule;

/// <summary>Where an item's dates come from: set by the TPM, its sprint, its estimate over the team's velocity, or the default length.</summary>
public static class DateSource
{
    public const string Explicit = "explicit";
    public const string Sprint = "sprint";
    public const string Velocity = "velocity";
    public const string Default = "default";
}

/// <summary>
/// One item on a schedule. <c>Start</c>/<c>End</c> are the scheduled (early) dates, inclusive; the late dates
/// say how far it may slip without moving the finish; <c>SlackDays</c> is that margin in calendar days.
/// <c>External</c> marks a predecessor from another product, shown because a link of this product waits on it.
/// <c>Source</c> is explicit, sprint, velocity or default; <c>PlannedStart</c>/<c>PlannedEnd</c> the dates the
/// source gave before dependencies pushed it. Drift fields are set when compared with a baseline
/// (positive: later than the baseline).
/// </summary>
public sealed record ScheduleItemDto(
    Guid? EntryId, string Key, string Title, string Type, string ProductKey, string? Team, bool External,
    DateOnly Start, DateOnly End, int DurationDays, DateOnly EarlyStart, DateOnly EarlyFinish, DateOnly LateStart, DateOnly LateFinish,
    int SlackDays, bool Critical, string Source, DateOnly PlannedStart, DateOnly PlannedEnd,
    DateOnly? BaselineStart, DateOnly? BaselineEnd, int? StartDriftDays, int? DriftDays, int Version) : IVersioned;

/// <summary>A dependency: <c>Type</c> finish-to-start, start-to-start or finish-to-finish; <c>Lag</c> as text ("2d", "1w", "0").</summary>
public sealed record ScheduleLinkDto(Guid Id, string Predecessor, string Successor, string Type, string Lag, int LagDays, string ProductKey);

/// <summary>A saved baseline: its name, who saved it when, and how many items it holds.</summary>
public sealed record BaselineSummary(Guid Id, string Name, DateTimeOffset CreatedAt, PersonSummary CreatedBy, int Items);

/// <summary>
/// A product's schedule: items (its own, then other products' predecessors), the links, the critical path as
/// item keys in order, the finish date, and — with a baseline — each item's drift. <c>Cycle</c> names a loop
/// in the links (then no dates are pushed and nothing is critical until a link of it goes). <c>Assumptions</c>
/// says how dates were derived. <c>CanEdit</c>: the reader may shift dates and change links.
/// </summary>
public sealed record ScheduleDto(
    string ProductKey, DateOnly Today, DateOnly? Finish, IReadOnlyList<ScheduleItemDto> Items, IReadOnlyList<string> CriticalPath,
    IReadOnlyList<ScheduleLinkDto> Links, BaselineSummary? Baseline, string? Cycle, IReadOnlyList<string> Assumptions, bool CanEdit);

/// <summary>Add an item (any type: an epic or a work package) of the product to its schedule, optionally with explicit dates.</summary>
public sealed record AddScheduleItemRequest(string? ItemKey, string? Start, string? End);

/// <summary>Set explicit dates (YYYY-MM-DD, both) or clear them (both empty: the schedule derives them again).</summary>
public sealed record SetScheduleDatesRequest(string? Start, string? End);

/// <summary>
/// A dependency: <c>predecessor</c> and <c>successor</c> item keys (the successor on this product's schedule,
/// the predecessor on it or an item of another product), <c>type</c> finish-to-start (default),
/// start-to-start or finish-to-finish (or fs, ss, ff), <c>lag</c> like "0", "2d", "-1d", "1w".
/// </summary>
public sealed record AddScheduleLinkRequest(string? Predecessor, string? Successor, string? Type, string? Lag);

public sealed record SaveBaselineRequest(string? Name);

/// <summary>One item in a baseline, with the other side's dates and the drift in days when compared (positive: the other is later).</summary>
public sealed record BaselineItemDto(string Key, string Title, DateOnly Start, DateOnly End, DateOnly? OtherStart, DateOnly? OtherEnd, int? StartDriftDays, int? DriftDays);

/// <summary>A baseline's items, compared with another baseline (<c>ComparedWith</c>) or with the current schedule (<c>ComparedWith</c> null).</summary>
public sealed record BaselineDto(BaselineSummary Baseline, BaselineSummary? ComparedWith, IReadOnlyList<BaselineItemDto> Items);
