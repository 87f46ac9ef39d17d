using Tandem.Domain.Common;

namespace Tandem.Domain.Raid;

/// <summary>Open until the Technical Project Manager handles it; then one of ROAM: resolved, owned, accepted, mitigated.</summary>
public enum RiskStatus
{
    Open,
    Resolved,
    Owned,
    Accepted,
    Mitigated,
}

/// <summary>
/// A risk of the RAID log: probability × impact (1–5 each) gives its score (1–25). Anyone raises one; the
/// Technical Project Manager decides its handling (owner, mitigation, contingency, ROAM status). Every risk
/// has an owner: whoever raised it until the TPM names another. Numbered per product.
/// </summary>
public sealed class Risk : IProductOwned
{
    public const int TitleMaxLength = 200;
    public const int TextMaxLength = 4000;

    private Risk() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public int Number { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public int Probability { get; private set; }
    public int Impact { get; private set; }
    /// <summary>Probability × impact, stored so the log sorts and filters by it in the database.</summary>
    public int Score { get; private set; }
    public RiskStatus Status { get; private set; }
    public Guid OwnerId { get; private set; }
    public string Mitigation { get; private set; } = "";
    public string Contingency { get; private set; } = "";
    public string Trigger { get; private set; } = "";
    /// <summary>When the risk would strike, if known: near ones come first on the TPM's home.</summary>
    public DateOnly? ProximityOn { get; private set; }
    public Guid RaisedById { get; private set; }
    public DateTimeOffset RaisedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }
    /// <summary>The assumption whose invalidation raised this risk, if any (one risk per assumption).</summary>
    public Guid? AssumptionId { get; private set; }

    public bool IsOpen => Status is RiskStatus.Open or RiskStatus.Owned or RiskStatus.Accepted;

    public static Risk Raise(Guid workspaceId, Guid productId, int number, string? title, string? description, int probability, int impact,
        DateOnly? proximityOn, Guid by, DateTimeOffset now)
    {
        var risk = new Risk
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, Number = number, Status = RiskStatus.Open,
            OwnerId = by, RaisedById = by, RaisedAt = now, UpdatedAt = now, Version = 1,
        };
        var check = new RuleCheck();
        risk.Describe(title, description, check);
        risk.Assess(probability, impact, check);
        check.ThrowIfBroken();
        risk.ProximityOn = proximityOn;
        return risk;
    }

    /// <summary>The TPM's handling: owner, mitigation, contingency, trigger, proximity and the 1–5 assessment.</summary>
    public void Handle(Guid ownerId, int probability, int impact, string? mitigation, string? contingency, string? trigger, DateOnly? proximityOn, DateTimeOffset now)
    {
        var check = new RuleCheck();
        Assess(probability, impact, check);
        var (m, c, t) = ((mitigation ?? "").Trim(), (contingency ?? "").Trim(), (trigger ?? "").Trim());
        check.Require(m.Length <= TextMaxLength, "mitigation", $"A mitigation has at most {TextMaxLength} characters.")
            .Require(c.Length <= TextMaxLength, "contingency", $"A contingency has at most {TextMaxLength} characters.")
            .Require(t.Length <= TextMaxLength, "trigger", $"A trigger has at most {TextMaxLength} characters.")
            .ThrowIfBroken();
        (OwnerId, Mitigation, Contingency, Trigger, ProximityOn, UpdatedAt) = (ownerId, m, c, t, proximityOn, now);
        Version++;
    }

    /// <summary>The risk an invalidated assumption becomes: raised by whoever invalidated it, linked back to it.</summary>
    public static Risk FromAssumption(Guid workspaceId, Guid productId, int number, Guid assumptionId, string? title, string? description, int probability, int impact,
        Guid by, DateTimeOffset now)
    {
        var risk = Raise(workspaceId, productId, number, title, description, probability, impact, null, by, now);
        risk.AssumptionId = assumptionId;
        return risk;
    }

    /// <summary>The TPM rewords what could go wrong.</summary>
    public void Reword(string? title, string? description, DateTimeOffset now)
    {
        var check = new RuleCheck();
        Describe(title, description, check);
        check.ThrowIfBroken();
        UpdatedAt = now;
    }

    public void SetStatus(RiskStatus status, DateTimeOffset now)
    {
        Status = status;
        UpdatedAt = now;
        Version++;
    }

    private void Describe(string? title, string? description, RuleCheck check)
    {
        var (t, d) = ((title ?? "").Trim(), (description ?? "").Trim());
        check.Require(t.Length > 0, "title", "Say in a few words what could go wrong.")
            .Require(t.Length <= TitleMaxLength, "title", $"A title has at most {TitleMaxLength} characters.")
            .Require(d.Length <= TextMaxLength, "description", $"A description has at most {TextMaxLength} characters.");
        (Title, Description) = (t, d);
    }

    private void Assess(int probability, int impact, RuleCheck check)
    {
        check.Require(probability is >= 1 and <= 5, "probability", "Probability is from 1 (rare) to 5 (almost certain).")
            .Require(impact is >= 1 and <= 5, "impact", "Impact is from 1 (negligible) to 5 (severe).");
        (Probability, Impact, Score) = (probability, impact, probability * impact);
    }
}
