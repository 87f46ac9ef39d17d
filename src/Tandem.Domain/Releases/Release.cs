using Tandem.Domain.Common;

namespace Tandem.Domain.Releases;

public enum ReleaseStatus
{
    Planned,
    Released,
}

/// <summary>
/// A named release of a product ("2026.12") with its planned date. Minimal on purpose: the Technical
/// Project Manager's workspace will add milestones, scope and the schedule around it; NFR verification
/// results are recorded per release.
/// </summary>
public sealed class Release : IProductOwned
{
    public const int NameMaxLength = 60;

    private Release() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public string Name { get; private set; } = "";
    public DateOnly PlannedOn { get; private set; }
    public ReleaseStatus Status { get; private set; }
    public DateOnly? ReleasedOn { get; private set; }
    public Guid CreatedById { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public static Release Plan(Guid workspaceId, Guid productId, string? name, DateOnly plannedOn, Guid by, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        WorkspaceId = workspaceId,
        ProductId = productId,
        Name = CheckName(name),
        PlannedOn = plannedOn,
        Status = ReleaseStatus.Planned,
        CreatedById = by,
        CreatedAt = now,
        UpdatedAt = now,
        Version = 1,
    };

    public static string CheckName(string? name)
    {
        var n = name?.Trim() ?? "";
        if (n.Length == 0) throw new DomainException("name", "A release needs a name, for example 2026.12.");
        if (n.Length > NameMaxLength) throw new DomainException("name", $"A release name has at most {NameMaxLength} characters.");
        return n;
    }

    public void Change(string? name, DateOnly plannedOn, ReleaseStatus status, DateOnly today, DateTimeOffset now)
    {
        Name = CheckName(name);
        PlannedOn = plannedOn;
        if (status != Status) ReleasedOn = status == ReleaseStatus.Released ? today : null;
        Status = status;
        UpdatedAt = now;
        Version++;
    }

    /// <summary>Its scope (epics and items) or the NFRs to verify changed: a new version, so a stale edit is told.</summary>
    public void ScopeChanged(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}

/// <summary>An epic or item in a release's scope (an epic brings its children). The NFRs to verify are NFR links of kind Release.</summary>
public sealed class ReleaseScope : ITenantOwned
{
    private ReleaseScope() { }

    public Guid ReleaseId { get; private set; }
    public Guid ItemId { get; private set; }
    public Guid WorkspaceId { get; private set; }

    public static ReleaseScope Of(Release release, Guid itemId) => new() { ReleaseId = release.Id, ItemId = itemId, WorkspaceId = release.WorkspaceId };
}
