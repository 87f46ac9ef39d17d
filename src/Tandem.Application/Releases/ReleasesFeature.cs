using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;
using Tandem.Domain.Releases;

namespace Tandem.Application.Releases;

public sealed record ReleaseDto(Guid Id, string ProductKey, string Name, DateOnly PlannedOn, string Status, DateOnly? ReleasedOn, DateTimeOffset CreatedAt, int Version) : IVersioned;

/// <summary>PlannedOn as yyyy-MM-dd.</summary>
public sealed record CreateReleaseRequest(string? Name, string? PlannedOn);

/// <summary>A partial update: only the fields present change. Status is planned or released.</summary>
public sealed record PatchReleaseRequest(string? Name, string? PlannedOn, string? Status);

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
