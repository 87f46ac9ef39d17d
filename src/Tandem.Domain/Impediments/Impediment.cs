using Tandem.Domain.Common;

namespace Tandem.Domain.Impediments;

public enum ImpedimentStatus
{
    Open,
    InProgress,
    Resolved,
    Escalated,
}

public enum ImpedimentImpact
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>
/// Something that slows the team down. Anyone raises one; the Scrum Master owns it: open → in progress →
/// resolved (with how), or escalated to the Technical Project Manager with a reason (the TPM's home lists
/// it, and the TPM's workspace turns it into a risk). An escalated impediment may still be resolved.
/// </summary>
public sealed class Impediment : IProductOwned
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 8000;
    public const int ResolutionMaxLength = 4000;
    public const int ReasonMaxLength = 2000;

    private Impediment() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    /// <summary>The team it slows down, when it is one team's (a product-wide impediment has none).</summary>
    public Guid? TeamId { get; private set; }
    public int Number { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public ImpedimentImpact Impact { get; private set; }
    public ImpedimentStatus Status { get; private set; }
    public Guid RaisedById { get; private set; }
    public DateTimeOffset RaisedAt { get; private set; }
    /// <summary>The stand-up answer it came from, when a blocker became this impediment.</summary>
    public Guid? StandupEntryId { get; private set; }
    public string? Resolution { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public Guid? ResolvedById { get; private set; }
    public string? EscalationReason { get; private set; }
    public DateTimeOffset? EscalatedAt { get; private set; }
    public Guid? EscalatedById { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public bool IsOpen => Status is ImpedimentStatus.Open or ImpedimentStatus.InProgress or ImpedimentStatus.Escalated;

    public static Impediment Raise(Guid workspaceId, Guid productId, Guid? teamId, int number, string? title, string? description, ImpedimentImpact impact,
        Guid by, Guid? standupEntryId, DateTimeOffset now)
    {
        var t = (title ?? "").Trim();
        var d = (description ?? "").Trim();
        new RuleCheck()
            .Require(t.Length > 0, "title", "Say in a few words what is in the way.")
            .Require(t.Length <= TitleMaxLength, "title", $"A title has at most {TitleMaxLength} characters.")
            .Require(d.Length <= DescriptionMaxLength, "description", $"A description has at most {DescriptionMaxLength} characters.")
            .ThrowIfBroken();
        return new Impediment
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, TeamId = teamId, Number = number, Title = t, Description = d,
            Impact = impact, Status = ImpedimentStatus.Open, RaisedById = by, RaisedAt = now, StandupEntryId = standupEntryId, UpdatedAt = now, Version = 1,
        };
    }

    public void StartWork(DateTimeOffset now)
    {
        if (Status is ImpedimentStatus.Resolved) throw new DomainException("status", $"Impediment {Number} is resolved.");
        if (Status is ImpedimentStatus.Escalated) throw new DomainException("status", $"Impediment {Number} is escalated to the Technical Project Manager; resolve it when it is cleared.");
        (Status, UpdatedAt) = (ImpedimentStatus.InProgress, now);
        Version++;
    }

    public void Resolve(string? resolution, Guid by, DateTimeOffset now)
    {
        if (Status is ImpedimentStatus.Resolved) throw new DomainException("status", $"Impediment {Number} is already resolved.");
        var text = (resolution ?? "").Trim();
        new RuleCheck()
            .Require(text.Length > 0, "resolution", "Say how it was resolved, so the team learns from it.")
            .Require(text.Length <= ResolutionMaxLength, "resolution", $"A resolution has at most {ResolutionMaxLength} characters.")
            .ThrowIfBroken();
        (Status, Resolution, ResolvedAt, ResolvedById, UpdatedAt) = (ImpedimentStatus.Resolved, text, now, by, now);
        Version++;
    }

    public void Escalate(string? reason, Guid by, DateTimeOffset now)
    {
        if (Status is ImpedimentStatus.Resolved) throw new DomainException("status", $"Impediment {Number} is resolved; there is nothing to escalate.");
        if (Status is ImpedimentStatus.Escalated) throw new DomainException("status", $"Impediment {Number} is already escalated.");
        var text = (reason ?? "").Trim();
        new RuleCheck()
            .Require(text.Length > 0, "reason", "Say why the team cannot clear it alone, so the Technical Project Manager can act.")
            .Require(text.Length <= ReasonMaxLength, "reason", $"A reason has at most {ReasonMaxLength} characters.")
            .ThrowIfBroken();
        (Status, EscalationReason, EscalatedAt, EscalatedById, UpdatedAt) = (ImpedimentStatus.Escalated, text, now, by, now);
        Version++;
    }

    /// <summary>Whole days since it was raised, at <paramref name="now"/>.</summary>
    public int AgeDays(DateTimeOffset now) => (int)Math.Floor(((ResolvedAt ?? now) - RaisedAt).TotalDays);
}

/// <summary>A backlog item an impediment holds up.</summary>
public sealed class ImpedimentItem : ITenantOwned
{
    private ImpedimentItem() { }

    public Guid ImpedimentId { get; private set; }
    public Guid ItemId { get; private set; }
    public Guid WorkspaceId { get; private set; }

    public static ImpedimentItem Of(Impediment impediment, Guid itemId) => new() { ImpedimentId = impediment.Id, ItemId = itemId, WorkspaceId = impediment.WorkspaceId };
}
