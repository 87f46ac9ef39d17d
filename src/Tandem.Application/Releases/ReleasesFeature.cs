using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Nfrs;
using Tandem.Domain.Products;
using Tandem.Domain.Releases;

namespace Tandem.Application.Releases;

public sealed record ReleaseDto(Guid Id, string ProductKey, string Name, DateOnly PlannedOn, string Status, DateOnly? ReleasedOn, DateTimeOffset CreatedAt, int Version) : IVersioned;

/// <summary>PlannedOn as yyyy-MM-dd.</summary>
public sealed record CreateReleaseRequest(string? Name, string? PlannedOn);

/// <summary>A partial update: only the fields present change. Status is planned or released.</summary>
public sealed record PatchReleaseRequest(string? Name, string? PlannedOn, string? Status);

/// <summary>Replaces a release's scope (<c>itemKeys</c>: epics and items of the product) and the NFRs to verify (<c>nfrIds</c>, or <c>nfrNumbers</c>); a list left out stays as it is.</summary>
public sealed record ReleaseScopeRequest(IReadOnlyList<string>? ItemKeys, IReadOnlyList<Guid>? NfrIds, IReadOnlyList<int>? NfrNumbers = null);

public sealed record ReleaseScopeItem(Guid Id, string Key, string Title, string Type, string Status);

/// <summary>An NFR to verify in the release, with its current verification result for it (not-verified, met, not-met).</summary>
public sealed record ReleaseNfr(Guid Id, int Number, string Statement, string Result);

/// <summary>A release's target date, scope and NFRs to verify.</summary>
public sealed record ReleaseScopeDto(Guid ReleaseId, string ProductKey, string Name, DateOnly TargetDate, string Status, IReadOnlyList<ReleaseScopeItem> Items,
    IReadOnlyList<ReleaseNfr> Nfrs, int Version) : IVersioned;

/// <summary>
/// A product's releases, planned and changed by the Technical Project Manager (the schedule is theirs).
/// Minimal for now: NFRs are verified per release; the TPM workspace will build the plan around them.
/// </summary>
public sealed class ReleasesFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock)
{
    public const int MaxPerProduct = 500;

    public async Task<Result<IReadOnlyList<ReleaseDto>>> ListAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var releases = await OfProductAsync(product.Id, ct);
        return releases.Select(r => ToDto(r, product)).ToList();
    }

    /// <summary>The product's releases by planned date (then name); a product has at most a few hundred.</summary>
    internal async Task<List<Release>> OfProductAsync(Guid productId, CancellationToken ct) =>
        await db.Releases.AsNoTracking().Where(r => r.ProductId == productId)
            .OrderBy(r => r.PlannedOn).ThenBy(r => r.Name).Take(MaxPerProduct).ToListAsync(ct);

    public async Task<Result<ReleaseDto>> GetAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return ToDto(found.Entity, found.Product);
    }

    public async Task<Result<ReleaseDto>> CreateAsync(string productKey, CreateReleaseRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Delivery.EditSchedule, ct)).Failed(out var refused, out var product)) return refused;
        var validation = new Validation();
        var planned = Date(request.PlannedOn, validation);
        var plan = Rules.Create(() => Release.Plan(product.WorkspaceId, product.Id, request.Name, planned.GetValueOrDefault(), me.UserId, clock.GetUtcNow()));
        if (validation.Include(plan.Error).Result is { } invalid) return invalid;
        if (plan.Failed(out var refusedPlan, out var release)) return refusedPlan;
        var name = release.Name;
        if (await db.Releases.AnyAsync(r => r.ProductId == product.Id && r.Name == name, ct))
            return Error.Invalid("name", $"{product.Key} already has a release named {name}.");
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule,
                new DecisionRecord($"Planned release {release.Name} for {release.PlannedOn:yyyy-MM-dd}", "release", release.Id.ToString()), ct) is { } refusedDecision)
            return refusedDecision;
        db.Releases.Add(release);
        if (await db.SaveOrConflictAsync($"A release named {name} was planned at the same moment.", ct) is { } conflict) return conflict;
        return ToDto(release, product);
    }

    public async Task<Result<ReleaseDto>> PatchAsync(Guid id, PatchReleaseRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Delivery.EditSchedule, ct)).Failed(out var error, out var found)) return error;
        var (release, product) = found;
        if (ifMatch is { } expected && expected != release.Version)
            return Error.Stale($"Release {release.Name} was changed by someone else (version {release.Version}, you sent {expected}). Reload it and try again.");
        var validation = new Validation();
        var planned = request.PlannedOn is null ? release.PlannedOn : Date(request.PlannedOn, validation);
        var status = EnumText.Optional<ReleaseStatus>(request.Status, "status", validation) ?? release.Status;
        var oldName = release.Name;
        var now = clock.GetUtcNow();
        if (validation.Include(Rules.Apply(() => release.Change(request.Name ?? release.Name, planned ?? release.PlannedOn, status, DateOnly.FromDateTime(now.UtcDateTime), now)))
            .Result is { } invalid)
        {
            db.ChangeTracker.Clear();
            return invalid;
        }
        var name = release.Name;
        if (name != oldName && await db.Releases.AnyAsync(r => r.ProductId == product.Id && r.Name == name && r.Id != release.Id, ct))
        {
            db.ChangeTracker.Clear();
            return Error.Invalid("name", $"{product.Key} already has a release named {name}.");
        }
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Changed release {release.Name} ({EnumText.Slug(release.Status)}, planned {release.PlannedOn:yyyy-MM-dd})", "release", release.Id.ToString()), ct) is { } refused)
            return refused;
        if (await db.SaveOrStaleAsync($"Release {oldName}", ct) is { } stale) return stale;
        return ToDto(release, product);
    }

    public const int MaxScope = 500;

    public async Task<Result<ReleaseScopeDto>> GetScopeAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await ScopeDtoAsync(found.Entity, found.Product, ct);
    }

    /// <summary>The scopes of many releases of one product, in three queries (the releases page shows them all).</summary>
    public async Task<IReadOnlyDictionary<Guid, ReleaseScopeDto>> ScopesAsync(string productKey, IReadOnlyList<ReleaseDto> releases, CancellationToken ct)
    {
        var ids = releases.Select(r => r.Id).ToList();
        var rows = await db.Releases.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        if (rows.Count == 0) return new Dictionary<Guid, ReleaseScopeDto>();
        var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == rows[0].ProductId, ct);
        return await ScopeDtosAsync(rows, product, ct);
    }

    /// <summary>Replaces the release's scope and NFRs to verify (Technical Project Manager; logged; honours If-Match).</summary>
    public async Task<Result<ReleaseScopeDto>> SetScopeAsync(Guid id, ReleaseScopeRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Delivery.EditSchedule, ct)).Failed(out var error, out var found)) return error;
        var (release, product) = found;
        if (ifMatch is { } expected && expected != release.Version)
            return Error.Stale($"Release {release.Name} was changed by someone else (version {release.Version}, you sent {expected}). Reload it and try again.");
        var validation = new Validation();
        List<Guid>? itemIds = null;
        if (request.ItemKeys is { } keys)
        {
            var wanted = keys.Select(k => (k ?? "").Trim().ToUpperInvariant()).Where(k => k.Length > 0).Distinct().ToList();
            if (wanted.Count > MaxScope) validation.Add("itemKeys", $"A release names at most {MaxScope} epics and items.");
            else
            {
                var items = await db.BacklogItems.AsNoTracking().Where(i => wanted.Contains(i.Key)).Select(i => new { i.Id, i.Key, i.ProductId }).ToListAsync(ct);
                var elsewhere = items.Where(i => i.ProductId != product.Id).Select(i => i.Key).ToList();
                if (elsewhere.Count > 0) validation.Add("itemKeys", $"{string.Join(", ", elsewhere)} {(elsewhere.Count == 1 ? "is an item" : "are items")} of another product, not of {product.Key}.");
                var missing = wanted.Except(items.Select(i => i.Key)).ToList();
                if (missing.Count > 0) validation.Add("itemKeys", $"There is no item {string.Join(", ", missing)} on {product.Key}.");
                itemIds = items.Where(i => i.ProductId == product.Id).Select(i => i.Id).ToList();
            }
        }
        List<Nfr>? nfrs = null;
        if (request.NfrIds is { } nfrIds)
        {
            var wanted = nfrIds.Distinct().Take(MaxScope + 1).ToList();
            nfrs = await db.Nfrs.Where(n => wanted.Contains(n.Id) && n.ProductId == product.Id).ToListAsync(ct);
            if (nfrs.Count != wanted.Count) validation.Add("nfrIds", $"Some of those NFRs are not {product.Key}'s.");
        }
        else if (request.NfrNumbers is { } nfrNumbers)
        {
            var wanted = nfrNumbers.Distinct().Take(MaxScope + 1).ToList();
            nfrs = await db.Nfrs.Where(n => wanted.Contains(n.Number) && n.ProductId == product.Id).ToListAsync(ct);
            var missing = wanted.Except(nfrs.Select(n => n.Number)).ToList();
            if (missing.Count > 0) validation.Add("nfrNumbers", $"{product.Key} has no NFR {string.Join(", ", missing)}.");
        }
        if (validation.Result is { } bad) return bad;
        var now = clock.GetUtcNow();
        if (itemIds is not null)
        {
            var current = await db.ReleaseScope.Where(s => s.ReleaseId == release.Id).ToListAsync(ct);
            db.ReleaseScope.RemoveRange(current.Where(c => !itemIds.Contains(c.ItemId)));
            foreach (var itemId in itemIds.Where(i => current.All(c => c.ItemId != i))) db.ReleaseScope.Add(ReleaseScope.Of(release, itemId));
        }
        if (nfrs is not null)
        {
            var links = await db.NfrLinks.Where(l => l.Kind == NfrLinkKind.Release && l.TargetId == release.Id).ToListAsync(ct);
            db.NfrLinks.RemoveRange(links.Where(l => nfrs.All(n => n.Id != l.NfrId)));
            foreach (var nfr in nfrs.Where(n => links.All(l => l.NfrId != n.Id))) db.NfrLinks.Add(NfrLink.Create(nfr, NfrLinkKind.Release, release.Id, me.UserId, now));
        }
        release.ScopeChanged(now);
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Set the scope of release {release.Name}{(itemIds is null ? "" : $" ({itemIds.Count} epics and items)")}{(nfrs is null ? "" : $", {nfrs.Count} NFRs to verify")}", "release", release.Id.ToString()), ct) is { } refused)
            return refused;
        if (await db.SaveOrStaleAsync($"Release {release.Name}", ct) is { } lost) return lost;
        return await ScopeDtoAsync(release, product, ct);
    }

    private async Task<ReleaseScopeDto> ScopeDtoAsync(Release release, Product product, CancellationToken ct) => (await ScopeDtosAsync([release], product, ct))[release.Id];

    private async Task<Dictionary<Guid, ReleaseScopeDto>> ScopeDtosAsync(IReadOnlyList<Release> rows, Product product, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var items = await db.ReleaseScope.AsNoTracking().Where(s => ids.Contains(s.ReleaseId))
            .Join(db.BacklogItems, s => s.ItemId, i => i.Id, (s, i) => new { s.ReleaseId, i.Id, i.Key, i.Number, i.Title, i.Type, i.Status }).ToListAsync(ct);
        var nfrs = await db.NfrLinks.AsNoTracking().Where(l => l.Kind == NfrLinkKind.Release && ids.Contains(l.TargetId))
            .Join(db.Nfrs, l => l.NfrId, n => n.Id, (l, n) => new { ReleaseId = l.TargetId, n.Id, n.Number, n.Statement }).ToListAsync(ct);
        var results = await db.NfrVerifications.AsNoTracking().Where(v => ids.Contains(v.ReleaseId) && v.IsCurrent)
            .Select(v => new { v.ReleaseId, v.NfrId, v.Result }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => new ReleaseScopeDto(r.Id, product.Key, r.Name, r.PlannedOn, EnumText.Slug(r.Status),
            items.Where(i => i.ReleaseId == r.Id).OrderBy(i => i.Number).Select(i => new ReleaseScopeItem(i.Id, i.Key, i.Title, EnumText.Slug(i.Type), EnumText.Slug(i.Status))).ToList(),
            nfrs.Where(n => n.ReleaseId == r.Id).OrderBy(n => n.Number).Select(n => new ReleaseNfr(n.Id, n.Number, n.Statement,
                EnumText.Slug(results.FirstOrDefault(v => v.ReleaseId == r.Id && v.NfrId == n.Id)?.Result ?? NfrResult.NotVerified))).ToList(),
            r.Version));
    }

    private Task<Result<Owned<Release>>> LoadAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<Release>(r => r.Id == id, operation, $"There is no release {id} in your workspace.", ct);

    internal static ReleaseDto ToDto(Release r, Product product) =>
        new(r.Id, product.Key, r.Name, r.PlannedOn, EnumText.Slug(r.Status), r.ReleasedOn, r.CreatedAt, r.Version);

    private static DateOnly? Date(string? text, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            validation.Add("plannedOn", "Say the planned date (yyyy-MM-dd).");
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        validation.Add("plannedOn", $"'{text}' is not a date; write it as yyyy-MM-dd, for example 2026-12-15.");
        return null;
    }
}
