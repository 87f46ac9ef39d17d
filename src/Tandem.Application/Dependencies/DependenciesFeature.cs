using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Application.Program;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Dependencies;
using Tandem.Domain.Feedback;
using Tandem.Domain.Products;

namespace Tandem.Application.Dependencies;

/// <summary><c>kind</c>: team, product or external; a team by id, a product by key, an external party by name and kind (partner, infrastructure, qa, vendor, other).</summary>
public sealed record ProviderRequest(string? Kind, Guid? TeamId, string? ProductKey, string? ExternalName, string? ExternalKind);

/// <summary>The owner on each side: people of the workspace. The needer defaults to whoever records the dependency.</summary>
public sealed record DependencyOwners(Guid? Needer, Guid? Provider);

/// <summary>
/// A dependency as the needing product's TPM records it. <c>neededBy</c> and <c>expectedOn</c> are YYYY-MM-DD;
/// <c>providingItems</c> are item keys of the providing side's work (a team's products, or the product named);
/// <c>expectedOn</c> is the date the provider (an external party) committed to.
/// </summary>
public sealed record DependencyRequest(string? NeedingProduct, Guid? NeedingTeamId, ProviderRequest? Provider, string? Title, string? Description,
    string? NeededBy, DependencyOwners? Owners, IReadOnlyList<string>? ProvidingItems, string? ExpectedOn);

/// <summary><c>status</c>: committed, delivered or declined (the providing side), or cancelled (the needing side); a note (why, when declined) and a committed date.</summary>
public sealed record DependencyStatusRequest(string? Status, string? Note, string? ExpectedOn);

public sealed record DependencyProductRef(Guid Id, string Key, string Name);

public sealed record DependencyTeamRef(Guid Id, string Name);

/// <summary>The providing side; <c>label</c> is how the register names it ("Mobile Squad (MOB)", "Visa (partner)").</summary>
public sealed record DependencyProviderDto(string Kind, DependencyTeamRef? Team, DependencyProductRef? Product, string? ExternalName, string? ExternalKind, string Label);

public sealed record DependencyItemDto(string Key, string Title, string Status);

public sealed record DependencyDto(
    Guid Id, DependencyProductRef NeedingProduct, DependencyTeamRef? NeedingTeam, DependencyProviderDto Provider, string Title, string Description,
    DateOnly NeededBy, DateOnly? ExpectedOn, string Status, PersonSummary NeederOwner, PersonSummary ProviderOwner, IReadOnlyList<DependencyItemDto> ProvidingItems,
    bool AtRisk, DateOnly? ForecastOn, string RiskReason, DateTimeOffset? AssessedAt, string? Note, string DecidedBy, string AnsweredBy,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version) : IVersioned
{
    /// <summary>The needing side's label: its product, and team when one needs it.</summary>
    public string Needer => NeedingTeam is { } t ? $"{t.Name} ({NeedingProduct.Key})" : NeedingProduct.Key;
}

/// <summary>Whether the current person may change or cancel a dependency (the needing side) and answer it (the providing side); otherwise who decides.</summary>
public sealed record DependencySides(bool CanEdit, string? EditRefusal, bool CanAnswer, string? AnswerRefusal);

public sealed record DependenciesPage(IReadOnlyList<DependencyDto> Items, string? NextCursor, int AtRisk);

/// <summary>The filters of the register and the map: a product (needing or providing), a team (either side), a status, at risk only.</summary>
public sealed record DependencyFilter(string? Product, Guid? Team, string? Status, bool? AtRisk);

/// <summary>
/// The register of cross-team and external dependencies, workspace-wide (issue 11). The needing product's
/// Technical Project Manager records and changes a dependency (<see cref="Operations.Delivery.EditSchedule"/>,
/// logged on the needing product) and cancels it; the providing product's TPM or Tech Lead commits to it,
/// delivers it or declines it (<see cref="Operations.Dependencies.Respond"/>, logged on the providing product);
/// an external party's answers are recorded by the needing product's TPM. Everyone reads the dependencies that
/// touch a product they can read. Every write re-assesses the at-risk flag (<see cref="DependencyAssessor"/>).
/// </summary>
public sealed class DependenciesFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, DependencyAssessor assessor, TimeProvider clock)
    : IAtRiskDependencies
{
    public const int MaxMap = 500;
    private const string NotFound = "There is no such dependency in your workspace.";

    /// <summary>The operations the status endpoint may perform: the provider's answer, or the needer's (cancel, an external party's answer).</summary>
    public static readonly IReadOnlyList<Operation> StatusOperations = [Operations.Dependencies.Respond, Operations.Delivery.EditSchedule];

    public async Task<Result<DependencyDto>> CreateAsync(DependencyRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.NeedingProduct)) return Error.Invalid("needingProduct", "Name the needing product by its key, for example \"PAY\".");
        if ((await rights.ProductForAsync(request.NeedingProduct, Operations.Delivery.EditSchedule, ct)).Failed(out var refused, out var product)) return refused;
        if ((await ResolveAsync(product, request, ct)).Failed(out var bad, out var resolved)) return bad;
        var now = clock.GetUtcNow();
        if (Rules.Create(() => Dependency.Request(product.WorkspaceId, product.Id, request.NeedingTeamId, resolved.Provider, request.Title, request.Description,
                resolved.NeededBy, resolved.ExpectedOn, resolved.NeederOwner, resolved.ProviderOwner, me.UserId, now)).Failed(out var invalid, out var dependency))
            return invalid;
        db.Dependencies.Add(dependency);
        foreach (var item in resolved.Items) db.DependencyItems.Add(DependencyItem.Of(dependency, item));
        await assessor.AssessAsync([dependency], new Dictionary<Guid, IReadOnlyList<Guid>> { [dependency.Id] = resolved.Items }, ct);
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Recorded dependency \"{dependency.Title}\" on {resolved.ProviderLabel}, needed by {dependency.NeededBy:yyyy-MM-dd}", "dependency", dependency.Id.ToString()), ct) is { } notAllowed)
            return notAllowed;
        await db.SaveChangesAsync(ct);
        return await DtoAsync(dependency.Id, ct);
    }

    public async Task<Result<DependencyDto>> UpdateAsync(Guid id, DependencyRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await rights.LoadAsync<Dependency>(d => d.Id == id, Operations.Delivery.EditSchedule, NotFound, ct)).Failed(out var error, out var found)) return error;
        var (dependency, product) = found;
        if (!string.IsNullOrWhiteSpace(request.NeedingProduct) && Product.NormalizeKey(request.NeedingProduct) != product.Key)
            return Error.Invalid("needingProduct", $"A dependency stays with the product that needs it ({product.Key}); record a new one instead.");
        if (ifMatch is { } expected && expected != dependency.Version)
            return Error.Stale($"The dependency \"{dependency.Title}\" was changed by someone else (version {dependency.Version}, you sent {expected}). Reload it and try again.");
        if ((await ResolveAsync(product, request, ct)).Failed(out var bad, out var resolved)) return bad;
        var now = clock.GetUtcNow();
        if (Rules.Apply(() => dependency.Change(request.NeedingTeamId, resolved.Provider, request.Title, request.Description, resolved.NeededBy, resolved.ExpectedOn,
                resolved.NeederOwner, resolved.ProviderOwner, now)) is { } invalid) return invalid;
        var links = await db.DependencyItems.Where(l => l.DependencyId == id).ToListAsync(ct);
        db.DependencyItems.RemoveRange(links.Where(l => !resolved.Items.Contains(l.ItemId)));
        foreach (var item in resolved.Items.Except(links.Select(l => l.ItemId))) db.DependencyItems.Add(DependencyItem.Of(dependency, item));
        await assessor.AssessAsync([dependency], new Dictionary<Guid, IReadOnlyList<Guid>> { [dependency.Id] = resolved.Items }, ct);
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Changed dependency \"{dependency.Title}\" on {resolved.ProviderLabel}, needed by {dependency.NeededBy:yyyy-MM-dd}", "dependency", dependency.Id.ToString()), ct) is { } refused)
            return refused;
        if (await db.SaveOrStaleAsync($"The dependency \"{dependency.Title}\"", ct) is { } lost) return lost;
        return await DtoAsync(dependency.Id, ct);
    }

    /// <summary>
    /// A status change: cancelled is the needing TPM's; committed, delivered and declined are the providing
    /// product's TPM's or Tech Lead's (an external party's, the needing TPM's). Logged once, on the deciding product.
    /// </summary>
    public async Task<Result<DependencyDto>> SetStatusAsync(Guid id, DependencyStatusRequest request, int? ifMatch, CancellationToken ct)
    {
        var dependency = await db.Dependencies.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (dependency is null) return Error.NotFound(NotFound);
        var validation = new Validation();
        var status = EnumText.Required<DependencyStatus>(request.Status, "status", validation);
        var expectedOn = Dates.Optional(request.ExpectedOn, "expectedOn", validation);
        if (status == DependencyStatus.Requested) validation.Add("status", "A dependency goes back to requested only when the needer names another provider.");
        if (validation.Result is { } badRequest) return badRequest;
        var neederSide = status == DependencyStatus.Cancelled || dependency.ProviderKind == ProviderKind.External;
        var operation = neederSide ? Operations.Delivery.EditSchedule : Operations.Dependencies.Respond;
        var product = await db.Products.FirstAsync(p => p.Id == (neederSide ? dependency.ProductId : dependency.ProviderProductId!.Value), ct);
        if (await rights.AuthorizeAsync(product, operation, ct) is { } refused) return refused;
        if (ifMatch is { } expected && expected != dependency.Version)
            return Error.Stale($"The dependency \"{dependency.Title}\" was changed by someone else (version {dependency.Version}, you sent {expected}). Reload it and try again.");
        var now = clock.GetUtcNow();
        var answer = status!.Value;
        if (Rules.Apply(() =>
            {
                if (answer == DependencyStatus.Cancelled) dependency.Cancel(request.Note, now);
                else dependency.Respond(answer, request.Note, expectedOn, now);
            }) is { } invalid) return invalid;
        await assessor.AssessAsync([dependency], null, ct);
        var verb = answer switch
        {
            DependencyStatus.Committed => $"Committed to dependency \"{dependency.Title}\"{(dependency.ExpectedOn is { } on ? $" for {on:yyyy-MM-dd}" : "")}",
            DependencyStatus.Delivered => $"Delivered dependency \"{dependency.Title}\"",
            DependencyStatus.Declined => $"Declined dependency \"{dependency.Title}\"",
            _ => $"Cancelled dependency \"{dependency.Title}\"",
        };
        if (dependency.ProviderKind == ProviderKind.External && answer != DependencyStatus.Cancelled) verb += $" for {dependency.ExternalName}";
        if (await rights.DecideAsync(product, operation, new DecisionRecord(verb, "dependency", dependency.Id.ToString(), dependency.Note), ct) is { } notAllowed) return notAllowed;
        // The other side hears of the answer (the notification opens the dependency).
        var other = answer == DependencyStatus.Cancelled ? dependency.ProviderOwnerId : dependency.NeederOwnerId;
        if (other != me.UserId)
            db.Notifications.Add(Notification.To(dependency.WorkspaceId, other, $"{me.DisplayName}: {verb}.", $"/delivery/dependencies/{dependency.Id}", now));
        if (await db.SaveOrStaleAsync($"The dependency \"{dependency.Title}\"", ct) is { } lost) return lost;
        return await DtoAsync(dependency.Id, ct);
    }

    /// <summary>One dependency, for anyone who can read its needing or its providing product.</summary>
    public async Task<Result<DependencyDto>> GetAsync(Guid id, CancellationToken ct)
    {
        var row = await db.Dependencies.AsNoTracking().Where(d => d.Id == id).Select(d => new { d.ProductId, d.ProviderProductId }).FirstOrDefaultAsync(ct);
        if (row is null) return Error.NotFound(NotFound);
        var needing = await db.Products.AsNoTracking().FirstAsync(p => p.Id == row.ProductId, ct);
        var readable = needing;
        if (!await rights.IsAllowedAsync(needing, Operations.Products.Read, ct) && row.ProviderProductId is { } providerId)
        {
            var provider = await db.Products.AsNoTracking().FirstAsync(p => p.Id == providerId, ct);
            if (await rights.IsAllowedAsync(provider, Operations.Products.Read, ct)) readable = provider;
        }
        if (await rights.AuthorizeAsync(readable, Operations.Products.Read, ct) is { } refused) return refused;
        return await DtoAsync(id, ct);
    }

    /// <summary>The register: the dependencies touching products the person can read, at risk first, then by needed-by date; paged.</summary>
    public async Task<Result<DependenciesPage>> ListAsync(DependencyFilter filter, int? limit, string? cursor, CancellationToken ct)
    {
        if (Paging.ValidateLimit(limit) is { } badLimit) return badLimit;
        var skip = 0;
        if (cursor is not null && (!Paging.TryDecode(cursor, out var raw) || !int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out skip))) return Paging.BadCursor;
        if ((await FilteredAsync(filter, ct)).Failed(out var bad, out var query)) return bad;
        var take = limit ?? Paging.DefaultLimit;
        var rows = await Project(query.OrderByDescending(d => d.AtRisk).ThenBy(d => d.NeededBy).ThenBy(d => d.Id).Skip(skip).Take(take + 1)).ToListAsync(ct);
        var shown = rows.Take(take).ToList();
        var dtos = await DtosAsync(shown, withItems: true, ct);
        var atRisk = skip == 0 && rows.Count <= take ? shown.Count(r => r.D.AtRisk) : await query.CountAsync(d => d.AtRisk, ct);
        return new DependenciesPage(dtos, rows.Count > take ? Paging.Encode((skip + take).ToString(CultureInfo.InvariantCulture)) : null, atRisk);
    }

    /// <summary>Every dependency of the filter for the map (at most <see cref="MaxMap"/>), in one query.</summary>
    public async Task<Result<IReadOnlyList<DependencyDto>>> MapAsync(DependencyFilter filter, CancellationToken ct)
    {
        if ((await FilteredAsync(filter, ct)).Failed(out var bad, out var query)) return bad;
        var rows = await Project(query.OrderByDescending(d => d.AtRisk).ThenBy(d => d.NeededBy).ThenBy(d => d.Id).Take(MaxMap)).ToListAsync(ct);
        return await DtosAsync(rows, withItems: false, ct);
    }

    /// <summary>The products the person can read and the teams of the workspace, for the filters and the form.</summary>
    public async Task<(IReadOnlyList<DependencyProductRef> Products, IReadOnlyList<DependencyTeamRef> Teams)> ChoicesAsync(CancellationToken ct)
    {
        var all = db.Products.AsNoTracking();
        if (Readable() is { } readable) all = all.Where(p => readable.Contains(p.Id));
        var products = await all.OrderBy(p => p.Key)
            .Select(p => new DependencyProductRef(p.Id, p.Key, p.Name)).Take(200).ToListAsync(ct);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new DependencyTeamRef(t.Id, t.Name)).Take(200).ToListAsync(ct);
        return (products, teams);
    }

    /// <summary>The products the current person may record dependencies for (the page offers the form only for them), from the decision-rights table.</summary>
    public async Task<IReadOnlyList<DependencyProductRef>> RecordableProductsAsync(CancellationToken ct)
    {
        var who = DecisionRightsTable.WhoMay(Operations.Delivery.EditSchedule);
        var products = db.Products.AsNoTracking();
        if (!(who.WorkspaceAdmin && me.IsWorkspaceAdmin))
        {
            var roles = who.Roles.ToList();
            var mine = db.RoleAssignments.Where(r => r.UserId == me.UserId && roles.Contains(r.Role)).Select(r => r.ProductId);
            products = products.Where(p => mine.Contains(p.Id));
        }
        return await products.OrderBy(p => p.Key).Select(p => new DependencyProductRef(p.Id, p.Key, p.Name)).Take(200).ToListAsync(ct);
    }

    /// <summary>The people of the workspace an owner may be, by name.</summary>
    public async Task<IReadOnlyList<PersonSummary>> PeopleAsync(CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.WorkspaceId == me.WorkspaceId && (u.LockoutEnd == null || u.LockoutEnd < TandemUserRemoved))
            .OrderBy(u => u.DisplayName).Select(u => new PersonSummary(u.Id, u.DisplayName)).Take(500).ToListAsync(ct);

    /// <summary>What the current person may do on each side of a dependency, and otherwise the sentence that names who decides.</summary>
    public async Task<DependencySides> SidesAsync(DependencyDto dependency, CancellationToken ct)
    {
        var needing = await db.Products.AsNoTracking().FirstAsync(p => p.Id == dependency.NeedingProduct.Id, ct);
        var (canEdit, editRefusal) = await MayAsync(needing, Operations.Delivery.EditSchedule, ct);
        if (dependency.Provider.Product is null) return new DependencySides(canEdit, editRefusal, canEdit, editRefusal);
        var providing = await db.Products.AsNoTracking().FirstAsync(p => p.Id == dependency.Provider.Product.Id, ct);
        var (canAnswer, answerRefusal) = await MayAsync(providing, Operations.Dependencies.Respond, ct);
        return new DependencySides(canEdit, editRefusal, canAnswer, answerRefusal);
    }

    private async Task<(bool, string?)> MayAsync(Product product, Operation operation, CancellationToken ct) =>
        await rights.IsAllowedAsync(product, operation, ct)
            ? (true, null)
            : (false, await rights.ExplainRefusalAsync(product, operation, await rights.ActorOnAsync(product, ct), ct));

    /// <summary>The dependencies at risk that concern the given products, as needer or as provider (the TPM's home, the status reports).</summary>
    public async Task<IReadOnlyList<AtRiskDependency>> ForProductsAsync(IReadOnlyCollection<Guid> productIds, CancellationToken ct)
    {
        if (productIds.Count == 0) return [];
        var ids = productIds.ToList();
        var rows = await Project(db.Dependencies.AsNoTracking()
            .Where(d => d.AtRisk && (ids.Contains(d.ProductId) || (d.ProviderProductId != null && ids.Contains(d.ProviderProductId.Value))))
            .OrderBy(d => d.NeededBy).Take(50)).ToListAsync(ct);
        return (await DtosAsync(rows, withItems: false, ct))
            .Select(d => new AtRiskDependency(d.Id, d.Title, d.Needer, d.Provider.Label, d.NeededBy, d.ForecastOn, d.RiskReason)).ToList();
    }

    /// <summary>The products the person can read, as a query; null for a workspace admin (every product of the workspace).</summary>
    private IQueryable<Guid>? Readable() =>
        me.IsWorkspaceAdmin ? null : db.RoleAssignments.Where(r => r.UserId == me.UserId).Select(r => r.ProductId).Distinct();

    private async Task<Result<IQueryable<Dependency>>> FilteredAsync(DependencyFilter filter, CancellationToken ct)
    {
        var validation = new Validation();
        var status = EnumText.Optional<DependencyStatus>(filter.Status, "status", validation);
        if (validation.Result is { } bad) return bad;
        var query = db.Dependencies.AsNoTracking();
        if (Readable() is { } readable)
            query = query.Where(d => readable.Contains(d.ProductId) || (d.ProviderProductId != null && readable.Contains(d.ProviderProductId.Value)));
        if (!string.IsNullOrWhiteSpace(filter.Product))
        {
            if ((await rights.ProductRefForAsync(filter.Product, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
            query = query.Where(d => d.ProductId == product.Id || d.ProviderProductId == product.Id);
        }
        if (filter.Team is { } team) query = query.Where(d => d.NeederTeamId == team || d.ProviderTeamId == team);
        if (status is { } s) query = query.Where(d => d.Status == s);
        if (filter.AtRisk is { } risk) query = query.Where(d => d.AtRisk == risk);
        return Result<IQueryable<Dependency>>.Ok(query);
    }

    /// <summary>A dependency with the names it shows, read in one query (products, teams and owners as subqueries).</summary>
    private sealed record Row(Dependency D, string NeederKey, string NeederName, string? NeederTeam, string? ProviderTeam, string? ProviderKey, string? ProviderName,
        string? NeederOwner, string? ProviderOwner);

    private IQueryable<Row> Project(IQueryable<Dependency> query) => query.Select(d => new Row(d,
        db.Products.Where(p => p.Id == d.ProductId).Select(p => p.Key).First(),
        db.Products.Where(p => p.Id == d.ProductId).Select(p => p.Name).First(),
        db.Teams.Where(t => t.Id == d.NeederTeamId).Select(t => t.Name).FirstOrDefault(),
        db.Teams.Where(t => t.Id == d.ProviderTeamId).Select(t => t.Name).FirstOrDefault(),
        db.Products.Where(p => p.Id == d.ProviderProductId).Select(p => p.Key).FirstOrDefault(),
        db.Products.Where(p => p.Id == d.ProviderProductId).Select(p => p.Name).FirstOrDefault(),
        db.Users.Where(u => u.Id == d.NeederOwnerId).Select(u => u.DisplayName).FirstOrDefault(),
        db.Users.Where(u => u.Id == d.ProviderOwnerId).Select(u => u.DisplayName).FirstOrDefault()));

    private async Task<DependencyDto> DtoAsync(Guid id, CancellationToken ct)
    {
        var rows = await Project(db.Dependencies.AsNoTracking().Where(d => d.Id == id)).ToListAsync(ct);
        return (await DtosAsync(rows, withItems: true, ct))[0];
    }

    private async Task<List<DependencyDto>> DtosAsync(IReadOnlyList<Row> rows, bool withItems, CancellationToken ct)
    {
        ILookup<Guid, DependencyItemDto> items = Array.Empty<(Guid, DependencyItemDto)>().ToLookup(x => x.Item1, x => x.Item2);
        if (withItems && rows.Count > 0)
        {
            var ids = rows.Select(r => r.D.Id).ToList();
            items = (await db.DependencyItems.AsNoTracking().Where(l => ids.Contains(l.DependencyId))
                    .Join(db.BacklogItems, l => l.ItemId, i => i.Id, (l, i) => new { l.DependencyId, i.Key, i.Title, i.Status, i.Number }).ToListAsync(ct))
                .OrderBy(x => x.Key.Split('-')[0], StringComparer.Ordinal).ThenBy(x => x.Number)
                .ToLookup(x => x.DependencyId, x => new DependencyItemDto(x.Key, x.Title, EnumText.Slug(x.Status)));
        }
        return rows.Select(r =>
        {
            var d = r.D;
            var needing = new DependencyProductRef(d.ProductId, r.NeederKey, r.NeederName);
            var providerProduct = d.ProviderProductId is { } pp ? new DependencyProductRef(pp, r.ProviderKey ?? "", r.ProviderName ?? "") : null;
            var providerTeam = d.ProviderTeamId is { } pt ? new DependencyTeamRef(pt, r.ProviderTeam ?? "") : null;
            var label = d.ProviderKind switch
            {
                ProviderKind.Team => $"{r.ProviderTeam} ({r.ProviderKey})",
                ProviderKind.Product => r.ProviderKey ?? "",
                _ => $"{d.ExternalName} ({(d.ExternalKind is { } k ? EnumText.Slug(k) : "external")})",
            };
            var answeredBy = d.ProviderKind == ProviderKind.External
                ? $"the Technical Project Manager of {r.NeederKey}, for {d.ExternalName}"
                : $"the Tech Lead or Technical Project Manager of {r.ProviderKey}";
            return new DependencyDto(d.Id, needing, d.NeederTeamId is { } nt ? new DependencyTeamRef(nt, r.NeederTeam ?? "") : null,
                new DependencyProviderDto(EnumText.Slug(d.ProviderKind), providerTeam, providerProduct, d.ExternalName, d.ExternalKind is { } ek ? EnumText.Slug(ek) : null, label),
                d.Title, d.Description, d.NeededBy, d.ExpectedOn, EnumText.Slug(d.Status),
                new PersonSummary(d.NeederOwnerId, r.NeederOwner ?? "someone"), new PersonSummary(d.ProviderOwnerId, r.ProviderOwner ?? "someone"),
                items[d.Id].ToList(), d.AtRisk, d.ForecastOn, d.RiskReason, d.AssessedAt, d.Note,
                $"the Technical Project Manager of {r.NeederKey}", answeredBy, d.CreatedAt, d.UpdatedAt, d.Version);
        }).ToList();
    }

    private sealed record Resolved(Provider Provider, string ProviderLabel, DateOnly NeededBy, DateOnly? ExpectedOn, Guid NeederOwner, Guid ProviderOwner, IReadOnlyList<Guid> Items);

    /// <summary>
    /// Checks everything the request names against the workspace, collecting every field error: the needing
    /// team (on the product), the provider (a team of the workspace, a product the person can read — another
    /// workspace's product does not exist — or an external party), the owners (people of the workspace), the dates
    /// and the providing items (on the provider's products).
    /// </summary>
    private async Task<Result<Resolved>> ResolveAsync(Product product, DependencyRequest request, CancellationToken ct)
    {
        var validation = new Validation();
        var neededBy = Dates.Required(request.NeededBy, "neededBy", validation);
        var expectedOn = Dates.Optional(request.ExpectedOn, "expectedOn", validation);
        if (request.NeedingTeamId is { } needingTeam && !await db.TeamProducts.AnyAsync(t => t.TeamId == needingTeam && t.ProductId == product.Id, ct))
            validation.Add("needingTeamId", $"There is no such team working on {product.Key}.");
        Provider? provider = null;
        var label = "";
        var itemProducts = new List<Guid>();
        if (request.Provider is null) validation.Add("provider", "Name who provides it: a team, a product or an external party.");
        else
        {
            var kind = EnumText.Required<ProviderKind>(request.Provider.Kind, "provider.kind", validation);
            switch (kind)
            {
                case ProviderKind.Team:
                    var team = request.Provider.TeamId is { } teamId ? await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, ct) : null;
                    if (team is null) validation.Add("provider.teamId", request.Provider.TeamId is null ? "Name the providing team by its id." : "There is no such team in your workspace.");
                    else
                    {
                        var home = await db.Products.AsNoTracking().FirstAsync(p => p.Id == team.ProductId, ct);
                        if (await ReadRefusalAsync(home, ct) is { } cannotRead) return cannotRead;
                        provider = new Provider(ProviderKind.Team, team.Id, team.ProductId, null, null);
                        label = $"{team.Name} ({home.Key})";
                        itemProducts.AddRange(await db.TeamProducts.AsNoTracking().Where(t => t.TeamId == team.Id).Select(t => t.ProductId).ToListAsync(ct));
                        itemProducts.Add(team.ProductId);
                    }
                    break;
                case ProviderKind.Product:
                    if (string.IsNullOrWhiteSpace(request.Provider.ProductKey)) validation.Add("provider.productKey", "Name the providing product by its key.");
                    else
                    {
                        if ((await rights.FindProductAsync(request.Provider.ProductKey, ct)).Failed(out var missing, out var providing)) return missing;
                        if (await ReadRefusalAsync(providing, ct) is { } cannotRead) return cannotRead;
                        provider = new Provider(ProviderKind.Product, null, providing.Id, null, null);
                        label = providing.Key;
                        itemProducts.Add(providing.Id);
                    }
                    break;
                case ProviderKind.External:
                    var externalKind = EnumText.Required<ExternalKind>(request.Provider.ExternalKind, "provider.externalKind", validation);
                    provider = new Provider(ProviderKind.External, null, null, request.Provider.ExternalName, externalKind);
                    label = (request.Provider.ExternalName ?? "").Trim();
                    break;
            }
        }
        var neederOwner = request.Owners?.Needer ?? me.UserId;
        var providerOwner = request.Owners?.Provider;
        if (providerOwner is null) validation.Add("owners.provider", "Name the owner on the providing side (for an external party, our contact).");
        var people = new[] { neederOwner, providerOwner ?? Guid.Empty }.Where(p => p != Guid.Empty).Distinct().ToList();
        var known = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id) && u.WorkspaceId == me.WorkspaceId && (u.LockoutEnd == null || u.LockoutEnd < TandemUserRemoved))
            .Select(u => u.Id).ToListAsync(ct);
        if (!known.Contains(neederOwner)) validation.Add("owners.needer", "The needing side's owner is not a person of your workspace.");
        if (providerOwner is { } po && !known.Contains(po)) validation.Add("owners.provider", "The providing side's owner is not a person of your workspace.");
        var items = await ItemsAsync(provider, itemProducts, request.ProvidingItems, validation, ct);
        if (validation.Result is { } bad) return bad;
        return new Resolved(provider!, label, neededBy!.Value, expectedOn, neederOwner, providerOwner!.Value, items);
    }

    private static readonly DateTimeOffset TandemUserRemoved = Identity.TandemUser.RemovedUntil;

    /// <summary>The refusal when the person may not read the providing product: whoever records a dependency must see the other side.</summary>
    private async Task<Error?> ReadRefusalAsync(Product providing, CancellationToken ct) =>
        await rights.IsAllowedAsync(providing, Operations.Products.Read, ct) ? null : await rights.AuthorizeAsync(providing, Operations.Products.Read, ct);

    private async Task<IReadOnlyList<Guid>> ItemsAsync(Provider? provider, List<Guid> products, IReadOnlyList<string>? keys, Validation validation, CancellationToken ct)
    {
        var wanted = (keys ?? []).Select(k => (k ?? "").Trim().ToUpperInvariant()).Where(k => k.Length > 0).Distinct().ToList();
        if (wanted.Count == 0) return [];
        if (wanted.Count > Dependency.MaxItems)
        {
            validation.Add("providingItems", $"Name at most {Dependency.MaxItems} providing items.");
            return [];
        }
        if (provider is null) return [];
        if (provider.Kind == ProviderKind.External)
        {
            validation.Add("providingItems", "An external party's work is not on our backlog; give the date it committed to (expectedOn) instead.");
            return [];
        }
        var found = await db.BacklogItems.AsNoTracking().Where(i => wanted.Contains(i.Key) && products.Contains(i.ProductId))
            .Select(i => new { i.Id, i.Key }).ToListAsync(ct);
        var missing = wanted.Except(found.Select(f => f.Key)).ToList();
        if (missing.Count > 0)
            validation.Add("providingItems", $"There is no item {string.Join(", ", missing)} on the providing side's products.");
        return found.Select(f => f.Id).ToList();
    }
}
