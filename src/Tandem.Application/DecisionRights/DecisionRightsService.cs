using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Common;
using Tandem.Domain.DecisionLog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.DecisionRights;

/// <summary>What a decision is about and how the log tells it: saved with the change it records.</summary>
public sealed record DecisionRecord(string Summary, string SubjectType, string SubjectKey, string? Reason = null);

/// <summary>A product-owned entity found for an operation, with its product (tracked, for writes).</summary>
public sealed record Owned<T>(T Entity, Product Product);

/// <summary>
/// Resource-based authorization over <see cref="DecisionRightsTable"/>: may the current user perform an
/// operation on a product, and if not, who may (by name). A decision goes through
/// <see cref="DecideAsync"/>, which authorises it and stages its log entry in the same unit of work,
/// so "allowed to decide" and "recorded as decided" are one call (ADR 21).
/// </summary>
public sealed class DecisionRightsService(TandemDbContext db, CurrentUser me, TimeProvider clock, ChangeVersions versions, DecisionRightsCache cache)
{
    private readonly List<Operation> _checked = [];
    private readonly List<Operation> _logged = [];
    private readonly HashSet<Operation> _workspaceWide = [];
    private readonly Dictionary<Guid, Actor> _actors = [];
    private readonly HashSet<Guid> _forgotten = [];
    private readonly Dictionary<(Guid Product, string Who), List<string>> _holderNames = [];

    /// <summary>Every operation this request asked about through an authorising call, in order (read by the declared-operation check).</summary>
    public IReadOnlyList<Operation> Checked => _checked;

    /// <summary>Every decision this request staged in the log, in order.</summary>
    public IReadOnlyList<Operation> Logged => _logged;

    /// <summary>
    /// Forgets the decisions staged so far, after their unit of work was discarded (a change retried on the record
    /// as it is now): the next attempt stages its own.
    /// </summary>
    public void DiscardStaged() => _logged.Clear();

    /// <summary>Operations this request authorised for the whole workspace (no product, so no product's decision log).</summary>
    public IReadOnlySet<Operation> WorkspaceWide => _workspaceWide;

    /// <summary>
    /// Authorises an operation that concerns the workspace rather than one product (adding people, creating a
    /// product): only a workspace admin may, when the table says so. Null when allowed; otherwise the refusal
    /// naming the admins. Pages ask the same before they offer a workspace admin's forms.
    /// </summary>
    public async Task<Error?> AuthorizeWorkspaceAsync(Operation operation, CancellationToken ct)
    {
        _checked.Add(operation);
        _workspaceWide.Add(operation);
        if (DecisionRightsTable.IsAllowed(operation, new Actor(me.UserId, me.IsWorkspaceAdmin, new HashSet<Role>()))) return null;
        return Error.Forbidden($"Only a workspace admin ({string.Join(", ", await AdminNamesAsync(me.WorkspaceId, ct))}) can {operation.Describe}.");
    }

    /// <summary>Finds a product of the current workspace by key; another workspace's products do not exist here.</summary>
    public async Task<Result<Product>> FindProductAsync(string key, CancellationToken ct)
    {
        var normalized = Product.NormalizeKey(key);
        var product = await db.Products.FirstOrDefaultAsync(p => p.Key == normalized, ct);
        return product is null ? Error.NotFound($"There is no product with key '{key}' in your workspace.") : product;
    }

    /// <summary>Finds a product and checks the current user may perform <paramref name="operation"/> on it.</summary>
    public async Task<Result<Product>> ProductForAsync(string key, Operation operation, CancellationToken ct)
    {
        if ((await FindProductAsync(key, ct)).Failed(out var missing, out var product)) return missing;
        return await AuthorizeAsync(product, operation, ct) is { } refused ? refused : product;
    }

    /// <summary>
    /// A product of the current workspace that the current user may perform <paramref name="operation"/>
    /// on, for reads that need no tracked entity. Served from <see cref="DecisionRightsCache"/> when
    /// nothing changed, so an allowed read costs no query; a refusal takes the ordinary path for its message.
    /// </summary>
    public async Task<Result<ProductRef>> ProductRefForAsync(string key, Operation operation, CancellationToken ct)
    {
        var normalized = Product.NormalizeKey(key);
        // The counter is read before the query: a product written meanwhile moves it, and this entry is never found.
        var lookup = new ProductLookup(me.WorkspaceId, normalized, versions.Products);
        if (!cache.TryGetProduct(lookup, out var product))
        {
            product = await db.Products.AsNoTracking().Where(p => p.Key == normalized)
                .Select(p => new ProductRef(p.Id, p.WorkspaceId, p.Key)).FirstOrDefaultAsync(ct);
            cache.SetProduct(lookup, product);
        }
        if (product is null) return Error.NotFound($"There is no product with key '{key}' in your workspace.");
        if (DecisionRightsTable.IsAllowed(operation, await ActorOnAsync(product.Id, ct)))
        {
            _checked.Add(operation);
            return product;
        }
        return (await ProductForAsync(key, operation, ct)).Failed(out var refused, out _) ? refused : product;
    }

    public Task<Actor> ActorOnAsync(Product product, CancellationToken ct) => ActorOnAsync(product.Id, ct);

    private async Task<Actor> ActorOnAsync(Guid productId, CancellationToken ct)
    {
        if (_actors.TryGetValue(productId, out var cached)) return cached;
        var lookup = new RolesLookup(me.WorkspaceId, productId, me.UserId, versions.Roles);
        // After Forget, or inside a transaction, this context may see roles other requests must not (yet): ask the database.
        var shared = !_forgotten.Contains(productId) && !db.InTransaction;
        if (!shared || !cache.TryGetRoles(lookup, out var roles) || roles is null)
        {
            roles = (await db.RoleAssignments
                .Where(r => r.ProductId == productId && r.UserId == me.UserId)
                .Select(r => r.Role)
                .ToListAsync(ct)).ToHashSet();
            if (shared) cache.SetRoles(lookup, roles);
        }
        var actor = new Actor(me.UserId, me.IsWorkspaceAdmin, roles);
        _actors[productId] = actor;
        return actor;
    }

    /// <summary>Forgets cached roles, after the current user's own roles changed within this request.</summary>
    public void Forget(Product product)
    {
        _actors.Remove(product.Id);
        _forgotten.Add(product.Id);
    }

    public async Task<bool> IsAllowedAsync(Product product, Operation operation, CancellationToken ct) =>
        DecisionRightsTable.IsAllowed(operation, await ActorOnAsync(product, ct));

    /// <summary>
    /// Loads one product-owned entity for <paramref name="operation"/>: not found (with
    /// <paramref name="notFound"/>) when it is not in this workspace, refused when the person may not
    /// perform the operation on its product. The entity is tracked, ready to change.
    /// </summary>
    public async Task<Result<Owned<T>>> LoadAsync<T>(Expression<Func<T, bool>> match, Operation operation, string notFound, CancellationToken ct)
        where T : class, IProductOwned
    {
        // The entity and its product in one round trip, both tracked; an entity with two or more owned collections
        // (an evaluation's options, criteria and scores) reads each collection in a statement of its own, since one
        // statement would return the product of their rows (10 × 12 × 120 for the largest evaluation).
        var query = db.Set<T>().Where(match);
        if (CollectionsOf<T>() > 1) query = query.AsSplitQuery();
        var found = await query.Join(db.Products, e => e.ProductId, p => p.Id, (e, p) => new Owned<T>(e, p)).FirstOrDefaultAsync(ct);
        return await AuthorizeFoundAsync(found, operation, notFound, ct);
    }

    private int CollectionsOf<T>() where T : class =>
        db.Model.FindEntityType(typeof(T))?.GetNavigations().Count(n => n.IsCollection) ?? 0;

    /// <summary>
    /// <see cref="LoadAsync{T}"/> for an entity and product a caller found itself (a compiled query on a hot path):
    /// not found when <paramref name="found"/> is null, refused when the person may not perform the operation.
    /// </summary>
    public async Task<Result<Owned<T>>> AuthorizeFoundAsync<T>(Owned<T>? found, Operation operation, string notFound, CancellationToken ct)
        where T : class, IProductOwned
    {
        if (found is null) return Error.NotFound(notFound);
        if (await AuthorizeAsync(found.Product, operation, ct) is { } refused) return refused;
        return found;
    }

    /// <summary>
    /// Authorises a decision and stages its log entry in the same unit of work: the entry is saved by the
    /// SaveChanges that saves the change, or not at all. Null when allowed; otherwise the refusal that names
    /// who decides (or a reason too long to log). The only way a handler writes to the decision log.
    /// </summary>
    public async Task<Error?> DecideAsync(Product product, Operation operation, DecisionRecord record, CancellationToken ct)
    {
        if (await AuthorizeAsync(product, operation, ct) is { } refused) return refused;
        var actor = await ActorOnAsync(product, ct);
        var who = DecisionRightsTable.WhoMay(operation);
        Role? role = who.Roles.Where(actor.Roles.Contains).Select(r => (Role?)r).FirstOrDefault();
        // A reason longer than the log keeps is the person's to shorten (400), not a failure of ours.
        if (Rules.Create(() => DecisionLogEntry.Record(
                product.WorkspaceId, product.Id, clock.GetUtcNow(), me.UserId, me.DisplayName, role,
                operation, record.Summary, record.Reason, record.SubjectType, record.SubjectKey)).Failed(out var invalid, out var entry))
            return invalid;
        db.DecisionLog.Add(entry);
        _logged.Add(operation);
        return null;
    }

    /// <summary>Null when allowed; otherwise a Forbidden error that names the role that decides and who holds it.</summary>
    public async Task<Error?> AuthorizeAsync(Product product, Operation operation, CancellationToken ct)
    {
        _checked.Add(operation);
        var actor = await ActorOnAsync(product, ct);
        if (DecisionRightsTable.IsAllowed(operation, actor)) return null;
        return Error.Forbidden(await ExplainRefusalAsync(product, operation, actor, ct));
    }

    public async Task<string> ExplainRefusalAsync(Product product, Operation operation, Actor actor, CancellationToken ct)
    {
        var who = DecisionRightsTable.WhoMay(operation);
        var holders = await HolderNamesAsync(product, who, ct);
        var roleText = DescribeHolders(who);
        var names = holders.Count > 0 ? $" ({string.Join(", ", holders)})" : "";
        // Workspace admins are not a role on the product, so their sentence names the product at the end.
        var sentence = who.Roles.Count == 0 && who.WorkspaceAdmin
            ? $"Only {roleText}{names} can {operation.Describe} on {product.Key}"
            : $"Only {roleText} of {product.Key}{names} can {operation.Describe}";

        if (!actor.IsMember && !actor.IsWorkspaceAdmin)
            return $"{sentence}. You hold no role on {product.Key}; ask a workspace admin to add you.";
        if (holders.Count == 0)
            return $"{sentence}, and nobody holds that role on {product.Key} yet; ask a workspace admin to assign it.";
        var instead = operation.Instead is not null && DecisionRightsTable.IsAllowed(Contribution(operation), actor)
            ? $" — {operation.Instead}" : "";
        return $"{sentence}{instead}.";
    }

    private async Task<List<string>> HolderNamesAsync(Product product, Holders who, CancellationToken ct)
    {
        // The permissions list explains dozens of refusals that share a handful of holder sets.
        var key = (product.Id, string.Join(",", who.Roles.Order()) + (who.WorkspaceAdmin ? "+admin" : ""));
        if (_holderNames.TryGetValue(key, out var cached)) return cached;
        var names = await LoadHolderNamesAsync(product, who, ct);
        _holderNames[key] = names;
        return names;
    }

    private async Task<List<string>> LoadHolderNamesAsync(Product product, Holders who, CancellationToken ct)
    {
        var names = new List<string>();
        if (who.Roles.Count > 0)
        {
            var roles = who.Roles.ToList();
            names.AddRange(await db.RoleAssignments
                .Where(r => r.ProductId == product.Id && roles.Contains(r.Role))
                .Join(db.Users, r => r.UserId, u => u.Id, (r, u) => u.DisplayName)
                .Distinct()
                .OrderBy(n => n)
                .Take(6)
                .ToListAsync(ct));
        }
        if (who.WorkspaceAdmin) names.AddRange(await AdminNamesAsync(product.WorkspaceId, ct));
        return names.Distinct().ToList();
    }

    /// <summary>The first six workspace admins by name: whom a refusal tells the person to ask.</summary>
    private Task<List<string>> AdminNamesAsync(Guid workspaceId, CancellationToken ct) =>
        db.Users.Where(u => u.WorkspaceId == workspaceId && u.IsWorkspaceAdmin)
            .OrderBy(u => u.DisplayName).Select(u => u.DisplayName).Take(6).ToListAsync(ct);

    public static string DescribeHolders(Holders who)
    {
        var parts = who.Roles.Select(r => r switch
        {
            Role.Developer => "the Developers",
            Role.Stakeholder => "the Stakeholders",
            _ => "the " + r.Title(),
        }).ToList();
        if (who.WorkspaceAdmin) parts.Add("a workspace admin");
        return parts.Count switch
        {
            0 => "nobody",
            1 => parts[0],
            _ => string.Join(", ", parts[..^1]) + " or " + parts[^1],
        };
    }

    /// <summary>The contribution that stands beside a decision in the same area, used to suggest an alternative.</summary>
    private static Operation Contribution(Operation decision) =>
        Operations.All.FirstOrDefault(o => o.Area == decision.Area && o.Kind == OperationKind.Contribute) ?? decision;
}
