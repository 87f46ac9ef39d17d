using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.DecisionLog;

public sealed record DecisionLogEntryDto(
    long Id, DateTimeOffset At, Guid ActorId, string ActorName, string? Role, string Area, string Operation,
    string Summary, string? Reason, string SubjectType, string SubjectKey);

public sealed record DecisionLogQuery(string? Area, Guid? Person, string? Subject, int? Limit, string? Cursor, string? From = null, string? To = null);

/// <summary>Reading the append-only decision log, newest first. There is deliberately nothing here that writes.</summary>
public sealed class DecisionLogFeature(TandemDbContext db, DecisionRightsService rights)
{
    public async Task<Result<Page<DecisionLogEntryDto>>> ListAsync(string key, DecisionLogQuery query, CancellationToken ct)
    {
        var validation = new Validation();
        if (Paging.ValidateLimit(query.Limit) is not null) validation.Add("limit", $"limit must be between 1 and {Paging.MaxLimit}.");
        var area = EnumText.Optional<DecisionArea>(query.Area, "area", validation);
        var from = Days.Parse(query.From, "from", validation);
        var to = Days.Parse(query.To, "to", validation);
        if (from is not null && to is not null && to < from) validation.Add("to", "The last day comes on or after the first.");
        long? before = null;
        if (query.Cursor is not null)
        {
            if (Paging.TryDecode(query.Cursor, out var raw) && long.TryParse(raw, out var id)) before = id;
            else validation.Add("cursor", "The cursor is not one this list handed out; start again without it.");
        }
        if (validation.Result is { } invalid) return invalid;

        if ((await rights.ProductForAsync(key, Operations.Products.ReadDecisionLog, ct)).Failed(out var error, out var product)) return error;

        var take = query.Limit ?? Paging.DefaultLimit;
        var entries = db.DecisionLog.AsNoTracking().Where(e => e.ProductId == product.Id);
        if (area is { } a) entries = entries.Where(e => e.Area == a);
        if (query.Person is { } person) entries = entries.Where(e => e.ActorId == person);
        if (!string.IsNullOrWhiteSpace(query.Subject))
        {
            var subject = query.Subject.Trim();
            entries = entries.Where(e => e.SubjectKey == subject);
        }
        if (from is { } start) entries = entries.Where(e => e.At >= start);
        if (to is { } end)
        {
            var after = end.AddDays(1);
            entries = entries.Where(e => e.At < after);
        }
        if (before is { } b) entries = entries.Where(e => e.Id < b);

        var rows = await entries.OrderByDescending(e => e.Id).Take(take + 1).ToListAsync(ct);
        var items = rows.Take(take).Select(e => new DecisionLogEntryDto(
            e.Id, e.At, e.ActorId, e.ActorName, e.Role is { } role ? EnumText.Slug(role) : null, EnumText.Slug(e.Area), e.Operation,
            e.Summary, e.Reason, e.SubjectType, e.SubjectKey)).ToList();
        var next = rows.Count > take ? Paging.Encode(items[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        return new Page<DecisionLogEntryDto>(items, next);
    }
}
