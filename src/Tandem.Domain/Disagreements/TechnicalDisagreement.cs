using Tandem.Domain.Common;

namespace Tandem.Domain.Disagreements;

/// <summary>What a disagreement is about: a backlog item, an architecture decision record, a sprint or a working agreement.</summary>
public enum DisagreementSubject
{
    Item,
    Adr,
    Sprint,
    WorkingAgreement,
}

/// <summary>
/// Whose decision a disagreement is, by domain (PRODUCT.md): priority and scope go to the Product Owner,
/// technical matters to the Tech Lead, dates and dependencies to the Technical Project Manager, process and
/// working agreements to the Scrum Master.
/// </summary>
public enum DisagreementArea
{
    PriorityScope,
    Technical,
    DatesDependencies,
    Process,
}

public enum DisagreementStatus
{
    Open,
    Resolved,
}

/// <summary>How the decider settled it.</summary>
public enum DisagreementOutcome
{
    /// <summary>The current approach stands; the resolution says why.</summary>
    Upheld,
    /// <summary>The approach changes, usually to the alternative proposed.</summary>
    Changed,
    /// <summary>Part of the concern is taken up: a middle way, or a spike before deciding.</summary>
    Compromise,
    /// <summary>The raiser withdrew it after discussion; the TL records that.</summary>
    Withdrawn,
}

/// <summary>
/// A team member's disagreement on an item, a decision record, a sprint or a working agreement. Its
/// <see cref="Area"/> routes it to whoever decides that area (the Tech Lead for technical ones, which were the
/// only kind before issue 10 and keep their rows and name); the decider's resolution (outcome and text) is
/// final and logged, and the raiser is told.
/// </summary>
public sealed class TechnicalDisagreement : IProductOwned
{
    public const int ConcernMaxLength = 8000;
    public const int AlternativeMaxLength = 8000;
    public const int ResolutionMaxLength = 4000;
    public const int SubjectTitleMaxLength = 200;
    public const int SubjectKeyMaxLength = 40;

    private TechnicalDisagreement() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public int Number { get; private set; }
    public DisagreementArea Area { get; private set; } = DisagreementArea.Technical;
    public DisagreementSubject SubjectKind { get; private set; }
    public Guid SubjectId { get; private set; }
    /// <summary>The item key ("PAY-12"), the record's number ("7"), the sprint's number or the agreement's key, as links are made of them.</summary>
    public string SubjectKey { get; private set; } = "";
    /// <summary>The subject's title when it was raised, so lists need no join.</summary>
    public string SubjectTitle { get; private set; } = "";
    public string Concern { get; private set; } = "";
    public string? Alternative { get; private set; }
    public Guid RaisedById { get; private set; }
    public DateTimeOffset RaisedAt { get; private set; }
    public DisagreementStatus Status { get; private set; }
    public DisagreementOutcome? Outcome { get; private set; }
    public string? Resolution { get; private set; }
    public Guid? ResolvedById { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public int Version { get; private set; }

    public static TechnicalDisagreement Raise(Guid workspaceId, Guid productId, int number, DisagreementSubject kind, Guid subjectId, string subjectKey, string subjectTitle,
        string? concern, string? alternative, Guid by, DateTimeOffset now, DisagreementArea area = DisagreementArea.Technical)
    {
        var check = new RuleCheck();
        if (string.IsNullOrWhiteSpace(concern)) check.Require(false, "concern", "Say what you disagree with and why: whoever decides reads what you write.");
        else check.Require(concern.Length <= ConcernMaxLength, "concern", $"The concern has at most {ConcernMaxLength} characters.");
        check.Require(alternative is not { Length: > AlternativeMaxLength }, "alternative", $"The alternative has at most {AlternativeMaxLength} characters.");
        check.Require(Enum.IsDefined(area), "area", "The area is priority-scope, technical, dates-dependencies or process.");
        check.Require(subjectKey.Length is > 0 and <= SubjectKeyMaxLength, "subjectKey", $"A subject key has 1 to {SubjectKeyMaxLength} characters.");
        check.ThrowIfBroken();
        return new TechnicalDisagreement
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, Number = number, Area = area,
            SubjectKind = kind, SubjectId = subjectId, SubjectKey = subjectKey,
            SubjectTitle = subjectTitle.Length > SubjectTitleMaxLength ? subjectTitle[..SubjectTitleMaxLength] : subjectTitle,
            Concern = concern!.Trim(), Alternative = string.IsNullOrWhiteSpace(alternative) ? null : alternative.Trim(),
            RaisedById = by, RaisedAt = now, Status = DisagreementStatus.Open, Version = 1,
        };
    }

    public void Resolve(DisagreementOutcome outcome, string? resolution, Guid by, DateTimeOffset now)
    {
        // The handler answers 409 for a resolved one first; reaching this is a bug.
        if (Status != DisagreementStatus.Open) throw new InvalidOperationException($"Disagreement {Number} is already resolved.");
        CheckResolution(resolution).ThrowIfBroken();
        (Status, Outcome, Resolution, ResolvedById, ResolvedAt) = (DisagreementStatus.Resolved, outcome, resolution!.Trim(), by, now);
        Version++;
    }

    public static RuleCheck CheckResolution(string? resolution)
    {
        var check = new RuleCheck();
        if (string.IsNullOrWhiteSpace(resolution)) check.Require(false, "resolution", "Say how it is resolved and why, so the raiser and the team know.");
        else check.Require(resolution.Length <= ResolutionMaxLength, "resolution", $"A resolution has at most {ResolutionMaxLength} characters.");
        return check;
    }
}
