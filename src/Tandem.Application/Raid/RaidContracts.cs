namespace Tandem.Application.Raid;

/// <summary>How far back the RAID log looks for a risk's trend arrow (score now against score then).</summary>
public static class RaidSettings
{
    public const int TrendDays = 14;
    /// <summary>The most risks one page of the RAID log shows (a workspace at enterprise size holds 400).</summary>
    public const int PageLimit = 500;
    public const int MaxLinks = 50;
}

/// <summary>
/// A new risk: <c>title</c>, <c>probability</c> and <c>impact</c> (1–5 each) are required; <c>description</c>,
/// <c>proximityOn</c> (YYYY-MM-DD) and, for the TPM only, <c>mitigation</c>, <c>contingency</c> and <c>trigger</c> are optional.
/// </summary>
public sealed record RaiseRiskRequest(string? Title, int? Probability, int? Impact, string? Description, string? ProximityOn);

/// <summary>The TPM's handling of a risk: every field is written (omitted text is cleared; an omitted owner stays).</summary>
public sealed record HandleRiskRequest(string? Title, string? Description, int? Probability, int? Impact, Guid? OwnerId, string? Mitigation, string? Contingency,
    string? Trigger, string? ProximityOn);

/// <summary><c>status</c>: open, resolved, owned, accepted or mitigated (ROAM).</summary>
public sealed record RiskStatusRequest(string? Status);

/// <summary>A link target: <c>kind</c> item (<c>ref</c> = item key), milestone, decision or impediment (<c>ref</c> = its number on the product).</summary>
public sealed record RaidLinkDto(Guid Id, string Kind, string Ref, string Title, string ProductKey);

public sealed record RiskTrend(int ScoreThen, int Delta, int Days);

public sealed record RiskDto(
    Guid Id, string ProductKey, int Number, string Title, string Description, int Probability, int Impact, int Score, string Status,
    PersonSummary Owner, string Mitigation, string Contingency, string Trigger, DateOnly? ProximityOn, PersonSummary RaisedBy, DateTimeOffset RaisedAt,
    DateTimeOffset UpdatedAt, RiskTrend? Trend, int? AssumptionNumber, int? ImpedimentNumber, IReadOnlyList<RaidLinkDto> Links, int Version) : IVersioned;

/// <summary>One page of the RAID log's risks, highest score first then nearest proximity; <c>live</c> counts the open, owned and accepted ones.</summary>
public sealed record RisksPage(IReadOnlyList<RiskDto> Items, string? NextCursor, int Total, int Live, int TrendDays);

public sealed record RiskHistoryDto(DateTimeOffset At, int Probability, int Impact, int Score, string Status, PersonSummary By);

/// <summary>One cell of the 5×5 heat map: how many live risks sit at this probability and impact.</summary>
public sealed record HeatCell(int Probability, int Impact, int Score, int Count);

public sealed record RiskHeatMap(string ProductKey, IReadOnlyList<HeatCell> Cells, int Live);

/// <summary><c>statement</c> required; <c>validateBy</c> YYYY-MM-DD.</summary>
public sealed record RecordAssumptionRequest(string? Statement, string? ValidateBy);

/// <summary>The TPM's change to an assumption: statement, owner (unchanged when omitted), validate-by date.</summary>
public sealed record ChangeAssumptionRequest(string? Statement, Guid? OwnerId, string? ValidateBy);

/// <summary>The risk an invalidated assumption becomes: <c>probability</c> and <c>impact</c> (1–5) required, <c>title</c> defaults to the statement.</summary>
public sealed record InvalidateAssumptionRequest(int? Probability, int? Impact, string? Title);

public sealed record AssumptionDto(Guid Id, string ProductKey, int Number, string Statement, PersonSummary Owner, DateOnly? ValidateBy, bool Overdue, string Status,
    Guid? RiskId, int? RiskNumber, PersonSummary RaisedBy, DateTimeOffset RaisedAt, IReadOnlyList<RaidLinkDto> Links, int Version) : IVersioned;

/// <summary><c>title</c> required; <c>priority</c> low, medium (default), high or critical; <c>dueOn</c> YYYY-MM-DD.</summary>
public sealed record RecordIssueRequest(string? Title, string? Description, string? Priority, string? DueOn);

/// <summary>The TPM's change to an issue: every field written; the owner unchanged when omitted.</summary>
public sealed record ChangeIssueRequest(string? Title, string? Description, Guid? OwnerId, string? Priority, string? DueOn);

/// <summary><c>status</c>: open or resolved, with an optional <c>resolution</c>.</summary>
public sealed record IssueStatusRequest(string? Status, string? Resolution);

public sealed record RaidIssueDto(Guid Id, string ProductKey, int Number, string Title, string Description, PersonSummary Owner, string Priority, string Status,
    DateOnly? DueOn, bool Overdue, string? Resolution, int? ImpedimentNumber, PersonSummary RaisedBy, DateTimeOffset RaisedAt, IReadOnlyList<RaidLinkDto> Links, int Version) : IVersioned;

/// <summary>A link from a risk, assumption or issue: <c>kind</c> item, milestone, decision or impediment; <c>ref</c> the item key or the number.</summary>
public sealed record AddRaidLinkRequest(string? Kind, string? Ref);

/// <summary>
/// Promote an escalated impediment: <c>as</c> risk or issue; for a risk <c>probability</c> and <c>impact</c> (1–5),
/// for an issue <c>priority</c> (default from the impediment's impact) and <c>dueOn</c>.
/// </summary>
public sealed record PromoteImpedimentRequest(string? As, int? Probability, int? Impact, string? Priority, string? DueOn);

/// <summary>What a promotion made: <c>as</c> says which of <c>risk</c> and <c>issue</c> is set.</summary>
public sealed record PromotionDto(Guid Id, string As, string ProductKey, int Number, int ImpedimentNumber, RiskDto? Risk, RaidIssueDto? Issue, int Version) : IVersioned;

/// <summary>An escalated impediment the TPM has not yet turned into a risk or an issue.</summary>
public sealed record WaitingImpediment(Guid Id, int Number, string Title, string Impact, string? EscalationReason, DateTimeOffset? EscalatedAt, PersonSummary? EscalatedBy);

/// <summary>The RAID page's other lists, each bounded: assumptions, issues and the escalated impediments waiting for the TPM.</summary>
public sealed record RaidOverview(IReadOnlyList<AssumptionDto> Assumptions, IReadOnlyList<RaidIssueDto> Issues, IReadOnlyList<WaitingImpediment> Waiting);
