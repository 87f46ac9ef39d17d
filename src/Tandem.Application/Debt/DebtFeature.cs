using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Debt;
using Tandem.Domain.Products;

namespace Tandem.Application.Debt;

public sealed record DebtDto(
    Guid Id, string ProductKey, string Title, string Description, string DescriptionHtml, string Area, string Kind,
    decimal Principal, decimal Interest, string Risk, string FoundBy, string Status, string? BacklogItemKey,
    PersonSummary RecordedBy, DateTimeOffset RecordedAt, DateTimeOffset? RegisteredAt, DateTimeOffset? ClosedAt, DateTimeOffset UpdatedAt, int Version) : IVersioned;

/// <summary>A row of the register: everything but the description, which the debt's own page renders.</summary>
public sealed record DebtSummary(
    Guid Id, string ProductKey, string Title, string Area, string Kind, decimal Principal, decimal Interest, string Risk, string FoundBy,
    string Status, string? BacklogItemKey, PersonSummary RecordedBy, DateTimeOffset RecordedAt, DateTimeOffset? RegisteredAt, DateTimeOffset? ClosedAt,
    DateTimeOffset UpdatedAt, int Version) : IVersioned;

public sealed record DebtKindTotal(string Kind, int Count, decimal Principal, decimal Interest);

/// <summary>Totals of the open (registered, not repaid or accepted) debt; proposals waiting for the Tech Lead are counted apart.</summary>
public sealed record DebtTotals(int Count, decimal Principal, decimal Interest, int Proposed, IReadOnlyList<DebtKindTotal> ByKind);

public sealed record CapacityProposalDto(Guid Id, int SharePercent, string? Reason, string ProposedBy, Guid ProposedById, DateTimeOffset ProposedAt, string Status, string? AgreedBy, DateTimeOffset? AgreedAt);

public sealed record DebtCapacityDto(int? AgreedSharePercent, CapacityProposalDto? Agreed, CapacityProposalDto? Pending);

/// <summary>One page of the register (highest interest first) with the totals of the whole register; NextCursor fetches the page after.</summary>
public sealed record DebtRegisterDto(IReadOnlyList<DebtSummary> Items, DebtTotals Totals, DebtCapacityDto Capacity, string? NextCursor = null);

public sealed record DebtTrendPoint(DateTimeOffset At, decimal Principal, decimal Interest, int Count);

public sealed record DebtTrendDto(IReadOnlyList<DebtTrendPoint> Points);

/// <summary>Principal and interest in ideal person-days (interest per sprint).</summary>
public sealed record RecordDebtRequest(string? Title, string? Description, string? Area, string? Kind, decimal? Principal, decimal? Interest, string? Risk, string? FoundBy);

/// <summary>A partial update: only the fields present change. Status is open (reopen), repaid or accepted-as-is.</summary>
public sealed record PatchDebtRequest(string? Title, string? Description, string? Area, string? Kind, decimal? Principal, decimal? Interest, string? Risk, string? FoundBy, string? Status);

public sealed record ProposeCapacityRequest(int? SharePercent, string? Reason);

/// <summary>
/// The Tech Lead's technical-debt register. Anyone on the team proposes debt; the Tech Lead registers
/// it, which puts a tech-debt item at the bottom of the backlog for the PO to rank (a proposal has no
/// item until then, so the backlog holds only debt the TL stands behind). Debt the TL records is
/// registered at once. Every change writes a snapshot of the totals, which is the trend.
/// </summary>
public sealed class DebtFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock, Items items)
{
    public async Task<Result<DebtRegisterDto>> ListAsync(string productKey, string? kind, string? status, CancellationToken ct, int? limit = null, string? cursor = null)
    {
        var validation = new Validation();
        var kindFilter = EnumText.Optional<DebtKind>(kind, "kind", validation);
        var statusFilter = EnumText.Optional<DebtStatus>(status, "status", validation);
        if (Paging.ValidateLimit(limit) is not null) validation.Add("limit", $"limit must be between 1 and {Paging.MaxLimit}.");
        // The register is ordered by money, not by a key, so the cursor is a position; a page may shift if debt changes between pages.
        var skip = 0;
        if (cursor is not null && !(Paging.TryDecode(cursor, out var raw) && int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out skip)))
            validation.Add("cursor", "The cursor is not one this list handed out; start again without it.");
        if (validation.Result is { } invalid) return invalid;
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;

        var take = limit ?? Paging.DefaultLimit;
        var query = db.DebtItems.AsNoTracking().Where(d => d.ProductId == product.Id);
        if (kindFilter is { } k) query = query.Where(d => d.Kind == k);
        if (statusFilter is { } st) query = query.Where(d => d.Status == st);
        var rows = await query.OrderByDescending(d => d.Interest).ThenByDescending(d => d.Principal).ThenBy(d => d.Title).ThenBy(d => d.Id)
            .Skip(skip).Take(take + 1).ToListAsync(ct);
        var shown = rows.Take(take).ToList();
        var names = await db.DisplayNamesAsync(shown.Select(d => d.RecordedById), ct);
        var next = rows.Count > take ? Paging.Encode((skip + take).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        return new DebtRegisterDto(shown.Select(d => ToSummary(d, product, names)).ToList(), await TotalsAsync(product.Id, ct), await CapacityOfAsync(product, ct), next);
    }

    public async Task<Result<DebtDto>> GetAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await DetailAsync(found.Entity, found.Product, ct);
    }

    public async Task<Result<DebtDto>> RecordDebtAsync(string productKey, RecordDebtRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Debt.Propose, ct)).Failed(out var refused, out var product)) return refused;

        // What the request left out or could not name is the handler's to say; every rule of the debt itself is the model's.
        var validation = new Validation();
        var kind = EnumText.Required<DebtKind>(request.Kind, "kind", validation);
        var risk = EnumText.Required<DebtRisk>(request.Risk ?? "medium", "risk", validation);
        if (request.Principal is null) validation.Add("principal", "Say how many days it takes to repay (the principal).");
        if (request.Interest is null) validation.Add("interest", "Say how many days it costs each sprint (the interest).");
        var now = clock.GetUtcNow();
        var recorded = Rules.Create(() => DebtItem.Record(product.WorkspaceId, product.Id, request.Title ?? "", request.Description, request.Area, kind ?? default,
            request.Principal ?? 0, request.Interest ?? 0, risk ?? default, request.FoundBy, me.UserId, now));
        if (validation.Include(recorded.Error).Result is { } invalid) return invalid;
        if (recorded.Failed(out var refusedRecord, out var debt)) return refusedRecord;
        db.DebtItems.Add(debt);
        var registers = await rights.IsAllowedAsync(product, Operations.Debt.Register, ct);
        return await SaveWithItemAsync(product, debt, registers, $"Recorded technical debt \"{debt.Title}\"", ct);
    }

    public async Task<Result<DebtDto>> RegisterAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Debt.Register, ct)).Failed(out var error, out var found)) return error;
        var (debt, product) = found;
        if (debt.Status != DebtStatus.Proposed)
            return Error.Conflict($"\"{debt.Title}\" is {EnumText.Slug(debt.Status)}; only a proposed debt can be registered.");
        return await SaveWithItemAsync(product, debt, register: true, $"Registered the proposed technical debt \"{debt.Title}\"", ct);
    }

    public async Task<Result<DebtDto>> PatchAsync(Guid id, PatchDebtRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Debt.Register, ct)).Failed(out var error, out var found)) return error;
        var (debt, product) = found;
        if (ifMatch is { } expected && expected != debt.Version)
            return Error.Stale($"\"{debt.Title}\" was changed by someone else (version {debt.Version}, you sent {expected}). Reload it and try again.");

        var validation = new Validation();
        var kind = EnumText.Optional<DebtKind>(request.Kind, "kind", validation);
        var risk = EnumText.Optional<DebtRisk>(request.Risk, "risk", validation);
        var status = EnumText.Optional<DebtStatus>(request.Status, "status", validation);
        var now = clock.GetUtcNow();
        var oldTitle = debt.Title;
        // The model checks every field and the status move together and changes nothing unless all hold.
        validation.Include(Rules.Apply(() => debt.Revise(request.Title ?? debt.Title, request.Description ?? debt.Description, request.Area ?? debt.Area, kind ?? debt.Kind,
            request.Principal ?? debt.Principal, request.Interest ?? debt.Interest, risk ?? debt.Risk, request.FoundBy ?? debt.FoundBy, status, now)));
        if (validation.Result is { } invalid)
        {
            db.ChangeTracker.Clear();
            return invalid;
        }
        if (debt.BacklogItemId is { } itemId && (debt.Title != oldTitle || request.Description is not null))
        {
            var item = await db.BacklogItems.FirstOrDefaultAsync(i => i.Id == itemId, ct);
            if (item is not null)
            {
                if (item.Title != debt.Title) item.Retitle(debt.Title, now);
                if (request.Description is not null && item.Description != debt.Description) item.Describe(debt.Description, now);
            }
        }
        var summary = status is { } s && s != DebtStatus.Open ? $"Marked technical debt \"{debt.Title}\" {EnumText.Slug(s)}" : $"Changed technical debt \"{debt.Title}\"";
        if (await rights.DecideAsync(product, Operations.Debt.Register, new DecisionRecord(summary, "debt", debt.Id.ToString()), ct) is { } refused) return refused;
        await SnapshotAsync(product, ct);
        if (await db.SaveOrStaleAsync($"\"{oldTitle}\"", ct) is { } stale) return stale;
        return await DetailAsync(debt, product, ct);
    }

    public async Task<Result<DebtTrendDto>> TrendAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var productId = product.Id;
        var points = await db.DebtSnapshots.AsNoTracking().Where(s => s.ProductId == productId)
            .OrderBy(s => s.At).Select(s => new DebtTrendPoint(s.At, s.Principal, s.Interest, s.Count)).ToListAsync(ct);
        return new DebtTrendDto(points);
    }

    public async Task<Result<DebtCapacityDto>> CapacityAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        return await CapacityOfAsync(product, ct);
    }

    public async Task<Result<DebtCapacityDto>> ProposeCapacityAsync(string productKey, ProposeCapacityRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Debt.ProposeCapacityShare, ct)).Failed(out var refused, out var product)) return refused;
        if (request.SharePercent is not { } share) return Error.Invalid("sharePercent", "Say what share of each sprint's capacity (0 to 100 %) goes to debt.");
        if (Rules.Create(() => DebtCapacityProposal.Propose(product.WorkspaceId, product.Id, share, request.Reason, me.UserId, me.DisplayName, clock.GetUtcNow()))
            .Failed(out var invalid, out var proposal)) return invalid;
        if (await rights.DecideAsync(product, Operations.Debt.ProposeCapacityShare, new DecisionRecord(
                $"Proposed {proposal.SharePercent} % of sprint capacity for technical debt", "debt-capacity", proposal.Id.ToString(), proposal.Reason), ct) is { } refusedDecision)
            return refusedDecision;
        foreach (var pending in await db.DebtCapacityProposals.Where(p => p.ProductId == product.Id && p.Status == CapacityProposalStatus.Pending).ToListAsync(ct))
            pending.Supersede();
        db.DebtCapacityProposals.Add(proposal);
        await db.SaveChangesAsync(ct);
        return await CapacityOfAsync(product, ct);
    }

    public async Task<Result<DebtCapacityDto>> AgreeCapacityAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Debt.AgreeCapacityShare, ct)).Failed(out var refused, out var product)) return refused;
        var pending = await db.DebtCapacityProposals.Where(p => p.ProductId == product.Id && p.Status == CapacityProposalStatus.Pending)
            .OrderByDescending(p => p.ProposedAt).FirstOrDefaultAsync(ct);
        if (pending is null) return Error.Conflict("There is no proposed debt capacity share to agree; propose one first.");
        // A conflict, not a refusal of rights: the proposer holds the right to agree, just not to their own proposal.
        if (pending.ProposedById == me.UserId)
            return Error.Conflict($"You proposed {pending.SharePercent} %; the other of Tech Lead and Product Owner agrees it. Propose a different share instead if you changed your mind.");
        if (await rights.DecideAsync(product, Operations.Debt.AgreeCapacityShare, new DecisionRecord(
                $"Agreed {pending.SharePercent} % of sprint capacity for technical debt (proposed by {pending.ProposedByName})", "debt-capacity", pending.Id.ToString(), pending.Reason), ct) is { } refusedDecision)
            return refusedDecision;
        pending.Agree(me.UserId, me.DisplayName, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return await CapacityOfAsync(product, ct);
    }

    /// <summary>
    /// Registers (when <paramref name="register"/>) with its backlog item, logs, snapshots and saves in one
    /// transaction, in which the item's number is taken (Items), so concurrent registrations never clash.
    /// </summary>
    private Task<Result<DebtDto>> SaveWithItemAsync(Product product, DebtItem debt, bool register, string summary, CancellationToken ct) =>
        items.InTransactionAsync<DebtDto>(async () =>
        {
            if (register)
            {
                if ((await items.AddAtBottomAsync(product, new NewItem(ItemType.TechDebt, debt.Title, debt.Description, "registered this as technical debt"), ct))
                    .Failed(out var refused, out var item)) return refused;
                debt.Register(item.Id, item.Key, clock.GetUtcNow());
                if (await rights.DecideAsync(product, Operations.Debt.Register, new DecisionRecord($"{summary} as {item.Key}", "debt", debt.Id.ToString()), ct) is { } refusedDecision)
                    return refusedDecision;
            }
            await SnapshotAsync(product, ct);
            if (await db.SaveOrStaleAsync($"\"{debt.Title}\"", ct) is { } stale) return stale;
            return await DetailAsync(debt, product, ct);
        }, ct);

    /// <summary>The totals as they will be once the pending changes are saved: the database's sums of the rows not being changed, plus the changed rows.</summary>
    private async Task SnapshotAsync(Product product, CancellationToken ct)
    {
        var tracked = db.ChangeTracker.Entries<DebtItem>().Where(e => e.Entity.ProductId == product.Id).Select(e => e.Entity).ToList();
        var trackedIds = tracked.Select(d => d.Id).ToList();
        var saved = await db.DebtItems.AsNoTracking().Where(d => d.ProductId == product.Id && d.Status == DebtStatus.Open && !trackedIds.Contains(d.Id))
            .GroupBy(d => 1).Select(g => new { Count = g.Count(), Principal = g.Sum(d => d.Principal), Interest = g.Sum(d => d.Interest) })
            .FirstOrDefaultAsync(ct);
        var open = tracked.Where(d => d.IsOutstanding).ToList();
        db.DebtSnapshots.Add(DebtSnapshot.Take(product.WorkspaceId, product.Id, clock.GetUtcNow(),
            (saved?.Principal ?? 0) + open.Sum(d => d.Principal), (saved?.Interest ?? 0) + open.Sum(d => d.Interest), (saved?.Count ?? 0) + open.Count));
    }

    /// <summary>Totals of the whole register, summed by the database.</summary>
    private async Task<DebtTotals> TotalsAsync(Guid productId, CancellationToken ct)
    {
        var open = await db.DebtItems.AsNoTracking().Where(d => d.ProductId == productId && d.Status == DebtStatus.Open)
            .GroupBy(d => d.Kind).Select(g => new { Kind = g.Key, Count = g.Count(), Principal = g.Sum(d => d.Principal), Interest = g.Sum(d => d.Interest) })
            .ToListAsync(ct);
        var proposed = await db.DebtItems.CountAsync(d => d.ProductId == productId && d.Status == DebtStatus.Proposed, ct);
        var byKind = Enum.GetValues<DebtKind>()
            .Select(k => open.FirstOrDefault(o => o.Kind == k) is { } o ? new DebtKindTotal(EnumText.Slug(k), o.Count, o.Principal, o.Interest) : new DebtKindTotal(EnumText.Slug(k), 0, 0, 0))
            .ToList();
        return new DebtTotals(open.Sum(o => o.Count), open.Sum(o => o.Principal), open.Sum(o => o.Interest), proposed, byKind);
    }

    private async Task<DebtCapacityDto> CapacityOfAsync(Product product, CancellationToken ct)
    {
        var recent = await db.DebtCapacityProposals.AsNoTracking()
            .Where(p => p.ProductId == product.Id && p.Status != CapacityProposalStatus.Superseded)
            .OrderByDescending(p => p.ProposedAt).Take(20).ToListAsync(ct);
        var agreed = recent.Where(p => p.Status == CapacityProposalStatus.Agreed).OrderByDescending(p => p.AgreedAt).FirstOrDefault();
        var pending = recent.FirstOrDefault(p => p.Status == CapacityProposalStatus.Pending);
        return new DebtCapacityDto(agreed?.SharePercent, agreed is null ? null : ToDto(agreed), pending is null ? null : ToDto(pending));
    }

    private static CapacityProposalDto ToDto(DebtCapacityProposal p) =>
        new(p.Id, p.SharePercent, p.Reason, p.ProposedByName, p.ProposedById, p.ProposedAt, EnumText.Slug(p.Status), p.AgreedByName, p.AgreedAt);

    private Task<Result<Owned<DebtItem>>> LoadAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<DebtItem>(d => d.Id == id, operation, $"There is no technical debt {id} in your workspace.", ct);

    private async Task<DebtDto> DetailAsync(DebtItem debt, Product product, CancellationToken ct) =>
        ToDto(debt, product, await db.DisplayNamesAsync([debt.RecordedById], ct));


    private static DebtSummary ToSummary(DebtItem d, Product product, Dictionary<Guid, string> names) =>
        new(d.Id, product.Key, d.Title, d.Area, EnumText.Slug(d.Kind), d.Principal, d.Interest, EnumText.Slug(d.Risk), d.FoundBy,
            EnumText.Slug(d.Status), d.BacklogItemKey, new PersonSummary(d.RecordedById, names.GetValueOrDefault(d.RecordedById, "")),
            d.RecordedAt, d.RegisteredAt, d.ClosedAt, d.UpdatedAt, d.Version);

    private static DebtDto ToDto(DebtItem d, Product product, Dictionary<Guid, string> names) =>
        new(d.Id, product.Key, d.Title, d.Description, Markdown.ToSafeHtml(d.Description), d.Area, EnumText.Slug(d.Kind),
            d.Principal, d.Interest, EnumText.Slug(d.Risk), d.FoundBy, EnumText.Slug(d.Status), d.BacklogItemKey,
            new PersonSummary(d.RecordedById, names.GetValueOrDefault(d.RecordedById, "")), d.RecordedAt, d.RegisteredAt, d.ClosedAt, d.UpdatedAt, d.Version);
}
