using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Forecasting;
using Tandem.Application.Identity;
using Tandem.Application.Milestones;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Delivery;
using Tandem.Domain.Feedback;
using Tandem.Domain.Products;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.TradeOffs;

/// <summary>
/// Options of a new trade-off: <c>moveDate</c> (YYYY-MM-DD, after the milestone), <c>cutItems</c> (keys of items in the
/// milestone's scope), <c>addCapacityPercent</c> or <c>addCapacityItemsPerWeek</c>; at least one.
/// </summary>
public sealed record OpenTradeOffRequest(string? Reason, string? MoveDate, IReadOnlyList<string>? CutItems, int? AddCapacityPercent, int? AddCapacityItemsPerWeek);

/// <summary>The Product Owner's side: <c>removeItems</c> (keys named in the milestone's scope) or <c>noChange</c>, and why.</summary>
public sealed record ScopeDecisionRequest(IReadOnlyList<string>? RemoveItems, bool? NoChange, string? Reason);

/// <summary>The TPM's side: the new <c>date</c> (YYYY-MM-DD) or <c>noChange</c>, and why.</summary>
public sealed record DateDecisionRequest(string? Date, bool? NoChange, string? Reason);

/// <summary>One option with its forecast: <c>kind</c> move-date, cut-scope or add-capacity; confidence of meeting the (moved) date with it applied.</summary>
public sealed record TradeOffOptionDto(string Kind, string Description, DateOnly? Date, IReadOnlyList<string> Items, int? CapacityPercent, int? CapacityItemsPerWeek,
    int OpenItems, int? Confidence, DateOnly? P50, DateOnly? P85, DateOnly? P95);

public sealed record TradeOffSideDto(bool Decided, bool NoChange, string? Reason, PersonSummary? By, DateTimeOffset? At, IReadOnlyList<string> RemovedItems, DateOnly? Date);

/// <summary>A trade-off: the milestone, its forecast now, the options with theirs, and each side's decision (scope: Product Owner; date: TPM).</summary>
public sealed record TradeOffDto(Guid Id, string ProductKey, Guid MilestoneId, int MilestoneNumber, string MilestoneName, DateOnly MilestoneDate, string Status,
    string Reason, int? ConfidenceAtOpen, int TargetConfidence, MilestoneForecast Forecast, IReadOnlyList<TradeOffOptionDto> Options,
    IReadOnlyList<MilestoneScopeEntry> Scope, TradeOffSideDto ScopeSide, TradeOffSideDto DateSide, string ScopeDecidedBy, string DateDecidedBy,
    PersonSummary OpenedBy, DateTimeOffset OpenedAt, int Version) : IVersioned;

/// <summary>
/// Scope–date trade-offs. The TPM opens one on a milestone whose confidence is below its target (or
/// cannot be forecast), with options each forecast by replaying the teams' throughput with it applied. The
/// Product Owner decides which items leave the milestone (<see cref="Operations.TradeOffs.DecideScope"/>),
/// the TPM the date (<see cref="Operations.Delivery.EditSchedule"/>); each is logged once against the
/// trade-off (subject "trade-off", its id). When both sides have decided it closes, and the milestone's
/// stakeholders and owner are told.
/// </summary>
public sealed class TradeOffsFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock, DeliveryForecasts forecasts,
    MilestonesFeature milestones)
{
    public const string SubjectType = "trade-off";

    public async Task<Result<TradeOffDto>> OpenAsync(Guid milestoneId, OpenTradeOffRequest request, CancellationToken ct)
    {
        if ((await milestones.LoadAsync(milestoneId, Operations.Delivery.EditSchedule, ct)).Failed(out var error, out var found)) return error;
        var (milestone, product) = found;
        var validation = new Validation();
        var moveTo = Dates.Optional(request.MoveDate, "moveDate", validation);
        var cut = await milestones.ItemsAsync(product, request.CutItems, "cutItems", validation, ct);
        var dto = await milestones.DtoAsync(milestone, product, ct);
        var direct = dto.Scope.Where(s => !s.ViaEpic).Select(s => s.Id).ToHashSet();
        var outside = cut.Where(c => !direct.Contains(c.Id)).Select(c => c.Key).ToList();
        if (outside.Count > 0) validation.Add("cutItems", $"{string.Join(", ", outside)} {(outside.Count == 1 ? "is" : "are")} not named in milestone {milestone.Number}'s scope.");
        var now = clock.GetUtcNow();
        var probe = Rules.Create(() => TradeOff.Open(milestone, request.Reason, dto.Forecast.Confidence, moveTo, cut.Count > 0, request.AddCapacityPercent,
            request.AddCapacityItemsPerWeek, me.UserId, now));
        if (validation.Include(probe.Error).Result is { } bad) return bad;
        if (milestone.Status != MilestoneStatus.Planned) return Error.Conflict($"Milestone {milestone.Number} is {EnumText.Slug(milestone.Status)}; there is nothing to trade off.");
        if (dto.Forecast.Confidence is { } c && c >= milestone.TargetConfidence)
            return Error.Conflict($"Milestone {milestone.Number} is forecast at {c} %, not below its target of {milestone.TargetConfidence} %: no trade-off is due.");
        if (dto.OpenTradeOffId is not null) return Error.Conflict($"Milestone {milestone.Number} already has an open trade-off; decide that one first.");
        var tradeOff = probe.Value!;
        db.TradeOffs.Add(tradeOff);
        foreach (var item in cut) db.TradeOffItems.Add(TradeOffItem.Of(tradeOff, item.Id, proposed: true, removed: false));
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Opened a trade-off on milestone {milestone.Number} \"{milestone.Name}\" ({Confidence(dto.Forecast.Confidence)} against a target of {milestone.TargetConfidence} %)",
                SubjectType, tradeOff.Id.ToString(), string.IsNullOrEmpty(tradeOff.Reason) ? null : tradeOff.Reason), ct) is { } refused)
            return refused;
        await NotifyAsync(product, milestone, tradeOff, $"{me.DisplayName} opened a trade-off on milestone {milestone.Number} \"{milestone.Name}\" ({Confidence(dto.Forecast.Confidence)} against {milestone.TargetConfidence} %).", now, ct);
        if (await db.SaveOrConflictAsync("A trade-off was opened on this milestone at the same moment.", ct) is { } conflict) return conflict;
        return await DtoAsync(tradeOff, product, ct);
    }

    public async Task<Result<TradeOffDto>> GetAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await DtoAsync(found.Entity, found.Product, ct);
    }

    /// <summary>The Product Owner's side: which items leave the milestone (named in its scope, of its product), or no change.</summary>
    public async Task<Result<TradeOffDto>> DecideScopeAsync(Guid id, ScopeDecisionRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.TradeOffs.DecideScope, ct)).Failed(out var error, out var found)) return error;
        var (tradeOff, product) = found;
        if (Stale(tradeOff, ifMatch) is { } stale) return stale;
        if (tradeOff.ScopeDecided) return Error.Conflict($"The scope side of this trade-off was already decided on {tradeOff.ScopeDecidedAt:yyyy-MM-dd}.");
        var milestone = await db.Milestones.FirstAsync(m => m.Id == tradeOff.MilestoneId, ct);
        var validation = new Validation();
        var noChange = request.NoChange == true;
        var remove = await milestones.ItemsAsync(product, request.RemoveItems, "removeItems", validation, ct);
        if (noChange && remove.Count > 0) validation.Add("removeItems", "Either name the items that leave the milestone or say noChange, not both.");
        if (!noChange && remove.Count == 0 && validation.IsValid) validation.Add("removeItems", "Name the items that leave the milestone, or say noChange.");
        var ids = remove.Select(r => r.Id).ToList();
        var rows = await db.MilestoneScope.Where(s => s.MilestoneId == milestone.Id && ids.Contains(s.ItemId)).ToListAsync(ct);
        var outside = remove.Where(r => rows.All(s => s.ItemId != r.Id)).Select(r => r.Key).ToList();
        if (outside.Count > 0) validation.Add("removeItems", $"{string.Join(", ", outside)} {(outside.Count == 1 ? "is" : "are")} not named in milestone {milestone.Number}'s scope.");
        if (validation.Result is { } bad) return bad;
        var now = clock.GetUtcNow();
        if (Rules.Apply(() => tradeOff.DecideScope(noChange, request.Reason, me.UserId, now)) is { } invalid) return invalid;
        db.MilestoneScope.RemoveRange(rows);
        var known = await db.TradeOffItems.Where(t => t.TradeOffId == tradeOff.Id && ids.Contains(t.ItemId)).ToListAsync(ct);
        foreach (var item in remove)
        {
            if (known.FirstOrDefault(k => k.ItemId == item.Id) is { } k) k.MarkRemoved();
            else db.TradeOffItems.Add(TradeOffItem.Of(tradeOff, item.Id, proposed: false, removed: true));
        }
        if (!noChange) milestone.Touch(now);
        var summary = noChange
            ? $"Kept the scope of milestone {milestone.Number} \"{milestone.Name}\" in the trade-off"
            : $"Cut {string.Join(", ", remove.Select(r => r.Key))} from milestone {milestone.Number} \"{milestone.Name}\" in the trade-off";
        if (await rights.DecideAsync(product, Operations.TradeOffs.DecideScope, new DecisionRecord(summary, SubjectType, tradeOff.Id.ToString(), Reason(request.Reason)), ct) is { } refused)
            return refused;
        if (tradeOff.Status == TradeOffStatus.Closed) await ClosedAsync(product, milestone, tradeOff, now, ct);
        if (await db.SaveOrStaleAsync("This trade-off", ct) is { } lost) return lost;
        return await DtoAsync(tradeOff, product, ct);
    }

    /// <summary>The TPM's side: the milestone's new date (never before its gates), or no change.</summary>
    public async Task<Result<TradeOffDto>> DecideDateAsync(Guid id, DateDecisionRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Delivery.EditSchedule, ct)).Failed(out var error, out var found)) return error;
        var (tradeOff, product) = found;
        if (Stale(tradeOff, ifMatch) is { } stale) return stale;
        if (tradeOff.DateDecided) return Error.Conflict($"The date side of this trade-off was already decided on {tradeOff.DateDecidedAt:yyyy-MM-dd}.");
        var milestone = await db.Milestones.FirstAsync(m => m.Id == tradeOff.MilestoneId, ct);
        var validation = new Validation();
        var noChange = request.NoChange == true;
        DateOnly? date = null;
        if (noChange && !string.IsNullOrWhiteSpace(request.Date)) validation.Add("date", "Either give the new date or say noChange, not both.");
        else if (!noChange) date = Dates.Required(request.Date, "date", validation);
        if (date is { } d)
        {
            var late = await db.Gates.AsNoTracking().Where(g => g.MilestoneId == milestone.Id && g.DueOn > d).ToListAsync(ct);
            if (late.Count > 0)
                validation.Add("date", $"Milestone {milestone.Number} cannot come before its own gates: {string.Join(", ", late.Select(g => $"the {Gate.Describe(g.Kind)} is due {g.DueOn:yyyy-MM-dd}"))}.");
        }
        if (validation.Result is { } bad) return bad;
        var now = clock.GetUtcNow();
        if (Rules.Apply(() => tradeOff.DecideDate(date, request.Reason, me.UserId, now)) is { } invalid) return invalid;
        var was = milestone.Date;
        if (date is { } moved && moved != was) milestone.MoveDate(moved, now);
        var summary = date is null
            ? $"Kept the date of milestone {milestone.Number} \"{milestone.Name}\" ({was:yyyy-MM-dd}) in the trade-off"
            : $"Moved milestone {milestone.Number} \"{milestone.Name}\" from {was:yyyy-MM-dd} to {date:yyyy-MM-dd} in the trade-off";
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(summary, SubjectType, tradeOff.Id.ToString(), Reason(request.Reason)), ct) is { } refused)
            return refused;
        if (tradeOff.Status == TradeOffStatus.Closed) await ClosedAsync(product, milestone, tradeOff, now, ct);
        if (await db.SaveOrStaleAsync("This trade-off", ct) is { } lost) return lost;
        return await DtoAsync(tradeOff, product, ct);
    }

    private Task ClosedAsync(Product product, Milestone milestone, TradeOff tradeOff, DateTimeOffset now, CancellationToken ct)
    {
        var scope = tradeOff.ScopeNoChange ? "scope unchanged" : "scope cut";
        var date = tradeOff.DecidedDate is { } d ? $"date moved to {d:yyyy-MM-dd}" : "date unchanged";
        return NotifyAsync(product, milestone, tradeOff, $"The trade-off on milestone {milestone.Number} \"{milestone.Name}\" is decided: {scope}, {date}.", now, ct);
    }

    /// <summary>Tells the milestone's stakeholders (the product's Stakeholder role) and its owner, not the person acting.</summary>
    private async Task NotifyAsync(Product product, Milestone milestone, TradeOff tradeOff, string text, DateTimeOffset now, CancellationToken ct)
    {
        var people = await db.RoleAssignments.Where(r => r.ProductId == product.Id && r.Role == Role.Stakeholder).Select(r => r.UserId).Distinct().Take(50).ToListAsync(ct);
        if (milestone.OwnerId is { } owner) people.Add(owner);
        foreach (var person in people.Distinct().Where(p => p != me.UserId))
            db.Notifications.Add(Notification.To(product.WorkspaceId, person, text, $"/delivery/trade-offs/{tradeOff.Id}", now));
    }

    private Task<Result<Owned<TradeOff>>> LoadAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<TradeOff>(t => t.Id == id, operation, "There is no such trade-off in your workspace.", ct);

    private static Error? Stale(TradeOff tradeOff, int? ifMatch) => ifMatch is { } expected && expected != tradeOff.Version
        ? Error.Stale($"This trade-off was changed by someone else (version {tradeOff.Version}, you sent {expected}). Reload it and try again.")
        : null;

    private static string Confidence(int? confidence) => confidence is { } c ? $"{c} % confidence" : "no forecast";

    private static string? Reason(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    internal async Task<TradeOffDto> DtoAsync(TradeOff t, Product product, CancellationToken ct)
    {
        var milestone = await db.Milestones.AsNoTracking().FirstAsync(m => m.Id == t.MilestoneId, ct);
        var dto = await milestones.DtoAsync(milestone, product, ct);
        var items = await db.TradeOffItems.AsNoTracking().Where(i => i.TradeOffId == t.Id)
            .Join(db.BacklogItems, i => i.ItemId, b => b.Id, (i, b) => new { i.ItemId, b.Key, b.Status, i.Proposed, i.Removed }).ToListAsync(ct);
        var history = await forecasts.ThroughputAsync(await forecasts.TeamsOfAsync(product.Id, ct), null, ct);
        var open = dto.Forecast.OpenItems;
        var options = new List<TradeOffOptionDto>();
        if (t.ProposedDate is { } date)
            options.Add(Option("move-date", $"Move the date to {date:yyyy-MM-dd}", date, [], null, null, open, history.Weekly, history.HasHistory, date));
        var proposed = items.Where(i => i.Proposed).ToList();
        if (proposed.Count > 0)
        {
            // Items already cut are no longer in the open scope, so only those still in it lighten the load.
            var stillOpen = proposed.Count(p => !p.Removed && dto.Scope.Any(s => s.Id == p.ItemId && !s.Done));
            options.Add(Option("cut-scope", $"Cut {string.Join(", ", proposed.Select(p => p.Key))}", null, proposed.Select(p => p.Key).ToList(), null, null,
                Math.Max(0, open - stillOpen), history.Weekly, history.HasHistory, milestone.Date));
        }
        if (t.CapacityPercent is { } percent)
            options.Add(Option("add-capacity", $"Add {percent} % capacity", null, [], percent, null, open,
                history.Weekly.Select(w => (int)Math.Round(w * (1 + percent / 100.0))).ToList(), history.HasHistory, milestone.Date));
        if (t.CapacityItemsPerWeek is { } perWeek)
            options.Add(Option("add-capacity", $"Add capacity for {perWeek} more item{(perWeek == 1 ? "" : "s")} a week", null, [], null, perWeek, open,
                history.Weekly.Select(w => w + perWeek).ToList(), history.HasHistory, milestone.Date));
        var names = await db.DisplayNamesAsync(new[] { t.OpenedById, t.ScopeDecidedById ?? Guid.Empty, t.DateDecidedById ?? Guid.Empty }, ct);
        PersonSummary Person(Guid id) => new(id, names.GetValueOrDefault(id, "someone"));
        var removed = items.Where(i => i.Removed).Select(i => i.Key).Order(StringComparer.Ordinal).ToList();
        return new TradeOffDto(t.Id, product.Key, milestone.Id, milestone.Number, milestone.Name, milestone.Date, EnumText.Slug(t.Status), t.Reason,
            t.ConfidenceAtOpen, milestone.TargetConfidence, dto.Forecast, options, dto.Scope,
            new TradeOffSideDto(t.ScopeDecided, t.ScopeNoChange, t.ScopeReason, t.ScopeDecidedById is { } s ? Person(s) : null, t.ScopeDecidedAt, removed, null),
            new TradeOffSideDto(t.DateDecided, t.DateDecided && t.DecidedDate is null, t.DateReason, t.DateDecidedById is { } d ? Person(d) : null, t.DateDecidedAt, [], t.DecidedDate),
            "Product Owner", "Technical Project Manager", Person(t.OpenedById), t.OpenedAt, t.Version);
    }

    /// <summary>An option's forecast: the open items left with it, replayed over the (adjusted) history up to the (moved) date.</summary>
    private TradeOffOptionDto Option(string kind, string description, DateOnly? date, IReadOnlyList<string> items, int? percent, int? perWeek, int open,
        IReadOnlyList<int> weekly, bool hasHistory, DateOnly deadline)
    {
        if (open == 0)
            return new(kind, description, date, items, percent, perWeek, 0, 100, forecasts.Today, forecasts.Today, forecasts.Today);
        if (!hasHistory || !MonteCarlo.CanForecast(weekly))
            return new(kind, description, date, items, percent, perWeek, open, null, null, null, null);
        var run = MonteCarlo.WeeksToFinish(weekly, open, MonteCarlo.DefaultTrials, DeliveryForecasts.DefaultSeed);
        var weeksLeft = (deadline.DayNumber - forecasts.Today.DayNumber) / 7;
        var confidence = weeksLeft < 0 ? 0 : (int)Math.Round(run.ShareAtMost(weeksLeft) * 100);
        return new(kind, description, date, items, percent, perWeek, open, confidence, forecasts.DateAfter(run.P50), forecasts.DateAfter(run.P85), forecasts.DateAfter(run.P95));
    }
}
