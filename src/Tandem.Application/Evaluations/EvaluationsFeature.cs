using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Architecture;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Architecture;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Evaluations;
using Tandem.Domain.Products;

namespace Tandem.Application.Evaluations;

public sealed record EvaluationOptionRequest(string? Name, string? Description);

/// <summary>Weight: a whole number from 0 (ignored) to 10 (decisive), as a JSON number or numeric string.</summary>
public sealed record EvaluationCriterionRequest(string? Name, [property: JsonConverter(typeof(LenientNumberConverter))] string? Weight);

/// <summary>Criteria left out (null) start with the defaults: fit 5, cost 3, maturity 3, licence 2, team skill 3.</summary>
public sealed record StartEvaluationRequest(string? Question, string? Context, IReadOnlyList<EvaluationOptionRequest>? Options, IReadOnlyList<EvaluationCriterionRequest>? Criteria);

/// <summary>A partial update: a field left out keeps its value.</summary>
public sealed record EditEvaluationRequest(string? Question, string? Context);

public sealed record ChangeCriterionRequest(string? Name, [property: JsonConverter(typeof(LenientNumberConverter))] string? Weight);

/// <summary>One cell: score 1 (poor) to 5 (excellent); null clears the cell.</summary>
public sealed record ScoreCellRequest(Guid? Option, Guid? Criterion, [property: JsonConverter(typeof(LenientNumberConverter))] string? Score);

public sealed record ScoresRequest(IReadOnlyList<ScoreCellRequest>? Scores);

/// <summary>
/// The Tech Lead's decision. With <c>adr</c> the evaluation links that existing (proposed or accepted) record of the
/// product; without it, an accepted record is created from the evaluation, titled <c>title</c> if given.
/// </summary>
public sealed record DecideEvaluationRequest(Guid? Option, string? Rationale, Guid? Adr, string? Title, string? Consequences);

public sealed record EvaluationOptionDto(Guid Id, string Name, string Description);

public sealed record EvaluationCriterionDto(Guid Id, string Name, int Weight);

public sealed record EvaluationScoreDto(Guid Option, Guid Criterion, int Score, PersonSummary ScoredBy, DateTimeOffset ScoredAt);

/// <summary>Percent is the weighted sum over the best possible; Note explains ties and unscored cells.</summary>
public sealed record RankingEntryDto(Guid OptionId, string Name, int Rank, int WeightedSum, int MaxSum, decimal Percent, int Scored, int Criteria, IReadOnlyList<string> TiedWith, string? Note);

public sealed record EvaluationDecisionDto(Guid OptionId, string OptionName, string Rationale, string RationaleHtml, PersonSummary DecidedBy, DateTimeOffset DecidedAt, AdrRef? Record);

public sealed record EvaluationDto(
    Guid Id, string ProductKey, int Number, string Question, string Context, string ContextHtml, string Status,
    IReadOnlyList<EvaluationOptionDto> Options, IReadOnlyList<EvaluationCriterionDto> Criteria, IReadOnlyList<EvaluationScoreDto> Scores,
    IReadOnlyList<RankingEntryDto> Ranking, EvaluationDecisionDto? Decision, PersonSummary CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version) : IVersioned;

public sealed record EvaluationSummary(Guid Id, int Number, string Question, string Status, int Options, int Criteria, string? Leading, decimal? LeadingPercent, string? Chosen, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt);

/// <summary>
/// Technology evaluations: anyone who contributes to architecture (developers, TPM, PO, SM and the TL) adds
/// options and criteria and scores the matrix; the Tech Lead decides, choosing an option with a rationale and
/// linking or creating the decision record. A decided evaluation is closed: every change answers 409.
/// </summary>
public sealed class EvaluationsFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, ProductNumbers numbers, TimeProvider clock, ArchitectureDecisionsFeature adrs)
{
    public async Task<Result<Page<EvaluationSummary>>> ListAsync(string productKey, string? status, int? limit, string? cursor, CancellationToken ct)
    {
        if (Paging.ValidateLimit(limit) is { } badLimit) return badLimit;
        var filter = new Validation();
        var wanted = EnumText.Optional<EvaluationStatus>(status, "status", filter);
        if (filter.Result is { } badStatus) return badStatus;
        int? before = null;
        if (cursor is not null)
        {
            if (!Paging.TryDecode(cursor, out var raw) || !int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return Paging.BadCursor;
            before = n;
        }
        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var found)) return refused;
        var productId = found.Id;

        var query = db.TechnologyEvaluations.AsNoTracking().Where(e => e.ProductId == productId);
        if (wanted is { } w) query = query.Where(e => e.Status == w);
        if (before is { } b) query = query.Where(e => e.Number < b);
        var take = limit ?? Paging.DefaultLimit;
        var rows = await query.OrderByDescending(e => e.Number).Take(take + 1).AsSplitQuery().ToListAsync(ct);
        var page = rows.Take(take).Select(e =>
        {
            var ranking = e.Ranking();
            var leader = ranking.FirstOrDefault(r => r.Rank == 1 && r.WeightedSum > 0);
            var chosen = e.ChosenOptionId is { } c ? e.Options.FirstOrDefault(o => o.Id == c)?.Name : null;
            var leading = leader is null ? null : string.Join(" = ", ranking.Where(r => r.Rank == 1).Select(r => r.Name));
            return new EvaluationSummary(e.Id, e.Number, e.Question, EnumText.Slug(e.Status), e.Options.Count, e.Criteria.Count,
                leading, leader?.Percent, chosen, e.CreatedAt, e.DecidedAt);
        }).ToList();
        return new Page<EvaluationSummary>(page, rows.Count > take ? Paging.Encode(page[^1].Number.ToString(CultureInfo.InvariantCulture)) : null);
    }

    public async Task<Result<EvaluationDto>> StartAsync(string productKey, StartEvaluationRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.ArchitectureDecisions.ScoreEvaluation, ct)).Failed(out var refused, out var product)) return refused;

        var validation = new Validation();
        var options = (request.Options ?? []).Select(o => (o?.Name, o?.Description)).ToList();
        var criteria = new List<(string? Name, int Weight)>();
        if (request.Criteria is null)
        {
            criteria.AddRange(TechnologyEvaluation.DefaultCriteria.Select(c => ((string?)c.Name, c.Weight)));
        }
        else
        {
            for (var i = 0; i < request.Criteria.Count; i++)
            {
                var c = request.Criteria[i];
                var field = $"criteria[{i}].weight";
                if (c?.Weight is null) validation.Add(field, $"Give each criterion a weight from {TechnologyEvaluation.MinWeight} to {TechnologyEvaluation.MaxWeight}.");
                var weight = LenientNumberConverter.ParseWhole(c?.Weight, field, "a weight", TechnologyEvaluation.MinWeight, TechnologyEvaluation.MaxWeight, validation);
                criteria.Add((c?.Name, weight ?? 0));
            }
        }
        // The model names every field it refuses; a weight that did not parse keeps its own message (the 0 in its place is not the user's).
        var now = clock.GetUtcNow();
        var started = Rules.Create(() => TechnologyEvaluation.Start(product.WorkspaceId, product.Id, 0, request.Question, request.Context, options, criteria, me.UserId, now));
        if (validation.Include(started.Error).Result is { } invalid) return invalid;

        return await numbers.InTransactionAsync<EvaluationDto>(async () =>
        {
            var number = await numbers.NextAsync(product, Sequences.Evaluations,
                ct2 => db.TechnologyEvaluations.Where(e => e.ProductId == product.Id).MaxAsync(e => (int?)e.Number, ct2), ct);
            var evaluation = TechnologyEvaluation.Start(product.WorkspaceId, product.Id, number, request.Question, request.Context, options, criteria, me.UserId, now);
            db.TechnologyEvaluations.Add(evaluation);
            await db.SaveChangesAsync(ct);
            return await DtoAsync(evaluation, product, ct);
        }, ct);
    }

    public async Task<Result<EvaluationDto>> GetAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await DtoAsync(found.Entity, found.Product, ct);
    }

    public async Task<Result<EvaluationDto>> GetByNumberAsync(string productKey, int number, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        // Options, criteria and scores in a statement each: in one, their rows multiply (10 × 12 × 120 at the most).
        var evaluation = await db.TechnologyEvaluations.AsNoTracking().AsSplitQuery().FirstOrDefaultAsync(e => e.ProductId == product.Id && e.Number == number, ct);
        return evaluation is null ? Error.NotFound($"{product.Key} has no evaluation {number}.") : await DtoAsync(evaluation, product, ct);
    }

    /// <summary>The evaluation a decision record came from, if any, for the record's page.</summary>
    public async Task<EvaluationSummary?> ForDecisionRecordAsync(Guid adrId, CancellationToken ct)
    {
        var e = await db.TechnologyEvaluations.AsNoTracking().AsSplitQuery().FirstOrDefaultAsync(x => x.DecisionRecordId == adrId, ct);
        if (e is null) return null;
        var chosen = e.ChosenOptionId is { } c ? e.Options.FirstOrDefault(o => o.Id == c)?.Name : null;
        return new EvaluationSummary(e.Id, e.Number, e.Question, EnumText.Slug(e.Status), e.Options.Count, e.Criteria.Count, null, null, chosen, e.CreatedAt, e.DecidedAt);
    }

    public Task<Result<EvaluationDto>> EditAsync(Guid id, EditEvaluationRequest request, int? ifMatch, CancellationToken ct) =>
        ChangeAsync(id, ifMatch, (e, now) => e.Edit(request.Question ?? e.Question, request.Context ?? e.Context, now), ct);

    public Task<Result<EvaluationDto>> AddOptionAsync(Guid id, EvaluationOptionRequest request, int? ifMatch, CancellationToken ct) =>
        ChangeAsync(id, ifMatch, (e, now) => e.AddOption(request.Name, request.Description, now), ct);

    public Task<Result<EvaluationDto>> RemoveOptionAsync(Guid id, Guid optionId, int? ifMatch, CancellationToken ct) =>
        ChangeAsync(id, ifMatch, (e, now) => e.RemoveOption(optionId, now), ct);

    public Task<Result<EvaluationDto>> AddCriterionAsync(Guid id, EvaluationCriterionRequest request, int? ifMatch, CancellationToken ct)
    {
        var validation = new Validation();
        if (request.Weight is null) validation.Add("weight", $"Give the criterion a weight from {TechnologyEvaluation.MinWeight} to {TechnologyEvaluation.MaxWeight}.");
        var weight = LenientNumberConverter.ParseWhole(request.Weight, "weight", "a weight", TechnologyEvaluation.MinWeight, TechnologyEvaluation.MaxWeight, validation);
        return ChangeAsync(id, ifMatch, (e, now) => e.AddCriterion(request.Name, weight.GetValueOrDefault(), now), ct, validation);
    }

    public Task<Result<EvaluationDto>> ChangeCriterionAsync(Guid id, Guid criterionId, ChangeCriterionRequest request, int? ifMatch, CancellationToken ct)
    {
        var validation = new Validation();
        var weight = LenientNumberConverter.ParseWhole(request.Weight, "weight", "a weight", TechnologyEvaluation.MinWeight, TechnologyEvaluation.MaxWeight, validation);
        return ChangeAsync(id, ifMatch, (e, now) => e.ChangeCriterion(criterionId, request.Name, weight, now), ct, validation);
    }

    public Task<Result<EvaluationDto>> RemoveCriterionAsync(Guid id, Guid criterionId, int? ifMatch, CancellationToken ct) =>
        ChangeAsync(id, ifMatch, (e, now) => e.RemoveCriterion(criterionId, now), ct);

    /// <summary>Sets the cells sent (null clears one); every cell is checked first, so one bad score saves none.</summary>
    public Task<Result<EvaluationDto>> ScoreAsync(Guid id, ScoresRequest request, int? ifMatch, CancellationToken ct)
    {
        var validation = new Validation();
        var cells = new List<(Guid Option, Guid Criterion, int? Score, string Field)>();
        var scores = request.Scores ?? [];
        if (scores.Count == 0) validation.Add("scores", "Send at least one score: option, criterion and score (1 to 5, or null to clear).");
        for (var i = 0; i < scores.Count; i++)
        {
            var cell = scores[i];
            var prefix = $"scores[{i}]";
            if (cell?.Option is null) validation.Add($"{prefix}.option", "Say which option (its id).");
            if (cell?.Criterion is null) validation.Add($"{prefix}.criterion", "Say which criterion (its id).");
            var score = string.IsNullOrWhiteSpace(cell?.Score) ? null
                : LenientNumberConverter.ParseWhole(cell.Score, $"{prefix}.score", "a score", TechnologyEvaluation.MinScore, TechnologyEvaluation.MaxScore, validation);
            if (cell?.Option is { } o && cell.Criterion is { } c) cells.Add((o, c, score, prefix));
        }
        return ChangeAsync(id, ifMatch, (e, now) =>
        {
            foreach (var (o, c, score, prefix) in cells) e.Score(o, c, score, me.UserId, now, $"{prefix}.score");
            e.Scored(now);
        }, ct, validation, e =>
        {
            // Every cell is checked against the evaluation before any is set, so one bad cell saves none and all are named.
            var errors = new Validation();
            foreach (var (o, c, _, prefix) in cells)
            {
                if (e.Options.All(x => x.Id != o)) errors.Add($"{prefix}.option", $"Evaluation {e.Number} has no option {o}.");
                if (e.Criteria.All(x => x.Id != c)) errors.Add($"{prefix}.criterion", $"Evaluation {e.Number} has no criterion {c}.");
            }
            return errors.Result;
        });
    }

    public async Task<Result<EvaluationDto>> DecideAsync(Guid id, DecideEvaluationRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.ArchitectureDecisions.DecideEvaluation, ct)).Failed(out var error, out var found)) return error;
        var (evaluation, product) = found;
        if (await ClosedAsync(evaluation, ct) is { } closed) return closed;
        if (ifMatch is { } expected && expected != evaluation.Version) return Stale(evaluation, expected);

        var validation = new Validation().Include(Rules.Apply(() => evaluation.CheckDecision(request.Option, request.Rationale).ThrowIfBroken()));
        ArchitectureDecision? linked = null;
        if (request.Adr is { } adrId)
        {
            linked = await db.ArchitectureDecisions.AsSplitQuery().FirstOrDefaultAsync(a => a.Id == adrId, ct);
            if (linked is null || linked.ProductId != product.Id) validation.Add("adr", $"{product.Key} has no such decision record.");
            else if (linked.Status is not (DecisionStatus.Proposed or DecisionStatus.Accepted))
                validation.Add("adr", $"ADR {linked.Number} is {EnumText.Slug(linked.Status)}; link a proposed or accepted record, or leave it out to create one.");
        }
        if (validation.Result is { } invalid) return invalid;
        var chosen = evaluation.Options.First(o => o.Id == request.Option);
        var rationale = request.Rationale?.Trim() ?? "";

        // A record made here takes the product's next number in the transaction that saves the decision.
        return await numbers.InTransactionAsync<EvaluationDto>(async () =>
        {
            var record = linked;
            if (record is null)
            {
                if ((await adrs.AddAcceptedAsync(product, RecordContent(evaluation, chosen, request, product), $"Decided through technology evaluation {evaluation.Number}", ct))
                    .Failed(out var refusedRecord, out var created)) return refusedRecord;
                record = created;
            }
            // One decision, one entry: the choice and the record it is kept in (accepted with it when new).
            var kept = linked is null ? $"accepted as ADR {record.Number}" : $"recorded as ADR {record.Number}";
            if (await rights.DecideAsync(product, Operations.ArchitectureDecisions.DecideEvaluation, new DecisionRecord(
                    $"Decided evaluation {evaluation.Number} (\"{evaluation.Question}\"): chose {chosen.Name}, {kept}", "evaluation",
                    evaluation.Number.ToString(CultureInfo.InvariantCulture), rationale), ct) is { } refused)
                return refused;
            evaluation.Decide(chosen.Id, rationale, record.Id, me.UserId, clock.GetUtcNow());
            if (await db.SaveOrStaleAsync($"Evaluation {evaluation.Number}", ct) is { } stale) return stale;
            return await DtoAsync(evaluation, product, ct);
        }, ct);
    }

    /// <summary>The record made from a decided evaluation: its options with their scores as pros and cons, and a link back.</summary>
    internal static DecisionContent RecordContent(TechnologyEvaluation e, EvaluationOption chosen, DecideEvaluationRequest request, Product product)
    {
        var ranking = e.Ranking();
        var criteria = e.Criteria.OrderBy(c => c.Position).ToList();
        var context = new StringBuilder();
        if (e.Context.Length > 0) context.Append(e.Context).Append("\n\n");
        context.Append(CultureInfo.InvariantCulture, $"This record comes from technology evaluation {e.Number}, [{e.Question}](/p/{product.Key}/evaluations/{e.Number}). ");
        context.Append("The team scored each option from 1 (poor) to 5 (excellent) on ");
        context.Append(string.Join(", ", criteria.Select(c => $"{c.Name} (weight {c.Weight})"))).Append(". Ranking:\n\n");
        foreach (var r in ranking)
            context.Append(CultureInfo.InvariantCulture, $"{r.Rank}. {r.Name}: {r.Percent.ToString("0.0", CultureInfo.InvariantCulture)} %{(r.Complete ? "" : $" (scored on {r.Scored} of {r.Criteria} criteria)")}\n");

        var options = e.Options.OrderBy(o => o.Position).Select(o =>
        {
            var cells = criteria.Select(c => (c, e.Scores.FirstOrDefault(s => s.OptionId == o.Id && s.CriterionId == c.Id)?.Value)).ToList();
            var pros = cells.Where(x => x.Value >= 4).Select(x => $"- {x.c.Name}: {x.Value}/5 (weight {x.c.Weight})").ToList();
            var cons = cells.Where(x => x.Value <= 2).Select(x => $"- {x.c.Name}: {x.Value}/5 (weight {x.c.Weight})").ToList();
            var description = o.Description.Length > 0 ? o.Description + "\n\n" : "";
            return ((string?)o.Name, (string?)(description + (pros.Count > 0 ? string.Join("\n", pros) : "No criterion scored 4 or 5.")),
                (string?)(cons.Count > 0 ? string.Join("\n", cons) : "No criterion scored 1 or 2."));
        }).ToList();

        var question = e.Question.TrimEnd('?', ' ');
        var title = string.IsNullOrWhiteSpace(request.Title) ? $"{chosen.Name}: {question}" : request.Title.Trim();
        if (string.IsNullOrWhiteSpace(request.Title) && title.Length > ArchitectureDecision.TitleMaxLength) title = title[..ArchitectureDecision.TitleMaxLength].TrimEnd();
        var others = e.Options.Where(o => o.Id != chosen.Id).Select(o => o.Name).ToList();
        var consequences = string.IsNullOrWhiteSpace(request.Consequences)
            ? $"{chosen.Name} is the team's choice for this question{(others.Count > 0 ? $"; {string.Join(", ", others)} {(others.Count == 1 ? "is" : "are")} not pursued" : "")}. A change of mind is a new evaluation or a record that supersedes this one."
            : request.Consequences;
        return new DecisionContent(title, context.ToString().TrimEnd(), $"We chose **{chosen.Name}**.\n\n{request.Rationale?.Trim()}", consequences, null, options, []);
    }

    /// <summary>Loads, authorises, refuses a decided evaluation (409) or a stale version (412), applies and saves.</summary>
    private async Task<Result<EvaluationDto>> ChangeAsync(Guid id, int? ifMatch, Action<TechnologyEvaluation, DateTimeOffset> apply, CancellationToken ct,
        Validation? parsed = null, Func<TechnologyEvaluation, Error?>? check = null)
    {
        if ((await LoadAsync(id, Operations.ArchitectureDecisions.ScoreEvaluation, ct)).Failed(out var error, out var found)) return error;
        var (evaluation, product) = found;
        if (await ClosedAsync(evaluation, ct) is { } closed) return closed;
        if (ifMatch is { } expected && expected != evaluation.Version) return Stale(evaluation, expected);
        if (parsed?.Result is { } unparsable) return unparsable;
        if (check?.Invoke(evaluation) is { } unknown) return unknown;
        if (Rules.Apply(() => apply(evaluation, clock.GetUtcNow())) is { } refused)
        {
            db.ChangeTracker.Clear();
            return refused;
        }
        if (await db.SaveOrStaleAsync($"Evaluation {evaluation.Number}", ct) is { } stale) return stale;
        return await DtoAsync(evaluation, product, ct);
    }

    private async Task<Error?> ClosedAsync(TechnologyEvaluation e, CancellationToken ct)
    {
        if (e.IsOpen) return null;
        var by = e.DecidedById is { } d ? await db.Users.Where(u => u.Id == d).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;
        var chosen = e.Options.FirstOrDefault(o => o.Id == e.ChosenOptionId)?.Name ?? "an option";
        return Error.Conflict($"Evaluation {e.Number} was decided on {e.DecidedAt:yyyy-MM-dd} by {by ?? "the Tech Lead"}, who chose {chosen}; it is closed to scoring and changes. To revisit the choice, start a new evaluation.");
    }

    private static Error Stale(TechnologyEvaluation e, int expected) =>
        Error.Stale($"Evaluation {e.Number} was changed by someone else (version {e.Version}, you sent {expected}). Reload it and try again.");

    private Task<Result<Owned<TechnologyEvaluation>>> LoadAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<TechnologyEvaluation>(e => e.Id == id, operation, "There is no such technology evaluation in your workspace.", ct);

    private async Task<EvaluationDto> DtoAsync(TechnologyEvaluation e, Product product, CancellationToken ct)
    {
        var people = e.Scores.Select(s => s.ScoredById).Append(e.CreatedById).Append(e.DecidedById ?? Guid.Empty).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        PersonSummary Person(Guid id) => new(id, names.GetValueOrDefault(id, "someone"));
        EvaluationDecisionDto? decision = null;
        if (e.ChosenOptionId is { } chosenId && e.DecidedById is { } decidedBy && e.DecidedAt is { } decidedAt)
        {
            var record = e.DecisionRecordId is { } r
                ? await db.ArchitectureDecisions.AsNoTracking().Where(a => a.Id == r).Select(a => new { a.Id, a.Number, a.Title, a.Status }).FirstOrDefaultAsync(ct)
                : null;
            decision = new EvaluationDecisionDto(chosenId, e.Options.FirstOrDefault(o => o.Id == chosenId)?.Name ?? "", e.Rationale ?? "", Markdown.ToSafeHtml(e.Rationale ?? ""),
                Person(decidedBy), decidedAt, record is null ? null : new AdrRef(record.Id, record.Number, record.Title, EnumText.Slug(record.Status)));
        }
        return new EvaluationDto(
            e.Id, product.Key, e.Number, e.Question, e.Context, Markdown.ToSafeHtml(e.Context), EnumText.Slug(e.Status),
            e.Options.OrderBy(o => o.Position).Select(o => new EvaluationOptionDto(o.Id, o.Name, o.Description)).ToList(),
            e.Criteria.OrderBy(c => c.Position).Select(c => new EvaluationCriterionDto(c.Id, c.Name, c.Weight)).ToList(),
            e.Scores.Select(s => new EvaluationScoreDto(s.OptionId, s.CriterionId, s.Value, Person(s.ScoredById), s.ScoredAt)).ToList(),
            e.Ranking().Select(r => new RankingEntryDto(r.OptionId, r.Name, r.Rank, r.WeightedSum, r.MaxSum, r.Percent, r.Scored, r.Criteria, r.TiedWith, Note(r))).ToList(),
            decision, Person(e.CreatedById), e.CreatedAt, e.UpdatedAt, e.Version);
    }

    private static string? Note(EvaluationRanking.Entry r)
    {
        var notes = new List<string>();
        if (r.TiedWith.Count > 0)
            notes.Add($"Tied with {string.Join(" and ", r.TiedWith)} at {r.Percent.ToString("0.0", CultureInfo.InvariantCulture)} %; the Tech Lead's decision settles it.");
        if (!r.Complete) notes.Add($"Scored on {r.Scored} of {r.Criteria} criteria; an unscored criterion counts as nothing.");
        return notes.Count == 0 ? null : string.Join(" ", notes);
    }
}
