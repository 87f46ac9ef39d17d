using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Application.Teams;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;
using Tandem.Domain.Sprints;
using Tandem.Domain.Teams;

namespace Tandem.Application.Board;

/// <summary>
/// The sprint board. Columns come from the team's workflow (each maps to an item status); a card's move
/// places it between its neighbours with a short rank (respreading the column when ranks would grow),
/// records a <see cref="CardMove"/> when it changes column, gives the item the column's status and starts
/// or completes the card's cycle. Over-WIP moves are made and flagged, not refused. Developers, the Tech
/// Lead and the Scrum Master move cards (a contribution, not logged); the Scrum Master sets the workflow
/// (logged). Each change is saved first and broadcast after, so what a screen shows is in the database.
/// </summary>
public sealed class BoardFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, IBoardBroadcaster broadcaster, TimeProvider clock)
{
    /// <summary>The most cards a board shows; a sprint is far smaller.</summary>
    public const int MaxCards = 2000;

    // ---------------------------------------------------------------- reading

    public async Task<Result<BoardDto>> GetAsync(Guid sprintId, string? swimlane, CancellationToken ct)
    {
        if (Lane(swimlane) is not { } lane) return BadSwimlane(swimlane);
        if ((await LoadSprintAsync(sprintId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await BuildAsync(found.Entity, found.Product, lane, ct);
    }

    /// <summary>The board of the team's active sprint; 404 saying so when none is active.</summary>
    public async Task<Result<BoardDto>> TeamBoardAsync(Guid teamId, string? swimlane, CancellationToken ct)
    {
        if (Lane(swimlane) is not { } lane) return BadSwimlane(swimlane);
        if ((await rights.LoadAsync<Team>(t => t.Id == teamId, Operations.Products.Read, "There is no such team in your workspace.", ct)).Failed(out var error, out var found)) return error;
        var sprint = await ActiveSprintAsync(found.Entity.Id, ct);
        if (sprint is null) return Error.NotFound($"{found.Entity.Name} has no active sprint; the board shows a running sprint. The Scrum Master starts one on the team's sprints page.");
        return await BuildAsync(sprint, found.Product, lane, ct);
    }

    /// <summary>The id of the team's active sprint, if any (for the team board page); authorised like reading the team.</summary>
    public async Task<Result<Guid?>> ActiveSprintIdAsync(Guid teamId, CancellationToken ct)
    {
        if ((await rights.LoadAsync<Team>(t => t.Id == teamId, Operations.Products.Read, "There is no such team in your workspace.", ct)).Failed(out var error, out var found)) return error;
        return (await ActiveSprintAsync(found.Entity.Id, ct))?.Id;
    }

    /// <summary>Admits a watcher of the board's live channel: whoever may read the sprint's product.</summary>
    public async Task<Result<PersonSummary>> WatchAsync(Guid sprintId, CancellationToken ct)
    {
        if ((await LoadSprintAsync(sprintId, Operations.Products.Read, ct)).Failed(out var error, out _)) return error;
        return new PersonSummary(me.UserId, me.DisplayName);
    }

    // ---------------------------------------------------------------- moving and blocking

    public async Task<Result<BoardMoveDto>> MoveAsync(Guid sprintId, BoardMoveRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadSprintAsync(sprintId, Operations.Sprints.MoveCard, ct)).Failed(out var error, out var found)) return error;
        var sprint = found.Entity;
        var validation = new Validation();
        var key = Items.KeyOf(request.ItemKey);
        validation.Require(key.Length > 0, "itemKey", "Name the card to move by its item key, such as PAY-12.");
        validation.Require(request.ColumnId is not null, "columnId", "Name the column the card goes to by its id.");
        var before = string.IsNullOrWhiteSpace(request.BeforeItemKey) ? null : Items.KeyOf(request.BeforeItemKey);
        var after = string.IsNullOrWhiteSpace(request.AfterItemKey) ? null : Items.KeyOf(request.AfterItemKey);
        validation.Require(before is null || before != key, "beforeItemKey", "A card does not go before itself.");
        validation.Require(after is null || after != key, "afterItemKey", "A card does not go after itself.");
        if (validation.Result is { } invalid) return invalid;
        if (Closed(sprint) is { } closed) return closed;

        var columns = await ColumnsAsync(sprint.TeamId, ct);
        var column = columns.FirstOrDefault(c => c.Id == request.ColumnId);
        if (column is null) return Error.Invalid("columnId", $"There is no such column on this board; the columns are {string.Join(", ", columns.Select(c => c.Name))}.");
        var card = await CardAsync(sprint, key, ct);
        if (card is null) return Error.NotFound($"{key} is not on the board of {sprint.Name}.");
        var (sprintItem, item) = card.Value;
        if (ifMatch is { } expected && expected != sprintItem.Version)
            return Error.Stale($"The card {item.Key} was moved or changed by someone else (version {sprintItem.Version}, you sent {expected}). Reload the board and try again.");
        if (item.Status == ItemStatus.Accepted)
            return Error.Conflict($"{item.Key} was accepted by the Product Owner; its card stays where it is.");

        var first = columns[0];
        var inColumn = await db.SprintItems
            .Where(s => s.SprintId == sprint.Id && s.RemovedAt == null && s.Id != sprintItem.Id && (s.ColumnId == column.Id || (column.Id == first.Id && s.ColumnId == null)))
            .ToListAsync(ct);
        var keys = await KeysAsync(inColumn.Select(s => s.ItemId), ct);
        var others = inColumn.OrderBy(s => s.Order, StringComparer.Ordinal).ThenBy(s => s.Id).ToList();
        if (Place(others, keys, before, after, out var position) is { } misplaced) return misplaced;
        var order = OrderAt(others, position);

        var now = clock.GetUtcNow();
        var from = sprintItem.ColumnId;
        sprintItem.MoveTo(column.Id, order, isFirst: column.Id == first.Id, isDone: column.Status == ItemStatus.Done, now);
        if (from != column.Id)
        {
            db.CardMoves.Add(CardMove.Of(sprintItem, from, column.Id, me.UserId, now));
            db.ItemActivity.Add(ItemActivity.Record(item, me.UserId, $"moved its card to {column.Name} on the board of {sprint.Name}", now));
        }
        if (item.Status != column.Status && Rules.Apply(() => item.ChangeStatus(column.Status, now)) is { } refused) return refused;
        if (await db.SaveOrStaleAsync($"The card {item.Key}", ct) is { } lost) return lost;

        var counts = await CountsAsync(sprint, columns, ct);
        var target = counts.First(c => c.Id == column.Id);
        others.Insert(position, sprintItem);
        keys[sprintItem.ItemId] = item.Key;
        var dto = await CardDtoAsync(sprintItem, item, now, ct);
        var order2 = others.Select(s => keys[s.ItemId]).ToList();
        await broadcaster.ChangedAsync(new BoardLiveDto(sprint.Id, "move", dto, order2, counts, now), ct);
        return new BoardMoveDto(dto, target, target.OverLimit,
            target.OverLimit ? $"{column.Name} now holds {target.Count} cards, over its WIP limit of {column.WipLimit}: finish work before starting more." : null,
            counts, sprintItem.Version);
    }

    public Task<Result<BoardCardDto>> BlockAsync(Guid sprintId, string itemKey, BlockCardRequest request, int? ifMatch, CancellationToken ct) =>
        FlagAsync(sprintId, itemKey, ifMatch, "block", (card, now) => card.Block(request.Reason, now), ct);

    public Task<Result<BoardCardDto>> UnblockAsync(Guid sprintId, string itemKey, int? ifMatch, CancellationToken ct) =>
        FlagAsync(sprintId, itemKey, ifMatch, "unblock", (card, _) => card.Unblock(), ct);

    private async Task<Result<BoardCardDto>> FlagAsync(Guid sprintId, string itemKey, int? ifMatch, string change, Action<SprintItem, DateTimeOffset> flag, CancellationToken ct)
    {
        if ((await LoadSprintAsync(sprintId, Operations.Sprints.MoveCard, ct)).Failed(out var error, out var found)) return error;
        var sprint = found.Entity;
        if (Closed(sprint) is { } closed) return closed;
        var key = Items.KeyOf(itemKey);
        var card = await CardAsync(sprint, key, ct);
        if (card is null) return Error.NotFound($"{key} is not on the board of {sprint.Name}.");
        var (sprintItem, item) = card.Value;
        if (ifMatch is { } expected && expected != sprintItem.Version)
            return Error.Stale($"The card {item.Key} was changed by someone else (version {sprintItem.Version}, you sent {expected}). Reload the board and try again.");
        var now = clock.GetUtcNow();
        if (Rules.Apply(() => flag(sprintItem, now)) is { } invalid) return invalid;
        db.ItemActivity.Add(ItemActivity.Record(item, me.UserId, change == "block" ? $"flagged its card blocked: {sprintItem.BlockedReason}" : "cleared the blocked flag on its card", now));
        if (await db.SaveOrStaleAsync($"The card {item.Key}", ct) is { } lost) return lost;
        var dto = await CardDtoAsync(sprintItem, item, now, ct);
        var columns = await ColumnsAsync(sprint.TeamId, ct);
        await broadcaster.ChangedAsync(new BoardLiveDto(sprint.Id, change, dto, null, await CountsAsync(sprint, columns, ct), now), ct);
        return dto;
    }

    // ---------------------------------------------------------------- the workflow

    /// <summary>
    /// Replaces the team's columns, in order (the Scrum Master; logged). Columns sent with an id are kept
    /// (with their cards); columns left out are removed and their cards in running or planned sprints move to
    /// the nearest column with the same status, else the first. Every bad field is listed; nothing is half-written.
    /// </summary>
    public async Task<Result<WorkflowDto>> SetWorkflowAsync(Guid teamId, WorkflowRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await rights.LoadAsync<Team>(t => t.Id == teamId, Operations.Process.Edit, "There is no such team in your workspace.", ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        if (ifMatch is { } expected && expected != team.Version)
            return Error.Stale($"{team.Name} was changed by someone else (version {team.Version}, you sent {expected}). Reload it and try again.");

        var existing = await db.BoardColumns.Where(c => c.TeamId == team.Id).OrderBy(c => c.Position).ToListAsync(ct);
        var wanted = request.Columns ?? [];
        var validation = new Validation();
        if (wanted.Count == 0) validation.Add("columns", "A board has at least one column; send the columns in order.");
        if (wanted.Count > BoardColumn.MaxColumns) validation.Add("columns", $"A board has at most {BoardColumn.MaxColumns} columns.");
        var parsed = new List<(Guid? Id, string Name, ItemStatus Status, int? WipLimit)>();
        var seen = new HashSet<Guid>();
        for (var i = 0; i < Math.Min(wanted.Count, BoardColumn.MaxColumns); i++)
        {
            var c = wanted[i] ?? new WorkflowColumnRequest(null, null, null, null);
            var field = $"columns[{i}]";
            var name = (c.Name ?? "").Trim();
            validation.Require(name.Length is > 0 and <= BoardColumn.NameMaxLength, $"{field}.name", $"Column {i + 1} needs a name of at most {BoardColumn.NameMaxLength} characters.");
            if (name.Length > 0 && parsed.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                validation.Add($"{field}.name", $"There is already a column called {name}; each column has its own name.");
            var status = EnumText.Required<ItemStatus>(c.Status, $"{field}.status", validation);
            if (status == ItemStatus.Accepted) validation.Add($"{field}.status", "Accepting work is the Product Owner's decision, not a board column: map the last column to done.");
            if (c.WipLimit is { } limit && limit < 1) validation.Add($"{field}.wipLimit", $"A WIP limit is a whole number from 1 to 999, or none (null); {limit} is not.");
            if (c.WipLimit is > 999) validation.Add($"{field}.wipLimit", "A WIP limit is at most 999.");
            if (c.Id is { } id && existing.All(e => e.Id != id)) validation.Add($"{field}.id", $"There is no column {id} on {team.Name}'s board; leave the id out for a new column.");
            if (c.Id is { } again && !seen.Add(again)) validation.Add($"{field}.id", "This column is listed twice.");
            parsed.Add((c.Id, name, status ?? ItemStatus.New, c.WipLimit));
        }
        if (parsed.Count > 0 && wanted.Count <= BoardColumn.MaxColumns && parsed[^1].Status != ItemStatus.Done)
            validation.Add($"columns[{parsed.Count - 1}].status", "The last column is where finished work goes: map it to done.");
        if (validation.Result is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        var columns = new List<BoardColumn>();
        var changedStatus = new HashSet<Guid>();
        for (var i = 0; i < parsed.Count; i++)
        {
            var (id, name, status, limit) = parsed[i];
            var column = id is { } keep ? existing.First(e => e.Id == keep) : null;
            if (column is null)
            {
                if (Rules.Create(() => BoardColumn.Create(team, name, i, status, limit, now)).Failed(out var refused, out var created)) return refused;
                db.BoardColumns.Add(created);
                columns.Add(created);
                continue;
            }
            if (column.Status != status) changedStatus.Add(column.Id);
            if (Rules.Apply(() => column.Change(name, status, limit, i)) is { } bad) return bad;
            columns.Add(column);
        }
        var removed = existing.Where(e => columns.All(c => c.Id != e.Id)).ToList();

        // Cards of running and planned sprints: out of removed columns, and items following a column's new status.
        var open = db.Sprints.Where(s => s.TeamId == team.Id && s.State != SprintState.Closed).Select(s => s.Id);
        var removedIds = removed.Select(r => r.Id).ToList();
        var touchedIds = removedIds.Concat(changedStatus).ToList();
        var cards = touchedIds.Count == 0 ? [] : await db.SprintItems
            .Where(s => open.Contains(s.SprintId) && s.RemovedAt == null && s.ColumnId != null && touchedIds.Contains(s.ColumnId.Value)).ToListAsync(ct);
        var moving = cards.Where(c => removedIds.Contains(c.ColumnId!.Value)).ToList();
        var itemIds = cards.Select(c => c.ItemId).ToList();
        var items = itemIds.Count == 0 ? [] : await db.BacklogItems.Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        if (moving.Count > 0)
        {
            var targets = moving.Select(c => c.ColumnId!.Value).Distinct().ToDictionary(id => id, id =>
            {
                var gone = existing.First(e => e.Id == id);
                return columns.Select((c, n) => (c, n)).Where(x => x.c.Status == gone.Status).OrderBy(x => Math.Abs(x.n - gone.Position)).ThenBy(x => x.n)
                    .Select(x => x.c).FirstOrDefault() ?? columns[0];
            });
            foreach (var group in moving.GroupBy(c => (c.SprintId, Target: targets[c.ColumnId!.Value])).ToList())
            {
                var (sprintId, target) = group.Key;
                var movingIds = group.Select(c => c.Id).ToList();
                var present = (await db.SprintItems.Where(s => s.SprintId == sprintId && s.RemovedAt == null && s.ColumnId == target.Id && !movingIds.Contains(s.Id)).ToListAsync(ct))
                    .OrderBy(s => s.Order, StringComparer.Ordinal).ThenBy(s => s.Id).ToList();
                var incoming = group.OrderBy(c => c.Order, StringComparer.Ordinal).ThenBy(c => c.Id).ToList();
                var bottom = present.Count > 0 ? present[^1].Order : null;
                var orders = bottom is null || Rank.IsValid(bottom) ? Items.Fit(bottom, null, incoming.Count) : null;
                if (orders is null)
                {
                    // No room at the bottom: respread the column with the newcomers after its cards.
                    var spread = Rank.Spread(present.Count + incoming.Count);
                    for (var n = 0; n < present.Count; n++) present[n].Respace(spread[n]);
                    orders = spread.Skip(present.Count).ToList();
                }
                for (var n = 0; n < incoming.Count; n++)
                {
                    var card = incoming[n];
                    var from = card.ColumnId;
                    card.MoveTo(target.Id, orders[n], isFirst: target.Id == columns[0].Id, isDone: target.Status == ItemStatus.Done, now);
                    db.CardMoves.Add(CardMove.Of(card, from, target.Id, me.UserId, now));
                }
            }
        }
        foreach (var card in cards)
        {
            var column = columns.First(c => c.Id == card.ColumnId);
            if (items.TryGetValue(card.ItemId, out var item) && item.Status != column.Status && item.Status != ItemStatus.Accepted)
                item.ChangeStatus(column.Status, now);
        }
        db.BoardColumns.RemoveRange(removed);
        team.Touch();

        var summary = string.Join(" → ", columns.Select(c => c.WipLimit is { } l ? $"{c.Name} (WIP {l})" : c.Name));
        if (await rights.DecideAsync(product, Operations.Process.Edit, new DecisionRecord($"Set {team.Name}'s board workflow: {summary}", "team", team.Name), ct) is { } notYours) return notYours;
        if (await db.SaveOrStaleAsync(team.Name, ct) is { } lost) return lost;

        var openSprints = await db.Sprints.AsNoTracking().Where(s => s.TeamId == team.Id && s.State != SprintState.Closed).ToListAsync(ct);
        foreach (var sprint in openSprints)
            await broadcaster.ChangedAsync(new BoardLiveDto(sprint.Id, "workflow", null, null, await CountsAsync(sprint, columns, ct), now), ct);
        return new WorkflowDto(team.Id, team.Name, columns.Select((c, n) => new BoardColumnDto(c.Id, c.Name, n, EnumText.Slug(c.Status), c.WipLimit)).ToList(), moving.Count, team.Version);
    }

    // ---------------------------------------------------------------- helpers

    private Task<Result<Owned<Sprint>>> LoadSprintAsync(Guid sprintId, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<Sprint>(s => s.Id == sprintId, operation, $"There is no sprint {sprintId} in your workspace.", ct);

    private Task<Sprint?> ActiveSprintAsync(Guid teamId, CancellationToken ct) =>
        db.Sprints.AsNoTracking().Where(s => s.TeamId == teamId && s.State == SprintState.Active).OrderByDescending(s => s.Start).FirstOrDefaultAsync(ct);

    private static Error? Closed(Sprint sprint) => sprint.State == SprintState.Closed
        ? Error.Conflict($"{sprint.Name} is closed; its board is a record now and its cards no longer move.")
        : null;

    private static string? Lane(string? swimlane) => (swimlane ?? "none").Trim().ToLowerInvariant() switch
    {
        "" or "none" => "none",
        "assignee" => "assignee",
        "epic" => "epic",
        _ => null,
    };

    private static Error BadSwimlane(string? swimlane) => Error.Invalid("swimlane", $"'{swimlane}' is not a swimlane; use assignee, epic or none.");

    private Task<List<BoardColumn>> ColumnsAsync(Guid teamId, CancellationToken ct) =>
        db.BoardColumns.AsNoTracking().Where(c => c.TeamId == teamId).OrderBy(c => c.Position).ThenBy(c => c.Id).ToListAsync(ct);

    private async Task<(SprintItem Card, BacklogItem Item)?> CardAsync(Sprint sprint, string key, CancellationToken ct)
    {
        var item = await db.BacklogItems.FirstOrDefaultAsync(i => i.Key == key, ct);
        if (item is null) return null;
        var card = await db.SprintItems.FirstOrDefaultAsync(s => s.SprintId == sprint.Id && s.ItemId == item.Id && s.RemovedAt == null, ct);
        return card is null ? null : (card, item);
    }

    private async Task<Dictionary<Guid, string>> KeysAsync(IEnumerable<Guid> itemIds, CancellationToken ct)
    {
        var ids = itemIds.ToList();
        if (ids.Count == 0) return [];
        return await db.BacklogItems.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Key, ct);
    }

    /// <summary>Where the card goes among the column's other cards (0 = top), from the neighbour it goes before or after.</summary>
    private static Error? Place(List<SprintItem> others, Dictionary<Guid, string> keys, string? before, string? after, out int position)
    {
        position = others.Count;
        int IndexOf(string key) => others.FindIndex(s => keys.TryGetValue(s.ItemId, out var k) && k == key);
        if (after is not null)
        {
            var a = IndexOf(after);
            if (a < 0) return Error.Invalid("afterItemKey", $"{after} is not in that column; name a card of the column the card goes to.");
            position = a + 1;
        }
        if (before is not null)
        {
            var b = IndexOf(before);
            if (b < 0) return Error.Invalid("beforeItemKey", $"{before} is not in that column; name a card of the column the card goes to.");
            if (after is not null && b != position) return Error.Invalid("beforeItemKey", $"{after} and {before} are not next to each other; name one neighbour, or two that are adjacent.");
            position = b;
        }
        return null;
    }

    /// <summary>
    /// A short order for a card at <paramref name="position"/> among <paramref name="others"/>; when none fits
    /// (no room, a rank that would pass <see cref="Rank.ShortLength"/>, equal or unreadable neighbours) the
    /// column is respread first, keeping its order and leaving room around every card.
    /// </summary>
    private static string OrderAt(List<SprintItem> others, int position)
    {
        var low = position > 0 ? others[position - 1].Order : null;
        var high = position < others.Count ? others[position].Order : null;
        var readable = (low is null || Rank.IsValid(low)) && (high is null || Rank.IsValid(high));
        if (readable && Items.Fit(low, high, 1) is { } fits) return fits[0];
        var spread = Rank.Spread(others.Count + 1);
        for (var n = 0; n < others.Count; n++) others[n].Respace(spread[n < position ? n : n + 1]);
        return spread[position];
    }

    private async Task<IReadOnlyList<BoardColumnCountDto>> CountsAsync(Sprint sprint, IReadOnlyList<BoardColumn> columns, CancellationToken ct)
    {
        var counts = await db.SprintItems.AsNoTracking().Where(s => s.SprintId == sprint.Id && s.RemovedAt == null)
            .GroupBy(s => s.ColumnId).Select(g => new { Column = g.Key, Count = g.Count() }).ToListAsync(ct);
        var known = columns.Select(c => c.Id).ToHashSet();
        var stray = counts.Where(c => c.Column is null || !known.Contains(c.Column.Value)).Sum(c => c.Count);
        return columns.Select((c, n) =>
        {
            var count = counts.Where(x => x.Column == c.Id).Sum(x => x.Count) + (n == 0 ? stray : 0);
            return new BoardColumnCountDto(c.Id, c.Name, c.WipLimit, count, c.IsOverLimit(count), Breach(c, count));
        }).ToList();
    }

    /// <summary>"4 / 3 — over the limit" when a column holds more cards than its WIP limit; null otherwise.</summary>
    public static string? Breach(BoardColumn column, int count) => column.IsOverLimit(count) ? $"{count} / {column.WipLimit} — over the limit" : null;

    private async Task<BoardCardDto> CardDtoAsync(SprintItem card, BacklogItem item, DateTimeOffset now, CancellationToken ct)
    {
        var names = item.AssigneeId is { } a ? await db.DisplayNamesAsync([a], ct) : [];
        var epic = item.EpicId is { } e ? await db.BacklogItems.AsNoTracking().Where(i => i.Id == e).Select(i => new { i.Key, i.Title }).FirstOrDefaultAsync(ct) : null;
        return new BoardCardDto(item.Key, item.Title, EnumText.Slug(item.Type), EnumText.Slug(item.Status),
            item.AssigneeId is { } who ? new PersonSummary(who, names.GetValueOrDefault(who, "Former member")) : null, epic?.Key, epic?.Title,
            item.Estimate ?? card.Points, card.Blocked, card.BlockedReason, Days(card.ColumnSince, now), card.ColumnId ?? Guid.Empty, card.Order, "", card.Version);
    }

    private static int Days(DateTimeOffset since, DateTimeOffset now) => Math.Max(0, (int)Math.Floor((now - since).TotalDays));

    private async Task<BoardDto> BuildAsync(Sprint sprint, Product product, string lane, CancellationToken ct)
    {
        var team = await db.Teams.AsNoTracking().Where(t => t.Id == sprint.TeamId).Select(t => new { t.Id, t.Name, t.Version }).FirstAsync(ct);
        var columns = await ColumnsAsync(sprint.TeamId, ct);
        var rows = await db.SprintItems.AsNoTracking().Where(s => s.SprintId == sprint.Id && s.RemovedAt == null)
            .Join(db.BacklogItems, s => s.ItemId, i => i.Id, (s, i) => new
            {
                s.Id, s.ColumnId, s.ColumnSince, s.Order, s.Blocked, s.BlockedReason, s.Version, s.Points,
                i.Key, i.Title, i.Type, i.Status, i.AssigneeId, i.EpicId, i.Estimate,
            })
            .Take(MaxCards).ToListAsync(ct);
        var epicIds = rows.Where(r => r.EpicId != null).Select(r => r.EpicId!.Value).Distinct().ToList();
        var epics = epicIds.Count == 0 ? [] : await db.BacklogItems.AsNoTracking().Where(i => epicIds.Contains(i.Id))
            .Select(i => new { i.Id, i.Key, i.Title }).ToDictionaryAsync(i => i.Id, ct);
        var names = await db.DisplayNamesAsync(rows.Where(r => r.AssigneeId != null).Select(r => r.AssigneeId!.Value), ct);
        var now = clock.GetUtcNow();
        var known = columns.Select(c => c.Id).ToHashSet();
        var firstId = columns.Count > 0 ? columns[0].Id : Guid.Empty;

        var cards = rows.Select(r =>
        {
            var epic = r.EpicId is { } e && epics.TryGetValue(e, out var found) ? found : null;
            var laneKey = lane switch
            {
                "assignee" => r.AssigneeId?.ToString() ?? "unassigned",
                "epic" => epic?.Key ?? "no-epic",
                _ => "all",
            };
            var column = r.ColumnId is { } c && known.Contains(c) ? c : firstId;
            return new BoardCardDto(r.Key, r.Title, EnumText.Slug(r.Type), EnumText.Slug(r.Status),
                r.AssigneeId is { } who ? new PersonSummary(who, names.GetValueOrDefault(who, "Former member")) : null, epic?.Key, epic?.Title,
                r.Estimate ?? r.Points, r.Blocked, r.BlockedReason, Days(r.ColumnSince, now), column, r.Order, laneKey, r.Version);
        }).OrderBy(c => c.Order, StringComparer.Ordinal).ThenBy(c => c.Item, StringComparer.Ordinal).ToList();

        var byColumn = cards.ToLookup(c => c.ColumnId);
        var views = columns.Select(c =>
        {
            var inColumn = byColumn[c.Id].ToList();
            return new BoardColumnViewDto(c.Id, c.Name, EnumText.Slug(c.Status), c.WipLimit, inColumn.Count, c.IsOverLimit(inColumn.Count), Breach(c, inColumn.Count), inColumn);
        }).ToList();

        var boardOrder = views.SelectMany(v => v.Cards).ToList();
        var lanes = lane == "none"
            ? [new BoardLaneDto("all", "All cards", boardOrder.Select(c => c.Item).ToList())]
            : boardOrder.GroupBy(c => c.Lane).Select(g =>
            {
                var sample = g.First();
                var name = lane == "assignee" ? sample.Assignee?.DisplayName ?? "Unassigned" : sample.Epic is null ? "No epic" : $"{sample.Epic} {sample.EpicTitle}";
                return new BoardLaneDto(g.Key, name, g.Select(c => c.Item).ToList());
            }).OrderBy(l => l.Key is "unassigned" or "no-epic" ? 1 : 0).ThenBy(l => l.Name, StringComparer.OrdinalIgnoreCase).ToList();

        return new BoardDto(sprint.Id, sprint.Name, Sprint.Describe(sprint.State), sprint.Goal, sprint.Start, sprint.End, team.Id, team.Name, product.Key,
            lane, cards.Count, views, lanes, team.Version);
    }
}
