using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Products;

public sealed record ProductDto(string Key, string Name, DateTimeOffset CreatedAt, int Version, IReadOnlyList<string> MyRoles) : IVersioned;

public sealed record CreateProductRequest(string? Key, string? Name);

public sealed record RenameProductRequest(string? Name);

/// <summary>Listing, reading, creating and renaming products.</summary>
public sealed class ProductsFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock)
{
    /// <summary>The products the current user can open: all of them for a workspace admin, else those they hold a role on.</summary>
    public async Task<Result<Page<ProductDto>>> ListAsync(int? limit, string? cursor, CancellationToken ct)
    {
        if (Paging.ValidateLimit(limit) is { } bad) return bad;
        var take = limit ?? Paging.DefaultLimit;
        var query = db.Products.AsNoTracking();
        if (!me.IsWorkspaceAdmin)
        {
            query = query.Where(p => db.RoleAssignments.Any(r => r.ProductId == p.Id && r.UserId == me.UserId));
        }
        if (cursor is not null)
        {
            if (!Paging.TryDecode(cursor, out var afterKey)) return Paging.BadCursor;
            query = query.Where(p => string.Compare(p.Key, afterKey) > 0);
        }
        var products = await query.OrderBy(p => p.Key).Take(take + 1).ToListAsync(ct);
        var ids = products.Select(p => p.Id).ToList();
        var roles = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.UserId == me.UserId && ids.Contains(r.ProductId))
            .Select(r => new { r.ProductId, r.Role })
            .ToListAsync(ct);
        var items = products.Take(take)
            .Select(p => ToDto(p, roles.Where(r => r.ProductId == p.Id).Select(r => r.Role)))
            .ToList();
        var next = products.Count > take ? Paging.Encode(items[^1].Key) : null;
        return new Page<ProductDto>(items, next);
    }

    public async Task<Result<ProductDto>> GetAsync(string key, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(key, Operations.Products.Read, ct)).Failed(out var error, out var product)) return error;
        var actor = await rights.ActorOnAsync(product, ct);
        return ToDto(product, actor.Roles);
    }

    public async Task<Result<ProductDto>> CreateAsync(CreateProductRequest request, CancellationToken ct)
    {
        if (await rights.AuthorizeWorkspaceAsync(Operations.Members.CreateProduct, ct) is { } refused) return refused;
        if (Rules.Create(() => Product.Create(me.WorkspaceId, request.Key, request.Name, clock.GetUtcNow())).Failed(out var invalid, out var product)) return invalid;
        if (await db.Products.AnyAsync(p => p.Key == product.Key, ct))
            return Error.Conflict($"Your workspace already has a product with key {product.Key}.");

        db.Products.Add(product);
        // The new product's log opens with its creation.
        if (await rights.DecideAsync(product, Operations.Members.CreateProduct,
                new DecisionRecord($"Created product {product.Key} \"{product.Name}\"", "product", product.Key), ct) is { } notAllowed)
            return notAllowed;
        await db.SaveChangesAsync(ct);
        return ToDto(product, []);
    }

    public async Task<Result<ProductDto>> RenameAsync(string key, RenameProductRequest request, int? ifMatchVersion, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(key, Operations.Members.CreateProduct, ct)).Failed(out var error, out var product)) return error;
        if (ifMatchVersion is { } expected && expected != product.Version)
            return Error.Stale($"{product.Key} was changed by someone else (version {product.Version}, you sent {expected}). Reload it and try again.");

        var oldName = product.Name;
        if (Rules.Apply(() => product.Rename(request.Name)) is { } invalid) return invalid;
        if (await rights.DecideAsync(product, Operations.Members.CreateProduct,
                new DecisionRecord($"Renamed {product.Key} from \"{oldName}\" to \"{product.Name}\"", "product", product.Key), ct) is { } refused)
            return refused;
        if (await db.SaveOrStaleAsync(product.Key, ct) is { } stale) return stale;
        var actor = await rights.ActorOnAsync(product, ct);
        return ToDto(product, actor.Roles);
    }

    internal static ProductDto ToDto(Product p, IEnumerable<Role> roles) =>
        new(p.Key, p.Name, p.CreatedAt, p.Version, roles.Order().Select(r => EnumText.Slug(r)).ToList());
}
