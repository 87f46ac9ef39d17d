using Tandem.Domain.Common;

namespace Tandem.Domain.Raid;

/// <summary>
/// One point of a risk's trend: its assessment and status after a change of either (raised, reassessed,
/// ROAM status moved). Append-only; the risk page draws the score over time from these rows, and the log
/// compares today's score with the last row before a past date.
/// </summary>
public sealed class RiskHistory : IProductOwned
{
    private RiskHistory() { }

    public long Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid RiskId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public int Probability { get; private set; }
    public int Impact { get; private set; }
    public int Score { get; private set; }
    public RiskStatus Status { get; private set; }
    public Guid ById { get; private set; }

    /// <summary>The risk as it stands now, recorded by <paramref name="by"/>.</summary>
    public static RiskHistory Of(Risk risk, Guid by, DateTimeOffset now) => new()
    {
        WorkspaceId = risk.WorkspaceId, ProductId = risk.ProductId, RiskId = risk.Id, At = now,
        Probability = risk.Probability, Impact = risk.Impact, Score = risk.Score, Status = risk.Status, ById = by,
    };
}
