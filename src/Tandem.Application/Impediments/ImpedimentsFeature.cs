using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Feedback;
using Tandem.Domain.Impediments;
using Tandem.Domain.Products;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Impediments;

/// <summary>When an open impediment counts as old (<c>Tandem:Impediments:OldAfterDays</c>, default 5).</summary>
public sealed record ImpedimentSettings(int OldAfterDays)
{
    public const string Section = "Tandem:Impediments";
    public const int DefaultOldAfterDays = 5;
}

/// <summary><c>impact</c>: low, medium (default), high or critical; <c>itemKeys</c> the items it holds up; <c>teamId</c> the team it slows down, if one.</summary>
public sealed record RaiseImpedimentRequest(string? Title, string? Description, string? Impact, IReadOnlyList<string>? ItemKeys, Guid? TeamId);

public sealed record ResolveImpedimentRequest(string? Resolution);

public sealed record EscalateImpedimentRequest(string? Reason);

public sealed record ImpedimentTeam(Guid Id, string Name);

public sealed record ImpedimentDto(
    Guid Id, string ProductKey, int Number, string Title, string Description, string Impact, string Status, ImpedimentTeam? Team,
    IReadOnlyList<string> ItemKeys, PersonSummary RaisedBy, DateTimeOffset RaisedAt, int AgeDays, bool Old,
    string? Resolution, PersonSummary? ResolvedBy, DateTimeOffset? ResolvedAt,
    string? EscalationReason, PersonSummary? EscalatedBy, DateTimeOffset? EscalatedAt, Guid? StandupEntryId, int Version) : IVersioned;

public sealed record ImpedimentsPage(IReadOnlyList<ImpedimentDto> Items, string? NextCursor, int Open, int OldOpen, int OldAfterDays);

/// <summary>
/// The impediment log: anyone raises an impediment (numbered per product); the Scrum Master starts work on
/// it, resolves it with how, or escalates it to the Technical Project Manager with a reason (the product's
/// TPMs are notified and their home lists it). Each of the SM's steps is logged. Age is visible, and an open
/// impediment older than <see cref="ImpedimentSettings.OldAfterDays"/> is flagged old.
/// </summary>
public sealed class ImpedimentsFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, ProductNumbers numbers, TimeProvider clock, ImpedimentSettings settings)
{
    public const string Sequence = "impediments";
    public const int MaxItems = 20;

    public async Task<Result<ImpedimentDto>> RaiseAsync(string productKey, RaiseImpedimentRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.ImpedimentLog.Raise, ct)).Failed(out var refused, out var product)) return refused;
        var validation = new Validation();
        var impact = EnumText.Optional<ImpedimentImpact>(request.Impact, "impact", validation) ?? ImpedimentImpact.Medium;
        Guid? teamId = null;
        if (request.TeamId is { } wanted)
        {
            var onProduct = await db.TeamProducts.AnyAsync(t => t.TeamId == wanted && t.ProductId == product.Id, ct);
            if (!onProduct) validation.Add("teamId", $"There is no such team working on {product.Key}.");
            else teamId = wanted;
        }
        var items = await ItemsAsync(product, teamId, request.ItemKeys, validation, ct);
        if (validation.Result is { } bad) return bad;
        return await CreateAsync(product, teamId, request.Title, request.Description, impact, items, null, ct);
    }

    /// <summary>
    /// Numbers and saves a new impediment with its items, in one transaction (a failure takes nothing and
    /// gives the number back). The caller has authorised <see cref="Operations.ImpedimentLog.Raise"/>.
    /// </summary>
    internal async Task<Result<ImpedimentDto>> CreateAsync(Product product, Guid? teamId, string? title, string? description, ImpedimentImpact impact,
        IReadOnlyList<Guid> itemIds, Guid? standupEntryId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (Rules.Create(() => Impediment.Raise(product.WorkspaceId, product.Id, teamId, 0, title, description, impact, me.UserId, standupEntryId, now))
            .Failed(out var invalid, out _)) return invalid;
        return await numbers.InTransactionAsync<ImpedimentDto>(async () =>
        {
            var number = await numbers.NextAsync(product, Sequence, c => db.Impediments.Where(i => i.ProductId == product.Id).MaxAsync(i => (int?)i.Number, c), ct);
            var impediment = Impediment.Raise(product.WorkspaceId, product.Id, teamId, number, title, description, impact, me.UserId, standupEntryId, now);
            db.Impediments.Add(impediment);
            foreach (var itemId in itemIds.Distinct()) db.ImpedimentItems.Add(ImpedimentItem.Of(impediment, itemId));
            // A stand-up answer becomes at most one impediment (a unique index): the second of two clicks at the same instant is told so.
            if (await db.SaveOrConflictAsync("That stand-up blocker became an impediment a moment ago; reload the stand-up to see it.", ct) is { } twice) return twice;
            return (await DtosAsync([impediment], product.Key, ct))[0];
        }, ct);
    }

    /// <summary>
    /// The items named by key, each of the product or of a product the team works on; unknown keys are a
    /// field error naming them.
    /// </summary>
    internal async Task<IReadOnlyList<Guid>> ItemsAsync(Product product, Guid? teamId, IReadOnlyList<string>? keys, Validation validation, CancellationToken ct)
    {
        var wanted = (keys ?? []).Select(k => (k ?? "").Trim().ToUpperInvariant()).Where(k => k.Length > 0).Distinct().ToList();
        if (wanted.Count == 0) return [];
        if (wanted.Count > MaxItems)
        {
            validation.Add("itemKeys", $"Link at most {MaxItems} items.");
            return [];
        }
        var products = teamId is { } team
            ? await db.TeamProducts.Where(t => t.TeamId == team).Select(t => t.ProductId).ToListAsync(ct)
            : [];
        products.Add(product.Id);
        var found = await db.BacklogItems.AsNoTracking().Where(i => wanted.Contains(i.Key) && products.Contains(i.ProductId))
            .Select(i => new { i.Id, i.Key }).ToListAsync(ct);
        var missing = wanted.Except(found.Select(f => f.Key)).ToList();
        if (missing.Count > 0)
            validation.Add("itemKeys", $"There is no item {string.Join(", ", missing)} on {product.Key}{(teamId is null ? "" : " or the team's other products")}.");
        return found.Select(f => f.Id).ToList();
    }

    /// <summary>The product's impediments, oldest first (by age), with the open and old counts; <paramref name="status"/> is a status or "unresolved".</summary>
    public async Task<Result<ImpedimentsPage>> ListAsync(string productKey, string? status, Guid? team, int? limit, string? cursor, CancellationToken ct)
    {
        if (Paging.ValidateLimit(limit) is { } badLimit) return badLimit;
        var unresolved = string.Equals(status?.Trim(), "unresolved", StringComparison.OrdinalIgnoreCase);
        var filter = new Validation();
        var wanted = unresolved ? null : EnumText.Optional<ImpedimentStatus>(status, "status", filter);
        if (filter.Result is { } badStatus) return badStatus;
        int? after = null;
        if (cursor is not null)
        {
            if (!Paging.TryDecode(cursor, out var raw) || !int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return Paging.BadCursor;
            after = n;
        }
        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;

        var all = db.Impediments.AsNoTracking().Where(i => i.ProductId == product.Id);
        if (team is { } t) all = all.Where(i => i.TeamId == t);
        var query = all;
        if (wanted is { } w) query = query.Where(i => i.Status == w);
        if (unresolved) query = query.Where(i => i.Status != ImpedimentStatus.Resolved);
        if (after is { } a) query = query.Where(i => i.Number > a);
        var take = limit ?? Paging.DefaultLimit;
        // Numbers grow with time, so the lowest number is the oldest: "by age" needs no second index.
        var rows = await query.OrderBy(i => i.Number).Take(take + 1).ToListAsync(ct);
        var shown = rows.Take(take).ToList();
        var open = all.Where(i => i.Status != ImpedimentStatus.Resolved);
        var oldBefore = clock.GetUtcNow().AddDays(-settings.OldAfterDays);
        return new ImpedimentsPage(await DtosAsync(shown, product.Key, ct),
            rows.Count > take ? Paging.Encode(shown[^1].Number.ToString(CultureInfo.InvariantCulture)) : null,
            await open.CountAsync(ct), await open.CountAsync(i => i.RaisedAt <= oldBefore, ct), settings.OldAfterDays);
    }

    /// <summary>A team's open impediments, oldest first, for the Scrum Master's home and the coach.</summary>
    public async Task<IReadOnlyList<ImpedimentDto>> OpenForTeamAsync(Guid teamId, int take, CancellationToken ct)
    {
        var rows = await db.Impediments.AsNoTracking().Where(i => i.TeamId == teamId && i.Status != ImpedimentStatus.Resolved)
            .OrderBy(i => i.RaisedAt).Take(take).ToListAsync(ct);
        if (rows.Count == 0) return [];
        var key = await db.Products.Where(p => p.Id == rows[0].ProductId).Select(p => p.Key).FirstAsync(ct);
        return await DtosAsync(rows, key, ct);
    }

    public async Task<Result<ImpedimentDto>> GetAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return (await DtosAsync([found.Entity], found.Product.Key, ct))[0];
    }

    public async Task<Result<ImpedimentDto>> GetByNumberAsync(string productKey, int number, CancellationToken ct)
    {
        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var row = await db.Impediments.AsNoTracking().FirstOrDefaultAsync(i => i.ProductId == product.Id && i.Number == number, ct);
        if (row is null) return Error.NotFound($"There is no impediment {number} on {product.Key}.");
        return (await DtosAsync([row], product.Key, ct))[0];
    }

    public Task<Result<ImpedimentDto>> StartAsync(Guid id, int? ifMatch, CancellationToken ct) =>
        ChangeAsync(id, ifMatch, i => i.Status == ImpedimentStatus.InProgress ? $"Impediment {i.Number} is already in progress." : null,
            (i, now) => i.StartWork(now), i => ($"Started work on impediment {i.Number} \"{i.Title}\"", null), ct);

    public Task<Result<ImpedimentDto>> ResolveAsync(Guid id, ResolveImpedimentRequest request, int? ifMatch, CancellationToken ct) =>
        ChangeAsync(id, ifMatch, _ => null, (i, now) => i.Resolve(request.Resolution, me.UserId, now),
            i => ($"Resolved impediment {i.Number} \"{i.Title}\"", i.Resolution), ct);

    public Task<Result<ImpedimentDto>> EscalateAsync(Guid id, EscalateImpedimentRequest request, int? ifMatch, CancellationToken ct) =>
        ChangeAsync(id, ifMatch, i => i.Status == ImpedimentStatus.Escalated ? $"Impediment {i.Number} is already escalated to the Technical Project Manager ({i.EscalatedAt:yyyy-MM-dd})." : null,
            (i, now) => i.Escalate(request.Reason, me.UserId, now),
            i => ($"Escalated impediment {i.Number} \"{i.Title}\" to the Technical Project Manager", i.EscalationReason), ct);

    /// <summary>
    /// One of the Scrum Master's steps: refused unless they may, 409 when the impediment is past that step
    /// (resolved, or escalated twice), 412 on a stale If-Match, 400 when the text is missing; logged once.
    /// </summary>
    private async Task<Result<ImpedimentDto>> ChangeAsync(Guid id, int? ifMatch, Func<Impediment, string?> already,
        Action<Impediment, DateTimeOffset> change, Func<Impediment, (string Summary, string? Reason)> record, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.ImpedimentLog.Resolve, ct)).Failed(out var error, out var found)) return error;
        var (impediment, product) = found;
        if (impediment.Status == ImpedimentStatus.Resolved)
            return Error.Conflict($"Impediment {impediment.Number} was already resolved on {impediment.ResolvedAt:yyyy-MM-dd}: {impediment.Resolution}");
        if (already(impediment) is { } again) return Error.Conflict(again);
        if (ifMatch is { } expected && expected != impediment.Version)
            return Error.Stale($"Impediment {impediment.Number} was changed by someone else (version {impediment.Version}, you sent {expected}). Reload it and try again.");
        var now = clock.GetUtcNow();
        if (Rules.Apply(() => change(impediment, now)) is { } invalid) return invalid;
        var (summary, reason) = record(impediment);
        if (await rights.DecideAsync(product, Operations.ImpedimentLog.Resolve, new DecisionRecord(summary, "impediment",
                impediment.Number.ToString(CultureInfo.InvariantCulture), reason), ct) is { } refused) return refused;
        if (impediment.Status == ImpedimentStatus.Escalated) await NotifyManagersAsync(product, impediment, now, ct);
        if (await db.SaveOrStaleAsync($"Impediment {impediment.Number}", ct) is { } lost) return lost;
        return (await DtosAsync([impediment], product.Key, ct))[0];
    }

    private async Task NotifyManagersAsync(Product product, Impediment impediment, DateTimeOffset now, CancellationToken ct)
    {
        var managers = await db.RoleAssignments.Where(r => r.ProductId == product.Id && r.Role == Role.TechnicalProjectManager && r.UserId != me.UserId)
            .Select(r => r.UserId).Distinct().Take(20).ToListAsync(ct);
        foreach (var manager in managers)
            db.Notifications.Add(Notification.To(product.WorkspaceId, manager,
                $"{me.DisplayName} escalated impediment {impediment.Number} \"{impediment.Title}\" to you: {impediment.EscalationReason}",
                $"/p/{product.Key}/impediments/{impediment.Number}", now));
    }

    private Task<Result<Owned<Impediment>>> LoadAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<Impediment>(i => i.Id == id, operation, "There is no such impediment in your workspace.", ct);

    internal async Task<List<ImpedimentDto>> DtosAsync(IReadOnlyList<Impediment> rows, string productKey, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var keys = (await db.ImpedimentItems.AsNoTracking().Where(l => ids.Contains(l.ImpedimentId))
                .Join(db.BacklogItems, l => l.ItemId, i => i.Id, (l, i) => new { l.ImpedimentId, i.Key, i.Number }).ToListAsync(ct))
            .GroupBy(x => x.ImpedimentId).ToDictionary(g => g.Key, g => g.OrderBy(x => x.Number).Select(x => x.Key).ToList());
        var teamIds = rows.Where(r => r.TeamId is not null).Select(r => r.TeamId!.Value).Distinct().ToList();
        var teams = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var people = rows.SelectMany(r => new[] { r.RaisedById, r.ResolvedById ?? Guid.Empty, r.EscalatedById ?? Guid.Empty }).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        PersonSummary Person(Guid id) => new(id, names.GetValueOrDefault(id, "someone"));
        var now = clock.GetUtcNow();
        return rows.Select(i => new ImpedimentDto(
            i.Id, productKey, i.Number, i.Title, i.Description, EnumText.Slug(i.Impact), EnumText.Slug(i.Status),
            i.TeamId is { } t ? new ImpedimentTeam(t, teams.GetValueOrDefault(t, "")) : null,
            keys.GetValueOrDefault(i.Id) ?? [], Person(i.RaisedById), i.RaisedAt, i.AgeDays(now), i.IsOpen && i.AgeDays(now) >= settings.OldAfterDays,
            i.Resolution, i.ResolvedById is { } r ? Person(r) : null, i.ResolvedAt,
            i.EscalationReason, i.EscalatedById is { } e ? Person(e) : null, i.EscalatedAt, i.StandupEntryId, i.Version)).ToList();
    }
}
