using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Forecasting;
using Tandem.Application.Identity;
using Tandem.Domain.Architecture;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Delivery;
using Tandem.Domain.Integrations;
using Tandem.Domain.Nfrs;
using Tandem.Domain.Products;

namespace Tandem.Application.Milestones;

/// <summary>
/// Milestones and their technical gates. The Technical Project Manager plans a milestone (date, criteria,
/// owner, release, target confidence, scope), links its prerequisites (decision records to accept,
/// interfaces to go live, NFRs to verify; its spikes are the Spike items of its scope) and plans its gates,
/// each due no later than the milestone. Each gate is decided by its own role; anyone on the team ticks a
/// checklist. A "go" (or marking the milestone achieved) waits until every prerequisite is met and every
/// other gate passed, and says which are not. Every change of the TPM's is one decision in the log.
/// </summary>
public sealed class MilestonesFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, ProductNumbers numbers, TimeProvider clock,
    DeliveryForecasts forecasts)
{
    public const string Sequence = "milestones";
    public const int MaxPerProduct = 200;
    public const int MaxScopeItems = 200;
    public const int MaxLinks = 50;
    public const string SubjectType = "milestone";

    /// <summary>Who decides each kind of gate.</summary>
    public static Operation OperationFor(GateKind kind) => kind switch
    {
        GateKind.DesignReview => Operations.Gates.DesignReview,
        GateKind.QaSignOff => Operations.Gates.QaSignOff,
        GateKind.SecurityReview => Operations.Gates.SecurityReview,
        _ => Operations.Gates.GoNoGo,
    };

    public static readonly IReadOnlyList<Operation> GateOperations =
        [Operations.Gates.GoNoGo, Operations.Gates.DesignReview, Operations.Gates.QaSignOff, Operations.Gates.SecurityReview];

    public static string DeciderOf(GateKind kind) => kind switch
    {
        GateKind.QaSignOff => "Tech Lead or a developer",
        GateKind.GoNoGo => "Technical Project Manager",
        _ => "Tech Lead",
    };

    public async Task<Result<IReadOnlyList<MilestoneDto>>> ListAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var rows = await db.Milestones.AsNoTracking().Where(m => m.ProductId == product.Id).OrderBy(m => m.Date).ThenBy(m => m.Number)
            .Take(MaxPerProduct).ToListAsync(ct);
        return await DtosAsync(rows, new Dictionary<Guid, string> { [product.Id] = product.Key }, ct);
    }

    public async Task<Result<MilestoneDto>> GetAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await DtoAsync(found.Entity, found.Product, ct);
    }

    public async Task<Result<MilestoneDto>> GetByNumberAsync(string productKey, int number, CancellationToken ct)
    {
        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var row = await db.Milestones.AsNoTracking().FirstOrDefaultAsync(m => m.ProductId == product.Id && m.Number == number, ct);
        if (row is null) return Error.NotFound($"There is no milestone {number} on {product.Key}.");
        return (await DtosAsync([row], new Dictionary<Guid, string> { [product.Id] = product.Key }, ct))[0];
    }

    /// <summary>The program view: every milestone of every product the person may read, filtered by product key and team, lowest confidence first.</summary>
    public async Task<ProgramMilestones> ProgramAsync(string? productKey, Guid? teamId, CancellationToken ct)
    {
        var products = await db.Products.AsNoTracking().OrderBy(p => p.Key).Take(500).ToListAsync(ct);
        var readable = new List<Product>();
        foreach (var p in products)
            if (await rights.IsAllowedAsync(p, Operations.Products.Read, ct)) readable.Add(p);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Take(200).Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        var wanted = readable.Select(p => p.Id).ToList();
        if (!string.IsNullOrWhiteSpace(productKey))
        {
            var key = Product.NormalizeKey(productKey);
            wanted = readable.Where(p => p.Key == key).Select(p => p.Id).ToList();
        }
        if (teamId is { } team)
        {
            var ofTeam = await db.TeamProducts.AsNoTracking().Where(t => t.TeamId == team).Select(t => t.ProductId).ToListAsync(ct);
            wanted = wanted.Intersect(ofTeam).ToList();
        }
        var rows = wanted.Count == 0 ? [] : await db.Milestones.AsNoTracking().Where(m => wanted.Contains(m.ProductId))
            .OrderBy(m => m.Date).Take(MaxPerProduct).ToListAsync(ct);
        var dtos = await DtosAsync(rows, readable.ToDictionary(p => p.Id, p => p.Key), ct);
        var ordered = dtos.OrderBy(d => d.Status == "planned" ? 0 : 1).ThenBy(d => d.Forecast.Confidence is null ? 1 : 0)
            .ThenBy(d => d.Forecast.Confidence).ThenBy(d => d.Date).ToList();
        return new ProgramMilestones(ordered, readable.Select(p => new ProgramFilter(p.Key, p.Name)).ToList(),
            teams.Select(t => new ProgramFilter(t.Id.ToString(), t.Name)).ToList());
    }

    public async Task<Result<MilestoneDto>> CreateAsync(string productKey, CreateMilestoneRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Delivery.EditSchedule, ct)).Failed(out var refused, out var product)) return refused;
        var validation = new Validation();
        var date = Dates.Required(request.Date, "date", validation);
        await CheckOwnerAndReleaseAsync(product, request.OwnerId, request.ReleaseId, validation, ct);
        var items = await ItemsAsync(product, request.ItemKeys, "itemKeys", validation, ct);
        var now = clock.GetUtcNow();
        var ownerId = request.OwnerId ?? me.UserId;
        var probe = Rules.Create(() => Milestone.Plan(product.WorkspaceId, product.Id, 0, request.Name, date ?? new DateOnly(2000, 1, 1), request.Criteria, ownerId,
            request.ReleaseId, request.TargetConfidence, me.UserId, now));
        if (validation.Include(probe.Error).Result is { } invalid) return invalid;
        return await numbers.InTransactionAsync<MilestoneDto>(async () =>
        {
            var number = await numbers.NextAsync(product, Sequence, c => db.Milestones.Where(m => m.ProductId == product.Id).MaxAsync(m => (int?)m.Number, c), ct);
            var milestone = Milestone.Plan(product.WorkspaceId, product.Id, number, request.Name, date!.Value, request.Criteria, ownerId,
                request.ReleaseId, request.TargetConfidence, me.UserId, now);
            if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                    $"Planned milestone {number} \"{milestone.Name}\" for {milestone.Date:yyyy-MM-dd}", SubjectType, Key(milestone)), ct) is { } no) return no;
            db.Milestones.Add(milestone);
            foreach (var item in items) db.MilestoneScope.Add(MilestoneScope.Of(milestone, item.Id));
            if (await db.SaveOrConflictAsync("A milestone was planned at the same moment; try again.", ct) is { } conflict) return conflict;
            return await DtoAsync(milestone, product, ct);
        }, ct);
    }

    public async Task<Result<MilestoneDto>> UpdateAsync(Guid id, UpdateMilestoneRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Delivery.EditSchedule, ct)).Failed(out var error, out var found)) return error;
        var (milestone, product) = found;
        if (Stale(milestone, ifMatch) is { } stale) return stale;
        var validation = new Validation();
        var date = request.Date is null ? milestone.Date : Dates.Required(request.Date, "date", validation);
        var status = EnumText.Optional<MilestoneStatus>(request.Status, "status", validation) ?? milestone.Status;
        await CheckOwnerAndReleaseAsync(product, request.OwnerId, request.ReleaseId, validation, ct);
        if (date is { } d && d != milestone.Date) await CheckGatesBeforeAsync(milestone, d, validation, ct);
        if (validation.Result is { } bad) return bad;
        if (status == MilestoneStatus.Achieved && milestone.Status != MilestoneStatus.Achieved)
        {
            var blockers = await BlockersAsync(milestone, null, ct);
            if (blockers.Count > 0)
                return Error.Conflict($"Milestone {milestone.Number} cannot be marked achieved yet: {string.Join("; ", blockers)}.");
        }
        var now = clock.GetUtcNow();
        if (Rules.Apply(() =>
            {
                milestone.Change(request.Name, date!.Value, request.Criteria, request.OwnerId ?? milestone.OwnerId, request.ReleaseId, request.TargetConfidence, now);
                if (status != milestone.Status) milestone.SetStatus(status, now);
            }) is { } invalid)
        {
            db.ChangeTracker.Clear();
            return invalid;
        }
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Changed milestone {milestone.Number} \"{milestone.Name}\" ({EnumText.Slug(milestone.Status)}, {milestone.Date:yyyy-MM-dd})", SubjectType, Key(milestone)), ct) is { } refused)
            return refused;
        if (await db.SaveOrStaleAsync($"Milestone {milestone.Number}", ct) is { } lost) return lost;
        return await DtoAsync(milestone, product, ct);
    }

    /// <summary>Moves the date (the TPM's decision, logged with the reason); never before one of its gates.</summary>
    public async Task<Result<MilestoneDto>> MoveDateAsync(Guid id, MoveMilestoneDateRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Delivery.EditSchedule, ct)).Failed(out var error, out var found)) return error;
        var (milestone, product) = found;
        if (Stale(milestone, ifMatch) is { } stale) return stale;
        var validation = new Validation();
        var date = Dates.Required(request.Date, "date", validation);
        if (date is { } d) await CheckGatesBeforeAsync(milestone, d, validation, ct);
        if (validation.Result is { } bad) return bad;
        var was = milestone.Date;
        milestone.MoveDate(date!.Value, clock.GetUtcNow());
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Moved milestone {milestone.Number} \"{milestone.Name}\" from {was:yyyy-MM-dd} to {milestone.Date:yyyy-MM-dd}", SubjectType, Key(milestone), Reason(request.Reason)), ct) is { } refused)
            return refused;
        if (await db.SaveOrStaleAsync($"Milestone {milestone.Number}", ct) is { } lost) return lost;
        return await DtoAsync(milestone, product, ct);
    }

    public async Task<Result<MilestoneDto>> AddScopeAsync(Guid id, MilestoneScopeRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Delivery.EditSchedule, ct)).Failed(out var error, out var found)) return error;
        var (milestone, product) = found;
        if (Stale(milestone, ifMatch) is { } stale) return stale;
        var validation = new Validation();
        var items = await ItemsAsync(product, request.ItemKeys, "itemKeys", validation, ct);
        if (items.Count == 0 && validation.IsValid) validation.Add("itemKeys", "Name at least one epic or item to add, for example [\"PAY-12\"].");
        var ids = items.Select(i => i.Id).ToList();
        var already = await db.MilestoneScope.Where(s => s.MilestoneId == milestone.Id && ids.Contains(s.ItemId)).Select(s => s.ItemId).ToListAsync(ct);
        var count = await db.MilestoneScope.CountAsync(s => s.MilestoneId == milestone.Id, ct);
        var fresh = items.Where(i => !already.Contains(i.Id)).ToList();
        if (count + fresh.Count > MaxScopeItems) validation.Add("itemKeys", $"A milestone names at most {MaxScopeItems} epics and items.");
        if (validation.Result is { } bad) return bad;
        foreach (var item in fresh) db.MilestoneScope.Add(MilestoneScope.Of(milestone, item.Id));
        milestone.Touch(clock.GetUtcNow());
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Added {Keys(fresh)} to milestone {milestone.Number} \"{milestone.Name}\"", SubjectType, Key(milestone)), ct) is { } refused)
            return refused;
        if (await db.SaveOrStaleAsync($"Milestone {milestone.Number}", ct) is { } lost) return lost;
        return await DtoAsync(milestone, product, ct);
    }

    public async Task<Result<MilestoneDto>> RemoveScopeAsync(Guid id, string itemKey, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Delivery.EditSchedule, ct)).Failed(out var error, out var found)) return error;
        var (milestone, product) = found;
        if (Stale(milestone, ifMatch) is { } stale) return stale;
        var key = (itemKey ?? "").Trim().ToUpperInvariant();
        var row = await db.MilestoneScope.Join(db.BacklogItems, s => s.ItemId, i => i.Id, (s, i) => new { s, i.Key })
            .Where(x => x.s.MilestoneId == milestone.Id && x.Key == key).Select(x => x.s).FirstOrDefaultAsync(ct);
        if (row is null) return Error.NotFound($"{key} is not in milestone {milestone.Number}'s scope.");
        db.MilestoneScope.Remove(row);
        milestone.Touch(clock.GetUtcNow());
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Took {key} out of milestone {milestone.Number} \"{milestone.Name}\"", SubjectType, Key(milestone)), ct) is { } refused)
            return refused;
        if (await db.SaveOrStaleAsync($"Milestone {milestone.Number}", ct) is { } lost) return lost;
        return await DtoAsync(milestone, product, ct);
    }

    /// <summary>Links a decision record, an interface of the integration map or an NFR of the same product.</summary>
    public async Task<Result<MilestoneDto>> LinkAsync(Guid id, LinkPrerequisiteRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Delivery.EditSchedule, ct)).Failed(out var error, out var found)) return error;
        var (milestone, product) = found;
        if (Stale(milestone, ifMatch) is { } stale) return stale;
        var validation = new Validation();
        var kind = EnumText.Required<PrerequisiteKind>(request.Kind, "kind", validation);
        if (request.Id is null) validation.Add("id", "Say which decision record, interface or NFR (its id).");
        if (validation.Result is { } bad) return bad;
        var target = request.Id!.Value;
        var label = kind switch
        {
            PrerequisiteKind.Decision => await db.ArchitectureDecisions.Where(a => a.Id == target && a.ProductId == product.Id)
                .Select(a => "ADR " + a.Number + " \"" + a.Title + "\"").FirstOrDefaultAsync(ct),
            PrerequisiteKind.Interface => await db.IntegrationInterfaces.Where(i => i.Id == target && i.ProductId == product.Id)
                .Select(i => "interface \"" + i.Name + "\"").FirstOrDefaultAsync(ct),
            _ => await db.Nfrs.Where(n => n.Id == target && n.ProductId == product.Id).Select(n => "NFR " + n.Number).FirstOrDefaultAsync(ct),
        };
        if (label is null) return Error.Invalid("id", $"There is no {EnumText.Slug(kind!.Value)} {target} on {product.Key}.");
        if (await db.MilestoneLinks.AnyAsync(l => l.MilestoneId == milestone.Id && l.Kind == kind && l.TargetId == target, ct))
            return Error.Conflict($"Milestone {milestone.Number} already depends on {label}.");
        if (await db.MilestoneLinks.CountAsync(l => l.MilestoneId == milestone.Id, ct) >= MaxLinks)
            return Error.Invalid("id", $"A milestone links at most {MaxLinks} prerequisites.");
        db.MilestoneLinks.Add(MilestoneLink.Of(milestone, kind!.Value, target));
        milestone.Touch(clock.GetUtcNow());
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Milestone {milestone.Number} \"{milestone.Name}\" now depends on {label}", SubjectType, Key(milestone)), ct) is { } refused)
            return refused;
        if (await db.SaveOrStaleAsync($"Milestone {milestone.Number}", ct) is { } lost) return lost;
        return await DtoAsync(milestone, product, ct);
    }

    public async Task<Result<MilestoneDto>> UnlinkAsync(Guid id, Guid targetId, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Delivery.EditSchedule, ct)).Failed(out var error, out var found)) return error;
        var (milestone, product) = found;
        if (Stale(milestone, ifMatch) is { } stale) return stale;
        var links = await db.MilestoneLinks.Where(l => l.MilestoneId == milestone.Id && l.TargetId == targetId).ToListAsync(ct);
        if (links.Count == 0) return Error.NotFound($"Milestone {milestone.Number} does not depend on {targetId}.");
        db.MilestoneLinks.RemoveRange(links);
        milestone.Touch(clock.GetUtcNow());
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Milestone {milestone.Number} \"{milestone.Name}\" no longer depends on {EnumText.Slug(links[0].Kind)} {targetId}", SubjectType, Key(milestone)), ct) is { } refused)
            return refused;
        if (await db.SaveOrStaleAsync($"Milestone {milestone.Number}", ct) is { } lost) return lost;
        return await DtoAsync(milestone, product, ct);
    }

    /// <summary>Plans a gate (one of each kind) with its checklist, due no later than the milestone.</summary>
    public async Task<Result<MilestoneDto>> PlanGateAsync(Guid id, PlanGateRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Delivery.EditSchedule, ct)).Failed(out var error, out var found)) return error;
        var (milestone, product) = found;
        if (Stale(milestone, ifMatch) is { } stale) return stale;
        var validation = new Validation();
        var kind = EnumText.Required<GateKind>(request.Kind, "kind", validation);
        var due = Dates.Required(request.DueOn, "dueOn", validation);
        var lines = (request.Checklist ?? []).Select(l => (l ?? "").Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count > GateChecklistItem.MaxPerGate) validation.Add("checklist", $"A checklist has at most {GateChecklistItem.MaxPerGate} lines.");
        var now = clock.GetUtcNow();
        Gate? gate = null;
        if (kind is { } k && due is { } d)
            validation.Include(Rules.Create(() => gate = Gate.Plan(milestone, k, d, now)).Error);
        if (gate is not null)
            for (var i = 0; i < lines.Count; i++)
            {
                var position = i;
                validation.Include(Rules.Create(() => GateChecklistItem.Of(gate, position, lines[position], now)).Error);
            }
        if (validation.Result is { } bad) return bad;
        if (await db.Gates.AnyAsync(g => g.MilestoneId == milestone.Id && g.Kind == kind, ct))
            return Error.Conflict($"Milestone {milestone.Number} already has a {Gate.Describe(kind!.Value)}.");
        db.Gates.Add(gate!);
        for (var i = 0; i < lines.Count; i++) db.GateChecklist.Add(GateChecklistItem.Of(gate!, i, lines[i], now));
        milestone.Touch(now);
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Planned the {Gate.Describe(gate!.Kind)} of milestone {milestone.Number} \"{milestone.Name}\" for {gate.DueOn:yyyy-MM-dd}", SubjectType, Key(milestone)), ct) is { } refused)
            return refused;
        if (await db.SaveOrConflictAsync($"Milestone {milestone.Number}'s {Gate.Describe(gate.Kind)} was planned at the same moment.", ct) is { } lost) return lost;
        return await DtoAsync(milestone, product, ct);
    }

    /// <summary>
    /// Passes or fails a gate (its own decider, logged). A gate passes only with its checklist ticked; the
    /// go/no-go's "go" also waits for every prerequisite and every other gate, naming those that are not there yet.
    /// </summary>
    public async Task<Result<MilestoneDto>> DecideGateAsync(Guid gateId, DecideGateRequest request, int? ifMatch, CancellationToken ct)
    {
        var gate = await db.Gates.FirstOrDefaultAsync(g => g.Id == gateId, ct);
        if (gate is null) return Error.NotFound("There is no such gate in your workspace.");
        var product = await db.Products.FirstAsync(p => p.Id == gate.ProductId, ct);
        var operation = OperationFor(gate.Kind);
        if (await rights.AuthorizeAsync(product, operation, ct) is { } notYours) return notYours;
        if (ifMatch is { } expected && expected != gate.Version)
            return Error.Stale($"The {Gate.Describe(gate.Kind)} was changed by someone else (version {gate.Version}, you sent {expected}). Reload it and try again.");
        var validation = new Validation();
        var text = (request.Status ?? "").Trim().ToLowerInvariant();
        GateStatus? status = text switch
        {
            "passed" or "pass" or "go" => GateStatus.Passed,
            "failed" or "fail" or "no-go" => GateStatus.Failed,
            _ => null,
        };
        if (status is null) validation.Add("status", text.Length == 0 ? "Say passed or failed (go or no-go)." : $"'{request.Status}' is not passed or failed (go or no-go).");
        if (validation.Result is { } bad) return bad;
        var milestone = await db.Milestones.FirstAsync(m => m.Id == gate.MilestoneId, ct);
        if (status == GateStatus.Passed)
        {
            var open = await db.GateChecklist.Where(c => c.GateId == gate.Id && !c.Done).OrderBy(c => c.Position).Select(c => c.Text).Take(5).ToListAsync(ct);
            if (open.Count > 0)
                return Error.Conflict($"The {Gate.Describe(gate.Kind)} cannot pass while its checklist is open: {string.Join("; ", open.Select(o => $"\"{o}\""))}.");
            if (gate.Kind == GateKind.GoNoGo)
            {
                var blockers = await BlockersAsync(milestone, gate.Id, ct);
                if (blockers.Count > 0) return Error.Conflict($"No go for milestone {milestone.Number} yet: {string.Join("; ", blockers)}.");
            }
        }
        var now = clock.GetUtcNow();
        if (Rules.Apply(() => gate.Decide(status!.Value, request.Note, me.UserId, now)) is { } invalid) return invalid;
        milestone.Touch(now);
        var verdict = gate.Kind == GateKind.GoNoGo ? (status == GateStatus.Passed ? "Go" : "No go") : (status == GateStatus.Passed ? "Passed" : "Failed");
        if (await rights.DecideAsync(product, operation, new DecisionRecord(
                $"{verdict}: the {Gate.Describe(gate.Kind)} of milestone {milestone.Number} \"{milestone.Name}\"", SubjectType, Key(milestone), Reason(gate.Note)), ct) is { } refused)
            return refused;
        if (await db.SaveOrStaleAsync($"The {Gate.Describe(gate.Kind)}", ct) is { } lost) return lost;
        return await DtoAsync(milestone, product, ct);
    }

    /// <summary>Ticks or unticks a checklist line (anyone on the team; not a decision, so not logged).</summary>
    public async Task<Result<MilestoneDto>> TickAsync(Guid gateId, Guid lineId, TickChecklistRequest request, CancellationToken ct)
    {
        var gate = await db.Gates.AsNoTracking().FirstOrDefaultAsync(g => g.Id == gateId, ct);
        if (gate is null) return Error.NotFound("There is no such gate in your workspace.");
        var product = await db.Products.FirstAsync(p => p.Id == gate.ProductId, ct);
        if (await rights.AuthorizeAsync(product, Operations.Gates.TickChecklist, ct) is { } refused) return refused;
        var line = await db.GateChecklist.FirstOrDefaultAsync(c => c.Id == lineId && c.GateId == gateId, ct);
        if (line is null) return Error.NotFound("There is no such line on that gate's checklist.");
        line.Tick(request.Done, me.UserId, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        var milestone = await db.Milestones.AsNoTracking().FirstAsync(m => m.Id == gate.MilestoneId, ct);
        return await DtoAsync(milestone, product, ct);
    }

    /// <summary>What stands between the milestone and a "go": unmet gating prerequisites and gates not passed (except <paramref name="exceptGate"/>).</summary>
    internal async Task<List<string>> BlockersAsync(Milestone milestone, Guid? exceptGate, CancellationToken ct)
    {
        var dto = (await DtosAsync([milestone], new Dictionary<Guid, string> { [milestone.ProductId] = "" }, ct, forecast: false))[0];
        return Blockers(dto.Prerequisites, dto.Gates.Where(g => g.Id != exceptGate).ToList());
    }

    private static List<string> Blockers(IReadOnlyList<PrerequisiteDto> prerequisites, IReadOnlyList<GateDto> gates) =>
        prerequisites.Where(p => p.Gating && !p.Met).Select(p => $"{p.Label} is {p.State}")
            .Concat(gates.Where(g => g.Status != "passed").Select(g => $"the {g.Name} is {g.Status}"))
            .ToList();

    private async Task CheckGatesBeforeAsync(Milestone milestone, DateOnly date, Validation validation, CancellationToken ct)
    {
        var late = await db.Gates.AsNoTracking().Where(g => g.MilestoneId == milestone.Id && g.DueOn > date).OrderByDescending(g => g.DueOn).ToListAsync(ct);
        if (late.Count > 0)
            validation.Add("date", $"Milestone {milestone.Number} cannot come before its own gates: {string.Join(", ", late.Select(g => $"the {Gate.Describe(g.Kind)} is due {g.DueOn:yyyy-MM-dd}"))}. Move the gates first.");
    }

    private async Task CheckOwnerAndReleaseAsync(Product product, Guid? ownerId, Guid? releaseId, Validation validation, CancellationToken ct)
    {
        if (ownerId is { } o && !await db.RoleAssignments.AnyAsync(r => r.ProductId == product.Id && r.UserId == o, ct))
            validation.Add("ownerId", $"The owner is someone with a role on {product.Key}.");
        if (releaseId is { } r && !await db.Releases.AnyAsync(x => x.Id == r && x.ProductId == product.Id, ct))
            validation.Add("releaseId", $"There is no such release of {product.Key}.");
    }

    /// <summary>Items of the product named by key; keys of another product or unknown are a field error naming them.</summary>
    internal async Task<List<(Guid Id, string Key)>> ItemsAsync(Product product, IReadOnlyList<string>? keys, string field, Validation validation, CancellationToken ct)
    {
        var wanted = (keys ?? []).Select(k => (k ?? "").Trim().ToUpperInvariant()).Where(k => k.Length > 0).Distinct().ToList();
        if (wanted.Count == 0) return [];
        if (wanted.Count > MaxScopeItems)
        {
            validation.Add(field, $"Name at most {MaxScopeItems} items.");
            return [];
        }
        var found = await db.BacklogItems.AsNoTracking().Where(i => wanted.Contains(i.Key)).Select(i => new { i.Id, i.Key, i.ProductId }).ToListAsync(ct);
        var elsewhere = found.Where(f => f.ProductId != product.Id).Select(f => f.Key).ToList();
        if (elsewhere.Count > 0) validation.Add(field, $"{string.Join(", ", elsewhere)} {(elsewhere.Count == 1 ? "is an item" : "are items")} of another product, not of {product.Key}.");
        var missing = wanted.Except(found.Select(f => f.Key)).ToList();
        if (missing.Count > 0) validation.Add(field, $"There is no item {string.Join(", ", missing)} on {product.Key}.");
        return found.Where(f => f.ProductId == product.Id).Select(f => (f.Id, f.Key)).ToList();
    }

    internal static Error? Stale(Milestone milestone, int? ifMatch) => ifMatch is { } expected && expected != milestone.Version
        ? Error.Stale($"Milestone {milestone.Number} was changed by someone else (version {milestone.Version}, you sent {expected}). Reload it and try again.")
        : null;

    internal static string Key(Milestone milestone) => milestone.Number.ToString(CultureInfo.InvariantCulture);

    private static string? Reason(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Keys(List<(Guid Id, string Key)> items) => items.Count == 0 ? "nothing new" : string.Join(", ", items.Select(i => i.Key));

    internal Task<Result<Owned<Milestone>>> LoadAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<Milestone>(m => m.Id == id, operation, "There is no such milestone in your workspace.", ct);

    internal async Task<MilestoneDto> DtoAsync(Milestone milestone, Product product, CancellationToken ct) =>
        (await DtosAsync([milestone], new Dictionary<Guid, string> { [product.Id] = product.Key }, ct))[0];

    /// <summary>Builds the DTOs of many milestones in a fixed number of queries (plus one throughput read per product).</summary>
    internal async Task<List<MilestoneDto>> DtosAsync(IReadOnlyList<Milestone> rows, IReadOnlyDictionary<Guid, string> productKeys, CancellationToken ct, bool forecast = true)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToList();
        var named = await db.MilestoneScope.AsNoTracking().Where(s => ids.Contains(s.MilestoneId))
            .Join(db.BacklogItems, s => s.ItemId, i => i.Id, (s, i) => new { s.MilestoneId, i.Id, i.Key, i.Number, i.Title, i.Type, i.Status })
            .ToListAsync(ct);
        var epicIds = named.Where(n => n.Type == ItemType.Epic).Select(n => n.Id).Distinct().ToList();
        var children = epicIds.Count == 0 ? [] : await db.BacklogItems.AsNoTracking().Where(i => i.EpicId != null && epicIds.Contains(i.EpicId.Value))
            .Select(i => new { EpicId = i.EpicId!.Value, i.Id, i.Key, i.Number, i.Title, i.Type, i.Status }).Take(5000).ToListAsync(ct);
        var gates = await db.Gates.AsNoTracking().Where(g => ids.Contains(g.MilestoneId)).ToListAsync(ct);
        var gateIds = gates.Select(g => g.Id).ToList();
        var lines = gateIds.Count == 0 ? [] : await db.GateChecklist.AsNoTracking().Where(c => gateIds.Contains(c.GateId)).OrderBy(c => c.Position).ToListAsync(ct);
        var links = await db.MilestoneLinks.AsNoTracking().Where(l => ids.Contains(l.MilestoneId)).ToListAsync(ct);
        var adrIds = links.Where(l => l.Kind == PrerequisiteKind.Decision).Select(l => l.TargetId).ToList();
        var faceIds = links.Where(l => l.Kind == PrerequisiteKind.Interface).Select(l => l.TargetId).ToList();
        var nfrIds = links.Where(l => l.Kind == PrerequisiteKind.Nfr).Select(l => l.TargetId).ToList();
        var adrs = adrIds.Count == 0 ? [] : await db.ArchitectureDecisions.AsNoTracking().Where(a => adrIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Number, a.Title, a.Status }).ToDictionaryAsync(a => a.Id, ct);
        var faces = faceIds.Count == 0 ? [] : await db.IntegrationInterfaces.AsNoTracking().Where(i => faceIds.Contains(i.Id))
            .Select(i => new { i.Id, i.Name, i.Status }).ToDictionaryAsync(i => i.Id, ct);
        var nfrs = nfrIds.Count == 0 ? [] : await db.Nfrs.AsNoTracking().Where(n => nfrIds.Contains(n.Id))
            .Select(n => new { n.Id, n.Number, n.Statement, n.LatestResult }).ToDictionaryAsync(n => n.Id, ct);
        var releaseIds = rows.Where(r => r.ReleaseId is not null).Select(r => r.ReleaseId!.Value).Distinct().ToList();
        var releases = releaseIds.Count == 0 ? [] : await db.Releases.AsNoTracking().Where(r => releaseIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var tradeOffs = await db.TradeOffs.AsNoTracking().Where(t => ids.Contains(t.MilestoneId)).OrderByDescending(t => t.OpenedAt)
            .Select(t => new { t.Id, t.MilestoneId, t.Status }).Take(1000).ToListAsync(ct);
        var names = await db.DisplayNamesAsync(rows.Select(r => r.OwnerId).OfType<Guid>()
            .Concat(gates.Select(g => g.DecidedById).OfType<Guid>()).Concat(lines.Select(l => l.DoneById).OfType<Guid>()), ct);
        PersonSummary Person(Guid id) => new(id, names.GetValueOrDefault(id, "someone"));

        var histories = new Dictionary<Guid, ThroughputHistory>();
        if (forecast)
            foreach (var productId in rows.Select(r => r.ProductId).Distinct())
                histories[productId] = await forecasts.ThroughputAsync(await forecasts.TeamsOfAsync(productId, ct), null, ct);

        var result = new List<MilestoneDto>(rows.Count);
        foreach (var m in rows)
        {
            var direct = named.Where(n => n.MilestoneId == m.Id).ToList();
            var directIds = direct.Select(d => d.Id).ToHashSet();
            var scope = direct.Select(d => new MilestoneScopeEntry(d.Id, d.Key, d.Title, EnumText.Slug(d.Type), EnumText.Slug(d.Status), IsDone(d.Status), false))
                .Concat(children.Where(c => directIds.Contains(c.EpicId) && !directIds.Contains(c.Id)).DistinctBy(c => c.Id)
                    .Select(c => new MilestoneScopeEntry(c.Id, c.Key, c.Title, EnumText.Slug(c.Type), EnumText.Slug(c.Status), IsDone(c.Status), true)))
                .OrderBy(s => s.ViaEpic).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
            var work = scope.Where(s => s.Type != "epic").ToList();
            var total = work.Count;
            var open = work.Count(s => !s.Done);
            var fc = forecast
                ? forecasts.Forecast(m, total, open, histories[m.ProductId], DeliveryForecasts.DefaultSeed)
                : new MilestoneForecast(m.Id, open, total, m.Date, null, null, null, null, m.TargetConfidence, false, "");
            var gateDtos = gates.Where(g => g.MilestoneId == m.Id).OrderBy(g => g.DueOn).ThenBy(g => g.Kind)
                .Select(g => new GateDto(g.Id, g.MilestoneId, EnumText.Slug(g.Kind), Gate.Describe(g.Kind), DeciderOf(g.Kind), g.DueOn, EnumText.Slug(g.Status), g.Note,
                    g.DecidedById is { } by ? Person(by) : null, g.DecidedAt,
                    lines.Where(l => l.GateId == g.Id).Select(l => new GateChecklistDto(l.Id, l.Text, l.Done, l.DoneById is { } d ? Person(d) : null)).ToList(), g.Version))
                .ToList();
            var prerequisites = new List<PrerequisiteDto>();
            foreach (var l in links.Where(l => l.MilestoneId == m.Id))
            {
                switch (l.Kind)
                {
                    case PrerequisiteKind.Decision when adrs.TryGetValue(l.TargetId, out var a):
                        prerequisites.Add(new("decision", a.Id, $"ADR {a.Number} \"{a.Title}\"", EnumText.Slug(a.Status), a.Status == DecisionStatus.Accepted, true));
                        break;
                    case PrerequisiteKind.Interface when faces.TryGetValue(l.TargetId, out var f):
                        prerequisites.Add(new("interface", f.Id, $"interface \"{f.Name}\"", EnumText.Slug(f.Status), f.Status == InterfaceStatus.Live, true));
                        break;
                    case PrerequisiteKind.Nfr when nfrs.TryGetValue(l.TargetId, out var n):
                        var verified = n.LatestResult ?? NfrResult.NotVerified;
                        prerequisites.Add(new("nfr", n.Id, $"NFR {n.Number} \"{n.Statement}\"", EnumText.Slug(verified), verified == NfrResult.Met, false));
                        break;
                }
            }
            prerequisites.AddRange(scope.Where(s => s.Type == "spike")
                .Select(s => new PrerequisiteDto("spike", s.Id, $"spike {s.Key} \"{s.Title}\"", s.Status, s.Done, true)));
            var tradeOffIds = tradeOffs.Where(t => t.MilestoneId == m.Id).ToList();
            result.Add(new MilestoneDto(m.Id, productKeys.GetValueOrDefault(m.ProductId, ""), m.Number, m.Name, m.Date, m.Criteria, EnumText.Slug(m.Status),
                m.OwnerId is { } o ? Person(o) : null, m.ReleaseId, m.ReleaseId is { } r ? releases.GetValueOrDefault(r) : null, m.TargetConfidence,
                scope, fc, gateDtos, prerequisites, Blockers(prerequisites, gateDtos.Where(g => g.Kind != "go-no-go").ToList()),
                tradeOffIds.FirstOrDefault(t => t.Status == TradeOffStatus.Open)?.Id, tradeOffIds.Select(t => t.Id).ToList(), m.Version));
        }
        return result;
    }

    private static bool IsDone(ItemStatus status) => status is ItemStatus.Done or ItemStatus.Accepted;
}
