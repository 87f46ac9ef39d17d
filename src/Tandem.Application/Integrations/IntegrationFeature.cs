using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Integrations;
using Tandem.Domain.Products;

namespace Tandem.Application.Integrations;

/// <summary>A box on the map: a system, or a component when <paramref name="ParentId"/> is set.</summary>
public sealed record MapSystemDto(Guid Id, Guid? ParentId, string Name, string Owner, string Description, bool External, int Version) : IVersioned;

public sealed record MapInterfaceDto(
    Guid Id, string Name, Guid ProviderId, Guid ConsumerId, string Protocol, string Status, string Owner, bool External, string Risk, int Version) : IVersioned;

/// <summary>The whole map of a product in one document: systems, the components inside them, and the interfaces between any of them.</summary>
public sealed record IntegrationMapDto(string ProductKey, IReadOnlyList<MapSystemDto> Systems, IReadOnlyList<MapSystemDto> Components, IReadOnlyList<MapInterfaceDto> Interfaces);

/// <summary>One end of an interface: the system or component, and the system it belongs to.</summary>
public sealed record EndpointRef(Guid Id, string Name, bool IsComponent, Guid SystemId, string SystemName, bool External);

public sealed record LinkedItem(Guid LinkId, string Key, string Title, string Status);

public sealed record LinkedAdr(Guid? LinkId, Guid Id, int Number, string Title, string Status);

public sealed record LinkedDebt(Guid LinkId, Guid Id, string Title, string Status);

public sealed record InterfaceDto(
    Guid Id, string ProductKey, string Name, EndpointRef Provider, EndpointRef Consumer, string Protocol, string Status, string Owner,
    string Description, string DescriptionHtml, bool External, string Risk, string RiskNote,
    IReadOnlyList<LinkedItem> Items, IReadOnlyList<LinkedAdr> Adrs, IReadOnlyList<LinkedDebt> Debts,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version) : IVersioned;

public sealed record SystemDto(
    Guid Id, string ProductKey, string Name, string Owner, string Description, string DescriptionHtml, bool External,
    EndpointRef? Parent, IReadOnlyList<MapSystemDto> Components, IReadOnlyList<InterfaceSummaryDto> Provides, IReadOnlyList<InterfaceSummaryDto> Consumes,
    IReadOnlyList<LinkedAdr> Adrs, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version) : IVersioned;

/// <summary>An interface seen from one of its ends: the other end's name.</summary>
public sealed record InterfaceSummaryDto(Guid Id, string Name, Guid OtherId, string OtherName, string Protocol, string Status, string Risk);

/// <summary>Create a system or a component (a component takes its system's side: <c>external</c> is ignored). On PATCH a field left out keeps its value.</summary>
public sealed record SystemRequest(string? Name, string? Owner, string? Description, bool? External);

/// <summary>
/// Create or change an interface. Protocol: rest, grpc, messaging, file, database, webhook, other. Status: planned,
/// in-development, live, deprecated, retired (default planned). Risk: none, low, medium, high (default none).
/// On PATCH a field left out keeps its value.
/// </summary>
public sealed record InterfaceRequest(
    string? Name, Guid? ProviderId, Guid? ConsumerId, string? Protocol, string? Status, string? Owner, string? Description, string? Risk, string? RiskNote);

/// <summary>Exactly one of: a backlog item by key, a decision record by id, a technical debt by id.</summary>
public sealed record InterfaceLinkRequest(string? ItemKey, Guid? AdrId, Guid? DebtId);

/// <summary>
/// The integration map: systems, components and the interfaces between them. Everyone on the product reads
/// it; changing it is an architecture decision, so only the Tech Lead does, and every change is logged.
/// </summary>
public sealed class IntegrationFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock)
{
    public async Task<Result<IntegrationMapDto>> MapAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var found)) return refused;
        var productId = found.Id;
        var boxes = await db.IntegrationSystems.AsNoTracking().Where(s => s.ProductId == productId)
            .Select(s => new MapSystemDto(s.Id, s.ParentId, s.Name, s.Owner, s.Description, s.External, s.Version)).ToListAsync(ct);
        var faces = await db.IntegrationInterfaces.AsNoTracking().Where(i => i.ProductId == productId).ToListAsync(ct);
        var external = boxes.ToDictionary(b => b.Id, b => b.External);
        var ordered = boxes.OrderBy(b => b.Name, StringComparer.OrdinalIgnoreCase).ThenBy(b => b.Id).ToList();
        return new IntegrationMapDto(found.Key,
            ordered.Where(b => b.ParentId is null).ToList(),
            ordered.Where(b => b.ParentId is not null).ToList(),
            faces.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ThenBy(f => f.Id)
                .Select(f => new MapInterfaceDto(f.Id, f.Name, f.ProviderId, f.ConsumerId, Slug(f.Protocol), Slug(f.Status), f.Owner,
                    external.GetValueOrDefault(f.ProviderId) || external.GetValueOrDefault(f.ConsumerId), Slug(f.Risk), f.Version))
                .ToList());
    }

    public async Task<Result<SystemDto>> AddSystemAsync(string productKey, SystemRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Integration.Edit, ct)).Failed(out var refused, out var product)) return refused;
        return await CreateAsync(product, null, request, ct);
    }

    public async Task<Result<SystemDto>> AddComponentAsync(Guid systemId, SystemRequest request, CancellationToken ct)
    {
        if ((await LoadSystemAsync(systemId, Operations.Integration.Edit, ct)).Failed(out var error, out var found)) return error;
        var (parent, product) = found;
        if (parent.IsComponent) return Error.Invalid("parent", $"\"{parent.Name}\" is a component; add components to the system it belongs to.");
        return await CreateAsync(product, parent, request, ct);
    }

    public async Task<Result<SystemDto>> GetSystemAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadSystemAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await SystemDtoAsync(found.Entity, found.Product, ct);
    }

    public async Task<Result<SystemDto>> PatchSystemAsync(Guid id, SystemRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadSystemAsync(id, Operations.Integration.Edit, ct)).Failed(out var error, out var found)) return error;
        var (system, product) = found;
        if (ifMatch is { } expected && expected != system.Version)
            return Error.Stale($"\"{system.Name}\" was changed by someone else (version {system.Version}, you sent {expected}). Reload it and try again.");
        var now = clock.GetUtcNow();
        if (Rules.Apply(() => system.Change(request.Name ?? system.Name, request.Owner ?? system.Owner, request.Description ?? system.Description,
                request.External ?? system.External, now)) is { } invalid)
            return invalid;
        if (!system.IsComponent)
        {
            foreach (var component in await db.IntegrationSystems.Where(s => s.ParentId == system.Id && s.External != system.External).ToListAsync(ct))
                component.FollowSystem(system, now);
        }
        if (await DecideAsync(product, $"Changed {What(system)} \"{system.Name}\" on the integration map", "integration-system", system.Id, ct) is { } refused) return refused;
        if (await db.SaveOrStaleAsync($"\"{system.Name}\"", ct) is { } stale) return stale;
        return await SystemDtoAsync(system, product, ct);
    }

    public async Task<Result<Unit>> DeleteSystemAsync(Guid id, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadSystemAsync(id, Operations.Integration.Edit, ct)).Failed(out var error, out var found)) return error;
        var (system, product) = found;
        if (ifMatch is { } expected && expected != system.Version)
            return Error.Stale($"\"{system.Name}\" was changed by someone else (version {system.Version}, you sent {expected}). Reload it before removing it.");
        var components = await db.IntegrationSystems.Where(s => s.ParentId == system.Id).ToListAsync(ct);
        var ids = components.Select(c => c.Id).Append(system.Id).ToList();
        var attached = await db.IntegrationInterfaces.AsNoTracking()
            .Where(i => ids.Contains(i.ProviderId) || ids.Contains(i.ConsumerId))
            .OrderBy(i => i.Name).Select(i => i.Name).ToListAsync(ct);
        if (attached.Count > 0)
        {
            var shown = string.Join(", ", attached.Take(5).Select(n => $"\"{n}\"")) + (attached.Count > 5 ? $" and {attached.Count - 5} more" : "");
            return Error.Conflict($"\"{system.Name}\"{(components.Count > 0 ? " or its components" : "")} still {(attached.Count == 1 ? "has an interface" : $"have {attached.Count} interfaces")}: {shown}. " +
                "Delete or retire those interfaces first, so no arrow on the map is left pointing at nothing.");
        }
        db.IntegrationSystems.RemoveRange(components);
        db.IntegrationSystems.Remove(system);
        if (await DecideAsync(product, $"Removed {What(system)} \"{system.Name}\"{(components.Count > 0 ? $" and its {components.Count} components" : "")} from the integration map",
                "integration-system", system.Id, ct) is { } refused) return refused;
        if (await db.SaveOrStaleAsync($"\"{system.Name}\"", ct) is { } stale) return stale;
        return Unit.Value;
    }

    public async Task<Result<InterfaceDto>> AddInterfaceAsync(string productKey, InterfaceRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Integration.Edit, ct)).Failed(out var refusedProduct, out var product)) return refusedProduct;
        var validation = new Validation();
        if (request.ProviderId is null) validation.Add("providerId", "Say which system or component provides the interface.");
        if (request.ConsumerId is null) validation.Add("consumerId", "Say which system or component consumes the interface.");
        var protocol = EnumText.Required<InterfaceProtocol>(request.Protocol, "protocol", validation);
        var status = EnumText.Optional<InterfaceStatus>(request.Status, "status", validation);
        var risk = EnumText.Optional<InterfaceRisk>(request.Risk, "risk", validation);
        validation.Include(Rules.Apply(() => IntegrationInterface.Check(request.Name, request.Owner, request.Description, request.RiskNote).ThrowIfBroken()));
        var (provider, consumer) = await EndsAsync(product, request.ProviderId, request.ConsumerId, validation, ct);
        if (validation.Result is { } invalid) return invalid;
        // Every missing end or protocol is a field error above; the pattern only tells the compiler.
        if (provider is null || consumer is null || protocol is not { } chosen) return Error.Invalid("providerId", "Say both ends.");

        var face = IntegrationInterface.Create(product.WorkspaceId, product.Id, provider, consumer, request.Name, chosen,
            status ?? InterfaceStatus.Planned, request.Owner, request.Description, risk ?? InterfaceRisk.None, request.RiskNote, clock.GetUtcNow());
        db.IntegrationInterfaces.Add(face);
        if (await DecideAsync(product, $"Added the interface \"{face.Name}\" ({provider.Name} → {consumer.Name}) to the integration map", "integration-interface", face.Id, ct) is { } refused) return refused;
        await db.SaveChangesAsync(ct);
        return await InterfaceDtoAsync(face, product, ct);
    }

    public async Task<Result<InterfaceDto>> GetInterfaceAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadInterfaceAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await InterfaceDtoAsync(found.Entity, found.Product, ct);
    }

    public async Task<Result<InterfaceDto>> PatchInterfaceAsync(Guid id, InterfaceRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadInterfaceAsync(id, Operations.Integration.Edit, ct)).Failed(out var error, out var found)) return error;
        var (face, product) = found;
        if (ifMatch is { } expected && expected != face.Version)
            return Error.Stale($"\"{face.Name}\" was changed by someone else (version {face.Version}, you sent {expected}). Reload it and try again.");
        var validation = new Validation();
        var protocol = EnumText.Optional<InterfaceProtocol>(request.Protocol, "protocol", validation);
        var status = EnumText.Optional<InterfaceStatus>(request.Status, "status", validation);
        var risk = EnumText.Optional<InterfaceRisk>(request.Risk, "risk", validation);
        validation.Include(Rules.Apply(() => IntegrationInterface.Check(request.Name ?? face.Name, request.Owner, request.Description, request.RiskNote).ThrowIfBroken()));
        var (provider, consumer) = await EndsAsync(product, request.ProviderId ?? face.ProviderId, request.ConsumerId ?? face.ConsumerId, validation, ct);
        if (validation.Result is { } invalid) return invalid;
        if (provider is null || consumer is null) return Error.Invalid("providerId", "Say both ends.");

        var oldStatus = face.Status;
        face.Change(provider, consumer, request.Name ?? face.Name, protocol ?? face.Protocol, status ?? face.Status, request.Owner ?? face.Owner,
            request.Description ?? face.Description, risk ?? face.Risk, request.RiskNote ?? face.RiskNote, clock.GetUtcNow());
        var summary = face.Status != oldStatus
            ? $"Moved the interface \"{face.Name}\" from {Slug(oldStatus)} to {Slug(face.Status)}"
            : $"Changed the interface \"{face.Name}\" ({provider.Name} → {consumer.Name})";
        if (await DecideAsync(product, summary, "integration-interface", face.Id, ct) is { } refused) return refused;
        if (await db.SaveOrStaleAsync($"\"{face.Name}\"", ct) is { } stale) return stale;
        return await InterfaceDtoAsync(face, product, ct);
    }

    public async Task<Result<Unit>> DeleteInterfaceAsync(Guid id, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadInterfaceAsync(id, Operations.Integration.Edit, ct)).Failed(out var error, out var found)) return error;
        var (face, product) = found;
        if (ifMatch is { } expected && expected != face.Version)
            return Error.Stale($"\"{face.Name}\" was changed by someone else (version {face.Version}, you sent {expected}). Reload it before removing it.");
        db.IntegrationLinks.RemoveRange(await db.IntegrationLinks.Where(l => l.InterfaceId == face.Id).ToListAsync(ct));
        db.IntegrationInterfaces.Remove(face);
        if (await DecideAsync(product, $"Removed the interface \"{face.Name}\" from the integration map", "integration-interface", face.Id, ct) is { } refused) return refused;
        if (await db.SaveOrStaleAsync($"\"{face.Name}\"", ct) is { } stale) return stale;
        return Unit.Value;
    }

    public async Task<Result<InterfaceDto>> AddLinkAsync(Guid interfaceId, InterfaceLinkRequest request, CancellationToken ct)
    {
        if ((await LoadInterfaceAsync(interfaceId, Operations.Integration.Edit, ct)).Failed(out var error, out var found)) return error;
        var (face, product) = found;
        var given = (string.IsNullOrWhiteSpace(request.ItemKey) ? 0 : 1) + (request.AdrId is null ? 0 : 1) + (request.DebtId is null ? 0 : 1);
        if (given != 1) return Error.Invalid("link", "Link exactly one of itemKey (a backlog item), adrId (a decision record) or debtId (a technical debt).");

        LinkTarget target;
        Guid targetId;
        string what;
        if (!string.IsNullOrWhiteSpace(request.ItemKey))
        {
            var key = request.ItemKey.Trim().ToUpperInvariant();
            var item = await db.BacklogItems.AsNoTracking().Where(i => i.ProductId == product.Id && i.Key == key).Select(i => new { i.Id, i.Key }).FirstOrDefaultAsync(ct);
            if (item is null) return Error.Invalid("itemKey", $"{product.Key} has no item {key}.");
            (target, targetId, what) = (LinkTarget.Item, item.Id, item.Key);
        }
        else if (request.AdrId is { } adrId)
        {
            var adr = await db.ArchitectureDecisions.AsNoTracking().Where(a => a.Id == adrId && a.ProductId == product.Id).Select(a => new { a.Id, a.Number }).FirstOrDefaultAsync(ct);
            if (adr is null) return Error.Invalid("adrId", $"{product.Key} has no such decision record.");
            (target, targetId, what) = (LinkTarget.Adr, adr.Id, $"ADR {adr.Number}");
        }
        else
        {
            var debtId = request.DebtId.GetValueOrDefault();
            var debt = await db.DebtItems.AsNoTracking().Where(d => d.Id == debtId && d.ProductId == product.Id).Select(d => new { d.Id, d.Title }).FirstOrDefaultAsync(ct);
            if (debt is null) return Error.Invalid("debtId", $"{product.Key} has no such technical debt.");
            (target, targetId, what) = (LinkTarget.Debt, debt.Id, $"the debt \"{debt.Title}\"");
        }
        var exists = await db.IntegrationLinks.AnyAsync(l => l.InterfaceId == face.Id && l.Target == target
            && (l.ItemId == targetId || l.AdrId == targetId || l.DebtId == targetId), ct);
        if (exists) return Error.Conflict($"\"{face.Name}\" is already linked to {what}.");
        db.IntegrationLinks.Add(IntegrationLink.FromInterface(face, target, targetId, me.UserId, clock.GetUtcNow()));
        if (await DecideAsync(product, $"Linked the interface \"{face.Name}\" to {what}", "integration-interface", face.Id, ct) is { } refused) return refused;
        await db.SaveChangesAsync(ct);
        return await InterfaceDtoAsync(face, product, ct);
    }

    public async Task<Result<InterfaceDto>> RemoveLinkAsync(Guid interfaceId, Guid linkId, CancellationToken ct)
    {
        if ((await LoadInterfaceAsync(interfaceId, Operations.Integration.Edit, ct)).Failed(out var error, out var found)) return error;
        var (face, product) = found;
        var link = await db.IntegrationLinks.FirstOrDefaultAsync(l => l.Id == linkId && l.InterfaceId == face.Id, ct);
        if (link is null) return Error.NotFound($"\"{face.Name}\" has no such link.");
        db.IntegrationLinks.Remove(link);
        if (await DecideAsync(product, $"Removed a {Slug(link.Target)} link from the interface \"{face.Name}\"", "integration-interface", face.Id, ct) is { } refused) return refused;
        await db.SaveChangesAsync(ct);
        return await InterfaceDtoAsync(face, product, ct);
    }

    /// <summary>The allowed values of a choice, as the API and the forms name them.</summary>
    public static IReadOnlyList<string> Choices<T>() where T : struct, Enum => Enum.GetValues<T>().Select(v => Slug(v)).ToList();

    public static string Slug<T>(T value) where T : struct, Enum => EnumText.Slug(value);

    private async Task<Result<SystemDto>> CreateAsync(Product product, IntegrationSystem? parent, SystemRequest request, CancellationToken ct)
    {
        if (Rules.Create(() => IntegrationSystem.Create(product.WorkspaceId, product.Id, parent, request.Name, request.Owner, request.Description, request.External ?? false, clock.GetUtcNow()))
            .Failed(out var invalid, out var system)) return invalid;
        db.IntegrationSystems.Add(system);
        var where = parent is null ? "" : $" inside \"{parent.Name}\"";
        if (await DecideAsync(product, $"Added the {What(system)} \"{system.Name}\"{where} to the integration map", "integration-system", system.Id, ct) is { } refused) return refused;
        await db.SaveChangesAsync(ct);
        return await SystemDtoAsync(system, product, ct);
    }

    private async Task<(IntegrationSystem? Provider, IntegrationSystem? Consumer)> EndsAsync(Product product, Guid? providerId, Guid? consumerId, Validation validation, CancellationToken ct)
    {
        var ids = new[] { providerId, consumerId }.OfType<Guid>().Distinct().ToList();
        var systems = await db.IntegrationSystems.Where(s => ids.Contains(s.Id) && s.ProductId == product.Id).ToDictionaryAsync(s => s.Id, ct);
        IntegrationSystem? provider = null, consumer = null;
        if (providerId is { } p && !systems.TryGetValue(p, out provider)) validation.Add("providerId", $"{product.Key}'s map has no system or component {p}.");
        if (consumerId is { } c && !systems.TryGetValue(c, out consumer)) validation.Add("consumerId", $"{product.Key}'s map has no system or component {c}.");
        if (providerId is not null && providerId == consumerId)
            validation.Add("consumerId", "Provider and consumer are the same; an interface connects two different systems or components.");
        return (provider, consumer);
    }

    /// <summary>Every change of the map is the Tech Lead's decision: authorised and logged in one call.</summary>
    private Task<Error?> DecideAsync(Product product, string summary, string subjectType, Guid subject, CancellationToken ct) =>
        rights.DecideAsync(product, Operations.Integration.Edit, new DecisionRecord(summary, subjectType, subject.ToString()), ct);

    private Task<Result<Owned<IntegrationSystem>>> LoadSystemAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<IntegrationSystem>(s => s.Id == id, operation, "There is no such system or component on an integration map in your workspace.", ct);

    private Task<Result<Owned<IntegrationInterface>>> LoadInterfaceAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<IntegrationInterface>(i => i.Id == id, operation, "There is no such interface on an integration map in your workspace.", ct);

    private async Task<SystemDto> SystemDtoAsync(IntegrationSystem system, Product product, CancellationToken ct)
    {
        var components = await db.IntegrationSystems.AsNoTracking().Where(s => s.ParentId == system.Id).OrderBy(s => s.Name)
            .Select(s => new MapSystemDto(s.Id, s.ParentId, s.Name, s.Owner, s.Description, s.External, s.Version)).ToListAsync(ct);
        var ids = components.Select(c => c.Id).Append(system.Id).ToList();
        var faces = await db.IntegrationInterfaces.AsNoTracking().Where(i => ids.Contains(i.ProviderId) || ids.Contains(i.ConsumerId)).ToListAsync(ct);
        var otherIds = faces.SelectMany(f => new[] { f.ProviderId, f.ConsumerId }).Distinct().ToList();
        var names = await db.IntegrationSystems.AsNoTracking().Where(s => otherIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        EndpointRef? parent = null;
        if (system.ParentId is { } pid)
        {
            var p = await db.IntegrationSystems.AsNoTracking().FirstAsync(s => s.Id == pid, ct);
            parent = new EndpointRef(p.Id, p.Name, false, p.Id, p.Name, p.External);
        }
        var adrs = await db.IntegrationLinks.AsNoTracking().Where(l => l.SystemId == system.Id && l.Target == LinkTarget.System && l.AdrId != null)
            .Join(db.ArchitectureDecisions.AsNoTracking(), l => l.AdrId, a => a.Id, (l, a) => new { l.Id, AdrId = a.Id, a.Number, a.Title, a.Status })
            .ToListAsync(ct);
        InterfaceSummaryDto Summary(IntegrationInterface f, Guid other) =>
            new(f.Id, f.Name, other, names.GetValueOrDefault(other, "?"), Slug(f.Protocol), Slug(f.Status), Slug(f.Risk));
        return new SystemDto(system.Id, product.Key, system.Name, system.Owner, system.Description, Markdown.ToSafeHtml(system.Description), system.External,
            parent, components,
            faces.Where(f => ids.Contains(f.ProviderId)).OrderBy(f => f.Name).Select(f => Summary(f, f.ConsumerId)).ToList(),
            faces.Where(f => ids.Contains(f.ConsumerId)).OrderBy(f => f.Name).Select(f => Summary(f, f.ProviderId)).ToList(),
            adrs.OrderBy(a => a.Number).Select(a => new LinkedAdr(a.Id, a.AdrId, a.Number, a.Title, Slug(a.Status))).ToList(),
            system.CreatedAt, system.UpdatedAt, system.Version);
    }

    private async Task<InterfaceDto> InterfaceDtoAsync(IntegrationInterface face, Product product, CancellationToken ct)
    {
        var ends = await db.IntegrationSystems.AsNoTracking().Where(s => s.Id == face.ProviderId || s.Id == face.ConsumerId).ToListAsync(ct);
        var parentIds = ends.Select(e => e.ParentId).OfType<Guid>().ToList();
        var parents = await db.IntegrationSystems.AsNoTracking().Where(s => parentIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        EndpointRef End(Guid id)
        {
            var e = ends.First(x => x.Id == id);
            var top = e.ParentId is { } p ? parents[p] : e;
            return new EndpointRef(e.Id, e.Name, e.IsComponent, top.Id, top.Name, top.External);
        }
        var provider = End(face.ProviderId);
        var consumer = End(face.ConsumerId);
        var links = await db.IntegrationLinks.AsNoTracking().Where(l => l.InterfaceId == face.Id).ToListAsync(ct);
        var itemIds = links.Select(l => l.ItemId).OfType<Guid>().ToList();
        var adrIds = links.Select(l => l.AdrId).OfType<Guid>().ToList();
        var debtIds = links.Select(l => l.DebtId).OfType<Guid>().ToList();
        var items = await db.BacklogItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).Select(i => new { i.Id, i.Key, i.Title, i.Status }).ToDictionaryAsync(i => i.Id, ct);
        var adrs = await db.ArchitectureDecisions.AsNoTracking().Where(a => adrIds.Contains(a.Id)).Select(a => new { a.Id, a.Number, a.Title, a.Status }).ToDictionaryAsync(a => a.Id, ct);
        var debts = await db.DebtItems.AsNoTracking().Where(d => debtIds.Contains(d.Id)).Select(d => new { d.Id, d.Title, d.Status }).ToDictionaryAsync(d => d.Id, ct);
        return new InterfaceDto(face.Id, product.Key, face.Name, provider, consumer, Slug(face.Protocol), Slug(face.Status), face.Owner,
            face.Description, Markdown.ToSafeHtml(face.Description), provider.External || consumer.External, Slug(face.Risk), face.RiskNote,
            links.Where(l => l.ItemId is { } i && items.ContainsKey(i)).Select(l => items[l.ItemId!.Value]).OrderBy(i => i.Key, StringComparer.Ordinal)
                .Select(i => new LinkedItem(links.First(l => l.ItemId == i.Id).Id, i.Key, i.Title, Slug(i.Status))).ToList(),
            links.Where(l => l.AdrId is { } a && adrs.ContainsKey(a)).Select(l => (l.Id, Adr: adrs[l.AdrId!.Value])).OrderBy(x => x.Adr.Number)
                .Select(x => new LinkedAdr(x.Id, x.Adr.Id, x.Adr.Number, x.Adr.Title, Slug(x.Adr.Status))).ToList(),
            links.Where(l => l.DebtId is { } d && debts.ContainsKey(d)).Select(l => (l.Id, Debt: debts[l.DebtId!.Value])).OrderBy(x => x.Debt.Title, StringComparer.Ordinal)
                .Select(x => new LinkedDebt(x.Id, x.Debt.Id, x.Debt.Title, Slug(x.Debt.Status))).ToList(),
            face.CreatedAt, face.UpdatedAt, face.Version);
    }

    private static string What(IntegrationSystem system) => system.IsComponent ? "component" : system.External ? "external system" : "system";
}
