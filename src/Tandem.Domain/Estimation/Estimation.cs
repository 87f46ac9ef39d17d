using System.Globalization;
using Tandem.Domain.Backlog;
using Tandem.Domain.Common;

namespace Tandem.Domain.Estimation;

/// <summary>
/// A product's story-point scale. A product without a row uses <see cref="Default"/>. "?" on the scale
/// means "we cannot size this yet": it is recorded in the history but leaves the item without a number,
/// so it is neither a job size for WSJF nor an estimate for readiness.
/// </summary>
public sealed class EstimationScale : IProductOwned
{
    public const string Unknown = "?";
    public const int MaxValues = 20;
    public static readonly IReadOnlyList<string> Default = ["0", "1", "2", "3", "5", "8", "13", "21", Unknown];

    private EstimationScale() { }

    public Guid ProductId { get; private set; }
    public Guid WorkspaceId { get; private set; }

    /// <summary>The values in order, comma-separated ("0,1,2,3,5,8,13,21,?").</summary>
    public string Values { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<string> List => Values.Split(',');

    public static EstimationScale For(Guid workspaceId, Guid productId, IReadOnlyList<string>? values, DateTimeOffset now)
    {
        var scale = new EstimationScale { WorkspaceId = workspaceId, ProductId = productId };
        scale.Replace(values, now);
        return scale;
    }

    public void Replace(IReadOnlyList<string>? values, DateTimeOffset now)
    {
        Values = string.Join(',', Validate(values));
        UpdatedAt = now;
    }

    /// <summary>Numbers from 0 to 1000 in ascending order, no repeats, optionally "?" last.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<string>? values)
    {
        var cleaned = (values ?? []).Select(v => (v ?? "").Trim()).Where(v => v.Length > 0).ToList();
        if (cleaned.Count == 0) throw new DomainException("values", "A scale needs at least one value, for example 0, 1, 2, 3, 5, 8, 13, 21, ?.");
        if (cleaned.Count > MaxValues) throw new DomainException("values", $"A scale has at most {MaxValues} values.");
        var numbers = new List<decimal>();
        for (var i = 0; i < cleaned.Count; i++)
        {
            if (cleaned[i] == Unknown)
            {
                if (i != cleaned.Count - 1) throw new DomainException("values", "\"?\" (unknown) can only be the last value of a scale.");
                continue;
            }
            if (!decimal.TryParse(cleaned[i], NumberStyles.Number, CultureInfo.InvariantCulture, out var n) || n < 0 || n > 1000 || decimal.Round(n, 1) != n)
                throw new DomainException("values", $"\"{cleaned[i]}\" is not a point value; use numbers from 0 to 1000 (one decimal at most) or \"?\".");
            if (numbers.Count > 0 && n <= numbers[^1]) throw new DomainException("values", "List the values once each, smallest first.");
            numbers.Add(n);
        }
        return [.. numbers.Select(Format), .. cleaned[^1] == Unknown ? new[] { Unknown } : []];
    }

    public static string Format(decimal points) => points.ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>One change of an item's estimate: who, when, from and to (a value of the scale, "?" or none), and why.</summary>
public sealed class EstimateChange : ITenantOwned
{
    public const int ReasonMaxLength = 1000;

    private EstimateChange() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ItemId { get; private set; }
    public Guid ActorId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string? From { get; private set; }
    public string To { get; private set; } = "";
    public string? Reason { get; private set; }

    public static EstimateChange Record(BacklogItem item, Guid actorId, string? from, string to, string? reason, DateTimeOffset now)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > ReasonMaxLength }) throw new DomainException("reason", $"A reason has at most {ReasonMaxLength} characters.");
        return new EstimateChange { Id = Guid.CreateVersion7(now), WorkspaceId = item.WorkspaceId, ItemId = item.Id, ActorId = actorId, At = now, From = from, To = to, Reason = reason };
    }
}

public enum Feasibility
{
    Feasible,
    NeedsSpike,
    NotFeasibleNow,
}

public enum TechnicalRisk
{
    Low,
    Medium,
    High,
}

public enum AssessmentConfidence
{
    Low,
    Medium,
    High,
}

/// <summary>The Tech Lead's technical assessment of one backlog item, the TL's half of readiness.</summary>
public sealed class TechnicalAssessment : IProductOwned
{
    public const int RiskReasonMaxLength = 2000;
    public const int NotesMaxLength = 20_000;
    public const int ComponentMaxLength = 60;
    public const int MaxComponents = 20;

    private TechnicalAssessment() { }

    public Guid ItemId { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Feasibility Feasibility { get; private set; }
    public TechnicalRisk Risk { get; private set; }
    public string? RiskReason { get; private set; }
    public AssessmentConfidence Confidence { get; private set; }

    /// <summary>Affected components, comma-separated and normalised like labels.</summary>
    public string Components { get; private set; } = "";
    public string Notes { get; private set; } = "";
    public Guid AssessedById { get; private set; }
    public DateTimeOffset AssessedAt { get; private set; }

    /// <summary>The spike created the first time the item needed one; kept so a re-save never creates another.</summary>
    public Guid? SpikeId { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<string> ComponentList => Components.Length == 0 ? [] : Components.Split(',');

    public static TechnicalAssessment Of(BacklogItem item) =>
        new() { ItemId = item.Id, WorkspaceId = item.WorkspaceId, ProductId = item.ProductId };

    public void Assess(Feasibility feasibility, TechnicalRisk risk, string? riskReason, AssessmentConfidence confidence,
        IReadOnlyList<string>? components, string? notes, Guid assessedBy, DateTimeOffset now)
    {
        riskReason = string.IsNullOrWhiteSpace(riskReason) ? null : riskReason.Trim();
        if (risk != TechnicalRisk.Low && riskReason is null)
            throw new DomainException("riskReason", $"Say why the risk is {risk.ToString().ToLowerInvariant()}, so the team knows what to watch.");
        if (riskReason is { Length: > RiskReasonMaxLength }) throw new DomainException("riskReason", $"A risk reason has at most {RiskReasonMaxLength} characters.");
        notes ??= "";
        if (notes.Length > NotesMaxLength) throw new DomainException("notes", $"Technical notes have at most {NotesMaxLength} characters.");
        var list = (components ?? []).Select(ItemLabel.Normalize).Where(c => c.Length > 0).Distinct().ToList();
        if (list.Count > MaxComponents) throw new DomainException("components", $"Name at most {MaxComponents} components.");
        if (list.FirstOrDefault(c => c.Length > ComponentMaxLength) is { } longName)
            throw new DomainException("components", $"A component name has at most {ComponentMaxLength} characters; \"{longName[..20]}…\" is longer.");
        Feasibility = feasibility;
        Risk = risk;
        RiskReason = riskReason;
        Confidence = confidence;
        Components = string.Join(',', list);
        Notes = notes;
        AssessedById = assessedBy;
        AssessedAt = now;
        Version++;
    }

    public void LinkSpike(Guid spikeId) => SpikeId ??= spikeId;
}
