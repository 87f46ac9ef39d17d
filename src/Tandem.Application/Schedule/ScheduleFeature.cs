using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;
using Tandem.Domain.Scheduling;
using Tandem.Domain.Sprints;

namespace Tandem.Application.Schedule;

/// <summary>
/// A product's schedule: which items are on it, their dates (explicit, from their sprint, from their estimate
/// over the team's velocity, or a default length), the dependencies between them (also on other products'
/// items), the critical path and slack (<see cref="CriticalPath"/>), and baselines to compare with. Everyone on
/// the product reads it; only the Technical Project Manager changes it (<see cref="Operations.Delivery.EditSchedule"/>),
/// each change logged once. Days are calendar days.
/// </summary>
public sealed class ScheduleFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock)
{
    public const int MaxEntries = 2000;
    public const int MaxLinks = 10_000;
    public const int MaxBaselines = 100;
    /// <summary>The version of every dependency: they are added and removed, never edited.</summary>
    public const int LinkVersion = 1;
    /// <summary>A work package with no sprint, estimate or velocity runs this long when its team has no sprint length either.</summary>
    public const int DefaultDays = 10;
    /// <summary>Velocity is points per calendar day over the team's last this-many closed sprints.</summary>
    public const int VelocitySprints = 6;

    private static readonly string[] Assumptions =
    [
        "Days are calendar days; an end date is the item's last day.",
        "Dates set by the Technical Project Manager come first; then the dates of the planned or active sprint the item (or, for an epic, its children) is in.",
        $"Otherwise an item lasts its estimate (an epic: its open children's) divided by its team's points per day over the last {VelocitySprints} closed sprints, and starts as soon as its dependencies allow from today.",
        $"With no estimate or no velocity it lasts one sprint of its team ({DefaultDays} days without a team).",
        "Dependencies push an item later than its own dates, never earlier; a predecessor of another product keeps its own dates.",
    ];

    // ---- Reading

    public async Task<Result<ScheduleDto>> GetAsync(string productKey, Guid? baselineId, CancellationToken ct)
    {
        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        return await BuildAsync(product.Id, product.Key, baselineId, ct);
    }

    private async Task<Result<ScheduleDto>> BuildAsync(Guid productId, string productKey, Guid? baselineId, CancellationToken ct)
    {
        BaselineSummary? baseline = null;
        Dictionary<Guid, (DateOnly Start, DateOnly End)>? baselineDates = null;
        if (baselineId is { } b)
        {
            var row = await db.ScheduleBaselines.AsNoTracking().FirstOrDefaultAsync(x => x.Id == b && x.ProductId == productId, ct);
            if (row is null) return Error.NotFound($"There is no such baseline of {productKey}'s schedule.");
            baselineDates = await db.ScheduleBaselineEntries.AsNoTracking().Where(e => e.BaselineId == b)
                .ToDictionaryAsync(e => e.ItemId, e => (e.Start, e.End), ct);
            baseline = (await SummariesAsync([row], ct))[0];
        }
        var computed = await ComputeAsync(productId, ct);
        var canEdit = await rights.FindProductAsync(productKey, ct) is { IsSuccess: true } found && await rights.IsAllowedAsync(found.Value!, Operations.Delivery.EditSchedule, ct);
        var items = computed.Items.Select(i =>
        {
            if (baselineDates is null || i.External || !baselineDates.TryGetValue(i.ItemId, out var was)) return i.Dto;
            return i.Dto with
            {
                BaselineStart = was.Start, BaselineEnd = was.End,
                StartDriftDays = i.Dto.Start.DayNumber - was.Start.DayNumber, DriftDays = i.Dto.End.DayNumber - was.End.DayNumber,
            };
        }).ToList();
        return new ScheduleDto(productKey, computed.Today, computed.Finish, items, computed.CriticalPath, computed.Links, baseline, computed.Cycle, Assumptions, canEdit);
    }

    private sealed record Node(Guid ItemId, ScheduleItemDto Dto, bool External);

    private sealed record Computed(DateOnly Today, DateOnly? Finish, List<Node> Items, List<string> CriticalPath, List<ScheduleLinkDto> Links, string? Cycle);

    private sealed record ItemRow(Guid Id, string Key, string Title, ItemType Type, Guid ProductId, decimal? Estimate, int Number);

    /// <summary>
    /// Resolves every item's dates and runs the critical-path method: the product's entries, plus the other
    /// products' predecessors its links wait on (pinned at their own dates). A handful of queries, whatever the size.
    /// </summary>
    private async Task<Computed> ComputeAsync(Guid productId, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var entries = await db.ScheduleEntries.AsNoTracking().Where(e => e.ProductId == productId).Take(MaxEntries).ToListAsync(ct);
        var links = await db.ScheduleLinks.AsNoTracking().Where(l => l.ProductId == productId).OrderBy(l => l.CreatedAt).Take(MaxLinks).ToListAsync(ct);
        var own = entries.Select(e => e.ItemId).ToHashSet();
        var externalIds = links.Select(l => l.PredecessorId).Where(id => !own.Contains(id)).Distinct().ToList();
        if (externalIds.Count > 0)
            entries.AddRange(await db.ScheduleEntries.AsNoTracking().Where(e => externalIds.Contains(e.ItemId)).ToListAsync(ct));
        var entryOf = entries.GroupBy(e => e.ItemId).ToDictionary(g => g.Key, g => g.First());
        var ids = own.Concat(externalIds).ToList();

        var rows = await db.BacklogItems.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new ItemRow(i.Id, i.Key, i.Title, i.Type, i.ProductId, i.Estimate, i.Number)).ToListAsync(ct);
        var epicIds = rows.Where(r => r.Type == ItemType.Epic).Select(r => r.Id).ToList();
        var childPoints = epicIds.Count == 0 ? new Dictionary<Guid, decimal>() : (await db.BacklogItems.AsNoTracking()
                .Where(i => i.EpicId != null && epicIds.Contains(i.EpicId.Value)).Where(ItemStatuses.OpenItem)
                .Select(i => new { EpicId = i.EpicId!.Value, i.Estimate }).ToListAsync(ct))
            .GroupBy(x => x.EpicId).ToDictionary(g => g.Key, g => g.Sum(x => x.Estimate ?? 0));
        // The planned or active sprints the items (or an epic's children) are in, with the sprint's team.
        var sprintRows = await (from si in db.SprintItems.AsNoTracking()
                                join s in db.Sprints.AsNoTracking() on si.SprintId equals s.Id
                                join i in db.BacklogItems.AsNoTracking() on si.ItemId equals i.Id
                                where si.RemovedAt == null && s.State != SprintState.Closed
                                      && (ids.Contains(i.Id) || (i.EpicId != null && ids.Contains(i.EpicId.Value)))
                                select new { i.Id, i.EpicId, s.Start, s.End, s.TeamId }).Take(20_000).ToListAsync(ct);
        var sprintDates = new Dictionary<Guid, (DateOnly Start, DateOnly End, Guid TeamId)>();
        foreach (var s in sprintRows)
        {
            // An item's own sprint, and for an epic on the schedule the span of its children's sprints.
            foreach (var owner in new[] { (Guid?)s.Id, s.EpicId })
            {
                if (owner is not { } o || (!own.Contains(o) && !externalIds.Contains(o))) continue;
                sprintDates[o] = sprintDates.TryGetValue(o, out var was)
                    ? (s.Start < was.Start ? s.Start : was.Start, s.End > was.End ? s.End : was.End, was.TeamId)
                    : (s.Start, s.End, s.TeamId);
            }
        }

        // Each product's team (its home team first) and each team's pace.
        var productIds = rows.Select(r => r.ProductId).Distinct().ToList();
        var teamLinks = await (from tp in db.TeamProducts.AsNoTracking()
                               join t in db.Teams.AsNoTracking() on tp.TeamId equals t.Id
                               where productIds.Contains(tp.ProductId)
                               select new { tp.ProductId, t.Id, t.Name, t.SprintLengthDays, Home = t.ProductId == tp.ProductId }).ToListAsync(ct);
        var teamOfProduct = teamLinks.GroupBy(t => t.ProductId).ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Home).ThenBy(t => t.Name).First().Id);
        var teamIds = teamLinks.Select(t => t.Id).Concat(sprintDates.Values.Select(v => v.TeamId)).Distinct().ToList();
        var teams = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => (t.Name, t.SprintLengthDays), ct);
        var closed = await db.Sprints.AsNoTracking().Where(s => teamIds.Contains(s.TeamId) && s.State == SprintState.Closed)
            .Select(s => new { s.TeamId, s.Number, s.Start, s.End, s.CompletedPoints }).ToListAsync(ct);
        var pace = closed.GroupBy(s => s.TeamId).ToDictionary(g => g.Key, g =>
        {
            var last = g.OrderByDescending(s => s.Number).Take(VelocitySprints).ToList();
            var days = last.Sum(s => s.End.DayNumber - s.Start.DayNumber + 1);
            return days <= 0 ? 0d : (double)last.Sum(s => s.CompletedPoints) / days;
        });
        var productKeys = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Key, ct);

        // Order: the product's own items by number, then the other products' predecessors.
        var ordered = rows.OrderBy(r => own.Contains(r.Id) ? 0 : 1).ThenBy(r => r.ProductId == productId ? 0 : 1).ThenBy(r => r.Key.Length).ThenBy(r => r.Number).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var index = new Dictionary<Guid, int>(ordered.Count);
        var tasks = new CpmTask[ordered.Count];
        var plans = new (string Source, DateOnly Start, int Days, Guid? TeamId)[ordered.Count];
        for (var k = 0; k < ordered.Count; k++)
        {
            var r = ordered[k];
            index[r.Id] = k;
            Guid? teamId = teamOfProduct.TryGetValue(r.ProductId, out var t) ? t : null;
            if (entryOf.TryGetValue(r.Id, out var e) && e.Start is { } start && e.End is { } end)
                plans[k] = (DateSource.Explicit, start, end.DayNumber - start.DayNumber + 1, teamId);
            else if (sprintDates.TryGetValue(r.Id, out var sprint))
                plans[k] = (DateSource.Sprint, sprint.Start, sprint.End.DayNumber - sprint.Start.DayNumber + 1, sprint.TeamId);
            else
            {
                var points = r.Estimate is > 0 ? r.Estimate.Value : childPoints.GetValueOrDefault(r.Id);
                var perDay = teamId is { } tid ? pace.GetValueOrDefault(tid) : 0;
                plans[k] = points > 0 && perDay > 0
                    ? (DateSource.Velocity, today, Math.Clamp((int)Math.Ceiling((double)points / perDay), 1, ScheduleEntry.MaxDays), teamId)
                    : (DateSource.Default, today, teamId is { } td && teams.TryGetValue(td, out var team) ? Math.Max(1, team.SprintLengthDays) : DefaultDays, teamId);
            }
            var pinned = plans[k].Source is DateSource.Explicit or DateSource.Sprint || !own.Contains(r.Id);
            tasks[k] = new CpmTask(plans[k].Days, pinned ? plans[k].Start.DayNumber : null);
        }
        var cpmLinks = links.Where(l => index.ContainsKey(l.PredecessorId) && index.ContainsKey(l.SuccessorId))
            .Select(l => new CpmLink(index[l.PredecessorId], index[l.SuccessorId], l.Type, l.LagDays)).ToList();

        var result = CriticalPath.Compute(tasks, cpmLinks, today.DayNumber);
        string? cycle = null;
        if (result.Cycle is { } loop)
        {
            cycle = string.Join(" → ", loop.Select(k => ordered[k].Key));
            result = CriticalPath.Compute(tasks, [], today.DayNumber);
            Array.Fill(result.Critical, false);
        }
        var items = new List<Node>(ordered.Count);
        for (var k = 0; k < ordered.Count; k++)
        {
            var r = ordered[k];
            var plan = plans[k];
            var external = !own.Contains(r.Id);
            string? teamName = plan.TeamId is { } tid && teams.TryGetValue(tid, out var team) ? team.Name : null;
            var es = DateOnly.FromDayNumber(result.EarlyStart[k]);
            var ef = DateOnly.FromDayNumber(result.EarlyFinish[k] - 1);
            items.Add(new Node(r.Id, new ScheduleItemDto(
                entryOf.TryGetValue(r.Id, out var e) ? e.Id : null, r.Key, r.Title, EnumText.Slug(r.Type), productKeys.GetValueOrDefault(r.ProductId, ""),
                teamName, external, es, ef, plan.Days, es, ef, DateOnly.FromDayNumber(result.LateStart[k]), DateOnly.FromDayNumber(result.LateFinish[k] - 1),
                cycle is null ? result.Slack[k] : 0, result.Critical[k] && cycle is null, plan.Source, plan.Start, plan.Start.AddDays(plan.Days - 1),
                null, null, null, null, e?.Version ?? 0), external));
        }
        var keyOf = rows.ToDictionary(r => r.Id, r => r.Key);
        var linkDtos = links.Where(l => keyOf.ContainsKey(l.PredecessorId) && keyOf.ContainsKey(l.SuccessorId))
            .Select(l => LinkDto(l, keyOf[l.PredecessorId], keyOf[l.SuccessorId], productKeys.GetValueOrDefault(l.ProductId, ""))).ToList();
        return new Computed(today, ordered.Count == 0 ? null : DateOnly.FromDayNumber(result.ProjectFinish - 1), items,
            cycle is null ? result.Path.Select(k => ordered[k].Key).ToList() : [], linkDtos, cycle);
    }

    private static ScheduleLinkDto LinkDto(ScheduleLink l, string predecessor, string successor, string productKey) =>
        new(l.Id, predecessor, successor, EnumText.Slug(l.Type), Lag.Format(l.LagDays), l.LagDays, productKey);

    // ---- Entries

    /// <summary>Puts an item of the product on its schedule (the TPM; logged), with explicit dates or none.</summary>
    public async Task<Result<ScheduleItemDto>> AddItemAsync(string productKey, AddScheduleItemRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Delivery.EditSchedule, ct)).Failed(out var refused, out var product)) return refused;
        var validation = new Validation();
        var start = Dates.Optional(request.Start, "start", validation);
        var end = Dates.Optional(request.End, "end", validation);
        var key = (request.ItemKey ?? "").Trim().ToUpperInvariant();
        if (key.Length == 0) validation.Add("itemKey", "Name the item to schedule by its key, for example PAY-12.");
        var item = key.Length == 0 ? null : await db.BacklogItems.AsNoTracking().Where(i => i.ProductId == product.Id && i.Key == key)
            .Select(i => new { i.Id, i.Key, i.Title }).FirstOrDefaultAsync(ct);
        if (key.Length > 0 && item is null) validation.Add("itemKey", $"There is no item {key} on {product.Key}.");
        if (validation.Result is { } bad) return bad;
        if (Rules.Create(() => ScheduleEntry.Place(product.WorkspaceId, product.Id, item!.Id, start, end, me.UserId, clock.GetUtcNow())).Failed(out var invalid, out var entry)) return invalid;
        if (await db.ScheduleEntries.AnyAsync(e => e.ItemId == item!.Id, ct)) return Error.Conflict($"{item!.Key} is already on {product.Key}'s schedule.");
        if (await db.ScheduleEntries.CountAsync(e => e.ProductId == product.Id, ct) >= MaxEntries)
            return Error.Conflict($"{product.Key}'s schedule holds at most {MaxEntries} items; remove one first.");
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Put {item!.Key} \"{item.Title}\" on the schedule{(start is null ? "" : $" from {Day(start.Value)} to {Day(end!.Value)}")}", "schedule", item.Key), ct) is { } notMine) return notMine;
        db.ScheduleEntries.Add(entry);
        if (await db.SaveOrConflictAsync($"{item.Key} was put on the schedule a moment ago; reload it.", ct) is { } twice) return twice;
        return await ItemAsync(product, item.Key, ct);
    }

    /// <summary>Sets or clears an item's explicit dates (the TPM; logged; If-Match against its version).</summary>
    public async Task<Result<ScheduleItemDto>> SetDatesAsync(string productKey, string itemKey, SetScheduleDatesRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Delivery.EditSchedule, ct)).Failed(out var refused, out var product)) return refused;
        var validation = new Validation();
        var start = Dates.Optional(request.Start, "start", validation);
        var end = Dates.Optional(request.End, "end", validation);
        if (validation.Result is { } bad) return bad;
        if ((await EntryAsync(product, itemKey, ct)).Failed(out var missing, out var found)) return missing;
        var (entry, key) = found;
        if (ifMatch is { } expected && expected != entry.Version)
            return Error.Stale($"{key}'s dates were changed by someone else (version {entry.Version}, you sent {expected}). Reload the schedule and try again.");
        var before = entry.Start is { } s0 ? $"{Day(s0)} – {Day(entry.End!.Value)}" : "derived dates";
        if (Rules.Apply(() => entry.SetDates(start, end, clock.GetUtcNow())) is { } invalid) return invalid;
        var after = start is { } s1 ? $"{Day(s1)} – {Day(end!.Value)}" : "derived dates";
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule,
                new DecisionRecord($"Moved {key} to {after} (was {before})", "schedule", key), ct) is { } notMine) return notMine;
        if (await db.SaveOrStaleAsync($"{key}'s dates", ct) is { } lost) return lost;
        return await ItemAsync(product, key, ct);
    }

    /// <summary>Takes an item off the schedule with this product's links to and from it (the TPM; logged).</summary>
    public async Task<Result<Unit>> RemoveItemAsync(string productKey, string itemKey, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Delivery.EditSchedule, ct)).Failed(out var refused, out var product)) return refused;
        if ((await EntryAsync(product, itemKey, ct)).Failed(out var missing, out var found)) return missing;
        var (entry, key) = found;
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord($"Took {key} off the schedule", "schedule", key), ct) is { } notMine) return notMine;
        db.ScheduleLinks.RemoveRange(await db.ScheduleLinks.Where(l => l.ProductId == product.Id && (l.SuccessorId == entry.ItemId || l.PredecessorId == entry.ItemId)).ToListAsync(ct));
        db.ScheduleEntries.Remove(entry);
        if (await db.SaveOrStaleAsync($"{key} on the schedule", ct) is { } lost) return lost;
        return Unit.Value;
    }

    private async Task<Result<(ScheduleEntry Entry, string Key)>> EntryAsync(Product product, string itemKey, CancellationToken ct)
    {
        var key = (itemKey ?? "").Trim().ToUpperInvariant();
        var itemId = await db.BacklogItems.Where(i => i.ProductId == product.Id && i.Key == key).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct);
        var entry = itemId is null ? null : await db.ScheduleEntries.FirstOrDefaultAsync(e => e.ItemId == itemId && e.ProductId == product.Id, ct);
        if (entry is null) return Error.NotFound($"{key} is not on {product.Key}'s schedule.");
        return (entry, key);
    }

    private async Task<Result<ScheduleItemDto>> ItemAsync(Product product, string key, CancellationToken ct)
    {
        var computed = await ComputeAsync(product.Id, ct);
        return computed.Items.First(i => !i.External && i.Dto.Key == key).Dto;
    }

    // ---- Links

    /// <summary>
    /// Adds a dependency (the TPM; logged; 201). The lag must parse (400 naming the forms); a link that would
    /// close a cycle is refused with the cycle named (409), across products too.
    /// </summary>
    public async Task<Result<ScheduleLinkDto>> AddLinkAsync(string productKey, AddScheduleLinkRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Delivery.EditSchedule, ct)).Failed(out var refused, out var product)) return refused;
        var validation = new Validation();
        var type = ParseType(request.Type, validation);
        if (!Lag.TryParse(request.Lag, out var lag))
            validation.Add("lag", $"'{request.Lag}' is not a lag; give {Lag.Forms} (at most {Lag.MaxDays} days either way).");
        var predecessorKey = (request.Predecessor ?? "").Trim().ToUpperInvariant();
        var successorKey = (request.Successor ?? "").Trim().ToUpperInvariant();
        if (predecessorKey.Length == 0) validation.Add("predecessor", "Name the item that comes first by its key.");
        if (successorKey.Length == 0) validation.Add("successor", "Name the item that waits by its key.");
        if (predecessorKey.Length > 0 && predecessorKey == successorKey) validation.Add("successor", "An item cannot depend on itself.");
        if (!validation.IsValid) return validation.Result!;

        var found = await db.BacklogItems.AsNoTracking().Where(i => i.Key == predecessorKey || i.Key == successorKey)
            .Select(i => new { i.Id, i.Key, i.ProductId }).ToListAsync(ct);
        var successor = found.FirstOrDefault(i => i.Key == successorKey && i.ProductId == product.Id);
        var predecessor = found.FirstOrDefault(i => i.Key == predecessorKey);
        var foundIds = found.Select(f => f.Id).ToList();
        var scheduled = await db.ScheduleEntries.AsNoTracking().Where(e => e.ProductId == product.Id && foundIds.Contains(e.ItemId))
            .Select(e => e.ItemId).ToListAsync(ct);
        if (successor is null) validation.Add("successor", $"There is no item {successorKey} on {product.Key}.");
        else if (!scheduled.Contains(successor.Id)) validation.Add("successor", $"{successorKey} is not on {product.Key}'s schedule; add it first.");
        if (predecessor is null) validation.Add("predecessor", $"There is no item {predecessorKey} in your workspace.");
        else if (predecessor.ProductId == product.Id && !scheduled.Contains(predecessor.Id))
            validation.Add("predecessor", $"{predecessorKey} is not on {product.Key}'s schedule; add it first.");
        if (!validation.IsValid) return validation.Result!;
        if (Rules.Create(() => ScheduleLink.Between(product.WorkspaceId, product.Id, predecessor!.Id, successor!.Id, type!.Value, lag, me.UserId, clock.GetUtcNow()))
            .Failed(out var invalid, out var link)) return invalid;
        if (await db.ScheduleLinks.AnyAsync(l => l.PredecessorId == link.PredecessorId && l.SuccessorId == link.SuccessorId, ct))
            return Error.Conflict($"{predecessorKey} → {successorKey} is already a dependency; remove it to change its type or lag.");
        if (await db.ScheduleLinks.CountAsync(l => l.ProductId == product.Id, ct) >= MaxLinks)
            return Error.Conflict($"{product.Key}'s schedule holds at most {MaxLinks} dependencies.");
        if (await CycleThroughAsync(link.PredecessorId, link.SuccessorId, ct) is { } cycle)
            return Error.Conflict($"{predecessorKey} → {successorKey} would close a cycle: {cycle}. Remove one of its dependencies first.");
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Made {successorKey} wait for {predecessorKey} ({EnumText.Slug(link.Type)}, lag {Lag.Format(lag)})", "schedule", successorKey), ct) is { } notMine) return notMine;
        db.ScheduleLinks.Add(link);
        if (await db.SaveOrConflictAsync($"{predecessorKey} → {successorKey} became a dependency a moment ago.", ct) is { } twice) return twice;
        return LinkDto(link, predecessorKey, successorKey, product.Key);
    }

    /// <summary>
    /// Removes a dependency (the TPM of the successor's product; logged). A dependency is never edited, so its
    /// version is always <see cref="LinkVersion"/>; an If-Match with another version is stale (412).
    /// </summary>
    public async Task<Result<Unit>> RemoveLinkAsync(Guid id, int? ifMatch, CancellationToken ct)
    {
        if ((await rights.LoadAsync<ScheduleLink>(l => l.Id == id, Operations.Delivery.EditSchedule, "There is no such schedule dependency in your workspace.", ct))
            .Failed(out var error, out var found)) return error;
        var (link, product) = found;
        if (ifMatch is { } expected && expected != LinkVersion)
            return Error.Stale($"A dependency has version {LinkVersion} (it is never edited); you sent {expected}. Reload the schedule.");
        var keys = await db.BacklogItems.AsNoTracking().Where(i => i.Id == link.PredecessorId || i.Id == link.SuccessorId).ToDictionaryAsync(i => i.Id, i => i.Key, ct);
        var text = $"{keys.GetValueOrDefault(link.PredecessorId, "?")} → {keys.GetValueOrDefault(link.SuccessorId, "?")}";
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord($"Removed the dependency {text}", "schedule",
                keys.GetValueOrDefault(link.SuccessorId, "?")), ct) is { } notMine) return notMine;
        db.ScheduleLinks.Remove(link);
        if (await db.SaveOrStaleAsync($"The dependency {text}", ct) is { } lost) return lost;
        return Unit.Value;
    }

    /// <summary>
    /// The cycle a new link predecessor → successor would close, named by item keys
    /// ("PAY-12 → PAY-40 → PAY-12"), over every dependency of the workspace; null when none.
    /// </summary>
    private async Task<string?> CycleThroughAsync(Guid predecessorId, Guid successorId, CancellationToken ct)
    {
        var pairs = await db.ScheduleLinks.AsNoTracking().Select(l => new { l.PredecessorId, l.SuccessorId }).Take(200_000).ToListAsync(ct);
        var index = new Dictionary<Guid, int>();
        int Of(Guid id) => index.TryGetValue(id, out var i) ? i : index[id] = index.Count;
        var links = pairs.Select(p => new CpmLink(Of(p.PredecessorId), Of(p.SuccessorId), LinkType.FinishToStart, 0)).ToList();
        var from = Of(successorId);
        var to = Of(predecessorId);
        var path = CriticalPath.PathBetween(index.Count, links, from, to);
        if (path is null) return null;
        var ids = index.Where(x => path.Contains(x.Value)).ToDictionary(x => x.Value, x => x.Key);
        var wanted = ids.Values.ToList();
        var keys = await db.BacklogItems.AsNoTracking().Where(i => wanted.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Key, ct);
        var named = path.Select(k => keys.GetValueOrDefault(ids[k], "?")).ToList();
        return string.Join(" → ", new[] { named[^1] }.Concat(named));
    }

    private static LinkType? ParseType(string? text, Validation validation)
    {
        switch ((text ?? "").Trim().ToLowerInvariant())
        {
            case "" or "fs" or "finish-to-start": return LinkType.FinishToStart;
            case "ss" or "start-to-start": return LinkType.StartToStart;
            case "ff" or "finish-to-finish": return LinkType.FinishToFinish;
            default:
                validation.Add("type", $"'{text}' is not a dependency type; use finish-to-start, start-to-start or finish-to-finish (or fs, ss, ff).");
                return null;
        }
    }

    // ---- Baselines

    /// <summary>Saves a named snapshot of every item's current dates (the TPM; logged; 201).</summary>
    public async Task<Result<BaselineSummary>> SaveBaselineAsync(string productKey, SaveBaselineRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Delivery.EditSchedule, ct)).Failed(out var refused, out var product)) return refused;
        if (Rules.Create(() => ScheduleBaseline.Save(product.WorkspaceId, product.Id, request.Name, me.UserId, clock.GetUtcNow())).Failed(out var invalid, out var baseline)) return invalid;
        if (await db.ScheduleBaselines.CountAsync(b => b.ProductId == product.Id, ct) >= MaxBaselines)
            return Error.Conflict($"{product.Key} keeps at most {MaxBaselines} baselines.");
        var computed = await ComputeAsync(product.Id, ct);
        var own = computed.Items.Where(i => !i.External).ToList();
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Saved the schedule baseline \"{baseline.Name}\" ({own.Count} items)", "schedule-baseline", baseline.Name), ct) is { } notMine) return notMine;
        db.ScheduleBaselines.Add(baseline);
        foreach (var item in own) db.ScheduleBaselineEntries.Add(ScheduleBaselineEntry.Of(baseline, item.ItemId, item.Dto.Start, item.Dto.End));
        if (await db.SaveOrConflictAsync("That baseline was saved a moment ago.", ct) is { } twice) return twice;
        return (await SummariesAsync([baseline], ct))[0];
    }

    /// <summary>The product's baselines, newest first (at most <see cref="MaxBaselines"/>).</summary>
    public async Task<Result<IReadOnlyList<BaselineSummary>>> BaselinesAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var rows = await db.ScheduleBaselines.AsNoTracking().Where(b => b.ProductId == product.Id).OrderByDescending(b => b.CreatedAt).Take(MaxBaselines).ToListAsync(ct);
        return await SummariesAsync(rows, ct);
    }

    /// <summary>A baseline's items, compared with another baseline (<paramref name="compareTo"/>) or, without one, with the current schedule.</summary>
    public async Task<Result<BaselineDto>> BaselineAsync(string productKey, Guid id, Guid? compareTo, CancellationToken ct)
    {
        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var wanted = compareTo is { } c ? new[] { id, c } : [id];
        var rows = await db.ScheduleBaselines.AsNoTracking().Where(b => b.ProductId == product.Id && wanted.Contains(b.Id)).ToListAsync(ct);
        if (rows.All(b => b.Id != id) || (compareTo is { } other && rows.All(b => b.Id != other)))
            return Error.NotFound($"There is no such baseline of {product.Key}'s schedule.");
        var summaries = (await SummariesAsync(rows, ct)).ToDictionary(s => s.Id);
        var entries = await (from e in db.ScheduleBaselineEntries.AsNoTracking()
                             join i in db.BacklogItems.AsNoTracking() on e.ItemId equals i.Id
                             where wanted.Contains(e.BaselineId)
                             select new { e.BaselineId, e.ItemId, i.Key, i.Title, i.Number, e.Start, e.End }).ToListAsync(ct);
        var mine = entries.Where(e => e.BaselineId == id).OrderBy(e => e.Start).ThenBy(e => e.Number).ToList();
        Dictionary<Guid, (DateOnly Start, DateOnly End)> others;
        if (compareTo is { } o) others = entries.Where(e => e.BaselineId == o).ToDictionary(e => e.ItemId, e => (e.Start, e.End));
        else others = (await ComputeAsync(product.Id, ct)).Items.Where(i => !i.External).ToDictionary(i => i.ItemId, i => (i.Dto.Start, i.Dto.End));
        var items = mine.Select(e => others.TryGetValue(e.ItemId, out var x)
            ? new BaselineItemDto(e.Key, e.Title, e.Start, e.End, x.Start, x.End, x.Start.DayNumber - e.Start.DayNumber, x.End.DayNumber - e.End.DayNumber)
            : new BaselineItemDto(e.Key, e.Title, e.Start, e.End, null, null, null, null)).ToList();
        return new BaselineDto(summaries[id], compareTo is { } cmp ? summaries[cmp] : null, items);
    }

    private async Task<List<BaselineSummary>> SummariesAsync(IReadOnlyList<ScheduleBaseline> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var counts = await db.ScheduleBaselineEntries.AsNoTracking().Where(e => ids.Contains(e.BaselineId)).GroupBy(e => e.BaselineId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var people = rows.Select(r => r.CreatedById).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return rows.Select(r => new BaselineSummary(r.Id, r.Name, r.CreatedAt, new PersonSummary(r.CreatedById, names.GetValueOrDefault(r.CreatedById, "someone")),
            counts.GetValueOrDefault(r.Id))).ToList();
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
