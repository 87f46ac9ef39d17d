using Tandem.Domain.Common;

namespace Tandem.Domain.Nfrs;

public enum NfrCategory
{
    Performance,
    Security,
    Availability,
    Reliability,
    Scalability,
    Usability,
    Accessibility,
    Maintainability,
    Observability,
    Privacy,
    Compliance,
    Portability,
}

/// <summary>Where an NFR stands between its two deciders: the Tech Lead sets the target, the Product Owner agrees the need.</summary>
public enum NfrStatus
{
    /// <summary>Proposed by someone on the team; neither half is decided.</summary>
    Proposed,
    /// <summary>The Tech Lead set a measurable target; the Product Owner has not agreed the need yet.</summary>
    Targeted,
    /// <summary>The Product Owner agreed the need; the Tech Lead has not set the target yet.</summary>
    NeedAgreed,
    /// <summary>Both halves decided: the NFR constrains the work it is linked to.</summary>
    Active,
    /// <summary>No longer required; kept for the record.</summary>
    Retired,
}

public enum NfrResult
{
    NotVerified,
    Met,
    NotMet,
}

/// <summary>
/// A non-functional requirement: a system quality with a measurable target. Number is per product
/// (NFR-1, NFR-2 …). The metric is what makes it measurable, so an NFR without one is refused.
/// </summary>
public sealed class Nfr : IProductOwned
{
    public const int StatementMaxLength = 1000;
    public const int MetricMaxLength = 200;
    public const int TargetMaxLength = 120;
    public const int VerificationMaxLength = 1000;

    private Nfr() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public int Number { get; private set; }
    public NfrCategory Category { get; private set; }
    public string Statement { get; private set; } = "";
    public string Metric { get; private set; } = "";
    public string Target { get; private set; } = "";
    public string Threshold { get; private set; } = "";
    public string Verification { get; private set; } = "";
    public Guid? OwnerId { get; private set; }
    public NfrStatus Status { get; private set; }
    public Guid ProposedById { get; private set; }
    public DateTimeOffset ProposedAt { get; private set; }
    public Guid? TargetSetById { get; private set; }
    public DateTimeOffset? TargetSetAt { get; private set; }
    public Guid? NeedAgreedById { get; private set; }
    public DateTimeOffset? NeedAgreedAt { get; private set; }
    /// <summary>The result of the most recently recorded verification (any release); null until the first.</summary>
    public NfrResult? LatestResult { get; private set; }
    public DateTimeOffset? LatestVerifiedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public string Code => CodeOf(Number);

    /// <summary>The code people read and type for the NFR numbered <paramref name="number"/> in its product.</summary>
    public static string CodeOf(int number) => $"NFR-{number}";

    /// <summary>How an NFR linked to an item reads as a line of that item's Definition of Done.</summary>
    public static string DoneLine(int number, string metric, string target) =>
        $"{CodeOf(number)} {metric} {(target.Length > 0 ? target : "(target not set)")} met?";

    private const string MissingStatement = "Say what quality the system must have.";
    private const string MissingMetric = "An NFR needs a metric: what is measured, for example \"p95 latency of POST /payments\".";

    /// <summary>A proposal; every broken rule of its text is reported at once.</summary>
    public static Nfr Propose(Guid workspaceId, Guid productId, int number, NfrCategory category, string? statement, string? metric,
        string? target, string? threshold, string? verification, Guid? ownerId, Guid by, DateTimeOffset now)
    {
        var check = new RuleCheck();
        Text("statement", statement, StatementMaxLength, MissingStatement, check);
        Text("metric", metric, MetricMaxLength, MissingMetric, check);
        Optional("target", target, TargetMaxLength, check);
        Optional("threshold", threshold, TargetMaxLength, check);
        Optional("verification", verification, VerificationMaxLength, check);
        check.ThrowIfBroken();
        var nfr = new Nfr
        {
            Id = Guid.NewGuid(),
            WorkspaceId = workspaceId,
            ProductId = productId,
            Number = number,
            Category = category,
            Statement = Trimmed(statement),
            Metric = Trimmed(metric),
            Target = Trimmed(target),
            Threshold = Trimmed(threshold),
            Verification = Trimmed(verification),
            OwnerId = ownerId,
            Status = NfrStatus.Proposed,
            ProposedById = by,
            ProposedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        return nfr;
    }

    /// <summary>The Tech Lead's half: metric, target, least acceptable threshold and how it is verified, all required.</summary>
    public void SetTarget(string? metric, string? target, string? threshold, string? verification, Guid by, DateTimeOffset now)
    {
        var check = new RuleCheck();
        Text("metric", metric, MetricMaxLength, MissingMetric, check);
        Text("target", target, TargetMaxLength, "Say the target, for example \"≤ 200 ms\".", check);
        Text("threshold", threshold, TargetMaxLength, "Say the least acceptable value, for example \"≤ 350 ms\".", check);
        Text("verification", verification, VerificationMaxLength, "Say how it is verified, for example \"k6 load test in staging\".", check);
        check.ThrowIfBroken();
        (Metric, Target, Threshold, Verification) = (Trimmed(metric), Trimmed(target), Trimmed(threshold), Trimmed(verification));
        (TargetSetById, TargetSetAt) = (by, now);
        Restate(now);
    }

    /// <summary>The Product Owner's half: the need is agreed.</summary>
    public void AgreeNeed(Guid by, DateTimeOffset now)
    {
        if (NeedAgreedAt is not null) throw new DomainException("need", $"The need for {Code} is already agreed.");
        (NeedAgreedById, NeedAgreedAt) = (by, now);
        Restate(now);
    }

    public void Change(NfrCategory category, string? statement, Guid? ownerId, bool retired, DateTimeOffset now)
    {
        var check = new RuleCheck();
        Text("statement", statement, StatementMaxLength, MissingStatement, check);
        check.ThrowIfBroken();
        Category = category;
        Statement = Trimmed(statement);
        OwnerId = ownerId;
        Status = retired ? NfrStatus.Retired : StatusOfHalves();
        UpdatedAt = now;
        Version++;
    }

    public void Verified(NfrResult result, DateTimeOffset at)
    {
        (LatestResult, LatestVerifiedAt) = (result, at);
        UpdatedAt = at;
        Version++;
    }

    private void Restate(DateTimeOffset now)
    {
        if (Status != NfrStatus.Retired) Status = StatusOfHalves();
        UpdatedAt = now;
        Version++;
    }

    private NfrStatus StatusOfHalves() => (TargetSetAt is not null, NeedAgreedAt is not null) switch
    {
        (true, true) => NfrStatus.Active,
        (true, false) => NfrStatus.Targeted,
        (false, true) => NfrStatus.NeedAgreed,
        _ => NfrStatus.Proposed,
    };

    private static void Text(string field, string? value, int max, string missing, RuleCheck check)
    {
        if (Trimmed(value).Length == 0) check.Require(false, field, missing);
        else Optional(field, value, max, check);
    }

    private static void Optional(string field, string? value, int max, RuleCheck check) =>
        check.Require(Trimmed(value).Length <= max, field, $"The {field} has at most {max} characters.");

    private static string Trimmed(string? value) => value?.Trim() ?? "";
}

public enum NfrLinkKind
{
    /// <summary>A backlog item (story or epic): the NFR joins its Definition of Done.</summary>
    Item,
    Release,
    /// <summary>An architecture decision record.</summary>
    Decision,
}

/// <summary>An NFR constrains an item, a release or a decision record.</summary>
public sealed class NfrLink : IProductOwned
{
    private NfrLink() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid NfrId { get; private set; }
    public NfrLinkKind Kind { get; private set; }
    public Guid TargetId { get; private set; }
    public Guid LinkedById { get; private set; }
    public DateTimeOffset LinkedAt { get; private set; }

    public static NfrLink Create(Nfr nfr, NfrLinkKind kind, Guid targetId, Guid by, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(), WorkspaceId = nfr.WorkspaceId, ProductId = nfr.ProductId, NfrId = nfr.Id,
        Kind = kind, TargetId = targetId, LinkedById = by, LinkedAt = now,
    };
}

/// <summary>
/// One verification of an NFR for a release. History is kept: a newer result for the same NFR and
/// release makes the older one no longer current, and nothing is ever deleted.
/// </summary>
public sealed class NfrVerification : IProductOwned
{
    public const int MeasuredMaxLength = 200;
    public const int EvidenceMaxLength = 2000;
    public const int NoteMaxLength = 1000;

    private NfrVerification() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid NfrId { get; private set; }
    public Guid ReleaseId { get; private set; }
    public NfrResult Result { get; private set; }
    public string MeasuredValue { get; private set; } = "";
    public string? EvidenceUrl { get; private set; }
    public string Note { get; private set; } = "";
    public Guid RecordedById { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    /// <summary>The newest result for its NFR and release: what the compliance view shows.</summary>
    public bool IsCurrent { get; private set; }

    public static NfrVerification Record(Nfr nfr, Guid releaseId, NfrResult result, string? measured, string? evidenceUrl, string? note, Guid by, DateTimeOffset now)
    {
        var m = measured?.Trim() ?? "";
        var n = note?.Trim() ?? "";
        var check = new RuleCheck()
            .Require(result == NfrResult.NotVerified || m.Length > 0, "measuredValue", "Say the measured value behind a met or not-met result.")
            .Require(m.Length <= MeasuredMaxLength, "measuredValue", $"The measured value has at most {MeasuredMaxLength} characters.")
            .Require(n.Length <= NoteMaxLength, "note", $"A note has at most {NoteMaxLength} characters.");
        var evidence = CheckEvidence(evidenceUrl, check);
        check.ThrowIfBroken();
        return new NfrVerification
        {
            Id = Guid.NewGuid(), WorkspaceId = nfr.WorkspaceId, ProductId = nfr.ProductId, NfrId = nfr.Id, ReleaseId = releaseId,
            Result = result, MeasuredValue = m, EvidenceUrl = evidence, Note = n,
            RecordedById = by, RecordedAt = now, IsCurrent = true,
        };
    }

    /// <summary>Evidence is a link people open: absolute http or https only, never javascript: or file:.</summary>
    private static string? CheckEvidence(string? url, RuleCheck check)
    {
        var u = url?.Trim() ?? "";
        if (u.Length == 0) return null;
        if (u.Length > EvidenceMaxLength)
        {
            check.Require(false, "evidenceUrl", $"The evidence link has at most {EvidenceMaxLength} characters.");
            return null;
        }
        var web = Uri.TryCreate(u, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps) && parsed.Host.Length > 0;
        check.Require(web, "evidenceUrl", $"'{u}' is not an http or https link; link the evidence (a test report, a dashboard) by its web address.");
        return u;
    }

    public void Supersede() => IsCurrent = false;
}
