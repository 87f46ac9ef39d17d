using Tandem.Domain.Common;

namespace Tandem.Domain.Delivery;

public enum TradeOffStatus
{
    Open,
    Closed,
}

/// <summary>
/// A scope–date trade-off on a milestone whose confidence fell below its target. The TPM opens it with
/// options (move the date to a day, cut some items, add capacity); the Product Owner decides the scope side
/// (which items leave the milestone, or no change), the TPM the date side (a new date, or no change). It
/// closes when both sides have decided. Each decision is logged against this one record.
/// </summary>
public sealed class TradeOff : IProductOwned
{
    public const int TextMaxLength = 2000;
    public const int MaxCapacityPercent = 300;
    public const int MaxCapacityItemsPerWeek = 100;

    private TradeOff() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid MilestoneId { get; private set; }
    public string Reason { get; private set; } = "";
    public TradeOffStatus Status { get; private set; }
    /// <summary>The milestone's confidence when it was opened (null without history).</summary>
    public int? ConfidenceAtOpen { get; private set; }
    public DateOnly MilestoneDateAtOpen { get; private set; }
    /// <summary>Option "move the date": to this day.</summary>
    public DateOnly? ProposedDate { get; private set; }
    /// <summary>Option "add capacity": this many percent more throughput …</summary>
    public int? CapacityPercent { get; private set; }
    /// <summary>… or this many more items a week.</summary>
    public int? CapacityItemsPerWeek { get; private set; }
    public Guid OpenedById { get; private set; }
    public DateTimeOffset OpenedAt { get; private set; }

    public bool ScopeDecided { get; private set; }
    public bool ScopeNoChange { get; private set; }
    public string? ScopeReason { get; private set; }
    public Guid? ScopeDecidedById { get; private set; }
    public DateTimeOffset? ScopeDecidedAt { get; private set; }

    public bool DateDecided { get; private set; }
    public DateOnly? DecidedDate { get; private set; }
    public string? DateReason { get; private set; }
    public Guid? DateDecidedById { get; private set; }
    public DateTimeOffset? DateDecidedAt { get; private set; }

    public int Version { get; private set; }

    public static TradeOff Open(Milestone milestone, string? reason, int? confidence, DateOnly? proposedDate, bool cutsScope, int? capacityPercent,
        int? capacityItemsPerWeek, Guid by, DateTimeOffset now)
    {
        var r = (reason ?? "").Trim();
        new RuleCheck()
            .Require(r.Length <= TextMaxLength, "reason", $"A reason has at most {TextMaxLength} characters.")
            .Require(proposedDate is null || proposedDate > milestone.Date, "moveDate",
                $"Moving the date means a day after the milestone's {milestone.Date:yyyy-MM-dd}.")
            .Require(capacityPercent is null || capacityPercent is > 0 and <= MaxCapacityPercent, "addCapacity.percent",
                $"Added capacity in percent runs from 1 to {MaxCapacityPercent}.")
            .Require(capacityItemsPerWeek is null || capacityItemsPerWeek is > 0 and <= MaxCapacityItemsPerWeek, "addCapacity.itemsPerWeek",
                $"Added capacity in items a week runs from 1 to {MaxCapacityItemsPerWeek}.")
            .Require(capacityPercent is null || capacityItemsPerWeek is null, "addCapacity", "Add capacity either in percent or in items a week, not both.")
            .Require(proposedDate is not null || cutsScope || capacityPercent is not null || capacityItemsPerWeek is not null, "options",
                "A trade-off offers at least one option: moveDate, cutItems or addCapacity.")
            .ThrowIfBroken();
        return new TradeOff
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = milestone.WorkspaceId, ProductId = milestone.ProductId, MilestoneId = milestone.Id,
            Reason = r, Status = TradeOffStatus.Open, ConfidenceAtOpen = confidence, MilestoneDateAtOpen = milestone.Date,
            ProposedDate = proposedDate, CapacityPercent = capacityPercent, CapacityItemsPerWeek = capacityItemsPerWeek,
            OpenedById = by, OpenedAt = now, Version = 1,
        };
    }

    /// <summary>The Product Owner's side: which items leave (or none).</summary>
    public void DecideScope(bool noChange, string? reason, Guid by, DateTimeOffset now)
    {
        var r = Check(reason, ScopeDecided, "scope");
        (ScopeDecided, ScopeNoChange, ScopeReason, ScopeDecidedById, ScopeDecidedAt) = (true, noChange, r, by, now);
        Touch();
    }

    /// <summary>The TPM's side: the new date, or null for no change.</summary>
    public void DecideDate(DateOnly? date, string? reason, Guid by, DateTimeOffset now)
    {
        var r = Check(reason, DateDecided, "date");
        (DateDecided, DecidedDate, DateReason, DateDecidedById, DateDecidedAt) = (true, date, r, by, now);
        Touch();
    }

    private string Check(string? reason, bool decided, string side)
    {
        var r = (reason ?? "").Trim();
        new RuleCheck()
            .Require(Status == TradeOffStatus.Open && !decided, side, $"The {side} side of this trade-off is already decided.")
            .Require(r.Length <= TextMaxLength, "reason", $"A reason has at most {TextMaxLength} characters.")
            .ThrowIfBroken();
        return r;
    }

    private void Touch()
    {
        if (ScopeDecided && DateDecided) Status = TradeOffStatus.Closed;
        Version++;
    }
}

/// <summary>An item of a trade-off: proposed to cut by the TPM, and whether the Product Owner took it out of the milestone.</summary>
public sealed class TradeOffItem : ITenantOwned
{
    private TradeOffItem() { }

    public Guid TradeOffId { get; private set; }
    public Guid ItemId { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public bool Proposed { get; private set; }
    public bool Removed { get; private set; }

    public static TradeOffItem Of(TradeOff tradeOff, Guid itemId, bool proposed, bool removed) =>
        new() { TradeOffId = tradeOff.Id, ItemId = itemId, WorkspaceId = tradeOff.WorkspaceId, Proposed = proposed, Removed = removed };

    public void MarkRemoved() => Removed = true;
}
