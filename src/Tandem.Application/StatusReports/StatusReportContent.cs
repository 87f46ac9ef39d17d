using Tandem.Application.Program;
using Tandem.Domain.Reports;

namespace Tandem.Application.StatusReports;

/// <summary>A RAG status (green, amber, red) and the rule that set it, in words.</summary>
public sealed record RagDto(string Status, string Rule)
{
    public static RagDto Of(RagVerdict verdict) => new(verdict.Text, verdict.Rule);
}

/// <summary>A milestone in a report: its progress (scope done of total), forecast (p50/p85/p95, confidence against target) and RAG.</summary>
public sealed record ReportMilestone(Guid Id, int Number, string Name, DateOnly Date, string Status, RagDto Rag, int DoneItems, int TotalItems,
    DateOnly? P50, DateOnly? P85, DateOnly? P95, int? Confidence, int TargetConfidence, bool AtRisk, string Basis);

/// <summary>Milestone scope done of total across the reported milestones, and the product's items finished in the period.</summary>
public sealed record ReportProgress(int ScopeDone, int ScopeTotal, int ItemsDoneInPeriod);

public sealed record ReportRisk(Guid Id, int Number, string Title, int Probability, int Impact, int Score, string Status, DateOnly? ProximityOn, PersonSummary Owner);

public sealed record ReportImpediment(Guid Id, int Number, string Title, string Impact, DateTimeOffset? EscalatedAt, string? Reason, int AgeDays);

public sealed record ReportDecision(DateTimeOffset At, string Actor, string? Role, string Operation, string Summary, string? Reason, string SubjectType, string SubjectKey);

/// <summary>
/// What a status report says, built from live data by <see cref="StatusReportBuilder"/>: the product's RAG and
/// the rule that set it, its milestones (progress, forecast, RAG), the top open risks (by score, then proximity),
/// dependencies at risk, escalated impediments still unresolved, and the decisions of the product's log in the
/// period. Frozen as JSON when the report is published.
/// </summary>
public sealed record StatusReportContent(
    string ProductKey, string ProductName, DateOnly AsOf, DateTimeOffset PeriodFrom, DateTimeOffset PeriodTo, RagDto Rag,
    IReadOnlyList<ReportMilestone> Milestones, ReportProgress Progress, string ForecastBasis,
    IReadOnlyList<ReportRisk> TopRisks, IReadOnlyList<AtRiskDependency> DependenciesAtRisk,
    IReadOnlyList<ReportImpediment> EscalatedImpediments, IReadOnlyList<ReportDecision> Decisions);
