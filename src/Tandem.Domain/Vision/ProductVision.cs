using Tandem.Domain.Common;

namespace Tandem.Domain.Vision;

/// <summary>Why the product exists: its vision statement, who it is for, and the problem it solves.</summary>
public sealed class ProductVision : IProductOwned
{
    public const int StatementMaxLength = 2000;
    public const int TextMaxLength = 5000;

    private ProductVision() { }

    public Guid ProductId { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public string Statement { get; private set; } = "";
    public string TargetUsers { get; private set; } = "";
    public string Problem { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public static ProductVision Empty(Guid workspaceId, Guid productId, DateTimeOffset now) =>
        new() { WorkspaceId = workspaceId, ProductId = productId, UpdatedAt = now, Version = 0 };

    public void Rewrite(string? statement, string? targetUsers, string? problem, DateTimeOffset now)
    {
        Statement = Text(statement, "statement", StatementMaxLength);
        TargetUsers = Text(targetUsers, "targetUsers", TextMaxLength);
        Problem = Text(problem, "problem", TextMaxLength);
        UpdatedAt = now;
        Version++;
    }

    private static string Text(string? value, string field, int max)
    {
        value = (value ?? "").Trim();
        if (value.Length > max) throw new DomainException(field, $"{field} has at most {max} characters.");
        return value;
    }
}

public enum GoalStatus
{
    OnTrack,
    AtRisk,
    Achieved,
}

/// <summary>A product goal with a measurable outcome and a target date.</summary>
public sealed class ProductGoal : IProductOwned
{
    public const int TitleMaxLength = 200;
    public const int OutcomeMaxLength = 1000;

    private ProductGoal() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public string Title { get; private set; } = "";

    /// <summary>How the team will know it is reached, e.g. "checkout conversion ≥ 3.5 %".</summary>
    public string Outcome { get; private set; } = "";

    /// <summary>The day the outcome should be reached (inclusive).</summary>
    public DateOnly TargetDate { get; private set; }
    public GoalStatus Status { get; private set; }
    public int Version { get; private set; }

    public static ProductGoal Create(Guid workspaceId, Guid productId, string? title, string? outcome, DateOnly targetDate, GoalStatus status, DateTimeOffset now)
    {
        var goal = new ProductGoal { Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId };
        goal.Change(title, outcome, targetDate, status);
        goal.Version = 1;
        return goal;
    }

    public void Change(string? title, string? outcome, DateOnly targetDate, GoalStatus status)
    {
        title = (title ?? "").Trim();
        outcome = (outcome ?? "").Trim();
        if (title.Length == 0) throw new DomainException("title", "A goal needs a title.");
        if (title.Length > TitleMaxLength) throw new DomainException("title", $"A goal title has at most {TitleMaxLength} characters.");
        if (outcome.Length == 0) throw new DomainException("outcome", "A goal needs a measurable outcome, e.g. \"checkout conversion at least 3.5 %\".");
        if (outcome.Length > OutcomeMaxLength) throw new DomainException("outcome", $"An outcome has at most {OutcomeMaxLength} characters.");
        Title = title;
        Outcome = outcome;
        TargetDate = targetDate;
        Status = status;
        Version++;
    }
}
