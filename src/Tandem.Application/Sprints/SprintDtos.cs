namespace Tandem.Application.Sprints;

/// <summary>Dates are YYYY-MM-DD; the end is the sprint's last day (inclusive). Without a name the sprint is called "Sprint N".</summary>
public sealed record PlanSprintRequest(string? Name, string? Goal, string? Start, string? End);

/// <summary>A partial change of a planned sprint: only the fields present change.</summary>
public sealed record ChangeSprintRequest(string? Name, string? Start, string? End);

public sealed record SprintGoalRequest(string? Goal);

public sealed record SprintItemRequest(string? ItemKey);

/// <summary>The unfinished items named in <c>carryOver</c> move to the team's next planned sprint; every other unfinished item goes back to the backlog at its rank.</summary>
public sealed record CloseSprintRequest(IReadOnlyList<string>? CarryOver);

/// <summary><c>kind</c> is add or remove.</summary>
public sealed record AskScopeChangeRequest(string? ItemKey, string? Kind, string? Reason);

public sealed record ScopeDecisionRequest(string? Reason);

public sealed record SprintReviewRequest(bool? GoalMet, string? Notes);

/// <summary>Feedback on an item of the increment, sent to the item's product's feedback inbox.</summary>
public sealed record ReviewFeedbackRequest(string? ItemKey, string? Text);

/// <summary>A row of the team's sprint list.</summary>
public sealed record SprintSummary(
    Guid Id, Guid TeamId, int Number, string Name, string? Goal, string State, DateOnly Start, DateOnly End,
    int Items, decimal Points, decimal CommittedPoints, decimal CompletedPoints, int CommittedItems, int CompletedItems, int Version) : IVersioned;

/// <summary>A planning warning: over-capacity (the sprint), not-ready, blocked or unestimated (an item).</summary>
public sealed record SprintWarning(string Kind, string? ItemKey, string Message);

/// <summary>One item of the sprint backlog. <c>outcome</c> is set once the sprint closed (or the item was removed while it ran).</summary>
public sealed record SprintItemDto(
    string Key, string ProductKey, string Title, string Type, string Status, decimal? Points, string Rank, Guid? ColumnId,
    bool AddedAfterStart, bool Removed, string? Outcome, bool Blocked, bool Ready, IReadOnlyList<string> Warnings);

public sealed record MemberCapacityDto(PersonSummary Person, int AllocationPercent, int WorkingDays, int DaysOff, decimal FocusHours, decimal? Points);

/// <summary>
/// What the team can take on: focus hours per member (working days minus days off × allocation × hours per day
/// × focus factor) and, when the team has closed sprints, points from its velocity per focus hour. The debt
/// share agreed between Tech Lead and Product Owner is a reserved slice of it.
/// </summary>
public sealed record CapacityDto(
    decimal FocusHours, decimal? Points, decimal? PointsPerFocusHour, int VelocitySprints, string? VelocityNote,
    int? DebtSharePercent, decimal? DebtHours, decimal? DebtPoints, decimal PlannedPoints, decimal HoursPerDay, decimal FocusFactor,
    IReadOnlyList<MemberCapacityDto> Members);

public sealed record ScopeRequestDto(
    Guid Id, Guid SprintId, string ItemKey, string ItemTitle, string Kind, string Status, string? Reason, PersonSummary RequestedBy, DateTimeOffset RequestedAt,
    PersonSummary? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionReason, int Version) : IVersioned;

public sealed record SprintDto(
    Guid Id, Guid TeamId, string TeamName, string ProductKey, int Number, string Name, string? Goal, PersonSummary? GoalProposedBy, DateTimeOffset? CommittedAt,
    string State, DateOnly Start, DateOnly End, DateTimeOffset? StartedAt, DateTimeOffset? ClosedAt,
    decimal CommittedPoints, decimal CompletedPoints, int CommittedItems, int CompletedItems, int AddedItems, int RemovedItems, int CarriedOverItems,
    bool? GoalMet, string? ReviewNotes, IReadOnlyList<SprintItemDto> Items, CapacityDto Capacity, IReadOnlyList<SprintWarning> Warnings,
    IReadOnlyList<ScopeRequestDto> ScopeRequests, int Version) : IVersioned;

/// <summary>An item of the sprint at its review: done work (accepted, or waiting for the Product Owner) and what was not finished.</summary>
public sealed record ReviewItemDto(string Key, string ProductKey, string Title, string Status, decimal? Points, bool Done, bool Accepted, string? RejectionReason);

public sealed record ReviewFeedbackDto(int Number, string ProductKey, string Title, string Status, PersonSummary By, DateTimeOffset At);

public sealed record SprintReviewDto(
    Guid SprintId, Guid TeamId, string TeamName, string ProductKey, string Name, string? Goal, string State, DateOnly Start, DateOnly End, bool? GoalMet, string? Notes,
    IReadOnlyList<ReviewItemDto> Increment, IReadOnlyList<ReviewItemDto> NotDone, IReadOnlyList<ReviewFeedbackDto> Feedback, int Version) : IVersioned;

/// <summary>A Markdown export: its text and a file name.</summary>
public sealed record SprintReviewFile(string FileName, string Markdown);
