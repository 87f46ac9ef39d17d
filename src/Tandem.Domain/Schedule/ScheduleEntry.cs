// The namespace is Scheduling, not Schedule: DecisionRights.Operations already uses "Schedule" as an area name.
using Tandem.Domain.Common;

namespace Tandem.Domain.Scheduling;

/// <summary>
/// A backlog item (an epic or any work package) placed on its product's schedule. Its dates are the
/// Technical Project Manager's explicit <see cref="Start"/> and <see cref="End"/> (inclusive calendar days)
/// when set; otherwise the schedule derives them from the item's sprint or its estimate and the team's
/// velocity. One entry per item.
/// </summary>
public sealed class ScheduleEntry : IProductOwned
{
    /// <summary>The longest an explicitly dated item may run, in calendar days (about five years).</summary>
    public const int MaxDays = 1830;

    private ScheduleEntry() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid ItemId { get; private set; }
    public DateOnly? Start { get; private set; }
    public DateOnly? End { get; private set; }
    public Guid AddedById { get; private set; }
    public DateTimeOffset AddedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public static ScheduleEntry Place(Guid workspaceId, Guid productId, Guid itemId, DateOnly? start, DateOnly? end, Guid by, DateTimeOffset now)
    {
        var entry = new ScheduleEntry
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, ItemId = itemId, AddedById = by,
            AddedAt = now, UpdatedAt = now, Version = 1,
        };
        Check(start, end);
        (entry.Start, entry.End) = (start, end);
        return entry;
    }

    /// <summary>Sets (or, with both null, clears) the explicit dates: both or neither, the end not before the start.</summary>
    public void SetDates(DateOnly? start, DateOnly? end, DateTimeOffset now)
    {
        Check(start, end);
        (Start, End) = (start, end);
        UpdatedAt = now;
        Version++;
    }

    private static void Check(DateOnly? start, DateOnly? end) =>
        new RuleCheck()
            .Require(start is null == end is null, start is null ? "start" : "end", "Give both a start and an end date, or neither (the schedule then derives them).")
            .Require(start is null || end is null || end >= start, "end", "The end date cannot be before the start date.")
            .Require(start is null || end is null || end.Value.DayNumber - start.Value.DayNumber < MaxDays, "end", $"An item runs at most {MaxDays} days.")
            .ThrowIfBroken();
}
