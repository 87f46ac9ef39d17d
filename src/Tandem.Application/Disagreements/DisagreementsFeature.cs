using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Disagreements;
using Tandem.Domain.Feedback;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Disagreements;

/// <summary>Concern and alternative are Markdown (rendered sanitised, like notes).</summary>
public sealed record RaiseDisagreementRequest(string? Concern, string? Alternative);

/// <summary>Outcome: upheld, changed, compromise or withdrawn.</summary>
public sealed record ResolveDisagreementRequest(string? Outcome, string? Resolution);

public sealed record DisagreementDto(
    Guid Id, string ProductKey, int Number, string SubjectKind, string SubjectKey, string SubjectTitle, string SubjectLink,
    string Concern, string ConcernHtml, string? Alternative, string? AlternativeHtml, string Status,
    PersonSummary RaisedBy, DateTimeOffset RaisedAt, string? Outcome, string? Resolution, string? ResolutionHtml,
    PersonSummary? ResolvedBy, DateTimeOffset? ResolvedAt, int Version) : IVersioned;

public sealed record DisagreementsPage(IReadOnlyList<DisagreementDto> Items, string? NextCursor, int Open);

/// <summary>
/// Technical disagreements: anyone on the team raises one on a backlog item or a decision record; it goes to
/// the Tech Lead (notified) and shows as open until the Tech Lead resolves it with an outcome and a reason,
/// which is logged and told to the raiser. A resolution is final: resolving again answers 409.
/// </summary>
public sealed class DisagreementsFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, ProductNumbers numbers, TimeProvider clock, IPageLinks links)
{
    public async Task<Result<DisagreementDto>> RaiseOnItemAsync(string itemKey, RaiseDisagreementRequest request, CancellationToken ct)
    {
        var key = itemKey.Trim().ToUpperInvariant();
        var item = await db.BacklogItems.AsNoTracking().Where(i => i.Key == key).Select(i => new { i.Id, i.Key, i.Title, i.ProductId }).FirstOrDefaultAsync(ct);
        if (item is null) return Error.NotFound($"There is no item {key} in your workspace.");
        return await RaiseAsync(item.ProductId, DisagreementSubject.Item, item.Id, item.Key, item.Title, request, ct);
    }

    public async Task<Result<DisagreementDto>> RaiseOnAdrAsync(Guid adrId, RaiseDisagreementRequest request, CancellationToken ct)
    {
        var adr = await db.ArchitectureDecisions.AsNoTracking().Where(a => a.Id == adrId).Select(a => new { a.Id, a.Number, a.Title, a.ProductId }).FirstOrDefaultAsync(ct);
        if (adr is null) return Error.NotFound("There is no such decision record in your workspace.");
        return await RaiseAsync(adr.ProductId, DisagreementSubject.Adr, adr.Id, adr.Number.ToString(CultureInfo.InvariantCulture), adr.Title, request, ct);
    }

    public async Task<Result<DisagreementsPage>> ListAsync(string productKey, string? status, string? item, Guid? adr, int? limit, string? cursor, CancellationToken ct)
    {
        if (Paging.ValidateLimit(limit) is { } badLimit) return badLimit;
        var filter = new Validation();
        var wanted = EnumText.Optional<DisagreementStatus>(status, "status", filter);
        if (filter.Result is { } badStatus) return badStatus;
        int? before = null;
        if (cursor is not null)
        {
            if (!Paging.TryDecode(cursor, out var raw) || !int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return Paging.BadCursor;
            before = n;
        }
        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;

        var query = db.TechnicalDisagreements.AsNoTracking().Where(d => d.ProductId == product.Id);
        if (wanted is { } w) query = query.Where(d => d.Status == w);
        if (!string.IsNullOrWhiteSpace(item))
        {
            var itemKey = item.Trim().ToUpperInvariant();
            query = query.Where(d => d.SubjectKind == DisagreementSubject.Item && d.SubjectKey == itemKey);
        }
        if (adr is { } adrId) query = query.Where(d => d.SubjectId == adrId);
        if (before is { } b) query = query.Where(d => d.Number < b);
        var take = limit ?? Paging.DefaultLimit;
        var rows = await query.OrderByDescending(d => d.Number).Take(take + 1).ToListAsync(ct);
        var shown = rows.Take(take).ToList();
        var open = await db.TechnicalDisagreements.CountAsync(d => d.ProductId == product.Id && d.Status == DisagreementStatus.Open, ct);
        return new DisagreementsPage(await DtosAsync(shown, product.Key, ct),
            rows.Count > take ? Paging.Encode(shown[^1].Number.ToString(CultureInfo.InvariantCulture)) : null, open);
    }

    /// <summary>Disagreements on one item (by key) or record (by id), oldest first, for its page.</summary>
    public async Task<IReadOnlyList<DisagreementDto>> ForSubjectAsync(string productKey, string? itemKey, Guid? adrId, CancellationToken ct)
    {
        var query = db.TechnicalDisagreements.AsNoTracking();
        if (adrId is { } id) query = query.Where(d => d.SubjectId == id);
        else
        {
            var key = (itemKey ?? "").Trim().ToUpperInvariant();
            query = query.Where(d => d.SubjectKind == DisagreementSubject.Item && d.SubjectKey == key);
        }
        var rows = await query.OrderBy(d => d.Number).Take(100).ToListAsync(ct);
        return await DtosAsync(rows, productKey.ToUpperInvariant(), ct);
    }

    public async Task<Result<DisagreementDto>> GetAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return (await DtosAsync([found.Entity], found.Product.Key, ct))[0];
    }

    public async Task<Result<DisagreementDto>> ResolveAsync(Guid id, ResolveDisagreementRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Technical.ResolveDisagreement, ct)).Failed(out var error, out var found)) return error;
        var (disagreement, product) = found;
        if (disagreement.Status == DisagreementStatus.Resolved)
        {
            var by = await db.Users.Where(u => u.Id == disagreement.ResolvedById).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "the Tech Lead";
            return Error.Conflict($"Disagreement {disagreement.Number} on {Subject(disagreement)} was already resolved ({EnumText.Slug(disagreement.Outcome!.Value)}) by {by} on {disagreement.ResolvedAt:yyyy-MM-dd}; a resolution is final. Raise a new disagreement if there is more to say.");
        }
        if (ifMatch is { } expected && expected != disagreement.Version)
            return Error.Stale($"Disagreement {disagreement.Number} was changed by someone else (version {disagreement.Version}, you sent {expected}). Reload it and try again.");

        var validation = new Validation();
        var outcome = EnumText.Required<DisagreementOutcome>(request.Outcome, "outcome", validation);
        validation.Include(Rules.Apply(() => TechnicalDisagreement.CheckResolution(request.Resolution).ThrowIfBroken()));
        if (validation.Result is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        var resolved = outcome.GetValueOrDefault();
        if (await rights.DecideAsync(product, Operations.Technical.ResolveDisagreement, new DecisionRecord(
                $"Resolved disagreement {disagreement.Number} on {Subject(disagreement)}: {EnumText.Slug(resolved)}", "disagreement",
                disagreement.Number.ToString(CultureInfo.InvariantCulture), request.Resolution), ct) is { } refused)
            return refused;
        disagreement.Resolve(resolved, request.Resolution, me.UserId, now);
        if (disagreement.RaisedById != me.UserId)
        {
            db.Notifications.Add(Notification.To(product.WorkspaceId, disagreement.RaisedById,
                $"{me.DisplayName} resolved your disagreement on {Subject(disagreement)} ({EnumText.Slug(resolved)}): {Excerpt(disagreement.Resolution ?? "")}",
                Link(product.Key, disagreement), now));
        }
        if (await db.SaveOrStaleAsync($"Disagreement {disagreement.Number}", ct) is not null)
            return Error.Conflict($"Disagreement {disagreement.Number} was resolved by someone else at the same moment. Reload it.");
        return (await DtosAsync([disagreement], product.Key, ct))[0];
    }

    private string Link(string productKey, TechnicalDisagreement d) => Link(links, productKey, d.SubjectKind, d.SubjectKey);

    internal static string Link(IPageLinks links, string productKey, TechnicalDisagreement d) => Link(links, productKey, d.SubjectKind, d.SubjectKey);

    private string Link(string productKey, DisagreementSubject kind, string subjectKey) => Link(links, productKey, kind, subjectKey);

    private static string Link(IPageLinks links, string productKey, DisagreementSubject kind, string subjectKey) => kind == DisagreementSubject.Item
        ? links.ItemDisagreements(productKey, subjectKey)
        : links.DecisionRecordDisagreements(productKey, subjectKey);

    private static string Subject(TechnicalDisagreement d) => Subject(d.SubjectKind, d.SubjectKey, d.SubjectTitle);

    private static string Subject(DisagreementSubject kind, string key, string title) =>
        kind == DisagreementSubject.Item ? $"{key} \"{title}\"" : $"ADR {key} \"{title}\"";

    private static string Excerpt(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > 160 ? line[..160].TrimEnd() + "…" : line;
    }

    private async Task<Result<DisagreementDto>> RaiseAsync(Guid productId, DisagreementSubject kind, Guid subjectId, string subjectKey, string subjectTitle,
        RaiseDisagreementRequest request, CancellationToken ct)
    {
        var product = await db.Products.FirstAsync(p => p.Id == productId, ct);
        if (await rights.AuthorizeAsync(product, Operations.Technical.RaiseDisagreement, ct) is { } refused) return refused;
        var now = clock.GetUtcNow();
        if (Rules.Create(() => TechnicalDisagreement.Raise(product.WorkspaceId, product.Id, 0, kind, subjectId, subjectKey, subjectTitle, request.Concern, request.Alternative, me.UserId, now))
            .Failed(out var invalid, out _)) return invalid;
        return await numbers.InTransactionAsync<DisagreementDto>(async () =>
        {
            var number = await numbers.NextAsync(product, Sequences.Disagreements,
                ct2 => db.TechnicalDisagreements.Where(d => d.ProductId == product.Id).MaxAsync(d => (int?)d.Number, ct2), ct);
            var disagreement = TechnicalDisagreement.Raise(product.WorkspaceId, product.Id, number, kind, subjectId, subjectKey, subjectTitle, request.Concern, request.Alternative, me.UserId, now);
            db.TechnicalDisagreements.Add(disagreement);
        var techLeads = await db.RoleAssignments.Where(r => r.ProductId == product.Id && r.Role == Role.TechLead && r.UserId != me.UserId)
            .Select(r => r.UserId).Distinct().ToListAsync(ct);
        foreach (var techLead in techLeads)
        {
            db.Notifications.Add(Notification.To(product.WorkspaceId, techLead,
                $"{me.DisplayName} disagrees on {Subject(kind, subjectKey, subjectTitle)}: {Excerpt(disagreement.Concern)}", Link(product.Key, kind, subjectKey), now));
        }
            await db.SaveChangesAsync(ct);
            return (await DtosAsync([disagreement], product.Key, ct))[0];
        }, ct);
    }

    private Task<Result<Owned<TechnicalDisagreement>>> LoadAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<TechnicalDisagreement>(d => d.Id == id, operation, "There is no such technical disagreement in your workspace.", ct);

    private async Task<List<DisagreementDto>> DtosAsync(IReadOnlyList<TechnicalDisagreement> rows, string productKey, CancellationToken ct)
    {
        var people = rows.SelectMany(d => new[] { d.RaisedById, d.ResolvedById ?? Guid.Empty }).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        PersonSummary Person(Guid id) => new(id, names.GetValueOrDefault(id, "someone"));
        return rows.Select(d => new DisagreementDto(
            d.Id, productKey, d.Number, EnumText.Slug(d.SubjectKind), d.SubjectKey, d.SubjectTitle, Link(productKey, d),
            d.Concern, Markdown.ToSafeHtml(d.Concern), d.Alternative, d.Alternative is null ? null : Markdown.ToSafeHtml(d.Alternative),
            EnumText.Slug(d.Status), Person(d.RaisedById), d.RaisedAt, d.Outcome is { } o ? EnumText.Slug(o) : null,
            d.Resolution, d.Resolution is null ? null : Markdown.ToSafeHtml(d.Resolution),
            d.ResolvedById is { } r ? Person(r) : null, d.ResolvedAt, d.Version)).ToList();
    }
}
