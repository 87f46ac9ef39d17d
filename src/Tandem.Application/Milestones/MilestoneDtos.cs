using Tandem.Application.Forecasting;

namespace Tandem.Application.Milestones;

/// <summary>
/// <c>date</c> as YYYY-MM-DD; <c>targetConfidence</c> 50–99 (85 when absent); <c>itemKeys</c> the epics and items of its scope;
/// <c>ownerId</c> a person of the workspace (the TPM when absent).
/// </summary>
public sealed record CreateMilestoneRequest(string? Name, string? Date, string? Criteria, Guid? OwnerId, Guid? ReleaseId, int? TargetConfidence,
    IReadOnlyList<string>? ItemKeys);

/// <summary>Replaces name, criteria, owner, release and target confidence; <c>date</c> moves it when present; <c>status</c> planned, achieved, missed or cancelled.</summary>
public sealed record UpdateMilestoneRequest(string? Name, string? Date, string? Criteria, Guid? OwnerId, Guid? ReleaseId, int? TargetConfidence, string? Status);

public sealed record MoveMilestoneDateRequest(string? Date, string? Reason);

public sealed record MilestoneScopeRequest(IReadOnlyList<string>? ItemKeys);

/// <summary><c>kind</c>: decision (an architecture decision record), interface (on the integration map) or nfr; <c>id</c> its id.</summary>
public sealed record LinkPrerequisiteRequest(string? Kind, Guid? Id);

/// <summary><c>kind</c>: design-review, qa-sign-off, security-review or go-no-go; <c>dueOn</c> YYYY-MM-DD, not after the milestone.</summary>
public sealed record PlanGateRequest(string? Kind, string? DueOn, IReadOnlyList<string>? Checklist);

/// <summary><c>status</c>: passed or failed (for the go/no-go also go or no-go); a failure needs a note.</summary>
public sealed record DecideGateRequest(string? Status, string? Note);

public sealed record TickChecklistRequest(bool Done);

public sealed record MilestoneScopeEntry(Guid Id, string Key, string Title, string Type, string Status, bool Done, bool ViaEpic);

public sealed record GateChecklistDto(Guid Id, string Text, bool Done, PersonSummary? DoneBy);

/// <summary>A gate: <c>decidedBy</c> names the role that decides it.</summary>
public sealed record GateDto(Guid Id, Guid MilestoneId, string Kind, string Name, string DecidedBy, DateOnly DueOn, string Status, string Note,
    PersonSummary? Decider, DateTimeOffset? DecidedAt, IReadOnlyList<GateChecklistDto> Checklist, int Version) : IVersioned;

/// <summary>A technical prerequisite: <c>kind</c> decision, interface, spike or nfr; <c>gating</c> when the go/no-go waits for it.</summary>
public sealed record PrerequisiteDto(string Kind, Guid Id, string Label, string State, bool Met, bool Gating);

/// <summary>
/// A milestone with its scope, forecast, gates and prerequisites; <c>blockers</c> says what stands between it and a "go"
/// (unmet prerequisites, gates not passed), empty when nothing does.
/// </summary>
public sealed record MilestoneDto(
    Guid Id, string ProductKey, int Number, string Name, DateOnly Date, string Criteria, string Status, PersonSummary? Owner,
    Guid? ReleaseId, string? ReleaseName, int TargetConfidence, IReadOnlyList<MilestoneScopeEntry> Scope, MilestoneForecast Forecast,
    IReadOnlyList<GateDto> Gates, IReadOnlyList<PrerequisiteDto> Prerequisites, IReadOnlyList<string> Blockers, Guid? OpenTradeOffId,
    IReadOnlyList<Guid> TradeOffIds, int Version) : IVersioned;

/// <summary>The program view: milestones of every product the person can read, lowest confidence first.</summary>
public sealed record ProgramMilestones(IReadOnlyList<MilestoneDto> Milestones, IReadOnlyList<ProgramFilter> Products, IReadOnlyList<ProgramFilter> Teams);

public sealed record ProgramFilter(string Value, string Name);
