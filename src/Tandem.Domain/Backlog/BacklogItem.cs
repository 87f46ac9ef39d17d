using Tandem.Domain.Common;

namespace Tandem.Domain.Backlog;

public enum ItemType
{
    Epic,
    Story,
    Bug,
    Spike,
    TechDebt,
}

/// <summary>new → ready → in progress → done → accepted; a rejection sends done work back to in progress.</summary>
public enum MoSCoW
{
    Must,
    Should,
    Could,
    Wont,
}

/// <summary>Where an epic sits on the roadmap.</summary>
public enum RoadmapLane
{
    Now,
    Next,
    Later,
}

public enum ItemStatus
{
    New,
    Ready,
    InProgress,
    Done,
    Accepted,
}

/// <summary>One entry of a product backlog: an epic, story, bug, spike or tech-debt item.</summary>
public sealed class BacklogItem : IProductOwned
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 20_000;

    private BacklogItem() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }

    /// <summary>The number in the key PAY-123; unique within the product, never reused.</summary>
    public int Number { get; private set; }
    public string Key { get; private set; } = "";
    public ItemType Type { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public ItemStatus Status { get; private set; }

    /// <summary>Position in the backlog, a <see cref="Backlog.Rank"/>; lower sorts first.</summary>
    public string Rank { get; private set; } = "";
    public Guid? EpicId { get; private set; }
    public Guid? AssigneeId { get; private set; }
    public decimal? Estimate { get; private set; }
    public int? BusinessValue { get; private set; }
    public string? RejectionReason { get; private set; }

    // Prioritisation inputs: the Product Owner's business inputs; job size is the estimate.
    public int? TimeCriticality { get; private set; }
    public int? RiskReduction { get; private set; }
    public int? Reach { get; private set; }
    public decimal? Impact { get; private set; }
    public int? Confidence { get; private set; }
    public decimal? Effort { get; private set; }
    public MoSCoW? MoSCoW { get; private set; }

    /// <summary>Only epics go on the roadmap; null keeps an epic off it.</summary>
    public RoadmapLane? Lane { get; private set; }

    /// <summary>Weighted shortest job first: cost of delay (value + time criticality + risk reduction) over job size.</summary>
    public decimal? Wsjf => BusinessValue is { } v && TimeCriticality is { } t && RiskReduction is { } r && Estimate is > 0 and { } size
        ? Math.Round((v + t + r) / size, 2) : null;

    /// <summary>RICE: reach × impact × confidence over effort.</summary>
    public decimal? Rice => Reach is { } reach && Impact is { } impact && Confidence is { } confidence && Effort is > 0 and { } effort
        ? Math.Round(reach * impact * (confidence / 100m) / effort, 2) : null;
    public Guid CreatedById { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public static BacklogItem Create(Guid workspaceId, Guid productId, string productKey, int number, ItemType type,
        string title, string? description, string rank, Guid createdBy, DateTimeOffset now)
    {
        // Every mistake at once, so a form learns them together.
        title = (title ?? "").Trim();
        DescriptionRules(TitleRules(new RuleCheck(), title), description ?? "").ThrowIfBroken();
        var item = new BacklogItem
        {
            Id = Guid.CreateVersion7(now),
            WorkspaceId = workspaceId,
            ProductId = productId,
            Number = number,
            Key = $"{productKey}-{number}",
            Type = type,
            Status = ItemStatus.New,
            Rank = rank,
            CreatedById = createdBy,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        item.SetTitle(title);
        item.SetDescription(description);
        return item;
    }

    public void Retitle(string title, DateTimeOffset now) => Touch(now, () => SetTitle(title));

    public void Describe(string? description, DateTimeOffset now) => Touch(now, () => SetDescription(description));

    public void ChangeType(ItemType type, DateTimeOffset now) => Touch(now, () => Type = type);

    public void Assign(Guid? assigneeId, DateTimeOffset now) => Touch(now, () => AssigneeId = assigneeId);

    /// <summary>Story points. The Tech Lead's workspace decides who sets it and on which scale; here only the value is kept.</summary>
    public void SetEstimate(decimal? points, DateTimeOffset now)
    {
        if (points is < 0 or > 1000) throw new DomainException("points", "An estimate is between 0 and 1000 points.");
        Touch(now, () => Estimate = points);
    }

    public void SetBusinessValue(int? value, DateTimeOffset now)
    {
        if (value is < 0 or > 100) throw new DomainException("businessValue", "Business value is a number from 0 to 100.");
        Touch(now, () => BusinessValue = value);
    }

    public static readonly IReadOnlyList<decimal> ImpactScale = [0.25m, 0.5m, 1m, 2m, 3m];

    /// <summary>Sets every prioritisation input at once; null clears one.</summary>
    public void Prioritise(int? businessValue, int? timeCriticality, int? riskReduction, int? reach, decimal? impact, int? confidence, decimal? effort, MoSCoW? moscow, DateTimeOffset now)
    {
        if (businessValue is < 0 or > 100) throw new DomainException("businessValue", "Business value is a number from 0 to 100.");
        if (timeCriticality is < 0 or > 100) throw new DomainException("timeCriticality", "Time criticality is a number from 0 to 100.");
        if (riskReduction is < 0 or > 100) throw new DomainException("riskReduction", "Risk reduction / opportunity enablement is a number from 0 to 100.");
        if (reach is < 0) throw new DomainException("reach", "Reach is a count of people or events per period, 0 or more.");
        if (impact is { } i && !ImpactScale.Contains(i)) throw new DomainException("impact", "Impact is one of 0.25 (minimal), 0.5 (low), 1 (medium), 2 (high) or 3 (massive).");
        if (confidence is < 0 or > 100) throw new DomainException("confidence", "Confidence is a percentage from 0 to 100.");
        if (effort is <= 0) throw new DomainException("effort", "Effort is a positive number of person-weeks.");
        Touch(now, () =>
        {
            BusinessValue = businessValue;
            TimeCriticality = timeCriticality;
            RiskReduction = riskReduction;
            Reach = reach;
            Impact = impact;
            Confidence = confidence;
            Effort = effort;
            MoSCoW = moscow;
        });
    }

    public void PlaceOnRoadmap(RoadmapLane? lane, DateTimeOffset now)
    {
        if (Type != ItemType.Epic) throw new DomainException("lane", $"{Key} is not an epic; the roadmap shows epics.");
        Touch(now, () => Lane = lane);
    }

    public void PlaceIn(Guid? epicId, DateTimeOffset now)
    {
        if (epicId == Id) throw new DomainException("epic", "An item cannot be its own epic.");
        if (epicId is not null && Type == ItemType.Epic) throw new DomainException("epic", "An epic cannot belong to another epic.");
        Touch(now, () => EpicId = epicId);
    }

    /// <summary>Moves the item; only the rank changes, so a move writes this one row.</summary>
    public void MoveTo(string rank, DateTimeOffset now)
    {
        if (!Backlog.Rank.IsValid(rank)) throw new DomainException("rank", "That is not a valid rank.");
        Touch(now, () => Rank = rank);
    }

    /// <summary>The team's status changes. Accepting and rejecting are the Product Owner's and go through <see cref="Accept"/> and <see cref="Reject"/>.</summary>
    public void ChangeStatus(ItemStatus status, DateTimeOffset now)
    {
        if (status == ItemStatus.Accepted)
            throw new DomainException("status", "Only the Product Owner accepts work: use the acceptance decision, not a status change.");
        if (Status == ItemStatus.Accepted)
            throw new DomainException("status", $"{Key} was accepted; its status no longer changes.");
        Touch(now, () =>
        {
            Status = status;
            if (status != ItemStatus.InProgress) RejectionReason = null;
        });
    }

    public void Accept(DateTimeOffset now)
    {
        if (Status != ItemStatus.Done)
            throw new DomainException("decision", $"{Key} is {Describe(Status)}; only done work can be accepted.");
        Touch(now, () =>
        {
            Status = ItemStatus.Accepted;
            RejectionReason = null;
        });
    }

    public void Reject(string? reason, DateTimeOffset now)
    {
        if (Status != ItemStatus.Done)
            throw new DomainException("decision", $"{Key} is {Describe(Status)}; only done work can be rejected.");
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason)) throw new DomainException("reason", "Say why the work is rejected, so the team knows what to change.");
        if (reason.Length > 2000) throw new DomainException("reason", "A reason has at most 2000 characters.");
        Touch(now, () =>
        {
            Status = ItemStatus.InProgress;
            RejectionReason = reason;
        });
    }

    public static string Describe(ItemStatus status) => status switch
    {
        ItemStatus.InProgress => "in progress",
        _ => status.ToString().ToLowerInvariant(),
    };

    private void SetTitle(string title)
    {
        title = (title ?? "").Trim();
        TitleRules(new RuleCheck(), title).ThrowIfBroken();
        Title = title;
    }

    private void SetDescription(string? description)
    {
        description ??= "";
        DescriptionRules(new RuleCheck(), description).ThrowIfBroken();
        Description = description;
    }

    private static RuleCheck TitleRules(RuleCheck check, string title) => check
        .Require(title.Length > 0, "title", "An item needs a title.")
        .Require(title.Length <= TitleMaxLength, "title", $"A title has at most {TitleMaxLength} characters (this one has {title.Length}).");

    private static RuleCheck DescriptionRules(RuleCheck check, string description) =>
        check.Require(description.Length <= DescriptionMaxLength, "description", $"A description has at most {DescriptionMaxLength} characters.");

    private void Touch(DateTimeOffset now, Action change)
    {
        change();
        UpdatedAt = now;
        Version++;
    }
}
