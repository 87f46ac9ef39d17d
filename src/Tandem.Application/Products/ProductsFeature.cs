using Microsoft.EntityFrameworkCore;
using Tandem.Application.Common;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Common;
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
        var found = await rights.ProductForAsync(key, Operations.Products.Read, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;
        var actor = await rights.ActorOnAsync(product, ct);
        return ToDto(product, actor.Roles);
    }

    public async Task<Result<ProductDto>> CreateAsync(CreateProductRequest request, CancellationToken ct)
    {
        if (await rights.AuthorizeWorkspaceAsync(Operations.Members.CreateProduct, ct) is { } refused) return refused;

        var validation = new Validation()
            .Require(!string.IsNullOrWhiteSpace(request.Key), "key", "A product needs a key, for example PAY.")
            .Require(!string.IsNullOrWhiteSpace(request.Name), "name", "A product needs a name.");
        if (validation.Result is { } invalid) return invalid;

        Product product;
        try
        {
            product = Product.Create(me.WorkspaceId, request.Key!, request.Name!, clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        if (await db.Products.AnyAsync(p => p.Key == product.Key, ct))
            return Error.Conflict($"Your workspace already has a product with key {product.Key}.");

        db.Products.Add(product);
        await rights.RecordAsync(product, Operations.Members.CreateProduct, $"Created product {product.Key} \"{product.Name}\"", null, "product", product.Key, ct);
        await db.SaveChangesAsync(ct);
        return ToDto(product, []);
    }

    public async Task<Result<ProductDto>> RenameAsync(string key, RenameProductRequest request, int? ifMatchVersion, CancellationToken ct)
    {
        var found = await rights.ProductForAsync(key, Operations.Members.CreateProduct, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;
        if (ifMatchVersion is { } expected && expected != product.Version)
            return Error.Stale($"{product.Key} was changed by someone else (version {product.Version}, you sent {expected}). Reload it and try again.");

        var oldName = product.Name;
        try
        {
            product.Rename(request.Name ?? "");
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        await rights.RecordAsync(product, Operations.Members.CreateProduct, $"Renamed {product.Key} from \"{oldName}\" to \"{product.Name}\"", null, "product", product.Key, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Stale($"{product.Key} was changed by someone else while you were saving. Reload it and try again.");
        }
        var actor = await rights.ActorOnAsync(product, ct);
        return ToDto(product, actor.Roles);
    }

    /// <summary>The refusal for workspace-admin-only actions, naming the admins; pages show it before offering the action.</summary>
    public async Task<string> AdminRefusalAsync(Operation operation, CancellationToken ct)
    {
        var admins = await db.Users.Where(u => u.WorkspaceId == me.WorkspaceId && u.IsWorkspaceAdmin)
            .OrderBy(u => u.DisplayName).Select(u => u.DisplayName).Take(6).ToListAsync(ct);
        return $"Only a workspace admin ({string.Join(", ", admins)}) can {operation.Describe}.";
    }

    internal static ProductDto ToDto(Product p, IEnumerable<Role> roles) =>
        new(p.Key, p.Name, p.CreatedAt, p.Version, roles.Order().Select(r => r.Slug()).ToList());
}
