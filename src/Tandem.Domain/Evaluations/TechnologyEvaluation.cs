using Tandem.Domain.Common;

namespace Tandem.Domain.Evaluations;

public enum EvaluationStatus
{
    /// <summary>The team adds options and criteria and scores them.</summary>
    Open,
    /// <summary>The Tech Lead chose an option; the matrix is the record of how, and is closed to scoring.</summary>
    Decided,
}

/// <summary>A candidate the evaluation weighs, e.g. "Kafka — log-based broker, partitions by merchant".</summary>
public sealed class EvaluationOption
{
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 500;

    private EvaluationOption() { }

    public Guid Id { get; private set; }
    public int Position { get; private set; }
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";

    internal static EvaluationOption Create(int position, string name, string description) =>
        new() { Id = Guid.NewGuid(), Position = position, Name = name, Description = description };
}

/// <summary>What the options are judged on, and how much it counts: a whole weight from 0 (ignored) to 10.</summary>
public sealed class EvaluationCriterion
{
    public const int NameMaxLength = 60;

    private EvaluationCriterion() { }

    public Guid Id { get; private set; }
    public int Position { get; private set; }
    public string Name { get; private set; } = "";
    public int Weight { get; private set; }

    internal static EvaluationCriterion Create(int position, string name, int weight) =>
        new() { Id = Guid.NewGuid(), Position = position, Name = name, Weight = weight };

    internal void Change(string name, int weight) => (Name, Weight) = (name, weight);
}

/// <summary>The team's score of one option on one criterion, 1 (poor) to 5 (excellent); the last scorer is kept.</summary>
public sealed class EvaluationScore
{
    private EvaluationScore() { }

    public Guid OptionId { get; private set; }
    public Guid CriterionId { get; private set; }
    public int Value { get; private set; }
    public Guid ScoredById { get; private set; }
    public DateTimeOffset ScoredAt { get; private set; }

    internal static EvaluationScore Of(Guid optionId, Guid criterionId, int value, Guid by, DateTimeOffset at) =>
        new() { OptionId = optionId, CriterionId = criterionId, Value = value, ScoredById = by, ScoredAt = at };

    internal void Change(int value, Guid by, DateTimeOffset at) => (Value, ScoredById, ScoredAt) = (value, by, at);
}

/// <summary>
/// A technology evaluation: a question, candidate options, weighted criteria and the team's scores, until
/// the Tech Lead decides it by choosing an option (with a rationale, linked to a decision record). After
/// that it is the record of how the choice was made, and nothing in it changes.
/// </summary>
public sealed class TechnologyEvaluation : IProductOwned
{
    public const int QuestionMaxLength = 300;
    public const int ContextMaxLength = 4000;
    public const int RationaleMaxLength = 4000;
    public const int MaxOptions = 10;
    public const int MaxCriteria = 12;
    public const int MinWeight = 0;
    public const int MaxWeight = 10;
    public const int MinScore = 1;
    public const int MaxScore = 5;

    /// <summary>Offered on every new evaluation; the team changes the weights or adds its own.</summary>
    public static readonly IReadOnlyList<(string Name, int Weight)> DefaultCriteria =
        [("Fit", 5), ("Cost", 3), ("Maturity", 3), ("Licence", 2), ("Team skill", 3)];

    private readonly List<EvaluationOption> _options = [];
    private readonly List<EvaluationCriterion> _criteria = [];
    private readonly List<EvaluationScore> _scores = [];

    private TechnologyEvaluation() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public int Number { get; private set; }
    public string Question { get; private set; } = "";
    public string Context { get; private set; } = "";
    public EvaluationStatus Status { get; private set; }
    public IReadOnlyList<EvaluationOption> Options => _options;
    public IReadOnlyList<EvaluationCriterion> Criteria => _criteria;
    public IReadOnlyList<EvaluationScore> Scores => _scores;
    public Guid CreatedById { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public Guid? ChosenOptionId { get; private set; }
    public string? Rationale { get; private set; }
    public Guid? DecidedById { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public Guid? DecisionRecordId { get; private set; }
    public int Version { get; private set; }

    public static TechnologyEvaluation Start(Guid workspaceId, Guid productId, int number, string? question, string? context,
        IEnumerable<(string? Name, string? Description)> options, IEnumerable<(string? Name, int Weight)> criteria, Guid by, DateTimeOffset now)
    {
        var optionList = options.ToList();
        var criteriaList = criteria.ToList();
        Check(question, context, optionList, criteriaList).ThrowIfBroken();
        var evaluation = new TechnologyEvaluation
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, Number = number,
            Status = EvaluationStatus.Open, CreatedById = by, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        evaluation.Describe(question, context);
        foreach (var (name, description) in optionList) evaluation.AddOptionCore(name, description, $"options[{evaluation._options.Count}].");
        foreach (var (name, weight) in criteriaList) evaluation.AddCriterionCore(name, weight, $"criteria[{evaluation._criteria.Count}].");
        return evaluation;
    }

    /// <summary>Every field error of a new evaluation at once (paths like <c>criteria[2].weight</c>), so a form can show them all.</summary>
    private static RuleCheck Check(string? question, string? context,
        List<(string? Name, string? Description)> options, List<(string? Name, int Weight)> criteria)
    {
        var check = new RuleCheck();
        CheckText(question, "question", "Ask the question the evaluation answers.", "The question", QuestionMaxLength, check);
        check.Require((context?.Trim().Length ?? 0) <= ContextMaxLength, "context", $"The context has at most {ContextMaxLength} characters.")
            .Require(options.Count <= MaxOptions, "options", $"An evaluation weighs at most {MaxOptions} options.")
            .Require(criteria.Count <= MaxCriteria, "criteria", $"An evaluation has at most {MaxCriteria} criteria.");
        var optionNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Math.Min(options.Count, MaxOptions); i++)
        {
            var (name, description) = options[i];
            if (CheckText(name, $"options[{i}].name", "An option needs a name.", "An option name", EvaluationOption.NameMaxLength, check) is { } n)
                check.Require(optionNames.Add(n), $"options[{i}].name", $"There is already an option \"{n}\".");
            check.Require((description?.Trim().Length ?? 0) <= EvaluationOption.DescriptionMaxLength, $"options[{i}].description",
                $"A description has at most {EvaluationOption.DescriptionMaxLength} characters.");
        }
        var criterionNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Math.Min(criteria.Count, MaxCriteria); i++)
        {
            var (name, weight) = criteria[i];
            if (CheckText(name, $"criteria[{i}].name", "A criterion needs a name.", "A criterion name", EvaluationCriterion.NameMaxLength, check) is { } n)
                check.Require(criterionNames.Add(n), $"criteria[{i}].name", $"There is already a criterion \"{n}\".");
            check.Require(weight is >= MinWeight and <= MaxWeight, $"criteria[{i}].weight", WeightOutOfRange(weight));
        }
        return check;
    }

    /// <summary>The trimmed text when it has 1 to <paramref name="max"/> characters; otherwise null and the broken rule noted.</summary>
    private static string? CheckText(string? value, string field, string missing, string what, int max, RuleCheck check)
    {
        var v = value?.Trim() ?? "";
        check.Require(v.Length > 0, field, missing).Require(v.Length <= max, field, $"{what} has at most {max} characters.");
        return v.Length > 0 && v.Length <= max ? v : null;
    }

    public bool IsOpen => Status == EvaluationStatus.Open;

    public void Edit(string? question, string? context, DateTimeOffset now)
    {
        EnsureOpen();
        Describe(question, context);
        Touch(now);
    }

    public EvaluationOption AddOption(string? name, string? description, DateTimeOffset now)
    {
        EnsureOpen();
        var option = AddOptionCore(name, description, "");
        Touch(now);
        return option;
    }

    public void RemoveOption(Guid optionId, DateTimeOffset now)
    {
        EnsureOpen();
        _options.Remove(OptionOf(optionId));
        _scores.RemoveAll(s => s.OptionId == optionId);
        Touch(now);
    }

    public EvaluationCriterion AddCriterion(string? name, int weight, DateTimeOffset now)
    {
        EnsureOpen();
        var criterion = AddCriterionCore(name, weight, "");
        Touch(now);
        return criterion;
    }

    public void ChangeCriterion(Guid criterionId, string? name, int? weight, DateTimeOffset now)
    {
        EnsureOpen();
        var criterion = CriterionOf(criterionId);
        var newName = name is null ? criterion.Name : CheckName(name, "name", "A criterion needs a name.", "A criterion name", EvaluationCriterion.NameMaxLength);
        if (_criteria.Any(c => c.Id != criterionId && string.Equals(c.Name, newName, StringComparison.OrdinalIgnoreCase)))
            throw new DomainException("name", $"There is already a criterion \"{newName}\".");
        var newWeight = weight ?? criterion.Weight;
        CheckWeight("weight", newWeight);
        criterion.Change(newName, newWeight);
        Touch(now);
    }

    public void RemoveCriterion(Guid criterionId, DateTimeOffset now)
    {
        EnsureOpen();
        _criteria.Remove(CriterionOf(criterionId));
        _scores.RemoveAll(s => s.CriterionId == criterionId);
        Touch(now);
    }

    /// <summary>Sets (or with null clears) one cell of the matrix.</summary>
    public void Score(Guid optionId, Guid criterionId, int? value, Guid by, DateTimeOffset now, string field = "score")
    {
        EnsureOpen();
        OptionOf(optionId);
        CriterionOf(criterionId);
        var existing = _scores.FirstOrDefault(s => s.OptionId == optionId && s.CriterionId == criterionId);
        if (value is null)
        {
            if (existing is not null) _scores.Remove(existing);
        }
        else
        {
            CheckScore(field, value.Value);
            if (existing is null) _scores.Add(EvaluationScore.Of(optionId, criterionId, value.Value, by, now));
            else if (existing.Value != value.Value) existing.Change(value.Value, by, now);
        }
    }

    /// <summary>Marks the matrix changed once for a batch of <see cref="Score"/> calls.</summary>
    public void Scored(DateTimeOffset now) => Touch(now);

    /// <summary>Every rule a decision must meet, at once: an option of this evaluation and a rationale.</summary>
    public RuleCheck CheckDecision(Guid? optionId, string? rationale)
    {
        var check = new RuleCheck();
        if (optionId is not { } id) check.Require(false, "option", "Choose the option the team goes with.");
        else check.Require(_options.Any(o => o.Id == id), "option", $"Evaluation {Number} has no option {id}.");
        if (string.IsNullOrWhiteSpace(rationale)) check.Require(false, "rationale", "Say why this option, so the team knows.");
        else check.Require(rationale.Length <= RationaleMaxLength, "rationale", $"A rationale has at most {RationaleMaxLength} characters.");
        return check;
    }

    public void Decide(Guid optionId, string rationale, Guid decisionRecordId, Guid by, DateTimeOffset now)
    {
        EnsureOpen();
        CheckDecision(optionId, rationale).ThrowIfBroken();
        (Status, ChosenOptionId, Rationale, DecisionRecordId, DecidedById, DecidedAt) =
            (EvaluationStatus.Decided, optionId, rationale.Trim(), decisionRecordId, by, now);
        Touch(now);
    }

    public EvaluationRanking.Entry[] Ranking() => EvaluationRanking.Compute(
        _options.OrderBy(o => o.Position).Select(o => new EvaluationRanking.Candidate(o.Id, o.Name)).ToList(),
        _criteria.Select(c => new EvaluationRanking.Weighted(c.Id, c.Weight)).ToList(),
        _scores.Select(s => new EvaluationRanking.Cell(s.OptionId, s.CriterionId, s.Value)).ToList());

    public static void CheckWeight(string field, int weight)
    {
        if (weight is < MinWeight or > MaxWeight) throw new DomainException(field, WeightOutOfRange(weight));
    }

    private static string WeightOutOfRange(int weight) =>
        $"A weight is a whole number from {MinWeight} (ignored) to {MaxWeight} (decisive); {weight} is out of range.";

    public static void CheckScore(string field, int score)
    {
        if (score is < MinScore or > MaxScore)
            throw new DomainException(field, $"A score is a whole number from {MinScore} (poor) to {MaxScore} (excellent); {score} is out of range.");
    }

    private EvaluationOption AddOptionCore(string? name, string? description, string prefix)
    {
        if (_options.Count >= MaxOptions) throw new DomainException("options", $"An evaluation weighs at most {MaxOptions} options.");
        var n = CheckName(name, $"{prefix}name", "An option needs a name.", "An option name", EvaluationOption.NameMaxLength);
        if (_options.Any(o => string.Equals(o.Name, n, StringComparison.OrdinalIgnoreCase)))
            throw new DomainException($"{prefix}name", $"There is already an option \"{n}\".");
        var d = description?.Trim() ?? "";
        if (d.Length > EvaluationOption.DescriptionMaxLength)
            throw new DomainException($"{prefix}description", $"A description has at most {EvaluationOption.DescriptionMaxLength} characters.");
        var option = EvaluationOption.Create(NextPosition(_options.Select(o => o.Position)), n, d);
        _options.Add(option);
        return option;
    }

    private EvaluationCriterion AddCriterionCore(string? name, int weight, string prefix)
    {
        if (_criteria.Count >= MaxCriteria) throw new DomainException("criteria", $"An evaluation has at most {MaxCriteria} criteria.");
        var n = CheckName(name, $"{prefix}name", "A criterion needs a name.", "A criterion name", EvaluationCriterion.NameMaxLength);
        if (_criteria.Any(c => string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase)))
            throw new DomainException($"{prefix}name", $"There is already a criterion \"{n}\".");
        CheckWeight($"{prefix}weight", weight);
        var criterion = EvaluationCriterion.Create(NextPosition(_criteria.Select(c => c.Position)), n, weight);
        _criteria.Add(criterion);
        return criterion;
    }

    private void Describe(string? question, string? context)
    {
        var q = CheckName(question, "question", "Ask the question the evaluation answers.", "The question", QuestionMaxLength);
        var c = context?.Trim() ?? "";
        if (c.Length > ContextMaxLength) throw new DomainException("context", $"The context has at most {ContextMaxLength} characters.");
        (Question, Context) = (q, c);
    }

    private EvaluationOption OptionOf(Guid id) =>
        _options.FirstOrDefault(o => o.Id == id) ?? throw new DomainException("option", $"Evaluation {Number} has no option {id}.");

    private EvaluationCriterion CriterionOf(Guid id) =>
        _criteria.FirstOrDefault(c => c.Id == id) ?? throw new DomainException("criterion", $"Evaluation {Number} has no criterion {id}.");

    private void EnsureOpen()
    {
        // The handler explains a decided evaluation with a 409 first; reaching this is a bug.
        if (Status != EvaluationStatus.Open) throw new InvalidOperationException($"Evaluation {Number} is decided and closed.");
    }

    private static string CheckName(string? value, string field, string missing, string what, int max)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0) throw new DomainException(field, missing);
        if (v.Length > max) throw new DomainException(field, $"{what} has at most {max} characters.");
        return v;
    }

    private static int NextPosition(IEnumerable<int> positions) => positions.DefaultIfEmpty(-1).Max() + 1;

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}
