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
        statement = (statement ?? "").Trim();
        targetUsers = (targetUsers ?? "").Trim();
        problem = (problem ?? "").Trim();
        new RuleCheck()
            .Require(statement.Length <= StatementMaxLength, "statement", $"statement has at most {StatementMaxLength} characters.")
            .Require(targetUsers.Length <= TextMaxLength, "targetUsers", $"targetUsers has at most {TextMaxLength} characters.")
            .Require(problem.Length <= TextMaxLength, "problem", $"problem has at most {TextMaxLength} characters.")
            .ThrowIfBroken();
        Statement = statement;
        TargetUsers = targetUsers;
        Problem = problem;
        UpdatedAt = now;
        Version++;
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

    public static ProductGoal Create(Guid workspaceId, Guid productId, string? title, string? outcome, DateOnly? targetDate, GoalStatus status, DateTimeOffset now)
    {
        var goal = new ProductGoal { Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId };
        goal.Change(title, outcome, targetDate, status);
        goal.Version = 1;
        return goal;
    }

    public void Change(string? title, string? outcome, DateOnly? targetDate, GoalStatus status)
    {
        title = (title ?? "").Trim();
        outcome = (outcome ?? "").Trim();
        new RuleCheck()
            .Require(title.Length > 0, "title", "A goal needs a title.")
            .Require(title.Length <= TitleMaxLength, "title", $"A goal title has at most {TitleMaxLength} characters.")
            .Require(outcome.Length > 0, "outcome", "A goal needs a measurable outcome, e.g. \"checkout conversion at least 3.5 %\".")
            .Require(outcome.Length <= OutcomeMaxLength, "outcome", $"An outcome has at most {OutcomeMaxLength} characters.")
            .Require(targetDate is not null, "targetDate", "A goal needs a target date (YYYY-MM-DD).")
            .ThrowIfBroken();
        Title = title;
        Outcome = outcome;
        TargetDate = targetDate.GetValueOrDefault();
        Status = status;
        Version++;
    }
}
