using Tandem.Domain.Common;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Workspaces;

namespace Tandem.Domain.DecisionLog;

/// <summary>
/// One decision: who made it, in which role, when, what and why. Append-only: the DbContext refuses
/// to update or delete an entry, and no endpoint or page offers to.
/// </summary>
public sealed class DecisionLogEntry : IProductOwned
{
    public const int SummaryMaxLength = 500;
    public const int ReasonMaxLength = 2000;

    private DecisionLogEntry() { }

    public long Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid ActorId { get; private set; }
    public string ActorName { get; private set; } = "";

    /// <summary>The role the decision was made in; null where the right comes from workspace administration.</summary>
    public Role? Role { get; private set; }
    public DecisionArea Area { get; private set; }
    public string Operation { get; private set; } = "";
    public string Summary { get; private set; } = "";
    public string? Reason { get; private set; }

    /// <summary>What the decision concerns, e.g. ("product", "PAY") or ("item", "PAY-12").</summary>
    public string SubjectType { get; private set; } = "";
    public string SubjectKey { get; private set; } = "";

    public static DecisionLogEntry Record(
        Guid workspaceId, Guid productId, DateTimeOffset at, Guid actorId, string actorName, Role? role,
        Operation operation, string summary, string? reason, string subjectType, string subjectKey)
    {
        summary = summary.Trim();
        if (summary.Length > SummaryMaxLength) summary = summary[..SummaryMaxLength];
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > ReasonMaxLength })
            throw new DomainException("reason", $"A reason has at most {ReasonMaxLength} characters.");
        return new DecisionLogEntry
        {
            WorkspaceId = workspaceId,
            ProductId = productId,
            At = at,
            ActorId = actorId,
            ActorName = actorName,
            Role = role,
            Area = operation.Area,
            Operation = operation.Name,
            Summary = summary,
            Reason = reason,
            SubjectType = subjectType,
            SubjectKey = subjectKey,
        };
    }
}
