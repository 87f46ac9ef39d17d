using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Disagreements;
using Tandem.Domain.Feedback;

namespace Tandem.Application.Disagreements;

/// <summary>
/// Concern and alternative are Markdown (rendered sanitised, like notes). <c>area</c> routes it: priority-scope
/// (Product Owner), technical (Tech Lead; the default on items and records), dates-dependencies (Technical
/// Project Manager) or process (Scrum Master; the default on sprints).
/// </summary>
public sealed record RaiseDisagreementRequest(string? Concern, string? Alternative, string? Area = null);

/// <summary>
/// A disagreement raised on the product: <c>subjectKind</c> item, adr, sprint or working-agreement. Items are
/// named by <c>subjectKey</c> (or id); records and sprints by <c>subjectId</c>; a working agreement (kept by the
/// retrospectives) by <c>subjectId</c>, <c>subjectKey</c> and <c>subjectTitle</c> as given.
/// </summary>
public sealed record RaiseProductDisagreementRequest(string? Area, string? SubjectKind, Guid? SubjectId, string? SubjectKey, string? SubjectTitle, string? Concern, string? Alternative);

/// <summary>After how many days an unresolved disagreement is flagged to the workspace admin (<c>Tandem:Disagreements:FlagAfterDays</c>, default 7).</summary>
public sealed record DisagreementSettings(int FlagAfterDays)
{
    public const string Section = "Tandem:Disagreements";
    public const int DefaultFlagAfterDays = 7;
}

/// <summary>Outcome: upheld, changed, compromise or withdrawn.</summary>
public sealed record ResolveDisagreementRequest(string? Outcome, string? Resolution);

public sealed record DisagreementDto(
    Guid Id, string ProductKey, int Number, string Area, string DecidedBy, int AgeDays, bool Flagged, string SubjectKind, string SubjectKey, string SubjectTitle, string SubjectLink,
    string Concern, string ConcernHtml, string? Alternative, string? AlternativeHtml, string Status,
    PersonSummary RaisedBy, DateTimeOffset RaisedAt, string? Outcome, string? Resolution, string? ResolutionHtml,
    PersonSummary? ResolvedBy, DateTimeOffset? ResolvedAt, int Version) : IVersioned;

public sealed record DisagreementsPage(IReadOnlyList<DisagreementDto> Items, string? NextCursor, int Open);

/// <summary>
/// Disagreements go to whoever decides: anyone on the team raises one on a backlog item, a decision record,
/// a sprint or a working agreement, and its area routes it — priority and scope to the Product Owner,
/// technical to the Tech Lead, dates and dependencies to the Technical Project Manager, process to the Scrum
/// Master (notified). It shows as open, ageing, until that decider resolves it with an outcome and a reason,
/// which is logged and told to the raiser; after <see cref="DisagreementSettings.FlagAfterDays"/> it is flagged
/// to the workspace admin. A resolution is final: resolving again answers 409.
/// </summary>
public sealed class DisagreementsFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, ProductNumbers numbers, TimeProvider clock, IPageLinks links,
    DisagreementSettings settings)
{
    /// <summary>The operation that resolves a disagreement of <paramref name="area"/>: its decider's.</summary>
    public static Operation ResolveOperation(DisagreementArea area) => area switch
    {
        DisagreementArea.PriorityScope => Operations.Disagreements.ResolveProduct,
        DisagreementArea.DatesDependencies => Operations.Disagreements.ResolveDelivery,
        DisagreementArea.Process => Operations.Disagreements.ResolveProcess,
        _ => Operations.Technical.ResolveDisagreement,
    };

    /// <summary>Every operation that resolves some area, for the endpoint that performs one of them.</summary>
    public static IReadOnlyList<Operation> ResolveOperations { get; } =
        [Operations.Technical.ResolveDisagreement, Operations.Disagreements.ResolveProduct, Operations.Disagreements.ResolveDelivery, Operations.Disagreements.ResolveProcess];

    /// <summary>Who decides an area, in words ("the Product Owner").</summary>
    public static string Decider(DisagreementArea area) => DecisionRightsService.DescribeHolders(DecisionRightsTable.WhoMay(ResolveOperation(area)));

    public async Task<Result<DisagreementDto>> RaiseOnSprintAsync(Guid sprintId, RaiseDisagreementRequest request, CancellationToken ct)
    {
        var sprint = await db.Sprints.AsNoTracking().Where(s => s.Id == sprintId).Select(s => new { s.Id, s.Number, s.Name, s.ProductId }).FirstOrDefaultAsync(ct);
        if (sprint is null) return Error.NotFound("There is no such sprint in your workspace.");
        return await RaiseAsync(sprint.ProductId, DisagreementSubject.Sprint, sprint.Id, sprint.Id.ToString("N")[..12], sprint.Name, request, DisagreementArea.Process, ct);
    }

    public async Task<Result<DisagreementDto>> RaiseOnProductAsync(string productKey, RaiseProductDisagreementRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Technical.RaiseDisagreement, ct)).Failed(out var refused, out var product)) return refused;
        var validation = new Validation();
        var kind = EnumText.Required<DisagreementSubject>(request.SubjectKind, "subjectKind", validation);
        EnumText.Required<DisagreementArea>(request.Area, "area", validation);
        if (validation.Result is { } bad) return bad;
        var raise = new RaiseDisagreementRequest(request.Concern, request.Alternative, request.Area);
        switch (kind!.Value)
        {
            case DisagreementSubject.Item:
            {
                var key = (request.SubjectKey ?? "").Trim().ToUpperInvariant();
                var item = await db.BacklogItems.AsNoTracking().Where(i => i.ProductId == product.Id && (i.Key == key || i.Id == request.SubjectId))
                    .Select(i => new { i.Id, i.Key, i.Title }).FirstOrDefaultAsync(ct);
                if (item is null) return Error.Invalid("subjectKey", $"There is no item {(key.Length > 0 ? key : "with that id")} on {product.Key}.");
                return await RaiseAsync(product.Id, DisagreementSubject.Item, item.Id, item.Key, item.Title, raise, DisagreementArea.Technical, ct);
            }
            case DisagreementSubject.Adr:
            {
                var adr = await db.ArchitectureDecisions.AsNoTracking().Where(a => a.Id == request.SubjectId && a.ProductId == product.Id)
                    .Select(a => new { a.Id, a.Number, a.Title }).FirstOrDefaultAsync(ct);
                if (adr is null) return Error.Invalid("subjectId", $"There is no such decision record on {product.Key}.");
                return await RaiseAsync(product.Id, DisagreementSubject.Adr, adr.Id, adr.Number.ToString(CultureInfo.InvariantCulture), adr.Title, raise, DisagreementArea.Technical, ct);
            }
            case DisagreementSubject.Sprint:
            {
                var sprint = await db.Sprints.AsNoTracking().Where(s => s.Id == request.SubjectId && s.ProductId == product.Id)
                    .Select(s => new { s.Id, s.Name }).FirstOrDefaultAsync(ct);
                if (sprint is null) return Error.Invalid("subjectId", $"There is no such sprint of a team of {product.Key}.");
                return await RaiseAsync(product.Id, DisagreementSubject.Sprint, sprint.Id, sprint.Id.ToString("N")[..12], sprint.Name, raise, DisagreementArea.Process, ct);
            }
            default:
            {
                var key = (request.SubjectKey ?? "").Trim();
                var title = (request.SubjectTitle ?? "").Trim();
                if (request.SubjectId is not { } id || id == Guid.Empty) validation.Add("subjectId", "Name the working agreement by its id.");
                if (key.Length is 0 or > TechnicalDisagreement.SubjectKeyMaxLength) validation.Add("subjectKey", $"Give the working agreement's key (1 to {TechnicalDisagreement.SubjectKeyMaxLength} characters).");
                if (title.Length == 0) validation.Add("subjectTitle", "Give the working agreement's title.");
                if (validation.Result is { } missing) return missing;
                return await RaiseAsync(product.Id, DisagreementSubject.WorkingAgreement, request.SubjectId!.Value, key, title, raise, DisagreementArea.Process, ct);
            }
        }
    }

    public async Task<Result<DisagreementDto>> RaiseOnItemAsync(string itemKey, RaiseDisagreementRequest request, CancellationToken ct)
    {
        var key = itemKey.Trim().ToUpperInvariant();
        var item = await db.BacklogItems.AsNoTracking().Where(i => i.Key == key).Select(i => new { i.Id, i.Key, i.Title, i.ProductId }).FirstOrDefaultAsync(ct);
        if (item is null) return Error.NotFound($"There is no item {key} in your workspace.");
        return await RaiseAsync(item.ProductId, DisagreementSubject.Item, item.Id, item.Key, item.Title, request, DisagreementArea.Technical, ct);
    }

    public async Task<Result<DisagreementDto>> RaiseOnAdrAsync(Guid adrId, RaiseDisagreementRequest request, CancellationToken ct)
    {
        var adr = await db.ArchitectureDecisions.AsNoTracking().Where(a => a.Id == adrId).Select(a => new { a.Id, a.Number, a.Title, a.ProductId }).FirstOrDefaultAsync(ct);
        if (adr is null) return Error.NotFound("There is no such decision record in your workspace.");
        return await RaiseAsync(adr.ProductId, DisagreementSubject.Adr, adr.Id, adr.Number.ToString(CultureInfo.InvariantCulture), adr.Title, request, DisagreementArea.Technical, ct);
    }

    public async Task<Result<DisagreementsPage>> ListAsync(string productKey, string? status, string? item, Guid? adr, int? limit, string? cursor, CancellationToken ct, string? area = null)
    {
        if (Paging.ValidateLimit(limit) is { } badLimit) return badLimit;
        var filter = new Validation();
        var wanted = EnumText.Optional<DisagreementStatus>(status, "status", filter);
        var wantedArea = EnumText.Optional<DisagreementArea>(area, "area", filter);
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
        if (wantedArea is { } a) query = query.Where(d => d.Area == a);
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
        // The area decides whose decision it is, so it is read before the decider is checked.
        var area = await db.TechnicalDisagreements.AsNoTracking().Where(d => d.Id == id).Select(d => (DisagreementArea?)d.Area).FirstOrDefaultAsync(ct);
        if (area is null) return Error.NotFound("There is no such disagreement in your workspace.");
        var operation = ResolveOperation(area.Value);
        if ((await LoadAsync(id, operation, ct)).Failed(out var error, out var found)) return error;
        var (disagreement, product) = found;
        if (disagreement.Status == DisagreementStatus.Resolved)
        {
            var by = await db.Users.Where(u => u.Id == disagreement.ResolvedById).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? Decider(disagreement.Area);
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
        if (await rights.DecideAsync(product, operation, new DecisionRecord(
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

    private static string Link(IPageLinks links, string productKey, DisagreementSubject kind, string subjectKey) => kind switch
    {
        DisagreementSubject.Item => links.ItemDisagreements(productKey, subjectKey),
        DisagreementSubject.Adr => links.DecisionRecordDisagreements(productKey, subjectKey),
        _ => $"/p/{productKey}/disagreements?area=process",
    };

    private static string Subject(TechnicalDisagreement d) => Subject(d.SubjectKind, d.SubjectKey, d.SubjectTitle);

    private static string Subject(DisagreementSubject kind, string key, string title) => kind switch
    {
        DisagreementSubject.Item => $"{key} \"{title}\"",
        DisagreementSubject.Adr => $"ADR {key} \"{title}\"",
        DisagreementSubject.Sprint => $"sprint \"{title}\"",
        _ => $"working agreement \"{title}\"",
    };

    private static string Excerpt(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > 160 ? line[..160].TrimEnd() + "…" : line;
    }

    private async Task<Result<DisagreementDto>> RaiseAsync(Guid productId, DisagreementSubject kind, Guid subjectId, string subjectKey, string subjectTitle,
        RaiseDisagreementRequest request, DisagreementArea defaultArea, CancellationToken ct)
    {
        var product = await db.Products.FirstAsync(p => p.Id == productId, ct);
        if (await rights.AuthorizeAsync(product, Operations.Technical.RaiseDisagreement, ct) is { } refused) return refused;
        var now = clock.GetUtcNow();
        var validation = new Validation();
        var area = EnumText.Optional<DisagreementArea>(request.Area, "area", validation) ?? defaultArea;
        if (validation.Result is { } badArea) return badArea;
        if (Rules.Create(() => TechnicalDisagreement.Raise(product.WorkspaceId, product.Id, 0, kind, subjectId, subjectKey, subjectTitle, request.Concern, request.Alternative, me.UserId, now, area))
            .Failed(out var invalid, out _)) return invalid;
        return await numbers.InTransactionAsync<DisagreementDto>(async () =>
        {
            var number = await numbers.NextAsync(product, Sequences.Disagreements,
                ct2 => db.TechnicalDisagreements.Where(d => d.ProductId == product.Id).MaxAsync(d => (int?)d.Number, ct2), ct);
            var disagreement = TechnicalDisagreement.Raise(product.WorkspaceId, product.Id, number, kind, subjectId, subjectKey, subjectTitle, request.Concern, request.Alternative, me.UserId, now, area);
            db.TechnicalDisagreements.Add(disagreement);
        var deciderRoles = DecisionRightsTable.WhoMay(ResolveOperation(area)).Roles.ToList();
        var deciders = await db.RoleAssignments.Where(r => r.ProductId == product.Id && deciderRoles.Contains(r.Role) && r.UserId != me.UserId)
            .Select(r => r.UserId).Distinct().Take(20).ToListAsync(ct);
        foreach (var decider in deciders)
        {
            db.Notifications.Add(Notification.To(product.WorkspaceId, decider,
                $"{me.DisplayName} disagrees on {Subject(kind, subjectKey, subjectTitle)}: {Excerpt(disagreement.Concern)}", Link(product.Key, kind, subjectKey), now));
        }
            await db.SaveChangesAsync(ct);
            return (await DtosAsync([disagreement], product.Key, ct))[0];
        }, ct);
    }

    private Task<Result<Owned<TechnicalDisagreement>>> LoadAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<TechnicalDisagreement>(d => d.Id == id, operation, "There is no such disagreement in your workspace.", ct);

    private async Task<List<DisagreementDto>> DtosAsync(IReadOnlyList<TechnicalDisagreement> rows, string productKey, CancellationToken ct)
    {
        var people = rows.SelectMany(d => new[] { d.RaisedById, d.ResolvedById ?? Guid.Empty }).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        PersonSummary Person(Guid id) => new(id, names.GetValueOrDefault(id, "someone"));
        var now = clock.GetUtcNow();
        int Age(TechnicalDisagreement d) => (int)Math.Floor(((d.ResolvedAt ?? now) - d.RaisedAt).TotalDays);
        return rows.Select(d => new DisagreementDto(
            d.Id, productKey, d.Number, EnumText.Slug(d.Area), Decider(d.Area), Age(d), d.Status == DisagreementStatus.Open && Age(d) >= settings.FlagAfterDays,
            EnumText.Slug(d.SubjectKind), d.SubjectKey, d.SubjectTitle, Link(productKey, d),
            d.Concern, Markdown.ToSafeHtml(d.Concern), d.Alternative, d.Alternative is null ? null : Markdown.ToSafeHtml(d.Alternative),
            EnumText.Slug(d.Status), Person(d.RaisedById), d.RaisedAt, d.Outcome is { } o ? EnumText.Slug(o) : null,
            d.Resolution, d.Resolution is null ? null : Markdown.ToSafeHtml(d.Resolution),
            d.ResolvedById is { } r ? Person(r) : null, d.ResolvedAt, d.Version)).ToList();
    }
}
