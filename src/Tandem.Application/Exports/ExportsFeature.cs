using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionLog;
using Tandem.Application.DecisionRights;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.Exports;

/// <summary>One backlog item with every field, in backlog order, as the export writes it.</summary>
public sealed record BacklogExportRow(
    int Position, string Key, string Type, string Title, string Status, string? EpicKey, string? EpicTitle, string? Assignee,
    decimal? Estimate, int? BusinessValue, int? TimeCriticality, int? RiskReduction, int? Reach, decimal? Impact, int? Confidence,
    decimal? Effort, string? Moscow, decimal? Wsjf, decimal? Rice, string? RoadmapLane, IReadOnlyList<string> Labels,
    int Criteria, int CriteriaMet, string Description, string? RejectionReason, string? CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, int Version);

/// <summary>The auditor's filters on the decision log: area, person, first and last day (UTC, inclusive), subject.</summary>
public sealed record DecisionLogExportQuery(string? Area = null, Guid? Person = null, string? From = null, string? To = null, string? Subject = null);

/// <summary>
/// Whole-product exports for audits and for moving data elsewhere: the backlog with every field, and the decision log
/// oldest first. Both are checked once up front (a refusal or a bad filter is a ProblemDetails before a byte is written)
/// and then streamed row by row, so a product of 100,000 items is never held in memory as one list.
/// </summary>
public sealed class ExportsFeature(TandemDbContext db, DecisionRightsService rights)
{
    /// <summary>Every item of the product in backlog order, done and accepted ones included.</summary>
    public async Task<Result<IAsyncEnumerable<BacklogExportRow>>> BacklogAsync(string key, CancellationToken ct)
    {
        if ((await rights.ProductRefForAsync(key, Operations.Products.Read, ct)).Failed(out var error, out var product)) return error;
        return Result<IAsyncEnumerable<BacklogExportRow>>.Ok(BacklogRows(product.Id, product.WorkspaceId, ct));
    }

    private async IAsyncEnumerable<BacklogExportRow> BacklogRows(Guid productId, Guid workspaceId, [EnumeratorCancellation] CancellationToken ct)
    {
        // The small lookups first (epics, names, labels, criteria counts), then the items streamed in rank order.
        var epics = await db.BacklogItems.AsNoTracking().Where(i => i.ProductId == productId && i.Type == ItemType.Epic)
            .Select(i => new { i.Id, i.Key, i.Title }).ToDictionaryAsync(i => i.Id, ct);
        var people = await db.Users.AsNoTracking().Where(u => u.WorkspaceId == workspaceId)
            .Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var labels = (await db.ItemLabels.AsNoTracking().Where(l => l.ProductId == productId)
            .Select(l => new { l.ItemId, l.Label }).ToListAsync(ct))
            .ToLookup(l => l.ItemId, l => l.Label);
        var criteria = await (
            from c in db.AcceptanceCriteria.AsNoTracking()
            join i in db.BacklogItems.AsNoTracking() on c.ItemId equals i.Id
            where i.ProductId == productId
            group c by c.ItemId into g
            select new { ItemId = g.Key, Count = g.Count(), Met = g.Count(c => c.IsMet) }).ToDictionaryAsync(c => c.ItemId, ct);

        var position = 0;
        await foreach (var item in db.BacklogItems.AsNoTracking().Where(i => i.ProductId == productId)
            .OrderBy(i => i.Rank).ThenBy(i => i.Number).AsAsyncEnumerable().WithCancellation(ct))
        {
            var epic = item.EpicId is { } e && epics.TryGetValue(e, out var found) ? found : null;
            criteria.TryGetValue(item.Id, out var counts);
            yield return new BacklogExportRow(
                ++position, item.Key, EnumText.Slug(item.Type), item.Title, EnumText.Slug(item.Status), epic?.Key, epic?.Title,
                item.AssigneeId is { } a ? people.GetValueOrDefault(a) : null,
                item.Estimate, item.BusinessValue, item.TimeCriticality, item.RiskReduction, item.Reach, item.Impact, item.Confidence,
                item.Effort, item.MoSCoW is { } m ? EnumText.Slug(m) : null, item.Wsjf, item.Rice,
                item.Lane is { } lane ? EnumText.Slug(lane) : null,
                [.. labels[item.Id].Order(StringComparer.Ordinal)], counts?.Count ?? 0, counts?.Met ?? 0,
                item.Description, item.RejectionReason, people.GetValueOrDefault(item.CreatedById), item.CreatedAt, item.UpdatedAt, item.Version);
        }
    }

    /// <summary>The decision log oldest first, filtered by area, person, days (UTC, inclusive) and subject.</summary>
    public async Task<Result<IAsyncEnumerable<DecisionLogEntryDto>>> DecisionLogAsync(string key, DecisionLogExportQuery query, CancellationToken ct)
    {
        var validation = new Validation();
        var area = EnumText.Optional<DecisionArea>(query.Area, "area", validation);
        var from = Days.Parse(query.From, "from", validation);
        var to = Days.Parse(query.To, "to", validation);
        if (from is not null && to is not null && to < from) validation.Add("to", "The last day comes on or after the first.");
        // Checked here, not by the database mid-stream: once rows flow, an error can no longer be a 400.
        if (query.Subject?.Contains('\0', StringComparison.Ordinal) == true) validation.Add("subject", "A subject key holds no NUL character.");
        if (validation.Result is { } invalid) return invalid;

        if ((await rights.ProductRefForAsync(key, Operations.Products.ReadDecisionLog, ct)).Failed(out var error, out var product)) return error;

        var entries = db.DecisionLog.AsNoTracking().Where(e => e.ProductId == product.Id);
        if (area is { } a) entries = entries.Where(e => e.Area == a);
        if (query.Person is { } person) entries = entries.Where(e => e.ActorId == person);
        if (from is { } start) entries = entries.Where(e => e.At >= start);
        if (to is { } end)
        {
            var before = end.AddDays(1);
            entries = entries.Where(e => e.At < before);
        }
        if (!string.IsNullOrWhiteSpace(query.Subject))
        {
            var subject = query.Subject.Trim();
            entries = entries.Where(e => e.SubjectKey == subject);
        }
        return Result<IAsyncEnumerable<DecisionLogEntryDto>>.Ok(entries.OrderBy(e => e.Id).AsAsyncEnumerable()
            .Select(e => new DecisionLogEntryDto(e.Id, e.At, e.ActorId, e.ActorName, e.Role is { } role ? EnumText.Slug(role) : null,
                EnumText.Slug(e.Area), e.Operation, e.Summary, e.Reason, e.SubjectType, e.SubjectKey)));
    }
}
