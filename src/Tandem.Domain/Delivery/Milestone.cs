using Tandem.Domain.Common;

namespace Tandem.Domain.Delivery;

public enum MilestoneStatus
{
    Planned,
    Achieved,
    Missed,
    Cancelled,
}

/// <summary>
/// A point the Technical Project Manager commits a product to: a date, the criteria that say it is reached,
/// an owner, optionally the release it ships, and its scope (epics and items, <see cref="MilestoneScope"/>).
/// <see cref="TargetConfidence"/> is the forecast confidence below which it counts as at risk (85 % unless
/// the TPM says otherwise). Numbered per product; the date is the TPM's to move.
/// </summary>
public sealed class Milestone : IProductOwned
{
    public const int NameMaxLength = 120;
    public const int CriteriaMaxLength = 8000;
    public const int DefaultTargetConfidence = 85;

    private Milestone() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public int Number { get; private set; }
    public string Name { get; private set; } = "";
    public DateOnly Date { get; private set; }
    public string Criteria { get; private set; } = "";
    public MilestoneStatus Status { get; private set; }
    public Guid? OwnerId { get; private set; }
    public Guid? ReleaseId { get; private set; }
    /// <summary>Percent, 50–99: below it the milestone is at risk and a trade-off is due.</summary>
    public int TargetConfidence { get; private set; }
    public Guid CreatedById { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public static Milestone Plan(Guid workspaceId, Guid productId, int number, string? name, DateOnly date, string? criteria, Guid? ownerId,
        Guid? releaseId, int? targetConfidence, Guid by, DateTimeOffset now)
    {
        var milestone = new Milestone
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, Number = number, Status = MilestoneStatus.Planned,
            CreatedById = by, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        milestone.Apply(name, date, criteria, ownerId, releaseId, targetConfidence);
        return milestone;
    }

    public void Change(string? name, DateOnly date, string? criteria, Guid? ownerId, Guid? releaseId, int? targetConfidence, DateTimeOffset now)
    {
        Apply(name, date, criteria, ownerId, releaseId, targetConfidence);
        UpdatedAt = now;
        Version++;
    }

    public void MoveDate(DateOnly date, DateTimeOffset now)
    {
        Date = date;
        UpdatedAt = now;
        Version++;
    }

    /// <summary>Its scope, prerequisites or gates changed: a new version, so a stale edit is told.</summary>
    public void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    public void SetStatus(MilestoneStatus status, DateTimeOffset now)
    {
        Status = status;
        UpdatedAt = now;
        Version++;
    }

    private void Apply(string? name, DateOnly date, string? criteria, Guid? ownerId, Guid? releaseId, int? targetConfidence)
    {
        var n = (name ?? "").Trim();
        var c = (criteria ?? "").Trim();
        var target = targetConfidence ?? DefaultTargetConfidence;
        new RuleCheck()
            .Require(n.Length > 0, "name", "A milestone needs a name, for example \"Card payments live\".")
            .Require(n.Length <= NameMaxLength, "name", $"A milestone name has at most {NameMaxLength} characters.")
            .Require(c.Length <= CriteriaMaxLength, "criteria", $"Criteria have at most {CriteriaMaxLength} characters.")
            .Require(date != default, "date", "A milestone needs a date (YYYY-MM-DD).")
            .Require(target is >= 50 and <= 99, "targetConfidence", "The target confidence is a percentage from 50 to 99.")
            .ThrowIfBroken();
        (Name, Date, Criteria, OwnerId, ReleaseId, TargetConfidence) = (n, date, c, ownerId, releaseId, target);
    }
}

/// <summary>An epic or item in a milestone's scope; an epic brings its children.</summary>
public sealed class MilestoneScope : ITenantOwned
{
    private MilestoneScope() { }

    public Guid MilestoneId { get; private set; }
    public Guid ItemId { get; private set; }
    public Guid WorkspaceId { get; private set; }

    public static MilestoneScope Of(Milestone milestone, Guid itemId) => new() { MilestoneId = milestone.Id, ItemId = itemId, WorkspaceId = milestone.WorkspaceId };
}
