using Tandem.Domain.Common;

namespace Tandem.Domain.Feedback;

public enum Urgency
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>new → linked (to an item) → shipped when that item is accepted; or duplicate, declined, snoozed.</summary>
public enum FeedbackStatus
{
    New,
    Linked,
    Duplicate,
    Declined,
    Snoozed,
    Shipped,
}

/// <summary>Feedback or a request from a stakeholder or team member, triaged by the Product Owner.</summary>
public sealed class FeedbackEntry : IProductOwned
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 10_000;
    public const int AreaMaxLength = 80;
    public const int ReasonMaxLength = 2000;

    private FeedbackEntry() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public int Number { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Area { get; private set; } = "";
    public Urgency Urgency { get; private set; }
    public Guid SubmittedById { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
    public FeedbackStatus Status { get; private set; }
    public Guid? LinkedItemId { get; private set; }
    public Guid? DuplicateOfId { get; private set; }
    public string? DeclineReason { get; private set; }
    public DateOnly? SnoozedUntil { get; private set; }
    public int Votes { get; private set; }
    public int Version { get; private set; }

    public static FeedbackEntry Submit(Guid workspaceId, Guid productId, int number, string? title, string? description, string? area, Urgency urgency, Guid by, DateTimeOffset now)
    {
        title = (title ?? "").Trim();
        area = (area ?? "").Trim();
        new RuleCheck()
            .Require(title.Length > 0, "title", "Give your feedback a short title.")
            .Require(title.Length <= TitleMaxLength, "title", $"A title has at most {TitleMaxLength} characters.")
            .Require(description is not { Length: > DescriptionMaxLength }, "description", $"A description has at most {DescriptionMaxLength} characters.")
            .Require(area.Length <= AreaMaxLength, "area", $"A product area has at most {AreaMaxLength} characters.")
            .ThrowIfBroken();
        return new FeedbackEntry
        {
            Id = Guid.CreateVersion7(now),
            WorkspaceId = workspaceId,
            ProductId = productId,
            Number = number,
            Title = title,
            Description = description ?? "",
            Area = area,
            Urgency = urgency,
            SubmittedById = by,
            SubmittedAt = now,
            Status = FeedbackStatus.New,
            Version = 1,
        };
    }

    public void LinkTo(Guid itemId, bool itemAlreadyAccepted)
    {
        OpenCheck().ThrowIfBroken();
        LinkedItemId = itemId;
        Status = itemAlreadyAccepted ? FeedbackStatus.Shipped : FeedbackStatus.Linked;
        Version++;
    }

    public void MarkDuplicateOf(FeedbackEntry original)
    {
        OpenCheck().Require(original.Id != Id, "duplicateOf", "Feedback cannot duplicate itself.").ThrowIfBroken();
        DuplicateOfId = original.Id;
        Status = FeedbackStatus.Duplicate;
        Version++;
    }

    public void Decline(string? reason)
    {
        reason = (reason ?? "").Trim();
        OpenCheck()
            .Require(reason.Length > 0, "reason", "Say why you decline it; the person who sent it will see your reason.")
            .Require(reason.Length <= ReasonMaxLength, "reason", $"A reason has at most {ReasonMaxLength} characters.")
            .ThrowIfBroken();
        DeclineReason = reason;
        Status = FeedbackStatus.Declined;
        Version++;
    }

    public void Snooze(DateOnly until, DateOnly today)
    {
        OpenCheck().Require(until > today, "until", "Snooze until a day in the future.").ThrowIfBroken();
        SnoozedUntil = until;
        Status = FeedbackStatus.Snoozed;
        Version++;
    }

    public void Ship()
    {
        if (Status != FeedbackStatus.Linked) return;
        Status = FeedbackStatus.Shipped;
        Version++;
    }

    public void CountVote(int delta) => Votes = Math.Max(0, Votes + delta);

    /// <summary>Triage applies to feedback that is new, or snoozed (waking it early is allowed); each triage adds its own rules.</summary>
    private RuleCheck OpenCheck() => new RuleCheck()
        .Require(Status is FeedbackStatus.New or FeedbackStatus.Snoozed, "action", $"This feedback was already triaged ({Status.ToString().ToLowerInvariant()}).");
}

public sealed class FeedbackVote : ITenantOwned
{
    private FeedbackVote() { }

    public Guid FeedbackId { get; private set; }
    public Guid UserId { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public DateTimeOffset At { get; private set; }

    public static FeedbackVote Cast(FeedbackEntry entry, Guid userId, DateTimeOffset now) =>
        new() { FeedbackId = entry.Id, UserId = userId, WorkspaceId = entry.WorkspaceId, At = now };
}

public sealed class FeedbackComment : ITenantOwned
{
    public const int TextMaxLength = 5000;

    private FeedbackComment() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid FeedbackId { get; private set; }
    public Guid AuthorId { get; private set; }
    public string Text { get; private set; } = "";
    public DateTimeOffset At { get; private set; }

    public static FeedbackComment Write(FeedbackEntry entry, Guid authorId, string? text, DateTimeOffset now)
    {
        text = (text ?? "").Trim();
        new RuleCheck()
            .Require(text.Length > 0, "text", "A comment needs some text.")
            .Require(text.Length <= TextMaxLength, "text", $"A comment has at most {TextMaxLength} characters.")
            .ThrowIfBroken();
        return new FeedbackComment { Id = Guid.CreateVersion7(now), WorkspaceId = entry.WorkspaceId, FeedbackId = entry.Id, AuthorId = authorId, Text = text, At = now };
    }
}
