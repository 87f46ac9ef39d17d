using System.Globalization;

namespace Tandem.Domain.Reports;

/// <summary>Red, amber, green: red is worst. The API spells them in lower case.</summary>
public enum RagStatus
{
    Green,
    Amber,
    Red,
}

/// <summary>A RAG status with the rule that set it, in words (for example "85 % forecast 2027-03-01 after the milestone date 2027-02-15 → red").</summary>
public sealed record RagVerdict(RagStatus Status, string Rule)
{
    public string Text => Status.ToString().ToLowerInvariant();
}

/// <summary>What the milestone rule reads: the milestone's state and its Monte Carlo forecast (dates null when none).</summary>
public sealed record MilestoneRagInput(string Name, DateOnly Date, bool Achieved, bool Missed, int TotalItems, int OpenItems, bool HasHistory,
    DateOnly? P85, DateOnly? P95, int? Confidence, int TargetConfidence);

/// <summary>What the product rule reads besides its milestones' verdicts.</summary>
public sealed record ProductRagInput(IReadOnlyList<(string Milestone, RagVerdict Verdict)> Milestones, int HighRisks, int HighestRiskScore,
    int EscalatedImpediments, int DependenciesAtRisk);

/// <summary>
/// The status reports' RAG rules, written once. The first rule that matches sets the status, and its sentence
/// is shown beside the badge.
/// <para>A milestone (planned, cancelled ones are not reported):</para>
/// <list type="number">
/// <item>achieved → green; missed → red;</item>
/// <item>no scope → amber: nothing to forecast;</item>
/// <item>everything in scope done → green;</item>
/// <item>the date has passed with items open → red;</item>
/// <item>no throughput history → amber: cannot forecast;</item>
/// <item>85 % forecast after the milestone date (or beyond the forecast's reach) → red;</item>
/// <item>confidence below the milestone's target (but 85 % on or before the date) → amber;</item>
/// <item>95 % forecast after the milestone date (85 % before it) → amber;</item>
/// <item>otherwise (95 % forecast on or before the date, confidence at or above target) → green.</item>
/// </list>
/// <para>A product:</para>
/// <list type="number">
/// <item>any milestone red → red;</item>
/// <item>any milestone amber → amber;</item>
/// <item>an open risk scored <see cref="HighRiskScore"/> or more → amber;</item>
/// <item>an escalated impediment unresolved → amber;</item>
/// <item>a dependency at risk → amber;</item>
/// <item>no planned milestone → amber: nothing to measure delivery against;</item>
/// <item>otherwise → green.</item>
/// </list>
/// </summary>
public static class RagRules
{
    /// <summary>Probability × impact from which an open risk turns its product amber (the heat map's red zone).</summary>
    public const int HighRiskScore = 15;

    public static RagVerdict Milestone(MilestoneRagInput m, DateOnly today)
    {
        if (m.Achieved) return new(RagStatus.Green, "achieved → green");
        if (m.Missed) return new(RagStatus.Red, $"missed its date {D(m.Date)} → red");
        if (m.TotalItems == 0) return new(RagStatus.Amber, "no scope → amber: nothing to forecast");
        if (m.OpenItems == 0) return new(RagStatus.Green, "everything in its scope is done → green");
        if (m.Date < today) return new(RagStatus.Red, $"the date {D(m.Date)} has passed with {m.OpenItems} item{S(m.OpenItems)} open → red");
        if (!m.HasHistory) return new(RagStatus.Amber, "no throughput history → amber: cannot forecast");
        if (m.P85 is not { } p85) return new(RagStatus.Red, "85 % forecast beyond the forecast's reach (ten years) → red");
        if (p85 > m.Date) return new(RagStatus.Red, $"85 % forecast {D(p85)} after the milestone date {D(m.Date)} → red");
        if (m.Confidence is { } c && c < m.TargetConfidence)
            return new(RagStatus.Amber, $"confidence {c} % below the target {m.TargetConfidence} %, though 85 % forecast {D(p85)} is on or before the date → amber");
        if (m.P95 is not { } p95 || p95 > m.Date)
            return new(RagStatus.Amber, $"85 % forecast {D(p85)} before the date but 95 % {(m.P95 is { } p ? D(p) : "beyond reach")} after {D(m.Date)} → amber");
        return new(RagStatus.Green, $"95 % forecast {D(p95)} on or before the milestone date {D(m.Date)} → green");
    }

    public static RagVerdict Product(ProductRagInput p)
    {
        if (p.Milestones.FirstOrDefault(m => m.Verdict.Status == RagStatus.Red) is { Milestone: not null } red)
            return new(RagStatus.Red, $"milestone {red.Milestone} is red ({red.Verdict.Rule}) → red");
        if (p.Milestones.FirstOrDefault(m => m.Verdict.Status == RagStatus.Amber) is { Milestone: not null } amber)
            return new(RagStatus.Amber, $"milestone {amber.Milestone} is amber ({amber.Verdict.Rule}) → amber");
        if (p.HighRisks > 0)
            return new(RagStatus.Amber, $"{p.HighRisks} open risk{S(p.HighRisks)} scored {HighRiskScore} or more (highest {p.HighestRiskScore}) → amber");
        if (p.EscalatedImpediments > 0)
            return new(RagStatus.Amber, $"{p.EscalatedImpediments} escalated impediment{S(p.EscalatedImpediments)} unresolved → amber");
        if (p.DependenciesAtRisk > 0)
            return new(RagStatus.Amber, $"{p.DependenciesAtRisk} dependenc{(p.DependenciesAtRisk == 1 ? "y" : "ies")} at risk → amber");
        if (p.Milestones.Count == 0)
            return new(RagStatus.Amber, "no planned milestone → amber: nothing to measure delivery against");
        return new(RagStatus.Green, "every milestone green, no high risk, escalated impediment or dependency at risk → green");
    }

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string S(int n) => n == 1 ? "" : "s";
}
