using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Domain.Backlog;
using Tandem.Domain.Products;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.Backlog;

public sealed record PrioritisationRequest(
    int? BusinessValue, int? TimeCriticality, int? RiskReduction, int? Reach, decimal? Impact, int? Confidence, decimal? Effort, string? Moscow);

public sealed record ScoredPosition(string Key, string Title, decimal? Score, int CurrentPosition, int ProposedPosition);

public sealed record RankByScorePreview(string Method, int OpenItems, int Scored, IReadOnlyList<ScoredPosition> Items);

public sealed record ApplyRankByScoreRequest(string? Method, IReadOnlyList<string>? Keys);

/// <summary>
/// Prioritisation: the Product Owner's WSJF, RICE and MoSCoW inputs, the scores computed from them,
/// and "rank by score" — a preview beside today's order that the PO applies in whole or in part.
/// </summary>
public sealed class PrioritisationFeature(TandemDbContext db, DecisionRightsService rights, Items items, TimeProvider clock)
{
    public const int MaxApply = 500;

    public async Task<Result<BacklogItemDto>> SetAsync(string itemKey, PrioritisationRequest request, CancellationToken ct)
    {
        var validation = new Validation();
        var moscow = EnumText.Optional<MoSCoW>(request.Moscow, "moscow", validation);
        if ((await items.FindAsync(itemKey, Operations.Backlog.SetBusinessValue, ct)).Failed(out var error, out var found)) return error;
        if (validation.Result is { } invalid) return invalid;
        var (item, product) = found;
        if (Rules.Apply(() => item.Prioritise(request.BusinessValue, request.TimeCriticality, request.RiskReduction, request.Reach, request.Impact,
                request.Confidence, request.Effort, moscow, clock.GetUtcNow())) is { } refused)
            return refused;
        var scores = string.Join(", ", new[]
        {
            item.Wsjf is { } w ? $"WSJF {w}" : null,
            item.Rice is { } r ? $"RICE {r}" : null,
            moscow is { } m ? EnumText.Slug(m) : null,
        }.Where(x => x is not null));
        if (await rights.DecideAsync(product, Operations.Backlog.SetBusinessValue,
                new DecisionRecord($"Set prioritisation inputs of {item.Key}" + (scores.Length > 0 ? $" ({scores})" : ""), "item", item.Key), ct) is { } notYours)
            return notYours;
        if (await db.SaveOrStaleAsync(item.Key, ct) is { } stale) return stale;
        return await items.DetailAsync(item, product, ct);
    }

    public async Task<Result<RankByScorePreview>> PreviewAsync(string productKey, string? method, int? limit, CancellationToken ct)
    {
        if (ParseMethod(method) is not { } m) return Error.Invalid("method", "method is \"wsjf\" or \"rice\".");
        if (Paging.ValidateLimit(limit) is { } bad) return bad;
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var error, out var product)) return error;
        return await PreviewOfAsync(product, m, limit, ct);
    }

    private async Task<RankByScorePreview> PreviewOfAsync(Product product, string method, int? limit, CancellationToken ct)
    {
        var open = await OpenItemsAsync(product.Id, ct);
        var proposed = Proposed(open, method);
        var shown = proposed.Select((x, i) => new ScoredPosition(x.Item.Key, x.Item.Title, x.Score, x.Current, i + 1))
            .Take(limit ?? Paging.DefaultLimit).ToList();
        return new RankByScorePreview(method, open.Count, proposed.Count(x => x.Score is not null), shown);
    }

    /// <summary>
    /// Puts the chosen items at the head of the backlog in score order (highest first, equal scores keep today's
    /// order), before every item not chosen, in one decision (ADR 29). Everything else keeps its order below them,
    /// and only the chosen rows are written (a respread when the head has no room joins the transaction).
    /// </summary>
    public async Task<Result<RankByScorePreview>> ApplyAsync(string productKey, ApplyRankByScoreRequest request, CancellationToken ct)
    {
        if (ParseMethod(request.Method) is not { } m) return Error.Invalid("method", "method is \"wsjf\" or \"rice\".");
        if (ItemDetailsFeature.KeysOf(request.Keys, MaxApply, "Choose the items to reorder by score.", $"Apply at most {MaxApply} items at a time.")
            .Failed(out var badKeys, out var keys)) return badKeys;

        if ((await rights.ProductForAsync(productKey, Operations.Backlog.Reorder, ct)).Failed(out var error, out var product)) return error;

        var chosen = await db.BacklogItems.Where(i => i.ProductId == product.Id && keys.Contains(i.Key)).ToListAsync(ct);
        var missing = keys.Except(chosen.Select(i => i.Key)).ToList();
        if (missing.Count > 0) return Error.Invalid("keys", $"{product.Key} has no item {string.Join(", ", missing)}.");
        var finished = chosen.Where(i => i.Status is ItemStatus.Done or ItemStatus.Accepted).Select(i => i.Key).ToList();
        if (finished.Count > 0) return Error.Invalid("keys", $"{string.Join(", ", finished)} {(finished.Count == 1 ? "is" : "are")} finished; only open items are ranked by score.");
        var unscored = chosen.Where(i => Score(i, m) is null).Select(i => i.Key).ToList();
        if (unscored.Count > 0) return Error.Invalid("keys", $"{string.Join(", ", unscored)} {(unscored.Count == 1 ? "has" : "have")} no {m.ToUpperInvariant()} score yet.");

        var byScore = chosen.OrderByDescending(i => Score(i, m)).ThenBy(i => i.Rank, StringComparer.Ordinal).ThenBy(i => i.Id).ToList();
        return await items.InTransactionAsync<RankByScorePreview>(async () =>
        {
            await items.PlaceAsync(product, byScore, Spot.Top, $"moved it to the top of the backlog by {m.ToUpperInvariant()}", ct);
            if (await rights.DecideAsync(product, Operations.Backlog.Reorder, new DecisionRecord(
                    $"Ranked {chosen.Count} {(chosen.Count == 1 ? "item" : "items")} by {m.ToUpperInvariant()} at the top of the backlog: {string.Join(", ", byScore.Take(10).Select(i => i.Key))}{(chosen.Count > 10 ? " …" : "")}",
                    "backlog", product.Key), ct) is { } refused)
                return refused;
            if (await db.SaveOrStaleAsync($"One of these {chosen.Count} items", ct) is { } stale) return stale;
            return await PreviewOfAsync(product, m, Math.Min(Paging.MaxLimit, Math.Max(Paging.DefaultLimit, chosen.Count)), ct);
        }, ct);
    }

    /// <summary>Open items (not done, not accepted) in today's order: what the backlog page shows by default (ADR 29).</summary>
    private async Task<List<BacklogItem>> OpenItemsAsync(Guid productId, CancellationToken ct) =>
        await db.BacklogItems.AsNoTracking()
            .Where(i => i.ProductId == productId).Where(ItemStatuses.OpenItem)
            .OrderBy(i => i.Rank).ThenBy(i => i.Id)
            .ToListAsync(ct);

    /// <summary>Scored items by score (ties keep today's order), then the unscored ones in today's order.</summary>
    private static List<(BacklogItem Item, decimal? Score, int Current)> Proposed(List<BacklogItem> open, string method) =>
        open.Select((item, index) => (Item: item, Score: Score(item, method), Current: index + 1))
            .OrderBy(x => x.Score is null ? 1 : 0)
            .ThenByDescending(x => x.Score)
            .ThenBy(x => x.Current)
            .ToList();

    private static decimal? Score(BacklogItem item, string method) => method == "wsjf" ? item.Wsjf : item.Rice;

    private static string? ParseMethod(string? method) => method?.Trim().ToLowerInvariant() switch
    {
        "wsjf" => "wsjf",
        "rice" => "rice",
        _ => null,
    };
}

public sealed record ValueEffortPoint(string Key, string Title, string Type, int Value, decimal Effort, string Quadrant);

public sealed record ValueEffortChart(decimal ValueSplit, decimal EffortSplit, IReadOnlyList<ValueEffortPoint> Items, int Unscored);

/// <summary>
/// The value-versus-effort 2×2 of open items: business value against the estimate, split at the medians
/// into quick wins, big bets, fill-ins and money pits.
/// </summary>
public sealed class ValueEffortFeature(TandemDbContext db, DecisionRightsService rights)
{
    public const int MaxPoints = 2000;

    public async Task<Result<ValueEffortChart>> GetAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var error, out var product)) return error;

        var open = db.BacklogItems.AsNoTracking().Where(i => i.ProductId == product.Id && i.Status != ItemStatus.Accepted && i.Type != ItemType.Epic);
        var unscored = await open.CountAsync(i => i.BusinessValue == null || i.Estimate == null, ct);
        var points = await open.Where(i => i.BusinessValue != null && i.Estimate != null)
            .OrderBy(i => i.Rank).ThenBy(i => i.Id).Take(MaxPoints)
            .Select(i => new { i.Key, i.Title, i.Type, Value = i.BusinessValue!.Value, Effort = i.Estimate!.Value })
            .ToListAsync(ct);
        if (points.Count == 0) return new ValueEffortChart(0, 0, [], unscored);
        var valueSplit = Median(points.Select(p => (decimal)p.Value));
        var effortSplit = Median(points.Select(p => p.Effort));
        return new ValueEffortChart(valueSplit, effortSplit, points.Select(p => new ValueEffortPoint(p.Key, p.Title, EnumText.Slug(p.Type), p.Value, p.Effort,
            (p.Value >= valueSplit, p.Effort < effortSplit) switch
            {
                (true, true) => "quick-win",
                (true, false) => "big-bet",
                (false, true) => "fill-in",
                _ => "money-pit",
            })).ToList(), unscored);
    }

    private static decimal Median(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
