using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Architecture;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Integrations;
using Tandem.Domain.Products;

namespace Tandem.Application.Architecture;

public sealed record AdrLinkedItem(string Key, string Title, string Status);

public sealed record AdrLinkedSystem(Guid Id, string Name, bool IsComponent, string? SystemName, bool External);

public sealed record AdrLinkedInterface(Guid Id, string Name, string Status);

/// <summary>What a record shapes: items and systems or components (its own links), and the interfaces that link to it.</summary>
public sealed record AdrLinksDto(Guid AdrId, int Number, string Status, IReadOnlyList<AdrLinkedItem> Items, IReadOnlyList<AdrLinkedSystem> Systems, IReadOnlyList<AdrLinkedInterface> Interfaces, int Version) : IVersioned;

/// <summary>Exactly one of: a backlog item by key, or a system or component of the map by id.</summary>
public sealed record AdrLinkRequest(string? ItemKey, Guid? SystemId);

/// <summary>A record that shapes an item, as the item page shows it.</summary>
public sealed record ShapingAdr(Guid Id, int Number, string Title, string Status);

public sealed record ItemShapingDto(IReadOnlyList<ShapingAdr> Adrs, IReadOnlyList<AdrLinkedInterface> Interfaces);

/// <summary>
/// Links of decision records to the backlog items and the systems or components they shape. Anyone who may
/// propose a record links it, in every status: links are navigation, not the decision's text, so an accepted
/// record still gains what it turns out to shape (logged, since the record is decided). Removing a link from a
/// decided record narrows what it visibly governs, so that is the Tech Lead's, and logged too.
/// </summary>
public sealed class AdrLinksFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock)
{
    public async Task<Result<AdrLinksDto>> GetAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await DtoAsync(found.Entity, found.Product, ct);
    }

    public async Task<Result<AdrLinksDto>> AddAsync(Guid id, AdrLinkRequest request, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.ArchitectureDecisions.Propose, ct)).Failed(out var error, out var found)) return error;
        var (record, product) = found;
        if (string.IsNullOrWhiteSpace(request.ItemKey) == (request.SystemId is null))
            return Error.Invalid("link", "Link exactly one of itemKey (a backlog item) or systemId (a system or component of the integration map).");

        string what;
        if (!string.IsNullOrWhiteSpace(request.ItemKey))
        {
            var key = request.ItemKey.Trim().ToUpperInvariant();
            if (!await db.BacklogItems.AnyAsync(i => i.ProductId == product.Id && i.Key == key, ct))
                return Error.Invalid("itemKey", $"{product.Key} has no item {key}.");
            var linked = false;
            if (Rules.Apply(() => linked = record.LinkItem(key)) is { } full) return Error.Invalid("itemKey", full.Detail);
            if (!linked) return Error.Conflict($"ADR {record.Number} already links {key}.");
            what = key;
        }
        else
        {
            var systemId = request.SystemId.GetValueOrDefault();
            var system = await db.IntegrationSystems.AsNoTracking().FirstOrDefaultAsync(s => s.Id == systemId && s.ProductId == product.Id, ct);
            if (system is null) return Error.Invalid("systemId", $"{product.Key}'s integration map has no such system or component.");
            if (await db.IntegrationLinks.AnyAsync(l => l.AdrId == record.Id && l.SystemId == system.Id, ct))
                return Error.Conflict($"ADR {record.Number} already links \"{system.Name}\".");
            db.IntegrationLinks.Add(IntegrationLink.FromAdrToSystem(product.WorkspaceId, product.Id, record.Id, system.Id, me.UserId, clock.GetUtcNow()));
            what = $"\"{system.Name}\"";
        }
        // A decided record gaining a link is told in the log: what it governs grew after the decision.
        if (record.Status != DecisionStatus.Proposed && await rights.DecideAsync(product, Operations.ArchitectureDecisions.Propose,
                new DecisionRecord($"Linked {what} to the {Name(record.Status)} ADR {record.Number}: {record.Title}", "adr", Number(record)), ct) is { } refused)
            return refused;
        if (await db.SaveOrStaleAsync($"ADR {record.Number}", ct) is { } stale) return stale;
        return await DtoAsync(record, product, ct);
    }

    public async Task<Result<AdrLinksDto>> RemoveItemAsync(Guid id, string itemKey, CancellationToken ct)
    {
        if ((await LoadForRemovalAsync(id, ct)).Failed(out var error, out var found)) return error;
        var (record, product) = found;
        var key = itemKey.Trim().ToUpperInvariant();
        if (!record.UnlinkItem(key)) return Error.NotFound($"ADR {record.Number} does not link {key}.");
        return await RemovedAsync(record, product, key, ct);
    }

    public async Task<Result<AdrLinksDto>> RemoveSystemAsync(Guid id, Guid systemId, CancellationToken ct)
    {
        if ((await LoadForRemovalAsync(id, ct)).Failed(out var error, out var found)) return error;
        var (record, product) = found;
        var link = await db.IntegrationLinks.FirstOrDefaultAsync(l => l.AdrId == record.Id && l.SystemId == systemId, ct);
        if (link is null) return Error.NotFound($"ADR {record.Number} does not link that system or component.");
        var name = await db.IntegrationSystems.Where(s => s.Id == systemId).Select(s => s.Name).FirstAsync(ct);
        db.IntegrationLinks.Remove(link);
        return await RemovedAsync(record, product, $"\"{name}\"", ct);
    }

    /// <summary>What shapes an item: the records that link it (newest first) and the interfaces it is linked to.</summary>
    public async Task<Result<ItemShapingDto>> ShapingAsync(string itemKey, CancellationToken ct)
    {
        var key = itemKey.Trim().ToUpperInvariant();
        var item = await db.BacklogItems.AsNoTracking().Where(i => i.Key == key).Select(i => new { i.Id, i.ProductId }).FirstOrDefaultAsync(ct);
        if (item is null) return Error.NotFound($"There is no item {key} in your workspace.");
        var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == item.ProductId, ct);
        if (await rights.AuthorizeAsync(product, Operations.Products.Read, ct) is { } refused) return refused;
        var rows = await db.ArchitectureDecisions.AsNoTracking().Where(a => a.ProductId == item.ProductId && a.ItemKeys.Contains(key))
            .OrderByDescending(a => a.Number).Select(a => new { a.Id, a.Number, a.Title, a.Status }).Take(50).ToListAsync(ct);
        var faces = await db.IntegrationLinks.AsNoTracking().Where(l => l.ItemId == item.Id)
            .Join(db.IntegrationInterfaces.AsNoTracking(), l => l.InterfaceId, i => i.Id, (l, i) => new { i.Id, i.Name, i.Status })
            .Take(50).ToListAsync(ct);
        return new ItemShapingDto(
            rows.Select(r => new ShapingAdr(r.Id, r.Number, r.Title, Name(r.Status))).ToList(),
            faces.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Select(f => new AdrLinkedInterface(f.Id, f.Name, EnumText.Slug(f.Status))).ToList());
    }

    private async Task<Result<AdrLinksDto>> RemovedAsync(ArchitectureDecision record, Product product, string what, CancellationToken ct)
    {
        if (record.Status != DecisionStatus.Proposed && await rights.DecideAsync(product, Operations.ArchitectureDecisions.Decide,
                new DecisionRecord($"Removed the link to {what} from the {Name(record.Status)} ADR {record.Number}: {record.Title}", "adr", Number(record)), ct) is { } refused)
            return refused;
        if (await db.SaveOrStaleAsync($"ADR {record.Number}", ct) is { } stale) return stale;
        return await DtoAsync(record, product, ct);
    }

    /// <summary>While proposed, whoever may propose edits the links; once decided, removing one is the Tech Lead's.</summary>
    private async Task<Result<Owned<ArchitectureDecision>>> LoadForRemovalAsync(Guid id, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, Operations.ArchitectureDecisions.Propose, ct);
        if (loaded.Failed(out _, out var found) || found.Entity.Status == DecisionStatus.Proposed) return loaded;
        if (await rights.AuthorizeAsync(found.Product, Operations.ArchitectureDecisions.Decide, ct) is { } refused)
            return refused with { Detail = $"ADR {found.Entity.Number} is {Name(found.Entity.Status)}. {refused.Detail}" };
        return loaded;
    }

    private Task<Result<Owned<ArchitectureDecision>>> LoadAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<ArchitectureDecision>(a => a.Id == id, operation, "There is no such decision record in your workspace.", ct);

    private async Task<AdrLinksDto> DtoAsync(ArchitectureDecision record, Product product, CancellationToken ct)
    {
        var keys = record.ItemKeys.ToList();
        var items = await db.BacklogItems.AsNoTracking().Where(i => i.ProductId == product.Id && keys.Contains(i.Key))
            .Select(i => new { i.Key, i.Title, i.Status }).ToListAsync(ct);
        var systemIds = await db.IntegrationLinks.AsNoTracking().Where(l => l.AdrId == record.Id && l.SystemId != null).Select(l => l.SystemId!.Value).ToListAsync(ct);
        var systems = await db.IntegrationSystems.AsNoTracking().Where(s => systemIds.Contains(s.Id)).ToListAsync(ct);
        var parentIds = systems.Select(s => s.ParentId).OfType<Guid>().ToList();
        var parents = await db.IntegrationSystems.AsNoTracking().Where(s => parentIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var interfaces = await db.IntegrationLinks.AsNoTracking().Where(l => l.AdrId == record.Id && l.InterfaceId != null)
            .Join(db.IntegrationInterfaces.AsNoTracking(), l => l.InterfaceId, i => i.Id, (l, i) => new { i.Id, i.Name, i.Status }).ToListAsync(ct);
        return new AdrLinksDto(record.Id, record.Number, Name(record.Status),
            items.OrderBy(i => keys.IndexOf(i.Key)).Select(i => new AdrLinkedItem(i.Key, i.Title, EnumText.Slug(i.Status))).ToList(),
            systems.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
                .Select(s => new AdrLinkedSystem(s.Id, s.Name, s.IsComponent, s.ParentId is { } p ? parents.GetValueOrDefault(p) : null, s.External)).ToList(),
            interfaces.OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase).Select(i => new AdrLinkedInterface(i.Id, i.Name, EnumText.Slug(i.Status))).ToList(),
            record.Version);
    }

    private static string Number(ArchitectureDecision record) => record.Number.ToString(CultureInfo.InvariantCulture);

    private static string Name(DecisionStatus status) => EnumText.Slug(status);
}
