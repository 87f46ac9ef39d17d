using Tandem.Domain.Common;

namespace Tandem.Domain.Scheduling;

/// <summary>
/// A named snapshot of every scheduled item's dates at one moment, saved by the Technical Project Manager, so
/// the current schedule (or a later baseline) can be compared with it: drift in days per item.
/// </summary>
public sealed class ScheduleBaseline : IProductOwned
{
    public const int NameMaxLength = 120;

    private ScheduleBaseline() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public string Name { get; private set; } = "";
    public Guid CreatedById { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static ScheduleBaseline Save(Guid workspaceId, Guid productId, string? name, Guid by, DateTimeOffset now)
    {
        var n = (name ?? "").Trim();
        new RuleCheck()
            .Require(n.Length > 0, "name", "A baseline needs a name, for example \"Plan agreed at kick-off\".")
            .Require(n.Length <= NameMaxLength, "name", $"A baseline name has at most {NameMaxLength} characters.")
            .ThrowIfBroken();
        return new ScheduleBaseline { Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, Name = n, CreatedById = by, CreatedAt = now };
    }
}

/// <summary>One item's dates in a baseline.</summary>
public sealed class ScheduleBaselineEntry : ITenantOwned
{
    private ScheduleBaselineEntry() { }

    public Guid BaselineId { get; private set; }
    public Guid ItemId { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public DateOnly Start { get; private set; }
    public DateOnly End { get; private set; }

    public static ScheduleBaselineEntry Of(ScheduleBaseline baseline, Guid itemId, DateOnly start, DateOnly end) =>
        new() { BaselineId = baseline.Id, ItemId = itemId, WorkspaceId = baseline.WorkspaceId, Start = start, End = end };
}
