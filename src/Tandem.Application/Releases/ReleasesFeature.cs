using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.Common;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Common;
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
        var found = await rights.ProductForAsync(productKey, Operations.Products.Read, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;
        var releases = await OfProductAsync(product.Id, ct);
        return releases.Select(r => ToDto(r, product)).ToList();
    }

    /// <summary>The product's releases by planned date (then name); a product has at most a few hundred.</summary>
    internal async Task<List<Release>> OfProductAsync(Guid productId, CancellationToken ct) =>
        await db.Releases.AsNoTracking().Where(r => r.ProductId == productId)
            .OrderBy(r => r.PlannedOn).ThenBy(r => r.Name).Take(MaxPerProduct).ToListAsync(ct);

    public async Task<Result<ReleaseDto>> GetAsync(Guid id, CancellationToken ct)
    {
        var found = await FindAsync(id, Operations.Products.Read, ct);
        return found.IsSuccess ? ToDto(found.Value.Release, found.Value.Product) : found.Error!;
    }

    public async Task<Result<ReleaseDto>> CreateAsync(string productKey, CreateReleaseRequest request, CancellationToken ct)
    {
        var found = await rights.ProductForAsync(productKey, Operations.Delivery.EditSchedule, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;
        var validation = new Validation();
        var name = Name(request.Name, validation);
        var planned = Date(request.PlannedOn, validation, required: true);
        if (validation.Result is { } invalid) return invalid;
        if (await db.Releases.AnyAsync(r => r.ProductId == product.Id && r.Name == name, ct))
            return Error.Invalid("name", $"{product.Key} already has a release named {name}.");
        var release = Release.Plan(product.WorkspaceId, product.Id, name!, planned!.Value, me.UserId, clock.GetUtcNow());
        db.Releases.Add(release);
        await rights.RecordAsync(product, Operations.Delivery.EditSchedule, $"Planned release {release.Name} for {release.PlannedOn:yyyy-MM-dd}", null, "release", release.Id.ToString(), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Error.Conflict($"A release named {name} was planned at the same moment.");
        }
        return ToDto(release, product);
    }

    public async Task<Result<ReleaseDto>> PatchAsync(Guid id, PatchReleaseRequest request, int? ifMatch, CancellationToken ct)
    {
        var found = await FindAsync(id, Operations.Delivery.EditSchedule, ct);
        if (!found.IsSuccess) return found.Error!;
        var (release, product) = found.Value;
        if (ifMatch is { } expected && expected != release.Version)
            return Error.Stale($"Release {release.Name} was changed by someone else (version {release.Version}, you sent {expected}). Reload it and try again.");
        var validation = new Validation();
        var name = request.Name is null ? release.Name : Name(request.Name, validation);
        var planned = request.PlannedOn is null ? release.PlannedOn : Date(request.PlannedOn, validation, required: true);
        var status = release.Status;
        if (request.Status is { } s && !EnumText.TryParse(s, out status))
            validation.Add("status", $"'{s}' is not a release status; use one of {EnumText.Names<ReleaseStatus>()}.");
        if (validation.Result is { } invalid) return invalid;
        if (name != release.Name && await db.Releases.AnyAsync(r => r.ProductId == product.Id && r.Name == name && r.Id != release.Id, ct))
            return Error.Invalid("name", $"{product.Key} already has a release named {name}.");
        var now = clock.GetUtcNow();
        release.Change(name!, planned!.Value, status, DateOnly.FromDateTime(now.UtcDateTime), now);
        await rights.RecordAsync(product, Operations.Delivery.EditSchedule, $"Changed release {release.Name} ({EnumText.Slug(release.Status)}, planned {release.PlannedOn:yyyy-MM-dd})", null, "release", release.Id.ToString(), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Stale($"Release {release.Name} was changed by someone else meanwhile. Reload it and try again.");
        }
        return ToDto(release, product);
    }

    private async Task<Result<(Release Release, Product Product)>> FindAsync(Guid id, Operation operation, CancellationToken ct)
    {
        var release = await db.Releases.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (release is null) return Error.NotFound($"There is no release {id} in your workspace.");
        var product = await db.Products.FirstAsync(p => p.Id == release.ProductId, ct);
        if (await rights.AuthorizeAsync(product, operation, ct) is { } refused) return refused;
        return (release, product);
    }

    internal static ReleaseDto ToDto(Release r, Product product) =>
        new(r.Id, product.Key, r.Name, r.PlannedOn, EnumText.Slug(r.Status), r.ReleasedOn, r.CreatedAt, r.Version);

    private static string? Name(string? name, Validation validation)
    {
        try { return Release.CheckName(name); }
        catch (DomainException e) { validation.Add(e.Field, e.Message); return null; }
    }

    private static DateOnly? Date(string? text, Validation validation, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) validation.Add("plannedOn", "Say the planned date (yyyy-MM-dd).");
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        validation.Add("plannedOn", $"'{text}' is not a date; write it as yyyy-MM-dd, for example 2026-12-15.");
        return null;
    }
}
