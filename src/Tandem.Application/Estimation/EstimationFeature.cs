using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Estimation;
using Tandem.Domain.Products;

namespace Tandem.Application.Estimation;

public sealed record EstimationScaleDto(string Product, IReadOnlyList<string> Values, bool IsDefault);

public sealed record EstimationScaleRequest(IReadOnlyList<string>? Values);

public sealed record EstimateChangeDto(PersonSummary By, DateTimeOffset At, string? From, string To, string? Reason);

/// <summary>An item's estimate as the team sees it: a value of the scale, "?" (sized as unknown) or null (never estimated).</summary>
public sealed record EstimatesDto(string Item, string? Current, IReadOnlyList<string> Scale, IReadOnlyList<EstimateChangeDto> History, int Version) : IVersioned;

public sealed record AssessmentRequest(string? Feasibility, string? Risk, string? RiskReason, string? Confidence, IReadOnlyList<string>? Components, string? Notes);

/// <summary>
/// The Tech Lead's side of the backlog: the product's point scale, estimates with their history, and
/// the technical assessment (feasibility, risk, confidence, components, notes) that completes readiness.
/// The TL shapes the backlog through these, never through its order: a spike the assessment creates
/// joins the bottom of the backlog for the Product Owner to rank.
/// </summary>
public sealed class EstimationFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock, Items items)
{
    public const int MaxHistory = 200;

    // ---------------------------------------------------------------- the scale

    public async Task<Result<EstimationScaleDto>> GetScaleAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        return await ScaleDtoAsync(product, ct);
    }

    public async Task<Result<EstimationScaleDto>> SetScaleAsync(string productKey, EstimationScaleRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Estimation.Estimate, ct)).Failed(out var refused, out var product)) return refused;
        var now = clock.GetUtcNow();
        var scale = await db.EstimationScales.FirstOrDefaultAsync(s => s.ProductId == product.Id, ct);
        if (scale is null)
        {
            if (Rules.Create(() => EstimationScale.For(product.WorkspaceId, product.Id, request.Values, now)).Failed(out var invalid, out var created)) return invalid;
            db.EstimationScales.Add(scale = created);
        }
        else if (Rules.Apply(() => scale.Replace(request.Values, now)) is { } invalid) return invalid;
        if (await rights.DecideAsync(product, Operations.Estimation.Estimate,
                new DecisionRecord($"Set the story-point scale of {product.Key} to {string.Join(", ", scale.List)}", "product", product.Key), ct) is { } refusedDecision)
            return refusedDecision;
        if (await db.SaveOrConflictAsync($"Someone else changed the scale of {product.Key} at the same moment. Reload it and try again.", ct) is { } conflict) return conflict;
        return new EstimationScaleDto(product.Key, scale.List, false);
    }

    private async Task<EstimationScaleDto> ScaleDtoAsync(Product product, CancellationToken ct)
    {
        var values = await db.EstimationScales.AsNoTracking().Where(s => s.ProductId == product.Id).Select(s => s.Values).FirstOrDefaultAsync(ct);
        return values is null ? new EstimationScaleDto(product.Key, EstimationScale.Default, true) : new EstimationScaleDto(product.Key, values.Split(','), false);
    }

    // ---------------------------------------------------------------- estimates

    public async Task<Result<EstimatesDto>> GetEstimatesAsync(string itemKey, CancellationToken ct)
    {
        if ((await LoadItemAsync(itemKey, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await EstimatesAsync(found.Entity, found.Product, ct);
    }

    /// <summary>
    /// Sets the estimate to a value of the product's scale. <paramref name="points"/> "?" records that the
    /// team cannot size the item yet: the numeric estimate is cleared (no WSJF job size, not ready).
    /// </summary>
    public async Task<Result<BacklogItemDto>> EstimateAsync(string itemKey, string? points, string? reason, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadItemAsync(itemKey, Operations.Estimation.Estimate, ct)).Failed(out var error, out var found)) return error;
        var (item, product) = found;
        if (ifMatch is { } expected && expected != item.Version)
            return Error.Stale($"{item.Key} was changed by someone else (version {item.Version}, you sent {expected}). Reload it and try again.");

        var scale = (await ScaleDtoAsync(product, ct)).Values;
        var value = Normalize(points);
        if (value is null || !scale.Contains(value))
            return Error.Invalid("points", $"{(string.IsNullOrWhiteSpace(points) ? "Choose an estimate" : $"\"{points.Trim()}\" is not on the scale of {product.Key}")}; use one of {string.Join(", ", scale)}.");

        var current = await CurrentAsync(item, ct);
        var text = value == EstimationScale.Unknown ? "as unknown (?)" : $"at {value} points";
        // Estimating again with the same value changes nothing, but it is still the estimator's decision: it is logged as confirmed.
        var summary = current == value ? $"Confirmed the estimate of {item.Key} {text}" : $"Estimated {item.Key} {text}" + (current is null ? "" : $", was {current}");
        if (await StageEstimateAsync(item, product, value, reason, Operations.Estimation.Estimate, summary, ct) is { } invalid) return invalid;
        if (await db.SaveOrStaleAsync(item.Key, ct) is { } stale) return stale;
        return await items.DetailAsync(item, product, ct);
    }

    /// <summary>
    /// The one way an estimate changes, for a direct estimate and for planning poker alike: the history
    /// entry, the item's number (which WSJF and readiness read), the item's activity and the decision log
    /// under <paramref name="operation"/>. Stages the changes; the caller saves them with its own.
    /// <paramref name="value"/> must be a value of the product's scale. Nothing is staged when it is the current estimate.
    /// </summary>
    internal async Task<Error?> StageEstimateAsync(BacklogItem item, Product product, string value, string? reason, Operation operation, string summary, CancellationToken ct)
    {
        var current = await CurrentAsync(item, ct);
        var now = clock.GetUtcNow();
        if (current != value)
        {
            if (Rules.Create(() => EstimateChange.Record(item, me.UserId, current, value, reason, now)).Failed(out var invalid, out var change)) return invalid;
            if (Rules.Apply(() => item.SetEstimate(value == EstimationScale.Unknown ? null : decimal.Parse(value, CultureInfo.InvariantCulture), now)) is { } refused)
                return refused;
            db.EstimateChanges.Add(change);
            var text = value == EstimationScale.Unknown ? "as unknown (?)" : $"at {value} points";
            items.Activity(item, $"estimated it {text}" + (current is null ? "" : $" (was {current})"));
        }
        return await rights.DecideAsync(product, operation, new DecisionRecord(summary, "item", item.Key, reason), ct);
    }

    /// <summary>The product's scale: its own, or the default.</summary>
    internal async Task<IReadOnlyList<string>> ScaleOfAsync(Product product, CancellationToken ct) => (await ScaleDtoAsync(product, ct)).Values;

    /// <summary>The item's estimate as the scale's text: a value, "?" or null (never estimated).</summary>
    internal Task<string?> CurrentEstimateAsync(BacklogItem item, CancellationToken ct) => CurrentAsync(item, ct);

    internal static string? Normalize(string? points)
    {
        var text = points?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text == EstimationScale.Unknown) return text;
        return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? EstimationScale.Format(n) : text;
    }

    /// <summary>The latest recorded value, or the stored number for items estimated before history was kept.</summary>
    private async Task<string?> CurrentAsync(BacklogItem item, CancellationToken ct)
    {
        var last = await db.EstimateChanges.AsNoTracking().Where(c => c.ItemId == item.Id).OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Select(c => c.To).FirstOrDefaultAsync(ct);
        return item.Estimate is { } e ? EstimationScale.Format(e) : last == EstimationScale.Unknown ? last : null;
    }

    private async Task<EstimatesDto> EstimatesAsync(BacklogItem item, Product product, CancellationToken ct)
    {
        var changes = await db.EstimateChanges.AsNoTracking().Where(c => c.ItemId == item.Id)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(MaxHistory).ToListAsync(ct);
        var ids = changes.Select(c => c.ActorId).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return new EstimatesDto(item.Key, await CurrentAsync(item, ct), (await ScaleDtoAsync(product, ct)).Values,
            changes.Select(c => new EstimateChangeDto(new PersonSummary(c.ActorId, people.GetValueOrDefault(c.ActorId, "someone")), c.At, c.From, c.To, c.Reason)).ToList(),
            item.Version);
    }

    // ---------------------------------------------------------------- technical assessment

    public async Task<Result<BacklogItemDto>> AssessAsync(string itemKey, AssessmentRequest request, CancellationToken ct)
    {
        var validation = new Validation();
        var feasibility = EnumText.Required<Feasibility>(request.Feasibility, "feasibility", validation);
        var risk = EnumText.Required<TechnicalRisk>(request.Risk, "risk", validation);
        var confidence = EnumText.Required<AssessmentConfidence>(request.Confidence, "confidence", validation);

        for (var attempt = 0; ; attempt++)
        {
            if ((await LoadItemAsync(itemKey, Operations.Technical.Assess, ct)).Failed(out var error, out var found)) return error;
            if (validation.Result is { } invalid) return invalid;
            var (item, product) = found;
            var now = clock.GetUtcNow();
            var assessment = await db.TechnicalAssessments.FirstOrDefaultAsync(a => a.ItemId == item.Id, ct);
            var isNew = assessment is null;
            assessment ??= TechnicalAssessment.Of(item);
            if (Rules.Apply(() => assessment.Assess(feasibility.GetValueOrDefault(), risk.GetValueOrDefault(), request.RiskReason, confidence.GetValueOrDefault(),
                    request.Components, request.Notes, me.UserId, now)) is { } refused)
                return refused;
            if (isNew) db.TechnicalAssessments.Add(assessment);

            var summary = $"Assessed {item.Key}: {EnumText.Slug(assessment.Feasibility)}, {EnumText.Slug(assessment.Risk)} risk, {EnumText.Slug(assessment.Confidence)} confidence";
            // A spike is numbered in the transaction that saves it (Items): it commits with the save below.
            var needsSpike = assessment.Feasibility == Feasibility.NeedsSpike && assessment.SpikeId is null;
            await using var transaction = needsSpike ? await db.Database.BeginTransactionAsync(ct) : null;
            if (needsSpike)
            {
                if ((await NewSpikeAsync(item, product, ct)).Failed(out var refusedSpike, out var spike)) return refusedSpike;
                db.ItemLinks.Add(ItemLink.Between(spike, item, LinkKind.Blocks, now));
                assessment.LinkSpike(spike.Id);
                summary += $"; created spike {spike.Key}, which blocks it";
            }
            items.Activity(item, summary.Replace($"Assessed {item.Key}", "assessed it", StringComparison.Ordinal));
            if (await rights.DecideAsync(product, Operations.Technical.Assess, new DecisionRecord(summary, "item", item.Key, assessment.RiskReason), ct) is { } refusedDecision)
                return refusedDecision;
            try
            {
                if (await db.SaveOrStaleAsync(item.Key, ct) is { } stale) return stale;
                if (transaction is not null) await transaction.CommitWholeAsync();
                return await items.DetailAsync(item, product, ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another item took the spike's number (or another assessment was created) at the same moment: start again.
                db.ChangeTracker.Clear();
            }
        }
    }

    private Task<Result<BacklogItem>> NewSpikeAsync(BacklogItem item, Product product, CancellationToken ct)
    {
        var title = $"Spike: {item.Title}";
        if (title.Length > BacklogItem.TitleMaxLength) title = title[..(BacklogItem.TitleMaxLength - 1)] + "…";
        // The bottom of the backlog: where it goes from there is the Product Owner's call.
        return items.AddAtBottomAsync(product, new NewItem(ItemType.Spike, title,
            $"The Tech Lead's assessment of {item.Key} says it needs a spike before it can be estimated with confidence.",
            $"created this spike from the technical assessment of {item.Key}"), ct);
    }

    /// <summary>The item and its product, if the current user may perform the operation; another workspace's items do not exist.</summary>
    private Task<Result<Owned<BacklogItem>>> LoadItemAsync(string itemKey, Operation operation, CancellationToken ct)
    {
        var key = (itemKey ?? "").Trim().ToUpperInvariant();
        return rights.LoadAsync<BacklogItem>(i => i.Key == key, operation, $"There is no item {itemKey} in your workspace.", ct);
    }
}
