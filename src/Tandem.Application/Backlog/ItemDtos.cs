
namespace Tandem.Application.Backlog;

// What the backlog answers with: list rows and the item detail (built by Items.DetailAsync).

public sealed record BacklogItemSummary(
    string Key, string Type, string Title, string Status, string Rank, string? Epic, PersonSummary? Assignee,
    decimal? Estimate, int? BusinessValue, string? Moscow, decimal? Wsjf, decimal? Rice, IReadOnlyList<string> Labels, int Version, DateTimeOffset UpdatedAt, string? EpicTitle = null) : IVersioned;

public sealed record LinkDto(Guid Id, string Kind, string Item, string Title);

public sealed record CommentDto(Guid Id, PersonSummary Author, string Text, string Html, DateTimeOffset At);

public sealed record ActivityDto(PersonSummary Actor, string Text, DateTimeOffset At);

public sealed record PrioritisationDto(
    int? BusinessValue, int? TimeCriticality, int? RiskReduction, decimal? JobSize,
    int? Reach, decimal? Impact, int? Confidence, decimal? Effort, string? Moscow, decimal? Wsjf, decimal? Rice);

public sealed record BacklogItemDto(
    string Key, string ProductKey, string Type, string Title, string Description, string DescriptionHtml, string Status, string Rank,
    string? Epic, PersonSummary? Assignee, decimal? Estimate, int? BusinessValue, string? RejectionReason,
    PrioritisationDto Prioritisation, ReadinessDto Readiness, IReadOnlyList<CriterionDto> AcceptanceCriteria,
    IReadOnlyList<string> Labels, IReadOnlyList<LinkDto> Links, IReadOnlyList<CommentDto> Comments, IReadOnlyList<ActivityDto> Activity,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version, AssessmentDto? Assessment = null, DoneChecklistDto? DefinitionOfDone = null) : IVersioned;

/// <summary>The item's Definition of Done: the product's lines, and one line per NFR linked to the item (checked when its latest verification is met).</summary>
public sealed record DoneChecklistDto(IReadOnlyList<string> Product, IReadOnlyList<NfrDoneCheck> Nfrs);

/// <summary>The Tech Lead's technical assessment of an item, null until the TL has made one.</summary>
public sealed record AssessmentDto(
    string Feasibility, string Risk, string? RiskReason, string Confidence, IReadOnlyList<string> Components,
    string Notes, string NotesHtml, PersonSummary AssessedBy, DateTimeOffset AssessedAt, string? Spike);

/// <summary>The two halves of readiness; the Tech Lead's feasibility reads "not-assessed" until the TL assesses the item.</summary>
public sealed record ReadinessDto(bool Ready, bool ProductOwnerReady, bool StoryForm, bool HasCriteria, bool HasValue, bool TechLeadReady, bool HasEstimate, string Feasibility);

public sealed record CriterionDto(Guid Id, int Position, string Given, string When, string Then, bool IsMet, bool IsVerified);

/// <summary>One line an NFR adds to a linked item's Definition of Done; Met when its latest verification is met.</summary>
public sealed record NfrDoneCheck(Guid NfrId, string Code, string Text, bool Met, string Result);
