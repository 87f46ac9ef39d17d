using Tandem.Domain.Common;

namespace Tandem.Domain.Raid;

/// <summary>The kind of RAID record a link starts from.</summary>
public enum RaidRecordKind
{
    Risk,
    Assumption,
    Issue,
}

/// <summary>What a RAID record can point at.</summary>
public enum RaidLinkTarget
{
    Item,
    Milestone,
    Decision,
    Impediment,
}

/// <summary>
/// A link from a risk, assumption or issue to a backlog item, a milestone, an architecture decision record
/// or an impediment. One per pair (a unique index). Both ends are in one workspace; the target's pages may
/// read the links back by <see cref="TargetId"/>.
/// </summary>
public sealed class RaidLink : IProductOwned
{
    private RaidLink() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public RaidRecordKind SourceKind { get; private set; }
    public Guid SourceId { get; private set; }
    public RaidLinkTarget TargetKind { get; private set; }
    public Guid TargetId { get; private set; }
    public Guid CreatedById { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static RaidLink Between(Guid workspaceId, Guid productId, RaidRecordKind sourceKind, Guid sourceId, RaidLinkTarget targetKind, Guid targetId, Guid by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, SourceKind = sourceKind, SourceId = sourceId,
        TargetKind = targetKind, TargetId = targetId, CreatedById = by, CreatedAt = now,
    };
}

/// <summary>
/// The one-step promotion of an escalated impediment into a risk or an issue: one row per impediment (its
/// key), so promoting it twice, even with two clicks at the same instant, makes one record.
/// </summary>
public sealed class ImpedimentPromotion : IProductOwned
{
    private ImpedimentPromotion() { }

    public Guid ImpedimentId { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid? RiskId { get; private set; }
    public Guid? IssueId { get; private set; }
    public Guid PromotedById { get; private set; }
    public DateTimeOffset PromotedAt { get; private set; }

    public static ImpedimentPromotion ToRisk(Guid workspaceId, Guid productId, Guid impedimentId, Risk risk, Guid by, DateTimeOffset now) =>
        new() { ImpedimentId = impedimentId, WorkspaceId = workspaceId, ProductId = productId, RiskId = risk.Id, PromotedById = by, PromotedAt = now };

    public static ImpedimentPromotion ToIssue(Guid workspaceId, Guid productId, Guid impedimentId, RaidIssue issue, Guid by, DateTimeOffset now) =>
        new() { ImpedimentId = impedimentId, WorkspaceId = workspaceId, ProductId = productId, IssueId = issue.Id, PromotedById = by, PromotedAt = now };
}
