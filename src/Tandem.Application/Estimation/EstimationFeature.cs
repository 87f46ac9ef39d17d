using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.Common;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Common;
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
public sealed class EstimationFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, BacklogFeature backlog, TimeProvider clock, Items items)
{
    public const int MaxHistory = 200;

    // ---------------------------------------------------------------- the scale

    public async Task<Result<EstimationScaleDto>> GetScaleAsync(string productKey, CancellationToken ct)
    {
        var found = await rights.ProductForAsync(productKey, Operations.Products.Read, ct);
        if (!found.IsSuccess) return found.Error!;
        return await ScaleDtoAsync(found.Value!, ct);
    }

    public async Task<Result<EstimationScaleDto>> SetScaleAsync(string productKey, EstimationScaleRequest request, CancellationToken ct)
    {
        var found = await rights.ProductForAsync(productKey, Operations.Estimation.Estimate, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;
        var now = clock.GetUtcNow();
        var scale = await db.EstimationScales.FirstOrDefaultAsync(s => s.ProductId == product.Id, ct);
        try
        {
            if (scale is null) db.EstimationScales.Add(scale = EstimationScale.For(product.WorkspaceId, product.Id, request.Values, now));
            else scale.Replace(request.Values, now);
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        await rights.RecordAsync(product, Operations.Estimation.Estimate, $"Set the story-point scale of {product.Key} to {string.Join(", ", scale.List)}", null, "product", product.Key, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Error.Conflict($"Someone else changed the scale of {product.Key} at the same moment. Reload it and try again.");
        }
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
        var found = await backlog.FindItemAsync(itemKey, Operations.Products.Read, ct);
        if (!found.IsSuccess) return found.Error!;
        return await EstimatesAsync(found.Value!.Item, found.Value.Product, ct);
    }

    /// <summary>
    /// Sets the estimate to a value of the product's scale. <paramref name="points"/> "?" records that the
    /// team cannot size the item yet: the numeric estimate is cleared (no WSJF job size, not ready).
    /// </summary>
    public async Task<Result<BacklogItemDto>> EstimateAsync(string itemKey, string? points, string? reason, int? ifMatch, CancellationToken ct)
    {
        var found = await backlog.FindItemAsync(itemKey, Operations.Estimation.Estimate, ct);
        if (!found.IsSuccess) return found.Error!;
        var (item, product) = found.Value!;
        if (ifMatch is { } expected && expected != item.Version)
            return Error.Stale($"{item.Key} was changed by someone else (version {item.Version}, you sent {expected}). Reload it and try again.");

        var scale = (await ScaleDtoAsync(product, ct)).Values;
        var value = Normalize(points);
        if (value is null || !scale.Contains(value))
            return Error.Invalid("points", $"{(string.IsNullOrWhiteSpace(points) ? "Choose an estimate" : $"\"{points.Trim()}\" is not on the scale of {product.Key}")}; use one of {string.Join(", ", scale)}.");

        var current = await CurrentAsync(item, ct);
        if (current == value) return await backlog.DetailAsync(item, product, ct);
        var text = value == EstimationScale.Unknown ? "as unknown (?)" : $"at {value} points";
        if (await StageEstimateAsync(item, product, value, reason, Operations.Estimation.Estimate,
            $"Estimated {item.Key} {text}" + (current is null ? "" : $", was {current}"), ct) is { } invalid) return invalid;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Stale($"{item.Key} was changed by someone else while you were saving. Reload it and try again.");
        }
        return await backlog.DetailAsync(item, product, ct);
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
            try
            {
                db.EstimateChanges.Add(EstimateChange.Record(item, me.UserId, current, value, reason, now));
                item.SetEstimate(value == EstimationScale.Unknown ? null : decimal.Parse(value, CultureInfo.InvariantCulture), now);
            }
            catch (DomainException e)
            {
                return Error.Invalid(e.Field, e.Message);
            }
            var text = value == EstimationScale.Unknown ? "as unknown (?)" : $"at {value} points";
            backlog.Activity(item, $"estimated it {text}" + (current is null ? "" : $" (was {current})"));
        }
        await rights.RecordAsync(product, operation, summary, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), "item", item.Key, ct);
        return null;
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
        var feasibility = Parse<Feasibility>(request.Feasibility, "feasibility", validation);
        var risk = Parse<TechnicalRisk>(request.Risk, "risk", validation);
        var confidence = Parse<AssessmentConfidence>(request.Confidence, "confidence", validation);

        for (var attempt = 0; ; attempt++)
        {
            var found = await backlog.FindItemAsync(itemKey, Operations.Technical.Assess, ct);
            if (!found.IsSuccess) return found.Error!;
            if (validation.Result is { } invalid) return invalid;
            var (item, product) = found.Value!;
            var now = clock.GetUtcNow();
            var assessment = await db.TechnicalAssessments.FirstOrDefaultAsync(a => a.ItemId == item.Id, ct);
            var isNew = assessment is null;
            assessment ??= TechnicalAssessment.Of(item);
            try
            {
                assessment.Assess(feasibility!.Value, risk!.Value, request.RiskReason, confidence!.Value, request.Components, request.Notes, me.UserId, now);
            }
            catch (DomainException e)
            {
                return Error.Invalid(e.Field, e.Message);
            }
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
            backlog.Activity(item, summary.Replace($"Assessed {item.Key}", "assessed it", StringComparison.Ordinal));
            await rights.RecordAsync(product, Operations.Technical.Assess, summary, assessment.RiskReason, "item", item.Key, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                if (transaction is not null) await transaction.CommitAsync(ct);
                return await backlog.DetailAsync(item, product, ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Error.Stale($"Someone else assessed {item.Key} while you were saving. Reload it and try again.");
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

    private static T? Parse<T>(string? value, string field, Validation validation) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) validation.Add(field, $"Choose the {field}: {EnumText.Names<T>()}.");
        else if (EnumText.TryParse(value, out T parsed)) return parsed;
        else validation.Add(field, $"'{value}' is not a valid {field}; use one of {EnumText.Names<T>()}.");
        return null;
    }
}
