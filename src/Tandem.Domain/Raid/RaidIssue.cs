using Tandem.Domain.Common;

namespace Tandem.Domain.Raid;

public enum IssuePriority
{
    Low,
    Medium,
    High,
    Critical,
}

public enum IssueStatus
{
    Open,
    Resolved,
}

/// <summary>
/// An issue of the RAID log: something that has gone wrong and needs handling by a date (a risk that
/// struck, or an escalated impediment the Technical Project Manager took on). Anyone records one; the TPM
/// decides its owner, priority, due date and when it is resolved. Numbered per product.
/// </summary>
public sealed class RaidIssue : IProductOwned
{
    public const int TitleMaxLength = 200;
    public const int TextMaxLength = 4000;

    private RaidIssue() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public int Number { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public Guid OwnerId { get; private set; }
    public IssuePriority Priority { get; private set; }
    public IssueStatus Status { get; private set; }
    public DateOnly? DueOn { get; private set; }
    public string? Resolution { get; private set; }
    public Guid RaisedById { get; private set; }
    public DateTimeOffset RaisedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public static RaidIssue Record(Guid workspaceId, Guid productId, int number, string? title, string? description, IssuePriority priority, DateOnly? dueOn,
        Guid by, DateTimeOffset now)
    {
        var issue = new RaidIssue
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, Number = number, Status = IssueStatus.Open,
            RaisedById = by, RaisedAt = now, UpdatedAt = now, Version = 1,
        };
        issue.Apply(title, description, by, priority, dueOn);
        return issue;
    }

    public void Change(string? title, string? description, Guid ownerId, IssuePriority priority, DateOnly? dueOn, DateTimeOffset now)
    {
        Apply(title, description, ownerId, priority, dueOn);
        UpdatedAt = now;
        Version++;
    }

    public void Resolve(string? resolution, DateTimeOffset now)
    {
        if (Status == IssueStatus.Resolved) throw new DomainException("status", $"Issue {Number} is already resolved.");
        var r = (resolution ?? "").Trim();
        new RuleCheck().Require(r.Length <= TextMaxLength, "resolution", $"A resolution has at most {TextMaxLength} characters.").ThrowIfBroken();
        (Status, Resolution, UpdatedAt) = (IssueStatus.Resolved, r.Length == 0 ? null : r, now);
        Version++;
    }

    public void Reopen(DateTimeOffset now)
    {
        if (Status == IssueStatus.Open) throw new DomainException("status", $"Issue {Number} is already open.");
        (Status, Resolution, UpdatedAt) = (IssueStatus.Open, null, now);
        Version++;
    }

    private void Apply(string? title, string? description, Guid ownerId, IssuePriority priority, DateOnly? dueOn)
    {
        var (t, d) = ((title ?? "").Trim(), (description ?? "").Trim());
        new RuleCheck()
            .Require(t.Length > 0, "title", "Say in a few words what has gone wrong.")
            .Require(t.Length <= TitleMaxLength, "title", $"A title has at most {TitleMaxLength} characters.")
            .Require(d.Length <= TextMaxLength, "description", $"A description has at most {TextMaxLength} characters.")
            .ThrowIfBroken();
        (Title, Description, OwnerId, Priority, DueOn) = (t, d, ownerId, priority, dueOn);
    }
}
