using Tandem.Domain.Common;

namespace Tandem.Domain.Raid;

public enum AssumptionStatus
{
    Open,
    Validated,
    Invalidated,
}

/// <summary>
/// Something the plan takes for true until it is checked by a date. Anyone records one; the Technical
/// Project Manager validates it, or invalidates it, which turns it into a risk in the same step
/// (<see cref="RiskId"/>, and the risk's <see cref="Risk.AssumptionId"/> back). Numbered per product.
/// </summary>
public sealed class Assumption : IProductOwned
{
    public const int StatementMaxLength = 1000;

    private Assumption() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public int Number { get; private set; }
    public string Statement { get; private set; } = "";
    public Guid OwnerId { get; private set; }
    public DateOnly? ValidateBy { get; private set; }
    public AssumptionStatus Status { get; private set; }
    /// <summary>The risk it became when it was invalidated.</summary>
    public Guid? RiskId { get; private set; }
    public Guid RaisedById { get; private set; }
    public DateTimeOffset RaisedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public static Assumption Record(Guid workspaceId, Guid productId, int number, string? statement, DateOnly? validateBy, Guid by, DateTimeOffset now)
    {
        var assumption = new Assumption
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, Number = number, Status = AssumptionStatus.Open,
            OwnerId = by, RaisedById = by, RaisedAt = now, UpdatedAt = now, Version = 1,
        };
        assumption.Apply(statement, validateBy, by);
        return assumption;
    }

    /// <summary>The TPM rewords it, names its owner or moves the date it is to be checked by.</summary>
    public void Change(string? statement, DateOnly? validateBy, Guid ownerId, DateTimeOffset now)
    {
        Apply(statement, validateBy, ownerId);
        UpdatedAt = now;
        Version++;
    }

    public void Validate(DateTimeOffset now)
    {
        if (Status != AssumptionStatus.Open) throw new DomainException("status", $"Assumption {Number} is already {Status.ToString().ToLowerInvariant()}.");
        (Status, UpdatedAt) = (AssumptionStatus.Validated, now);
        Version++;
    }

    /// <summary>Invalidated: it no longer holds, and <paramref name="risk"/> is what it became.</summary>
    public void Invalidate(Risk risk, DateTimeOffset now)
    {
        if (Status == AssumptionStatus.Invalidated) throw new DomainException("status", $"Assumption {Number} is already invalidated.");
        (Status, RiskId, UpdatedAt) = (AssumptionStatus.Invalidated, risk.Id, now);
        Version++;
    }

    private void Apply(string? statement, DateOnly? validateBy, Guid ownerId)
    {
        var s = (statement ?? "").Trim();
        new RuleCheck()
            .Require(s.Length > 0, "statement", "Say what the plan takes for true.")
            .Require(s.Length <= StatementMaxLength, "statement", $"A statement has at most {StatementMaxLength} characters.")
            .ThrowIfBroken();
        (Statement, ValidateBy, OwnerId) = (s, validateBy, ownerId);
    }
}
