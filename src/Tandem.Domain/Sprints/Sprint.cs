using Tandem.Domain.Common;

namespace Tandem.Domain.Sprints;

public enum SprintState
{
    Planned,
    Active,
    Closed,
}

/// <summary>
/// A team's time-box: dates, a goal (the Product Owner proposes it, the developers commit to it at planning),
/// a state (planned → active → closed) and, once closed, the committed and completed points the velocity
/// chart reads without summing a hundred sprints' items again.
/// </summary>
public sealed class Sprint : IProductOwned
{
    public const int NameMaxLength = 80;
    public const int GoalMaxLength = 1000;
    public const int ReviewMaxLength = 8000;

    private Sprint() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    /// <summary>The team's home product: its roles decide for the sprint (ADR 23).</summary>
    public Guid ProductId { get; private set; }
    public Guid TeamId { get; private set; }
    /// <summary>1, 2, 3… per team, from the product sequence "sprint:{teamId}".</summary>
    public int Number { get; private set; }
    public string Name { get; private set; } = "";
    public string? Goal { get; private set; }
    public Guid? GoalProposedById { get; private set; }
    /// <summary>When the developers committed to the goal and scope at planning; null before.</summary>
    public DateTimeOffset? CommittedAt { get; private set; }
    public DateOnly Start { get; private set; }
    /// <summary>The last day of the sprint (inclusive).</summary>
    public DateOnly End { get; private set; }
    public SprintState State { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public decimal CommittedPoints { get; private set; }
    public decimal CompletedPoints { get; private set; }
    public int CommittedItems { get; private set; }
    public int CompletedItems { get; private set; }
    public int AddedItems { get; private set; }
    public int RemovedItems { get; private set; }
    public int CarriedOverItems { get; private set; }
    /// <summary>Whether the sprint goal was met, recorded at the review; null until then.</summary>
    public bool? GoalMet { get; private set; }
    public string? ReviewNotes { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; private set; }

    public static Sprint Plan(Guid workspaceId, Guid productId, Guid teamId, int number, string? name, string? goal, DateOnly start, DateOnly end, Guid? goalBy, DateTimeOffset now)
    {
        var sprint = new Sprint
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, TeamId = teamId, Number = number,
            State = SprintState.Planned, CreatedAt = now, Version = 1,
        };
        sprint.Apply(name, goal, start, end);
        sprint.GoalProposedById = sprint.Goal is null ? null : goalBy;
        return sprint;
    }

    public static RuleCheck Check(string? name, string? goal, DateOnly start, DateOnly end)
    {
        var check = new RuleCheck();
        var n = (name ?? "").Trim();
        check.Require(n.Length > 0, "name", "A sprint needs a name.");
        check.Require(n.Length <= NameMaxLength, "name", $"A sprint name has at most {NameMaxLength} characters.");
        check.Require(goal is not { Length: > GoalMaxLength }, "goal", $"A sprint goal has at most {GoalMaxLength} characters.");
        check.Require(end >= start, "end", $"The sprint ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd}).");
        check.Require(end.DayNumber - start.DayNumber < 62, "end", "A sprint is at most two months long.");
        return check;
    }

    /// <summary>Dates and name change while the sprint is planned; the goal may be re-proposed until it is committed.</summary>
    public void Reschedule(string? name, DateOnly start, DateOnly end)
    {
        if (State != SprintState.Planned) throw new DomainException("state", $"{Name} is {Describe(State)}; only a planned sprint's dates change.");
        Apply(name, Goal, start, end);
        Version++;
    }

    public void ProposeGoal(string? goal, Guid by)
    {
        if (State == SprintState.Closed) throw new DomainException("state", $"{Name} is closed; its goal no longer changes.");
        var text = string.IsNullOrWhiteSpace(goal) ? null : goal.Trim();
        new RuleCheck().Require(text is not null, "goal", "Say what the sprint should achieve.")
            .Require(text is not { Length: > GoalMaxLength }, "goal", $"A sprint goal has at most {GoalMaxLength} characters.").ThrowIfBroken();
        (Goal, GoalProposedById, CommittedAt) = (text, by, null);
        Version++;
    }

    public void Commit(DateTimeOffset now)
    {
        if (State == SprintState.Closed) throw new DomainException("state", $"{Name} is closed.");
        if (Goal is null) throw new DomainException("goal", "The team commits to a goal: the Product Owner proposes one first.");
        CommittedAt = now;
        Version++;
    }

    public void BeginAt(DateTimeOffset now, decimal committedPoints, int committedItems)
    {
        if (State != SprintState.Planned) throw new DomainException("state", $"{Name} is {Describe(State)}; only a planned sprint starts.");
        (State, StartedAt, CommittedPoints, CommittedItems) = (SprintState.Active, now, committedPoints, committedItems);
        Version++;
    }

    public void CloseAt(DateTimeOffset now, decimal completedPoints, int completedItems, int carriedOver, int added, int removed)
    {
        if (State != SprintState.Active) throw new DomainException("state", $"{Name} is {Describe(State)}; only an active sprint closes.");
        (State, ClosedAt, CompletedPoints, CompletedItems, CarriedOverItems, AddedItems, RemovedItems) =
            (SprintState.Closed, now, completedPoints, completedItems, carriedOver, added, removed);
        Version++;
    }

    public void RecordReview(bool? goalMet, string? notes)
    {
        if (State == SprintState.Planned) throw new DomainException("state", $"{Name} has not started; the review looks at a sprint's increment.");
        var text = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        new RuleCheck().Require(text is not { Length: > ReviewMaxLength }, "notes", $"Review notes have at most {ReviewMaxLength} characters.").ThrowIfBroken();
        (GoalMet, ReviewNotes) = (goalMet, text);
        Version++;
    }

    public int WorkingDayCount(Func<DateOnly, bool> isWorkingDay)
    {
        var days = 0;
        for (var d = Start; d <= End; d = d.AddDays(1)) if (isWorkingDay(d)) days++;
        return days;
    }

    public static string Describe(SprintState state) => state.ToString().ToLowerInvariant();

    private void Apply(string? name, string? goal, DateOnly start, DateOnly end)
    {
        Check(name, goal, start, end).ThrowIfBroken();
        (Name, Goal, Start, End) = (name!.Trim(), string.IsNullOrWhiteSpace(goal) ? null : goal.Trim(), start, end);
    }
}

/// <summary>What became of an item of a closed sprint.</summary>
public enum SprintItemOutcome
{
    /// <summary>Done (or accepted) when the sprint closed.</summary>
    Completed,
    /// <summary>Unfinished, back on the backlog at its old rank.</summary>
    Returned,
    /// <summary>Unfinished, moved on to the next sprint.</summary>
    CarriedOver,
    /// <summary>Taken out of the sprint while it ran (an accepted scope change).</summary>
    Removed,
}

/// <summary>
/// An item's stay in one sprint: when it came and went, the points it had then, its board column and
/// how long it has been there, whether it is blocked, and what became of it. A carried-over item gets a
/// new row in the next sprint; the old row keeps the history the metrics read.
/// </summary>
public sealed class SprintItem : ITenantOwned
{
    public const int BlockedReasonMaxLength = 500;

    private SprintItem() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid SprintId { get; private set; }
    public Guid TeamId { get; private set; }
    public Guid ItemId { get; private set; }
    /// <summary>The item's estimate when it came in, then at the close; null for an unestimated item.</summary>
    public decimal? Points { get; private set; }
    public DateTimeOffset AddedAt { get; private set; }
    /// <summary>Came in after the start (an accepted scope change), so it counts as scope change, not commitment.</summary>
    public bool AddedAfterStart { get; private set; }
    public DateTimeOffset? RemovedAt { get; private set; }
    /// <summary>When the card reached a done column; cleared if it moves back.</summary>
    public DateTimeOffset? CompletedAt { get; private set; }
    /// <summary>When the card first left the first column: the start of its cycle time.</summary>
    public DateTimeOffset? StartedAt { get; private set; }
    public Guid? ColumnId { get; private set; }
    public DateTimeOffset ColumnSince { get; private set; }
    /// <summary>Position inside the column, a rank string like the backlog's.</summary>
    public string Order { get; private set; } = "";
    public bool Blocked { get; private set; }
    public string? BlockedReason { get; private set; }
    public DateTimeOffset? BlockedSince { get; private set; }
    public SprintItemOutcome? Outcome { get; private set; }
    public int Version { get; private set; }

    /// <summary>Still part of its sprint (not removed).</summary>
    public bool InSprint => RemovedAt is null;

    public static SprintItem Add(Sprint sprint, Guid itemId, decimal? points, Guid? columnId, string order, bool afterStart, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now), WorkspaceId = sprint.WorkspaceId, SprintId = sprint.Id, TeamId = sprint.TeamId, ItemId = itemId,
        Points = points, AddedAt = now, AddedAfterStart = afterStart, ColumnId = columnId, ColumnSince = now, Order = order, Version = 1,
    };

    /// <summary>Brings back an item taken out of this sprint earlier (an accepted "add" after a "remove"): one row per item and sprint keeps the history.</summary>
    public void Restore(bool afterStart, DateTimeOffset now)
    {
        (RemovedAt, Outcome, AddedAt, AddedAfterStart) = (null, null, now, afterStart);
        Version++;
    }

    public void Remove(DateTimeOffset now, bool whileRunning)
    {
        RemovedAt = now;
        if (whileRunning) Outcome = SprintItemOutcome.Removed;
        Version++;
    }

    /// <summary>Moves the card; <paramref name="isDone"/> and <paramref name="isFirst"/> describe the target column.</summary>
    public void MoveTo(Guid columnId, string order, bool isFirst, bool isDone, DateTimeOffset now)
    {
        if (ColumnId != columnId) ColumnSince = now;
        ColumnId = columnId;
        Order = order;
        if (!isFirst) StartedAt ??= now;
        CompletedAt = isDone ? CompletedAt ?? now : null;
        Version++;
    }

    /// <summary>A new place in the same column when the board respreads a column's orders to keep them short; not a move, so the version stays.</summary>
    public void Respace(string order) => Order = order;

    public void Block(string? reason, DateTimeOffset now)
    {
        var text = (reason ?? "").Trim();
        new RuleCheck()
            .Require(text.Length > 0, "reason", "Say what blocks the card, so the team can help.")
            .Require(text.Length <= BlockedReasonMaxLength, "reason", $"A blocked reason has at most {BlockedReasonMaxLength} characters.")
            .ThrowIfBroken();
        if (!Blocked) BlockedSince = now;
        (Blocked, BlockedReason) = (true, text);
        Version++;
    }

    public void Unblock()
    {
        (Blocked, BlockedReason, BlockedSince) = (false, null, null);
        Version++;
    }

    /// <summary>The points the card is committed with at the sprint's start: later re-estimates do not move the commitment.</summary>
    public void CommitWith(decimal? points)
    {
        Points = points;
        Version++;
    }

    public void Settle(SprintItemOutcome outcome, decimal? points)
    {
        (Outcome, Points) = (outcome, points);
        Version++;
    }
}

/// <summary>A card's move between columns: the cumulative-flow and cycle-time charts are drawn from these.</summary>
public sealed class CardMove : ITenantOwned
{
    private CardMove() { }

    public long Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid TeamId { get; private set; }
    public Guid SprintId { get; private set; }
    public Guid ItemId { get; private set; }
    public Guid? FromColumnId { get; private set; }
    public Guid ToColumnId { get; private set; }
    public Guid ById { get; private set; }
    public DateTimeOffset At { get; private set; }

    public static CardMove Of(SprintItem card, Guid? from, Guid to, Guid by, DateTimeOffset now) => new()
    {
        WorkspaceId = card.WorkspaceId, TeamId = card.TeamId, SprintId = card.SprintId, ItemId = card.ItemId, FromColumnId = from, ToColumnId = to, ById = by, At = now,
    };
}

public enum ScopeChangeKind
{
    Add,
    Remove,
}

public enum ScopeChangeStatus
{
    Pending,
    Accepted,
    Declined,
    Withdrawn,
}

/// <summary>
/// Protecting the team: once a sprint runs, adding or removing an item is a request anyone may make and
/// only the developers (with the Tech Lead) decide. Nobody forces it; every request stays on record and
/// counts in the scope-change metric.
/// </summary>
public sealed class ScopeChangeRequest : IProductOwned
{
    public const int ReasonMaxLength = 2000;

    private ScopeChangeRequest() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid TeamId { get; private set; }
    public Guid SprintId { get; private set; }
    public Guid ItemId { get; private set; }
    public ScopeChangeKind Kind { get; private set; }
    public string? Reason { get; private set; }
    public Guid RequestedById { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    public ScopeChangeStatus Status { get; private set; }
    public Guid? DecidedById { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionReason { get; private set; }
    public int Version { get; private set; }

    public static ScopeChangeRequest Ask(Sprint sprint, Guid itemId, ScopeChangeKind kind, string? reason, Guid by, DateTimeOffset now)
    {
        var text = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        new RuleCheck().Require(text is not { Length: > ReasonMaxLength }, "reason", $"A reason has at most {ReasonMaxLength} characters.").ThrowIfBroken();
        if (sprint.State != SprintState.Active) throw new DomainException("sprint", $"{sprint.Name} is {Sprint.Describe(sprint.State)}; scope-change requests are for a running sprint (plan a planned one directly).");
        return new ScopeChangeRequest
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = sprint.WorkspaceId, ProductId = sprint.ProductId, TeamId = sprint.TeamId, SprintId = sprint.Id,
            ItemId = itemId, Kind = kind, Reason = text, RequestedById = by, RequestedAt = now, Status = ScopeChangeStatus.Pending, Version = 1,
        };
    }

    public void Decide(bool accept, string? reason, Guid by, DateTimeOffset now)
    {
        if (Status != ScopeChangeStatus.Pending) throw new DomainException("status", $"This request was already {Status.ToString().ToLowerInvariant()}.");
        var text = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        new RuleCheck()
            .Require(accept || text is not null, "reason", "Say why the team declines, so whoever asked knows.")
            .Require(text is not { Length: > ReasonMaxLength }, "reason", $"A reason has at most {ReasonMaxLength} characters.")
            .ThrowIfBroken();
        (Status, DecidedById, DecidedAt, DecisionReason) = (accept ? ScopeChangeStatus.Accepted : ScopeChangeStatus.Declined, by, now, text);
        Version++;
    }

    public void Withdraw(DateTimeOffset now)
    {
        if (Status != ScopeChangeStatus.Pending) throw new DomainException("status", $"This request was already {Status.ToString().ToLowerInvariant()}.");
        (Status, DecidedAt) = (ScopeChangeStatus.Withdrawn, now);
        Version++;
    }
}
