using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Feedback;
using Tandem.Domain.Products;
using Tandem.Domain.Sprints;
using Tandem.Domain.Teams;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Sprints;

/// <summary>
/// A team's sprints: the Scrum Master plans, starts and closes them; the Product Owner proposes the goal;
/// the developers and the Tech Lead pull items in and commit. Once a sprint runs its scope changes only
/// through a request the developers accept or decline — adding an item to an active sprint directly is
/// refused with a pointer to that request, so nobody (the Scrum Master included) forces scope on the team.
/// </summary>
public sealed class SprintsFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock, ProductNumbers numbers, IPageLinks links)
{
    public const int MaxSprintsListed = 200;
    public const int MaxItems = 500;
    public const int MaxOpenRequests = 100;

    public async Task<Result<IReadOnlyList<SprintSummary>>> ListAsync(Guid teamId, CancellationToken ct)
    {
        if ((await TeamAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var sprints = await db.Sprints.AsNoTracking().Where(s => s.TeamId == found.Entity.Id).OrderByDescending(s => s.Start).ThenByDescending(s => s.Number)
            .Take(MaxSprintsListed)
            .Select(s => new
            {
                Sprint = s,
                Items = db.SprintItems.Count(i => i.SprintId == s.Id && i.RemovedAt == null),
                Points = db.SprintItems.Where(i => i.SprintId == s.Id && i.RemovedAt == null).Sum(i => i.Points) ?? 0m,
            })
            .ToListAsync(ct);
        return Result<IReadOnlyList<SprintSummary>>.Ok(sprints.Select(r => Summary(r.Sprint, r.Items, r.Points)).ToList());
    }

    public async Task<Result<SprintDto>> PlanAsync(Guid teamId, PlanSprintRequest request, CancellationToken ct)
    {
        if ((await TeamAsync(teamId, Operations.Sprints.Run, ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        var validation = new Validation();
        var start = Dates.Required(request.Start, "start", validation);
        var end = Dates.Required(request.End, "end", validation);
        if (validation.Result is { } bad) return bad;
        // The name is checked with the model's rules before a number is taken; "Sprint N" fills in after.
        if (Rules.Apply(() => Sprint.Check(string.IsNullOrWhiteSpace(request.Name) ? "Sprint" : request.Name, request.Goal, start!.Value, end!.Value).ThrowIfBroken()) is { } invalid) return invalid;

        var goalBy = string.IsNullOrWhiteSpace(request.Goal) ? (Guid?)null : me.UserId;
        // The number's row lock serialises two plans of one team, so the overlap check below sees the other's sprint.
        var planned = await numbers.InTransactionAsync<Sprint>(async () =>
        {
            var number = await numbers.NextAsync(product, SequenceOf(team), next => db.Sprints.Where(s => s.TeamId == team.Id).MaxAsync(s => (int?)s.Number, next), ct);
            if (await OverlapAsync(team, start!.Value, end!.Value, null, ct) is { } overlap) return overlap;
            var name = string.IsNullOrWhiteSpace(request.Name) ? $"Sprint {number}" : request.Name;
            if (Rules.Create(() => Sprint.Plan(team.WorkspaceId, team.ProductId, team.Id, number, name, request.Goal, start.Value, end.Value, goalBy, clock.GetUtcNow()))
                .Failed(out var refused, out var sprint)) return refused;
            if (await rights.DecideAsync(product, Operations.Sprints.Run, new DecisionRecord(
                    $"Planned {sprint.Name} for {team.Name}: {sprint.Start:yyyy-MM-dd} to {sprint.End:yyyy-MM-dd}", "sprint", sprint.Id.ToString()), ct) is { } notYours) return notYours;
            db.Sprints.Add(sprint);
            if (await db.SaveOrConflictAsync($"{team.Name} planned a sprint at the same moment; reload the sprints.", ct) is { } conflict) return conflict;
            return sprint;
        }, ct);
        if (planned.Failed(out var failed, out var created)) return failed;
        return await DetailAsync(created, team, product, ct);
    }

    public async Task<Result<SprintDto>> GetAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await DetailAsync(found.Entity, await TeamOfAsync(found.Entity, ct), found.Product, ct);
    }

    public async Task<Result<CapacityDto>> CapacityAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var sprint = found.Entity;
        // Estimates are summed here, not in SQL: SQLite keeps them as text.
        var planned = (await db.SprintItems.Where(i => i.SprintId == sprint.Id && i.RemovedAt == null)
            .Join(db.BacklogItems, s => s.ItemId, i => i.Id, (s, i) => i.Estimate).Take(MaxItems * 2).ToListAsync(ct)).Sum() ?? 0m;
        return await CapacityOfAsync(sprint, await TeamOfAsync(sprint, ct), planned, ct);
    }

    public async Task<Result<SprintDto>> ChangeAsync(Guid id, ChangeSprintRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Sprints.Run, ct)).Failed(out var error, out var found)) return error;
        var (sprint, product) = found;
        if (Stale(sprint, ifMatch) is { } stale) return stale;
        var validation = new Validation();
        var start = Dates.Optional(request.Start, "start", validation) ?? sprint.Start;
        var end = Dates.Optional(request.End, "end", validation) ?? sprint.End;
        if (validation.Result is { } bad) return bad;
        var team = await TeamOfAsync(sprint, ct);
        var (oldStart, oldEnd, oldName) = (sprint.Start, sprint.End, sprint.Name);
        if (Rules.Apply(() => sprint.Reschedule(request.Name ?? sprint.Name, start, end)) is { } invalid) return invalid;
        if (await OverlapAsync(team, start, end, sprint.Id, ct) is { } overlap) return overlap;
        var summary = oldName != sprint.Name ? $"Renamed {oldName} to {sprint.Name}" : $"Moved {sprint.Name}";
        if (oldStart != start || oldEnd != end) summary += $" ({start:yyyy-MM-dd} to {end:yyyy-MM-dd})";
        if (await rights.DecideAsync(product, Operations.Sprints.Run, new DecisionRecord(summary, "sprint", sprint.Id.ToString()), ct) is { } notYours) return notYours;
        if (await db.SaveOrStaleAsync(oldName, ct) is { } lost) return lost;
        return await DetailAsync(sprint, team, product, ct);
    }

    public async Task<Result<SprintDto>> ProposeGoalAsync(Guid id, SprintGoalRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Sprints.ProposeGoal, ct)).Failed(out var error, out var found)) return error;
        var (sprint, product) = found;
        if (Stale(sprint, ifMatch) is { } stale) return stale;
        if (Rules.Apply(() => sprint.ProposeGoal(request.Goal, me.UserId)) is { } invalid) return invalid;
        if (await db.SaveOrStaleAsync(sprint.Name, ct) is { } lost) return lost;
        return await DetailAsync(sprint, await TeamOfAsync(sprint, ct), product, ct);
    }

    public async Task<Result<SprintDto>> CommitAsync(Guid id, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Sprints.CommitScope, ct)).Failed(out var error, out var found)) return error;
        var (sprint, product) = found;
        if (Stale(sprint, ifMatch) is { } stale) return stale;
        if (Rules.Apply(() => sprint.Commit(clock.GetUtcNow())) is { } invalid) return invalid;
        var items = await db.SprintItems.Where(i => i.SprintId == sprint.Id && i.RemovedAt == null)
            .Join(db.BacklogItems, s => s.ItemId, i => i.Id, (s, i) => new { i.Key, i.Estimate }).Take(MaxItems).ToListAsync(ct);
        var scope = items.Count == 0 ? "no items yet" : $"{items.Count} items, {Points(items.Sum(i => i.Estimate ?? 0m))} points ({string.Join(", ", items.Select(i => i.Key).Take(20))})";
        if (await rights.DecideAsync(product, Operations.Sprints.CommitScope, new DecisionRecord(
                $"Committed {sprint.Name} to its goal: {sprint.Goal} — {scope}", "sprint", sprint.Id.ToString()), ct) is { } notYours) return notYours;
        if (await db.SaveOrStaleAsync(sprint.Name, ct) is { } lost) return lost;
        return await DetailAsync(sprint, await TeamOfAsync(sprint, ct), product, ct);
    }

    /// <summary>The developers (with the Tech Lead) pull an item of the team's products into a planned sprint.</summary>
    public async Task<Result<SprintDto>> AddItemAsync(Guid id, SprintItemRequest request, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Sprints.CommitScope, ct)).Failed(out var error, out var found)) return error;
        var (sprint, product) = found;
        if (NotPlanned(sprint, "add") is { } running) return running;
        var team = await TeamOfAsync(sprint, ct);
        if ((await ItemOfTeamAsync(team, request.ItemKey, ct)).Failed(out var missing, out var item)) return missing;
        if (await OpenSprintOfAsync(item, ct) is { } other)
            return Error.Conflict(other.Id == sprint.Id ? $"{item.Key} is already in {sprint.Name}." : $"{item.Key} is already in {other.Name}, which is {Sprint.Describe(other.State)}; an item is in one open sprint at a time.");
        if (item.Status == ItemStatus.Accepted) return Error.Invalid("itemKey", $"{item.Key} is accepted already; a sprint takes unfinished work.");
        if (item.Type == ItemType.Epic) return Error.Invalid("itemKey", $"{item.Key} is an epic; pull its stories into the sprint instead.");
        if (await db.SprintItems.CountAsync(i => i.SprintId == sprint.Id && i.RemovedAt == null, ct) >= MaxItems)
            return Error.Invalid("itemKey", $"A sprint holds at most {MaxItems} items.");
        var now = clock.GetUtcNow();
        var existing = await db.SprintItems.FirstOrDefaultAsync(i => i.SprintId == sprint.Id && i.ItemId == item.Id, ct);
        // A second add that read "not in a sprint" just before the first committed finds the first one's card: refuse it, once.
        if (existing is { RemovedAt: null }) return Error.Conflict($"{item.Key} was added to {sprint.Name} a moment ago; reload the sprint.");
        if (existing is not null) existing.Restore(afterStart: false, now);
        else db.SprintItems.Add(await CardAsync(sprint, item, afterStart: false, now, ct));
        if (await rights.DecideAsync(product, Operations.Sprints.CommitScope, new DecisionRecord(
                $"Added {item.Key} to {sprint.Name}", "sprint", sprint.Id.ToString()), ct) is { } notYours) return notYours;
        if (await db.SaveOrConflictAsync($"{item.Key} was added to a sprint at the same moment; reload the sprint.", ct) is { } conflict) return conflict;
        return await DetailAsync(sprint, team, product, ct);
    }

    public async Task<Result<SprintDto>> RemoveItemAsync(Guid id, string itemKey, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Sprints.CommitScope, ct)).Failed(out var error, out var found)) return error;
        var (sprint, product) = found;
        if (NotPlanned(sprint, "remove") is { } running) return running;
        var key = Items.KeyOf(itemKey);
        var card = await db.SprintItems.Where(i => i.SprintId == sprint.Id && i.RemovedAt == null)
            .Join(db.BacklogItems.Where(b => b.Key == key), s => s.ItemId, b => b.Id, (s, b) => s).FirstOrDefaultAsync(ct);
        if (card is null) return Error.NotFound($"{key} is not in {sprint.Name}.");
        // Before the start nothing has happened to the card yet: the row goes, no history is lost.
        db.SprintItems.Remove(card);
        if (await rights.DecideAsync(product, Operations.Sprints.CommitScope, new DecisionRecord(
                $"Took {key} out of {sprint.Name}", "sprint", sprint.Id.ToString()), ct) is { } notYours) return notYours;
        if (await db.SaveOrStaleAsync(key, ct) is { } lost) return lost;
        return await DetailAsync(sprint, await TeamOfAsync(sprint, ct), product, ct);
    }

    public async Task<Result<SprintDto>> StartAsync(Guid id, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Sprints.Run, ct)).Failed(out var error, out var found)) return error;
        var (sprint, product) = found;
        if (Stale(sprint, ifMatch) is { } stale) return stale;
        if (sprint.State != SprintState.Planned) return Error.Conflict($"{sprint.Name} is {Sprint.Describe(sprint.State)}; only a planned sprint starts.");
        var team = await TeamOfAsync(sprint, ct);
        var active = await db.Sprints.AsNoTracking().Where(s => s.TeamId == team.Id && s.State == SprintState.Active && s.Id != sprint.Id).Select(s => s.Name).FirstOrDefaultAsync(ct);
        if (active is not null) return Error.Conflict($"{active} is still running; close it before {sprint.Name} starts.");
        var cards = await db.SprintItems.Where(i => i.SprintId == sprint.Id && i.RemovedAt == null)
            .Join(db.BacklogItems, s => s.ItemId, i => i.Id, (s, i) => new { Card = s, i.Estimate }).ToListAsync(ct);
        // The points each card came in with are the commitment; later re-estimates do not move it.
        foreach (var c in cards) if (c.Card.Points != c.Estimate) c.Card.CommitWith(c.Estimate);
        var points = cards.Sum(c => c.Estimate ?? 0m);
        if (Rules.Apply(() => sprint.BeginAt(clock.GetUtcNow(), points, cards.Count)) is { } invalid) return invalid;
        var committed = sprint.CommittedAt is null ? " (the team has not committed to it yet)" : "";
        if (await rights.DecideAsync(product, Operations.Sprints.Run, new DecisionRecord(
                $"Started {sprint.Name} with {cards.Count} items, {Points(points)} points{committed}", "sprint", sprint.Id.ToString()), ct) is { } notYours) return notYours;
        if (await db.SaveOrStaleAsync(sprint.Name, ct) is { } lost) return lost;
        return await DetailAsync(sprint, team, product, ct);
    }

    /// <summary>
    /// Closes an active sprint: done work is completed, the named unfinished items carry over to the team's
    /// next planned sprint (planned from the cadence when there is none), and every other unfinished item
    /// returns to the backlog — it never left the backlog's order, so it keeps its rank.
    /// </summary>
    public async Task<Result<SprintDto>> CloseAsync(Guid id, CloseSprintRequest? request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Sprints.Run, ct)).Failed(out var error, out var found)) return error;
        var (sprint, product) = found;
        if (Stale(sprint, ifMatch) is { } stale) return stale;
        if (sprint.State != SprintState.Active) return Error.Conflict($"{sprint.Name} is {Sprint.Describe(sprint.State)}; only an active sprint closes.");
        var team = await TeamOfAsync(sprint, ct);
        var cards = await db.SprintItems.Where(i => i.SprintId == sprint.Id)
            .Join(db.BacklogItems, s => s.ItemId, i => i.Id, (s, i) => new { Card = s, Item = i }).ToListAsync(ct);
        var carry = (request?.CarryOver ?? []).Select(Items.KeyOf).Distinct().ToList();
        var validation = new Validation();
        foreach (var key in carry)
        {
            var match = cards.FirstOrDefault(c => c.Item.Key == key && c.Card.InSprint);
            if (match is null) validation.Add("carryOver", $"{key} is not in {sprint.Name}.");
            else if (IsDone(match.Item.Status)) validation.Add("carryOver", $"{key} is {BacklogItem.Describe(match.Item.Status)}; only unfinished work carries over.");
        }
        if (validation.Result is { } bad) return bad;

        var closed = await numbers.InTransactionAsync<Sprint>(async () =>
        {
            var now = clock.GetUtcNow();
            Sprint? next = null;
            if (carry.Count > 0 && (await NextSprintAsync(team, product, sprint, now, ct)).Failed(out var noNext, out next)) return noNext;
            decimal completedPoints = 0;
            int completed = 0, carried = 0, returned = 0;
            var carriedKeys = new List<string>();
            var carriedItems = new List<BacklogItem>();
            foreach (var (card, item) in cards.Select(c => (c.Card, c.Item)))
            {
                if (!card.InSprint) continue;
                if (IsDone(item.Status))
                {
                    card.Settle(SprintItemOutcome.Completed, item.Estimate);
                    completedPoints += item.Estimate ?? 0m;
                    completed++;
                }
                else if (carry.Contains(item.Key) && next is not null)
                {
                    card.Settle(SprintItemOutcome.CarriedOver, item.Estimate);
                    carriedItems.Add(item);
                    carried++;
                    carriedKeys.Add(item.Key);
                }
                else
                {
                    card.Settle(SprintItemOutcome.Returned, item.Estimate);
                    returned++;
                }
            }
            if (next is not null && carriedItems.Count > 0)
            {
                // Into the next sprint in one go: an item that was there before (taken out earlier) comes back on its old row.
                var ids = carriedItems.Select(i => i.Id).ToList();
                var earlier = await db.SprintItems.Where(i => i.SprintId == next.Id && ids.Contains(i.ItemId)).ToListAsync(ct);
                foreach (var row in earlier) row.Restore(next.State == SprintState.Active, now);
                db.SprintItems.AddRange(await CardsAsync(next, carriedItems.Where(i => earlier.All(e => e.ItemId != i.Id)).ToList(), next.State == SprintState.Active, now, ct));
            }
            var added = cards.Count(c => c.Card.AddedAfterStart);
            var removed = cards.Count(c => c.Card.Outcome == SprintItemOutcome.Removed);
            if (Rules.Apply(() => sprint.CloseAt(now, completedPoints, completed, carried, added, removed)) is { } invalid) return invalid;
            var summary = $"Closed {sprint.Name}: {completed} of {completed + carried + returned} items done ({Points(completedPoints)} of {Points(sprint.CommittedPoints)} committed points)";
            if (carried > 0) summary += $"; carried over {string.Join(", ", carriedKeys)} to {next!.Name}";
            if (returned > 0) summary += $"; {returned} back to the backlog";
            if (await rights.DecideAsync(product, Operations.Sprints.Run, new DecisionRecord(summary, "sprint", sprint.Id.ToString()), ct) is { } notYours) return notYours;
            if (await db.SaveOrStaleAsync(sprint.Name, ct) is { } lost) return lost;
            return sprint;
        }, ct);
        if (closed.Failed(out var failed, out _))
        {
            db.ChangeTracker.Clear();
            return failed;
        }
        return await DetailAsync(sprint, team, product, ct);
    }

    public async Task<Result<ScopeRequestDto>> AskScopeChangeAsync(Guid id, AskScopeChangeRequest request, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Sprints.RequestScopeChange, ct)).Failed(out var error, out var found)) return error;
        var (sprint, product) = found;
        var validation = new Validation();
        var kind = EnumText.Required<ScopeChangeKind>(request.Kind, "kind", validation);
        if (validation.Result is { } bad) return bad;
        if (sprint.State != SprintState.Active)
            return Error.Conflict($"{sprint.Name} is {Sprint.Describe(sprint.State)}; scope-change requests are for a running sprint{(sprint.State == SprintState.Planned ? " — the developers pull items into a planned one directly" : "")}.");
        var team = await TeamOfAsync(sprint, ct);
        if ((await ItemOfTeamAsync(team, request.ItemKey, ct)).Failed(out var missing, out var item)) return missing;
        var inThis = await db.SprintItems.AnyAsync(i => i.SprintId == sprint.Id && i.ItemId == item.Id && i.RemovedAt == null, ct);
        if (kind == ScopeChangeKind.Add)
        {
            if (inThis) return Error.Conflict($"{item.Key} is already in {sprint.Name}.");
            if (await OpenSprintOfAsync(item, ct) is { } other) return Error.Conflict($"{item.Key} is in {other.Name}, which is {Sprint.Describe(other.State)}; an item is in one open sprint at a time.");
            if (IsDone(item.Status) || item.Type == ItemType.Epic) return Error.Invalid("itemKey", $"{item.Key} is {(item.Type == ItemType.Epic ? "an epic" : BacklogItem.Describe(item.Status))}; a sprint takes unfinished stories, bugs, spikes and debt.");
        }
        else if (!inThis) return Error.Invalid("itemKey", $"{item.Key} is not in {sprint.Name}, so there is nothing to remove.");
        if (await db.ScopeChangeRequests.AnyAsync(r => r.SprintId == sprint.Id && r.ItemId == item.Id && r.Status == ScopeChangeStatus.Pending, ct))
            return Error.Conflict($"There is already an open request about {item.Key} in {sprint.Name}; the developers decide it first.");
        var now = clock.GetUtcNow();
        if (Rules.Create(() => ScopeChangeRequest.Ask(sprint, item.Id, kind!.Value, request.Reason, me.UserId, now)).Failed(out var invalid, out var asked)) return invalid;
        db.ScopeChangeRequests.Add(asked);
        // The developers (and the Tech Lead) decide it: each of them hears of it, except whoever asked.
        var deciders = await db.RoleAssignments.Where(r => r.ProductId == product.Id && (r.Role == Role.Developer || r.Role == Role.TechLead) && r.UserId != me.UserId)
            .Select(r => r.UserId).Distinct().Take(100).ToListAsync(ct);
        var verb = kind == ScopeChangeKind.Add ? "add" : "remove";
        foreach (var userId in deciders)
            db.Notifications.Add(Notification.To(product.WorkspaceId, userId, $"{me.DisplayName} asks to {verb} {item.Key} {(kind == ScopeChangeKind.Add ? "to" : "from")} {sprint.Name}: accept or decline it.", links.Sprint(sprint.Id), now));
        await db.SaveChangesAsync(ct);
        return await RequestDtoAsync(asked, ct);
    }

    public async Task<Result<ScopeRequestDto>> DecideScopeChangeAsync(Guid requestId, bool accept, ScopeDecisionRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadRequestAsync(requestId, Operations.Sprints.CommitScope, ct)).Failed(out var error, out var found)) return error;
        var (asked, product) = found;
        if (ifMatch is { } expected && expected != asked.Version)
            return Error.Stale($"The request was changed by someone else (version {asked.Version}, you sent {expected}). Reload it and try again.");
        var sprint = await db.Sprints.FirstAsync(s => s.Id == asked.SprintId, ct);
        var item = await db.BacklogItems.FirstAsync(i => i.Id == asked.ItemId, ct);
        var now = clock.GetUtcNow();
        if (accept && sprint.State != SprintState.Active) return Error.Conflict($"{sprint.Name} is {Sprint.Describe(sprint.State)}; its scope no longer changes.");
        if (Rules.Apply(() => asked.Decide(accept, request.Reason, me.UserId, now)) is { } invalid) return invalid;
        var card = await db.SprintItems.FirstOrDefaultAsync(i => i.SprintId == sprint.Id && i.ItemId == item.Id, ct);
        if (accept && asked.Kind == ScopeChangeKind.Add)
        {
            if (await OpenSprintOfAsync(item, ct) is { } other && other.Id != sprint.Id)
                return Error.Conflict($"{item.Key} is in {other.Name} meanwhile; an item is in one open sprint at a time.");
            if (card is null) db.SprintItems.Add(await CardAsync(sprint, item, afterStart: true, now, ct));
            else if (!card.InSprint) card.Restore(afterStart: true, now);
        }
        else if (accept && card is { InSprint: true }) card.Remove(now, whileRunning: true);
        var verb = asked.Kind == ScopeChangeKind.Add ? $"add {item.Key} to" : $"remove {item.Key} from";
        var decided = accept ? "Accepted" : "Declined";
        if (await rights.DecideAsync(product, Operations.Sprints.CommitScope, new DecisionRecord(
                $"{decided} the request to {verb} {sprint.Name}", "sprint", sprint.Id.ToString(), asked.DecisionReason), ct) is { } notYours) return notYours;
        if (asked.RequestedById != me.UserId)
            db.Notifications.Add(Notification.To(product.WorkspaceId, asked.RequestedById,
                $"{me.DisplayName} {decided.ToLowerInvariant()} your request to {verb} {sprint.Name}{(asked.DecisionReason is { } why ? $": {why}" : ".")}", links.Sprint(sprint.Id), now));
        if (await db.SaveOrStaleAsync($"The request about {item.Key}", ct) is { } lost) return lost;
        return await RequestDtoAsync(asked, ct);
    }

    public async Task<Result<ScopeRequestDto>> WithdrawScopeChangeAsync(Guid requestId, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadRequestAsync(requestId, Operations.Sprints.RequestScopeChange, ct)).Failed(out var error, out var found)) return error;
        var asked = found.Entity;
        if (ifMatch is { } expected && expected != asked.Version)
            return Error.Stale($"The request was changed by someone else (version {asked.Version}, you sent {expected}). Reload it and try again.");
        if (asked.RequestedById != me.UserId)
        {
            var asker = (await db.DisplayNamesAsync([asked.RequestedById], ct)).GetValueOrDefault(asked.RequestedById, "whoever asked");
            return Error.Forbidden($"Only {asker}, who asked, can withdraw this request; the developers accept or decline it.");
        }
        if (Rules.Apply(() => asked.Withdraw(clock.GetUtcNow())) is { } invalid) return invalid;
        if (await db.SaveOrStaleAsync("The request", ct) is { } lost) return lost;
        return await RequestDtoAsync(asked, ct);
    }

    public async Task<Result<SprintReviewDto>> ReviewAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await ReviewOfAsync(found.Entity, await TeamOfAsync(found.Entity, ct), found.Product, ct);
    }

    public async Task<Result<SprintReviewDto>> RecordReviewAsync(Guid id, SprintReviewRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Sprints.Review, ct)).Failed(out var error, out var found)) return error;
        var (sprint, product) = found;
        if (Stale(sprint, ifMatch) is { } stale) return stale;
        if (Rules.Apply(() => sprint.RecordReview(request.GoalMet, request.Notes)) is { } invalid) return invalid;
        var met = request.GoalMet switch { true => "goal met", false => "goal not met", null => "goal not judged" };
        if (await rights.DecideAsync(product, Operations.Sprints.Review, new DecisionRecord(
                $"Recorded the review of {sprint.Name}: {met}", "sprint", sprint.Id.ToString(), sprint.ReviewNotes is { Length: > 0 } n ? (n.Length > 400 ? n[..400] : n) : null), ct) is { } notYours) return notYours;
        if (await db.SaveOrStaleAsync(sprint.Name, ct) is { } lost) return lost;
        return await ReviewOfAsync(sprint, await TeamOfAsync(sprint, ct), product, ct);
    }

    /// <summary>
    /// A stakeholder's (or anyone's) feedback on an item of the increment, as feedback in the item's product's
    /// inbox for the Product Owner to triage: it names the item and links back to the review.
    /// </summary>
    public async Task<Result<ReviewFeedbackDto>> ReviewFeedbackAsync(Guid id, ReviewFeedbackRequest request, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Feedback.Submit, ct)).Failed(out var error, out var found)) return error;
        var sprint = found.Entity;
        var key = Items.KeyOf(request.ItemKey);
        var item = await db.SprintItems.Where(i => i.SprintId == sprint.Id && i.RemovedAt == null)
            .Join(db.BacklogItems.Where(b => b.Key == key), s => s.ItemId, b => b.Id, (s, b) => b).FirstOrDefaultAsync(ct);
        if (item is null) return Error.Invalid("itemKey", $"{(key.Length == 0 ? "Name the item" : key + " is not in " + sprint.Name)}; feedback at the review is about an item of the increment.");
        var text = (request.Text ?? "").Trim();
        if (text.Length == 0) return Error.Invalid("text", "Say what you think of it.");
        if (text.Length > 5000) return Error.Invalid("text", "Feedback at the review has at most 5000 characters.");
        var product = item.ProductId == found.Product.Id ? found.Product : await db.Products.FirstAsync(p => p.Id == item.ProductId, ct);
        if (await rights.AuthorizeAsync(product, Operations.Feedback.Submit, ct) is { } refused) return refused;
        var firstLine = text.Split('\n')[0].Trim();
        var title = $"{item.Key}: {(firstLine.Length > 150 ? firstLine[..150] + "…" : firstLine)}";
        var description = $"{text}\n\nFrom the review of [{sprint.Name}]({links.SprintReview(sprint.Id)}), about {item.Key} \"{item.Title}\".";
        var saved = await numbers.InTransactionAsync<FeedbackEntry>(async () =>
        {
            var number = await numbers.NextAsync(product, Sequences.Feedback, next => db.Feedback.Where(f => f.ProductId == product.Id).MaxAsync(f => (int?)f.Number, next), ct);
            var entry = Rules.Create(() => FeedbackEntry.Submit(product.WorkspaceId, product.Id, number, title, description, ReviewArea, Urgency.Medium, me.UserId, clock.GetUtcNow()));
            if (entry.Failed(out _, out var created)) return entry;
            db.Feedback.Add(created);
            await db.SaveChangesAsync(ct);
            return entry;
        }, ct);
        if (saved.Failed(out var failed, out var feedback)) return failed;
        return new ReviewFeedbackDto(feedback.Number, product.Key, feedback.Title, EnumText.Slug(feedback.Status), new PersonSummary(me.UserId, me.DisplayName), feedback.SubmittedAt);
    }

    public async Task<Result<SprintReviewFile>> ReviewMarkdownAsync(Guid id, CancellationToken ct)
    {
        if ((await ReviewAsync(id, ct)).Failed(out var error, out var review)) return error;
        var md = new System.Text.StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {review.Name} review — {review.TeamName}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{review.Start:yyyy-MM-dd} to {review.End:yyyy-MM-dd} · {review.State}");
        md.AppendLine();
        md.AppendLine("## Goal");
        md.AppendLine();
        md.AppendLine(Escape(review.Goal ?? "(no goal was set)"));
        md.AppendLine();
        md.AppendLine(review.GoalMet switch { true => "**Goal met.**", false => "**Goal not met.**", null => "_Whether the goal was met is not recorded yet._" });
        if (review.Notes is { Length: > 0 } notes)
        {
            md.AppendLine();
            md.AppendLine(notes);
        }
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"## The increment ({review.Increment.Count} items, {Points(review.Increment.Sum(i => i.Points ?? 0m))} points)");
        md.AppendLine();
        if (review.Increment.Count == 0) md.AppendLine("Nothing was finished.");
        else
        {
            md.AppendLine("| Item | Title | Points | Acceptance |");
            md.AppendLine("|---|---|---|---|");
            foreach (var i in review.Increment)
                md.AppendLine(CultureInfo.InvariantCulture, $"| {i.Key} | {Cell(i.Title)} | {(i.Points is { } p ? Points(p) : "–")} | {(i.Accepted ? "accepted" : "waiting for the Product Owner")} |");
        }
        if (review.NotDone.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Not finished");
            md.AppendLine();
            foreach (var i in review.NotDone)
                md.AppendLine(CultureInfo.InvariantCulture, $"- {i.Key} {Escape(i.Title)} ({i.Status}{(i.RejectionReason is { } r ? $"; rejected: {Escape(r)}" : "")})");
        }
        if (review.Feedback.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Feedback");
            md.AppendLine();
            foreach (var f in review.Feedback)
                md.AppendLine(CultureInfo.InvariantCulture, $"- {Escape(f.Title)} — {Escape(f.By.DisplayName)} ({f.ProductKey} feedback #{f.Number}, {f.Status})");
        }
        var slug = new string(review.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray()).Trim('-');
        return new SprintReviewFile($"{(slug.Length == 0 ? "sprint" : slug)}-review.md", md.ToString());
    }

    /// <summary>The top-ranked open items of the team's products that are in no open sprint: what the developers pull from at planning.</summary>
    public async Task<Result<IReadOnlyList<BacklogItemSummary>>> CandidatesAsync(Guid id, int limit, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var team = await TeamOfAsync(found.Entity, ct);
        var productIds = await ProductIdsAsync(team, ct);
        var open = db.SprintItems.Where(s => s.RemovedAt == null && s.Outcome == null)
            .Join(db.Sprints.Where(s => s.State != SprintState.Closed), c => c.SprintId, s => s.Id, (c, s) => c.ItemId);
        var rows = await db.BacklogItems.AsNoTracking()
            .Where(i => productIds.Contains(i.ProductId) && i.Type != ItemType.Epic && i.Status != ItemStatus.Done && i.Status != ItemStatus.Accepted && !open.Contains(i.Id))
            .OrderBy(i => i.ProductId == team.ProductId ? 0 : 1).ThenBy(i => i.Rank).ThenBy(i => i.Number).Take(Math.Clamp(limit, 1, 100)).ToListAsync(ct);
        return Result<IReadOnlyList<BacklogItemSummary>>.Ok(rows.Select(i => new BacklogItemSummary(i.Key, EnumText.Slug(i.Type), i.Title, EnumText.Slug(i.Status), i.Rank,
            null, null, i.Estimate, i.BusinessValue, i.MoSCoW is { } m ? EnumText.Slug(m) : null, i.Wsjf, i.Rice, [], i.Version, i.UpdatedAt)).ToList());
    }

    /// <summary>The area every feedback from a sprint review carries, so the Product Owner sees where it came from.</summary>
    public const string ReviewArea = "sprint review";

    // ---- loading ----

    private Task<Result<Owned<Sprint>>> LoadAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<Sprint>(s => s.Id == id, operation, "There is no such sprint in your workspace.", ct);

    private Task<Result<Owned<ScopeChangeRequest>>> LoadRequestAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<ScopeChangeRequest>(r => r.Id == id, operation, "There is no such scope-change request in your workspace.", ct);

    private Task<Result<Owned<Team>>> TeamAsync(Guid teamId, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<Team>(t => t.Id == teamId, operation, "There is no such team in your workspace.", ct);

    private Task<Team> TeamOfAsync(Sprint sprint, CancellationToken ct) => db.Teams.FirstAsync(t => t.Id == sprint.TeamId, ct);

    private async Task<List<Guid>> ProductIdsAsync(Team team, CancellationToken ct) =>
        [team.ProductId, .. await db.TeamProducts.Where(t => t.TeamId == team.Id && t.ProductId != team.ProductId).Select(t => t.ProductId).ToListAsync(ct)];

    private static string SequenceOf(Team team) => $"sprint:{team.Id}";

    /// <summary>An item the team may pull: of one of the products it works on. Another product's item is named in the refusal.</summary>
    private async Task<Result<BacklogItem>> ItemOfTeamAsync(Team team, string? itemKey, CancellationToken ct)
    {
        var key = Items.KeyOf(itemKey);
        if (key.Length == 0) return Error.Invalid("itemKey", "Name the item, such as PAY-12.");
        var item = await db.BacklogItems.FirstOrDefaultAsync(i => i.Key == key, ct);
        if (item is null) return Error.NotFound($"There is no item {key} in your workspace.");
        var productIds = await ProductIdsAsync(team, ct);
        if (!productIds.Contains(item.ProductId))
        {
            var productKey = await db.Products.Where(p => p.Id == item.ProductId).Select(p => p.Key).FirstAsync(ct);
            return Error.Invalid("itemKey", $"{key} belongs to {productKey}, which {team.Name} does not work on; a workspace admin can add {productKey} to the team's products.");
        }
        return item;
    }

    /// <summary>The planned or active sprint the item is in, if any.</summary>
    private Task<Sprint?> OpenSprintOfAsync(BacklogItem item, CancellationToken ct) =>
        db.SprintItems.Where(c => c.ItemId == item.Id && c.RemovedAt == null && c.Outcome == null)
            .Join(db.Sprints.Where(s => s.State != SprintState.Closed), c => c.SprintId, s => s.Id, (c, s) => s)
            .AsNoTracking().FirstOrDefaultAsync(ct);

    private async Task<Error?> OverlapAsync(Team team, DateOnly start, DateOnly end, Guid? except, CancellationToken ct)
    {
        var other = await db.Sprints.AsNoTracking()
            .Where(s => s.TeamId == team.Id && s.Id != except && s.Start <= end && s.End >= start)
            .OrderBy(s => s.Start).Select(s => new { s.Name, s.Start, s.End }).FirstOrDefaultAsync(ct);
        return other is null ? null : Error.Invalid("start",
            $"{start:yyyy-MM-dd} to {end:yyyy-MM-dd} overlaps {other.Name} ({other.Start:yyyy-MM-dd} to {other.End:yyyy-MM-dd}) of {team.Name}; a team runs one sprint at a time.");
    }

    /// <summary>A new card in the team's first column whose status matches the item's (else the first column), at the bottom of it.</summary>
    private async Task<SprintItem> CardAsync(Sprint sprint, BacklogItem item, bool afterStart, DateTimeOffset now, CancellationToken ct) =>
        (await CardsAsync(sprint, [item], afterStart, now, ct))[0];

    /// <summary>New cards for several items at once (a close's carry-over): the columns and each column's last card are read once.</summary>
    private async Task<List<SprintItem>> CardsAsync(Sprint sprint, IReadOnlyList<BacklogItem> items, bool afterStart, DateTimeOffset now, CancellationToken ct)
    {
        var columns = await db.BoardColumns.AsNoTracking().Where(c => c.TeamId == sprint.TeamId).OrderBy(c => c.Position).Select(c => new { c.Id, c.Status }).ToListAsync(ct);
        // Compared byte by byte here: PostgreSQL's default collation would not sort rank strings that way.
        var last = (await db.SprintItems.Where(s => s.SprintId == sprint.Id).Select(s => new { s.ColumnId, s.Order }).ToListAsync(ct))
            .GroupBy(s => s.ColumnId ?? Guid.Empty).ToDictionary(g => g.Key, g => (string?)g.Select(s => s.Order).Max(StringComparer.Ordinal));
        foreach (var tracked in db.ChangeTracker.Entries<SprintItem>().Where(e => e.Entity.SprintId == sprint.Id).Select(e => e.Entity))
        {
            var key = tracked.ColumnId ?? Guid.Empty;
            if (!last.TryGetValue(key, out var order) || order is null || string.CompareOrdinal(tracked.Order, order) > 0) last[key] = tracked.Order;
        }
        var cards = new List<SprintItem>();
        foreach (var item in items)
        {
            var columnId = (columns.FirstOrDefault(c => c.Status == item.Status) ?? columns.FirstOrDefault())?.Id;
            var key = columnId ?? Guid.Empty;
            var order = Rank.Between(last.GetValueOrDefault(key), null);
            last[key] = order;
            cards.Add(SprintItem.Add(sprint, item.Id, item.Estimate, columnId, order, afterStart, now));
        }
        return cards;
    }

    /// <summary>The team's next planned sprint after this one, or one planned now from the cadence.</summary>
    private async Task<Result<Sprint>> NextSprintAsync(Team team, Product product, Sprint after, DateTimeOffset now, CancellationToken ct)
    {
        var next = await db.Sprints.Where(s => s.TeamId == team.Id && s.State == SprintState.Planned && s.Id != after.Id)
            .OrderBy(s => s.Start).FirstOrDefaultAsync(ct);
        if (next is not null) return next;
        var (start, end) = NextDates(team, after.End);
        var number = await numbers.NextAsync(product, SequenceOf(team), n => db.Sprints.Where(s => s.TeamId == team.Id).MaxAsync(s => (int?)s.Number, n), ct);
        if (await OverlapAsync(team, start, end, null, ct) is { } overlap) return overlap;
        if (Rules.Create(() => Sprint.Plan(team.WorkspaceId, team.ProductId, team.Id, number, $"Sprint {number}", null, start, end, null, now)).Failed(out var invalid, out var planned))
            return invalid;
        db.Sprints.Add(planned);
        return planned;
    }

    /// <summary>The dates of the sprint after <paramref name="lastDay"/> by the team's cadence: its start weekday, its length.</summary>
    public static (DateOnly Start, DateOnly End) NextDates(Team team, DateOnly lastDay)
    {
        var start = lastDay.AddDays(1);
        while (start.DayOfWeek != team.SprintStartDay) start = start.AddDays(1);
        return (start, start.AddDays(team.SprintLengthDays - 1));
    }

    /// <summary>Where the Scrum Master's plan form starts: after the team's last sprint, or from today, by the cadence.</summary>
    public async Task<Result<(DateOnly Start, DateOnly End)>> SuggestedDatesAsync(Guid teamId, CancellationToken ct)
    {
        if ((await TeamAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var team = found.Entity;
        var last = await db.Sprints.Where(s => s.TeamId == team.Id).MaxAsync(s => (DateOnly?)s.End, ct);
        var today = team.Today(clock.GetUtcNow());
        return NextDates(team, (last is { } l && l >= today ? l : today.AddDays(-1)));
    }

    private static Error? Stale(Sprint sprint, int? ifMatch) => ifMatch is { } expected && expected != sprint.Version
        ? Error.Stale($"{sprint.Name} was changed by someone else (version {sprint.Version}, you sent {expected}). Reload it and try again.")
        : null;

    private static Error? NotPlanned(Sprint sprint, string verb) => sprint.State switch
    {
        SprintState.Planned => null,
        SprintState.Active => Error.Conflict($"{sprint.Name} has started; to {verb} an item now, ask with a scope-change request, which the developers accept or decline."),
        _ => Error.Conflict($"{sprint.Name} is closed; its scope no longer changes."),
    };

    private static bool IsDone(ItemStatus status) => status is ItemStatus.Done or ItemStatus.Accepted;

    private static string Points(decimal points) => points.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("\r", "", StringComparison.Ordinal);

    private static string Cell(string text) => Escape(text).Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    // ---- shaping ----

    private static SprintSummary Summary(Sprint s, int items, decimal points) =>
        new(s.Id, s.TeamId, s.Number, s.Name, s.Goal, Sprint.Describe(s.State), s.Start, s.End, items, points, s.CommittedPoints, s.CompletedPoints, s.CommittedItems, s.CompletedItems, s.Version);

    private async Task<SprintDto> DetailAsync(Sprint sprint, Team team, Product product, CancellationToken ct)
    {
        var rows = await db.SprintItems.AsNoTracking().Where(s => s.SprintId == sprint.Id)
            .Join(db.BacklogItems, s => s.ItemId, i => i.Id, (s, i) => new { Card = s, Item = i })
            .OrderBy(r => r.Item.Rank).ThenBy(r => r.Item.Number).Take(MaxItems * 2).ToListAsync(ct);
        var ids = rows.Select(r => r.Item.Id).ToList();
        var productKeys = await db.Products.AsNoTracking().Where(p => rows.Select(r => r.Item.ProductId).Distinct().Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Key, ct);
        var criteria = await db.AcceptanceCriteria.AsNoTracking().Where(c => ids.Contains(c.ItemId)).GroupBy(c => c.ItemId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var assessments = await db.TechnicalAssessments.AsNoTracking().Where(a => ids.Contains(a.ItemId)).ToDictionaryAsync(a => a.ItemId, ct);
        // Blocked by an open link: another item that blocks this one and is not done yet.
        var blockers = (await db.ItemLinks.AsNoTracking().Where(l => l.Kind == LinkKind.Blocks && ids.Contains(l.TargetId))
                .Join(db.BacklogItems.Where(b => b.Status != ItemStatus.Done && b.Status != ItemStatus.Accepted), l => l.SourceId, b => b.Id, (l, b) => new { l.TargetId, b.Key })
                .ToListAsync(ct)).ToLookup(b => b.TargetId, b => b.Key);

        var planned = rows.Where(r => r.Card.InSprint).Sum(r => r.Item.Estimate ?? 0m);
        var capacity = await CapacityOfAsync(sprint, team, planned, ct);
        var warnings = new List<SprintWarning>();
        if (capacity.Points is { } points && planned > points)
            warnings.Add(new SprintWarning("over-capacity", null, $"{Points(planned)} points planned, {Points(points)} points of capacity: {Points(planned - points)} over."));
        else if (capacity.Points is null && capacity.FocusHours == 0 && planned > 0)
            warnings.Add(new SprintWarning("over-capacity", null, "Nobody on the team has working hours in these dates."));
        var items = new List<SprintItemDto>();
        foreach (var r in rows)
        {
            var item = r.Item;
            var readiness = Items.ReadinessOf(item, criteria.GetValueOrDefault(item.Id), assessments.GetValueOrDefault(item.Id));
            var own = new List<string>();
            if (r.Card.InSprint && sprint.State != SprintState.Closed && !IsDone(item.Status))
            {
                if (!readiness.ProductOwnerReady || !readiness.TechLeadReady)
                {
                    var missing = new List<string>();
                    if (!readiness.ProductOwnerReady) missing.Add("the Product Owner's half (story form, acceptance criteria, business value)");
                    if (!readiness.TechLeadReady) missing.Add("the Tech Lead's half (estimate, feasibility)");
                    own.Add("not-ready");
                    warnings.Add(new SprintWarning("not-ready", item.Key, $"{item.Key} is not ready: {string.Join(" and ", missing)} missing."));
                }
                if (blockers[item.Id].Any())
                {
                    own.Add("blocked");
                    warnings.Add(new SprintWarning("blocked", item.Key, $"{item.Key} is blocked by {string.Join(", ", blockers[item.Id].Order(StringComparer.Ordinal))}, not done yet."));
                }
                if (item.Estimate is null)
                {
                    own.Add("unestimated");
                    warnings.Add(new SprintWarning("unestimated", item.Key, $"{item.Key} has no estimate; the capacity check leaves it out."));
                }
            }
            items.Add(new SprintItemDto(item.Key, productKeys.GetValueOrDefault(item.ProductId, ""), item.Title, EnumText.Slug(item.Type), EnumText.Slug(item.Status),
                r.Card.Points ?? item.Estimate, item.Rank, r.Card.ColumnId, r.Card.AddedAfterStart, !r.Card.InSprint, r.Card.Outcome is { } o ? EnumText.Slug(o) : null,
                r.Card.Blocked, readiness.Ready, own));
        }
        var requests = await db.ScopeChangeRequests.AsNoTracking().Where(r => r.SprintId == sprint.Id)
            .OrderByDescending(r => r.Status == ScopeChangeStatus.Pending).ThenByDescending(r => r.RequestedAt).Take(MaxOpenRequests).ToListAsync(ct);
        var requestDtos = await RequestDtosAsync(requests, ct);
        var goalBy = sprint.GoalProposedById is { } g ? new PersonSummary(g, (await db.DisplayNamesAsync([g], ct)).GetValueOrDefault(g, "someone")) : null;
        return new SprintDto(sprint.Id, team.Id, team.Name, product.Key, sprint.Number, sprint.Name, sprint.Goal, goalBy, sprint.CommittedAt,
            Sprint.Describe(sprint.State), sprint.Start, sprint.End, sprint.StartedAt, sprint.ClosedAt, sprint.CommittedPoints, sprint.CompletedPoints,
            sprint.CommittedItems, sprint.CompletedItems, sprint.AddedItems, sprint.RemovedItems, sprint.CarriedOverItems, sprint.GoalMet, sprint.ReviewNotes,
            items, capacity, warnings, requestDtos, sprint.Version);
    }

    private async Task<ScopeRequestDto> RequestDtoAsync(ScopeChangeRequest request, CancellationToken ct) => (await RequestDtosAsync([request], ct))[0];

    private async Task<List<ScopeRequestDto>> RequestDtosAsync(IReadOnlyList<ScopeChangeRequest> requests, CancellationToken ct)
    {
        var itemIds = requests.Select(r => r.ItemId).Distinct().ToList();
        var items = await db.BacklogItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).Select(i => new { i.Id, i.Key, i.Title }).ToDictionaryAsync(i => i.Id, ct);
        var names = await db.DisplayNamesAsync(requests.Select(r => r.RequestedById).Concat(requests.Select(r => r.DecidedById).OfType<Guid>()), ct);
        PersonSummary Person(Guid id) => new(id, names.GetValueOrDefault(id, "someone"));
        return requests.Select(r => new ScopeRequestDto(r.Id, r.SprintId, items.GetValueOrDefault(r.ItemId)?.Key ?? "", items.GetValueOrDefault(r.ItemId)?.Title ?? "",
            EnumText.Slug(r.Kind), EnumText.Slug(r.Status), r.Reason, Person(r.RequestedById), r.RequestedAt,
            r.DecidedById is { } d ? Person(d) : null, r.DecidedAt, r.DecisionReason, r.Version)).ToList();
    }

    private async Task<SprintReviewDto> ReviewOfAsync(Sprint sprint, Team team, Product product, CancellationToken ct)
    {
        var rows = await db.SprintItems.AsNoTracking().Where(s => s.SprintId == sprint.Id && s.RemovedAt == null)
            .Join(db.BacklogItems, s => s.ItemId, i => i.Id, (s, i) => new { Card = s, Item = i })
            .OrderBy(r => r.Item.Rank).Take(MaxItems).ToListAsync(ct);
        var productIds = rows.Select(r => r.Item.ProductId).Append(product.Id).Distinct().ToList();
        var keys = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Key, ct);
        // Done in this sprint: done when it closed, or done (or accepted) now while it runs; a carried-over item belongs to the next one.
        bool Done(SprintItem card, BacklogItem item) => sprint.State == SprintState.Closed ? card.Outcome == SprintItemOutcome.Completed : IsDone(item.Status);
        ReviewItemDto Dto(SprintItem card, BacklogItem item) => new(item.Key, keys.GetValueOrDefault(item.ProductId, ""), item.Title, EnumText.Slug(item.Status),
            card.Points ?? item.Estimate, Done(card, item), item.Status == ItemStatus.Accepted, item.RejectionReason);
        var marker = sprint.Id.ToString();
        var feedback = await db.Feedback.AsNoTracking()
            .Where(f => productIds.Contains(f.ProductId) && f.Area == ReviewArea && f.Description.Contains(marker))
            .OrderBy(f => f.SubmittedAt).Take(200).ToListAsync(ct);
        var names = await db.DisplayNamesAsync(feedback.Select(f => f.SubmittedById), ct);
        return new SprintReviewDto(sprint.Id, team.Id, team.Name, product.Key, sprint.Name, sprint.Goal, Sprint.Describe(sprint.State), sprint.Start, sprint.End,
            sprint.GoalMet, sprint.ReviewNotes,
            rows.Where(r => Done(r.Card, r.Item)).Select(r => Dto(r.Card, r.Item)).ToList(),
            rows.Where(r => !Done(r.Card, r.Item)).Select(r => Dto(r.Card, r.Item)).ToList(),
            feedback.Select(f => new ReviewFeedbackDto(f.Number, keys.GetValueOrDefault(f.ProductId, ""), f.Title, EnumText.Slug(f.Status),
                new PersonSummary(f.SubmittedById, names.GetValueOrDefault(f.SubmittedById, "someone")), f.SubmittedAt)).ToList(),
            sprint.Version);
    }

    // ---- capacity ----

    /// <summary>
    /// Focus hours per member in the sprint's dates, and points from the team's velocity per focus hour over
    /// its last three closed sprints (their completed points over their focus hours, with today's members).
    /// </summary>
    private async Task<CapacityDto> CapacityOfAsync(Sprint sprint, Team team, decimal planned, CancellationToken ct)
    {
        var members = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == team.Id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, u.DisplayName, m.AllocationPercent, m.WorkingDays })
            .ToListAsync(ct);
        var history = await db.Sprints.AsNoTracking().Where(s => s.TeamId == team.Id && s.State == SprintState.Closed && s.Id != sprint.Id)
            .OrderByDescending(s => s.End).Take(3).Select(s => new { s.Start, s.End, s.CompletedPoints }).ToListAsync(ct);
        var from = history.Select(h => h.Start).Append(sprint.Start).Min();
        var to = history.Select(h => h.End).Append(sprint.End).Max();
        var absences = await db.TeamAbsences.AsNoTracking().Where(a => a.TeamId == team.Id && a.From <= to && a.To >= from)
            .Select(a => new { a.UserId, a.From, a.To }).ToListAsync(ct);

        (int Days, int Off) DaysOf(Guid userId, WorkingDays days, DateOnly start, DateOnly end)
        {
            int working = 0, off = 0;
            for (var d = start; d <= end; d = d.AddDays(1))
            {
                if (!days.HasFlag(TeamMember.Flag(d.DayOfWeek))) continue;
                if (absences.Any(a => a.UserId == userId && a.From <= d && a.To >= d)) off++;
                else working++;
            }
            return (working, off);
        }
        decimal Hours(int days, int allocation) => Math.Round(days * allocation / 100m * team.HoursPerDay * team.FocusFactor, 1);

        var pastHours = history.Sum(h => members.Sum(m => Hours(DaysOf(m.UserId, m.WorkingDays, h.Start, h.End).Days, m.AllocationPercent)));
        decimal? perHour = history.Count > 0 && pastHours > 0 ? history.Sum(h => h.CompletedPoints) / pastHours : null;
        var note = history.Count == 0
            ? $"{team.Name} has no closed sprint yet, so there is no velocity to turn hours into points: plan by hours."
            : perHour is null ? "The team's last sprints had no focus hours, so there is no velocity per hour: plan by hours." : null;
        var rowsOut = members.OrderBy(m => m.DisplayName, StringComparer.Ordinal).Select(m =>
        {
            var (days, off) = DaysOf(m.UserId, m.WorkingDays, sprint.Start, sprint.End);
            var hours = Hours(days, m.AllocationPercent);
            return new MemberCapacityDto(new PersonSummary(m.UserId, m.DisplayName), m.AllocationPercent, days, off, hours, perHour is { } p ? Math.Round(hours * p, 1) : null);
        }).ToList();
        var total = rowsOut.Sum(r => r.FocusHours);
        decimal? points = perHour is { } rate ? Math.Round(total * rate, 1) : null;
        var share = await db.DebtCapacityProposals.AsNoTracking().Where(p => p.ProductId == team.ProductId && p.Status == Domain.Debt.CapacityProposalStatus.Agreed)
            .OrderByDescending(p => p.AgreedAt).Select(p => (int?)p.SharePercent).FirstOrDefaultAsync(ct);
        return new CapacityDto(total, points, perHour is { } r ? Math.Round(r, 3) : null, history.Count, note, share,
            share is { } s ? Math.Round(total * s / 100m, 1) : null, share is { } s2 && points is { } pts ? Math.Round(pts * s2 / 100m, 1) : null,
            planned, team.HoursPerDay, team.FocusFactor, rowsOut);
    }
}
