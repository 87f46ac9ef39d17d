using Tandem.Domain.Backlog;
using Tandem.Domain.Common;

namespace Tandem.Domain.Debt;

public enum DebtKind
{
    Code,
    Architecture,
    Tests,
    Infrastructure,
    Documentation,
    Dependency,
}

public enum DebtRisk
{
    Low,
    Medium,
    High,
}

public enum DebtStatus
{
    /// <summary>A team member proposed it; it waits for the Tech Lead and has no backlog item yet.</summary>
    Proposed,
    /// <summary>Registered by the Tech Lead; its tech-debt item is in the backlog for the PO to rank.</summary>
    Open,
    Repaid,
    /// <summary>The Tech Lead decided to live with it; it stays in the register for the record.</summary>
    AcceptedAsIs,
}

/// <summary>
/// One entry of the technical-debt register. Principal and interest are in ideal person-days:
/// principal is the effort to repay it, interest the effort it costs every sprint it stays.
/// Days, not points, because debt is compared across teams and against sprint capacity.
/// </summary>
public sealed class DebtItem : IProductOwned
{
    // The same limits as a backlog item's, because registering the debt makes one from them.
    public const int TitleMaxLength = BacklogItem.TitleMaxLength;
    public const int DescriptionMaxLength = BacklogItem.DescriptionMaxLength;
    public const int AreaMaxLength = 100;
    public const int FoundByMaxLength = 500;
    public const decimal MaxDays = 10_000m;

    private DebtItem() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Area { get; private set; } = "";
    public DebtKind Kind { get; private set; }
    public decimal Principal { get; private set; }
    public decimal Interest { get; private set; }
    public DebtRisk Risk { get; private set; }
    public string FoundBy { get; private set; } = "";
    public DebtStatus Status { get; private set; }
    public Guid? BacklogItemId { get; private set; }
    public string? BacklogItemKey { get; private set; }
    public Guid RecordedById { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    public DateTimeOffset? RegisteredAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    /// <summary>Registered and not yet repaid or accepted: what the totals and the trend count. A proposal counts once the Tech Lead registers it.</summary>
    public bool IsOutstanding => Status == DebtStatus.Open;

    public static DebtItem Record(Guid workspaceId, Guid productId, string title, string? description, string? area, DebtKind kind,
        decimal principal, decimal interest, DebtRisk risk, string? foundBy, Guid by, DateTimeOffset now)
    {
        var debt = new DebtItem
        {
            Id = Guid.NewGuid(),
            WorkspaceId = workspaceId,
            ProductId = productId,
            Status = DebtStatus.Proposed,
            RecordedById = by,
            RecordedAt = now,
            Version = 1,
        };
        debt.Change(title, description, area, kind, principal, interest, risk, foundBy, now);
        debt.Version = 1;
        return debt;
    }

    public void Change(string? title, string? description, string? area, DebtKind kind, decimal principal, decimal interest, DebtRisk risk, string? foundBy, DateTimeOffset now)
    {
        Check(title, description, area, principal, interest, foundBy).ThrowIfBroken();
        Apply(title, description, area, kind, principal, interest, risk, foundBy, now);
    }

    /// <summary>
    /// The Tech Lead's change: the fields, and when <paramref name="status"/> is given the status too (open reopens,
    /// repaid or accepted-as-is closes). Every broken rule is reported at once, and nothing changes unless all hold.
    /// </summary>
    public void Revise(string? title, string? description, string? area, DebtKind kind, decimal principal, decimal interest, DebtRisk risk, string? foundBy,
        DebtStatus? status, DateTimeOffset now)
    {
        var check = Check(title, description, area, principal, interest, foundBy);
        if (status is { } wanted) CheckStatus(wanted, check);
        check.ThrowIfBroken();
        Apply(title, description, area, kind, principal, interest, risk, foundBy, now);
        if (status is DebtStatus.Open) Reopen(now);
        else if (status is { } closed && closed != Status) Close(closed, now);
    }

    private void Apply(string? title, string? description, string? area, DebtKind kind, decimal principal, decimal interest, DebtRisk risk, string? foundBy, DateTimeOffset now)
    {
        (Title, Description, Area, Kind, Principal, Interest, Risk, FoundBy) =
            (title?.Trim() ?? "", description ?? "", area?.Trim() ?? "", kind, principal, interest, risk, foundBy?.Trim() ?? "");
        Touch(now);
    }

    private static RuleCheck Check(string? title, string? description, string? area, decimal principal, decimal interest, string? foundBy)
    {
        var t = title?.Trim() ?? "";
        var check = new RuleCheck()
            .Require(t.Length > 0, "title", "A debt needs a title.")
            .Require(t.Length <= TitleMaxLength, "title", $"A title has at most {TitleMaxLength} characters.")
            .Require(description is not { Length: > DescriptionMaxLength }, "description", $"A description has at most {DescriptionMaxLength} characters.")
            .Require((area?.Trim().Length ?? 0) <= AreaMaxLength, "area", $"An area has at most {AreaMaxLength} characters.")
            .Require((foundBy?.Trim().Length ?? 0) <= FoundByMaxLength, "foundBy", $"'How it was found' has at most {FoundByMaxLength} characters.");
        CheckDays("principal", principal, check);
        CheckDays("interest", interest, check);
        return check;
    }

    private static void CheckDays(string field, decimal days, RuleCheck check)
    {
        if (days < 0) check.Require(false, field, $"{Capitalise(field)} is a number of days, zero or more.");
        else if (days > MaxDays) check.Require(false, field, $"{Capitalise(field)} is at most {MaxDays} days.");
        else check.Require(decimal.Round(days, 1) == days, field, $"{Capitalise(field)} has at most one decimal (for example 2.5 days).");
    }

    private void CheckStatus(DebtStatus status, RuleCheck check) => check
        .Require(status != DebtStatus.Proposed, "status", "A registered debt does not go back to proposed; set it open, repaid or accepted-as-is.")
        .Require(!(status == DebtStatus.Repaid && Status == DebtStatus.Proposed), "status", "Register this proposal before marking it repaid.");

    /// <summary>The Tech Lead takes a proposal into the register; its backlog item is created with it.</summary>
    public void Register(Guid backlogItemId, string backlogItemKey, DateTimeOffset now)
    {
        if (Status != DebtStatus.Proposed) throw new DomainException("status", "Only a proposed debt can be registered; this one already is.");
        (Status, BacklogItemId, BacklogItemKey, RegisteredAt) = (DebtStatus.Open, backlogItemId, backlogItemKey, now);
        Touch(now);
    }

    public void Close(DebtStatus status, DateTimeOffset now)
    {
        var check = new RuleCheck().Require(status != DebtStatus.Open, "status", "Register a proposal to open it; a debt is closed as repaid or accepted-as-is.");
        CheckStatus(status, check);
        check.ThrowIfBroken();
        (Status, ClosedAt) = (status, now);
        Touch(now);
    }

    public void Reopen(DateTimeOffset now)
    {
        if (Status is DebtStatus.Proposed or DebtStatus.Open) return;
        Status = BacklogItemId is null ? DebtStatus.Proposed : DebtStatus.Open;
        ClosedAt = null;
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    private static string Capitalise(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}

/// <summary>The register's totals at one moment, written with every change so the trend needs no replay.</summary>
public sealed class DebtSnapshot : IProductOwned
{
    private DebtSnapshot() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public decimal Principal { get; private set; }
    public decimal Interest { get; private set; }
    public int Count { get; private set; }

    public static DebtSnapshot Take(Guid workspaceId, Guid productId, DateTimeOffset at, decimal principal, decimal interest, int count) =>
        new() { Id = Guid.NewGuid(), WorkspaceId = workspaceId, ProductId = productId, At = at, Principal = principal, Interest = interest, Count = count };
}

public enum CapacityProposalStatus
{
    Pending,
    Agreed,
    /// <summary>A newer proposal replaced it before anyone agreed.</summary>
    Superseded,
}

/// <summary>
/// A proposed share of every sprint's capacity reserved for repaying debt. The Tech Lead or the
/// Product Owner proposes, the other agrees; the latest agreed proposal is the policy in force.
/// </summary>
public sealed class DebtCapacityProposal : IProductOwned
{
    private DebtCapacityProposal() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public int SharePercent { get; private set; }
    public string? Reason { get; private set; }
    public Guid ProposedById { get; private set; }
    public string ProposedByName { get; private set; } = "";
    public DateTimeOffset ProposedAt { get; private set; }
    public CapacityProposalStatus Status { get; private set; }
    public Guid? AgreedById { get; private set; }
    public string? AgreedByName { get; private set; }
    public DateTimeOffset? AgreedAt { get; private set; }

    public static DebtCapacityProposal Propose(Guid workspaceId, Guid productId, int sharePercent, string? reason, Guid by, string byName, DateTimeOffset now)
    {
        new RuleCheck()
            .Require(sharePercent is >= 0 and <= 100, "sharePercent", "The share is a percentage from 0 to 100.")
            .Require(reason is not { Length: > 2000 }, "reason", "A reason has at most 2000 characters.")
            .ThrowIfBroken();
        return new DebtCapacityProposal
        {
            Id = Guid.NewGuid(), WorkspaceId = workspaceId, ProductId = productId, SharePercent = sharePercent,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            ProposedById = by, ProposedByName = byName, ProposedAt = now, Status = CapacityProposalStatus.Pending,
        };
    }

    public void Agree(Guid by, string byName, DateTimeOffset now)
    {
        if (Status != CapacityProposalStatus.Pending) throw new DomainException("proposal", "There is no pending proposal to agree.");
        if (by == ProposedById) throw new DomainException("proposal", "You proposed this share; the other of Tech Lead and Product Owner agrees it.");
        (Status, AgreedById, AgreedByName, AgreedAt) = (CapacityProposalStatus.Agreed, by, byName, now);
    }

    public void Supersede() => Status = CapacityProposalStatus.Superseded;
}
