using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Teams;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Impediments;
using Tandem.Domain.Sprints;

namespace Tandem.Application.Metrics;

/// <summary>
/// One closed sprint's figures. <c>sayDo</c> is completed ÷ committed points (null when nothing was committed);
/// <c>scopeChange</c> is (items added + removed after the start) ÷ committed items.
/// </summary>
public sealed record SprintFigures(Guid SprintId, int Number, string Name, DateOnly Start, DateOnly End, decimal CommittedPoints, decimal CompletedPoints,
    int CommittedItems, int CompletedItems, int AddedItems, int RemovedItems, int CarriedOverItems, double? SayDo, double? ScopeChange);

/// <summary>A duration's spread in days: how many, the median and the 85th percentile (linear interpolation).</summary>
public sealed record DurationStats(int Count, double? MedianDays, double? P85Days);

/// <summary>Items (and their points) finished in the week starting <c>weekOf</c> (a Monday, in the team's time zone).</summary>
public sealed record WeekThroughput(DateOnly WeekOf, int Items, decimal Points);

/// <summary>An open card of the active sprint and the days since it left the first column.</summary>
public sealed record WipAgeDto(string ItemKey, string Title, string Column, double Days);

/// <summary>Open impediments' age (median, oldest) and how long resolved ones (resolved in the period) took.</summary>
public sealed record ImpedimentAgeDto(int Open, double? OpenMedianDays, double? OpenMaxDays, int Resolved, double? ResolveMedianDays);

/// <summary>
/// The team's figures over its last <c>sprints</c> closed sprints (the period runs from the first of them to now).
/// <para><b>sayDo</b>: completed ÷ committed points summed over the period; <b>sayDoItems</b> the same in items.
/// Null when nothing was committed. <b>carryOverShare</b>: carried-over items ÷ committed items.
/// <b>scopeChange</b>: (added + removed after the start) ÷ committed items. <b>cycleTime</b>: a card's start (it left
/// the first column) to its completion; <b>leadTime</b>: the item's creation to its completion; both for items
/// completed in the period. <b>retroActionCompletion</b>: retrospective actions done ÷ actions reviewed (done, not done or
/// dropped); null before any was reviewed.</para>
/// </summary>
public sealed record TeamMetricsDto(
    Guid TeamId, string TeamName, int Sprints, DateOnly From, DateOnly To,
    IReadOnlyList<SprintFigures> Velocity, decimal? AverageVelocity3, decimal? AverageVelocity6,
    double? SayDo, double? SayDoItems, int CarriedOverItems, double? CarryOverShare, double? ScopeChange,
    DurationStats CycleTime, DurationStats LeadTime, IReadOnlyList<WeekThroughput> Throughput,
    DurationStats WipAgeStats, IReadOnlyList<WipAgeDto> WipAge, ImpedimentAgeDto ImpedimentAge, double? RetroActionCompletion);

/// <summary>A board column of the active sprint now: its cards and WIP limit (null: no limit), and whether it is over.</summary>
public sealed record ColumnLoadDto(Guid ColumnId, string Column, int Cards, int? WipLimit, bool OverLimit);

/// <summary>The burn-down and burn-up of one sprint (null sprint: the team has no active sprint).</summary>
public sealed record BurnChartDto(Guid TeamId, string TeamName, Guid? SprintId, string? SprintName, string? State, decimal CommittedPoints, IReadOnlyList<BurnDay> Days);

/// <summary>Committed vs completed points of the last closed sprints, oldest first.</summary>
public sealed record VelocityChartDto(Guid TeamId, string TeamName, IReadOnlyList<SprintFigures> Sprints, decimal? AverageVelocity3);

/// <summary>One day of the cumulative flow: cards per column (in <see cref="CumulativeFlowDto.Columns"/>' order) at the end of the day.</summary>
public sealed record FlowDayDto(DateOnly Day, IReadOnlyList<int> Counts);

public sealed record CumulativeFlowDto(Guid TeamId, string TeamName, IReadOnlyList<string> Columns, IReadOnlyList<FlowDayDto> Days);

/// <summary>A completed item: when it was finished and how many days its cycle took.</summary>
public sealed record CycleTimePointDto(string ItemKey, string Title, DateOnly Completed, double Days);

public sealed record CycleTimeChartDto(Guid TeamId, string TeamName, DateOnly From, DateOnly To, IReadOnlyList<CycleTimePointDto> Points, double? MedianDays, double? P85Days);

/// <summary>
/// Team health in numbers: velocity, say/do, carry-over, scope change, cycle and lead time, throughput,
/// WIP age and impediment age, and the series the charts draw. Read-only (Products.Read on the team's home
/// product); every query is bounded by the period (the last N closed sprints, or N days) and by the team's
/// indexes (sprints by team and state, sprint items by team and completion, card moves by team and time).
/// </summary>
public sealed class MetricsFeature(TandemDbContext db, TeamsFeature teams, Retros.RetrosFeature retros, TimeProvider clock)
{
    public const int DefaultSprints = 12;
    public const int MaxSprints = 100;
    public const int DefaultFlowDays = 42;
    public const int DefaultCycleDays = 90;
    public const int MaxDays = 365;
    public const int MaxPoints = 5000;
    public const int MaxWipCards = 500;

    public async Task<Result<TeamMetricsDto>> MetricsAsync(Guid teamId, int? sprints, CancellationToken ct)
    {
        if ((await teams.LoadAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        if (Bound(sprints, DefaultSprints, MaxSprints, "sprints") is { } bad) return bad;
        var team = found.Entity;
        var zone = team.Zone();
        var now = clock.GetUtcNow();
        var today = team.Today(now);
        var closed = await ClosedSprintsAsync(team.Id, sprints ?? DefaultSprints, ct);
        var from = closed.Count > 0 ? closed[0].Start : today.AddDays(-DefaultFlowDays);
        var fromInstant = Instant(from, zone);

        // Each row looks its item up by primary key (a correlated subquery): the scan starts from the team's
        // completed rows, not from the product's whole backlog.
        var completed = await db.SprintItems.AsNoTracking()
            .Where(s => s.TeamId == team.Id && s.CompletedAt != null && s.CompletedAt >= fromInstant && s.RemovedAt == null)
            .Select(s => new
            {
                s.StartedAt, CompletedAt = s.CompletedAt!.Value, s.Points,
                CreatedAt = db.BacklogItems.Where(i => i.Id == s.ItemId).Select(i => (DateTimeOffset?)i.CreatedAt).FirstOrDefault(),
            }).ToListAsync(ct);
        var cycle = completed.Where(c => c.StartedAt is not null).Select(c => FlowMaths.Days(c.StartedAt!.Value, c.CompletedAt)).ToList();
        var lead = completed.Where(c => c.CreatedAt is not null).Select(c => FlowMaths.Days(c.CreatedAt!.Value, c.CompletedAt)).ToList();
        var weeks = completed.GroupBy(c => FlowMaths.WeekOf(FlowMaths.Day(c.CompletedAt, zone))).ToDictionary(g => g.Key, g => (g.Count(), g.Sum(c => c.Points ?? 0)));
        var throughput = new List<WeekThroughput>();
        for (var w = FlowMaths.WeekOf(from); w <= today; w = w.AddDays(7))
            throughput.Add(weeks.TryGetValue(w, out var t) ? new WeekThroughput(w, t.Item1, t.Item2) : new WeekThroughput(w, 0, 0));

        var wip = await WipAsync(team.Id, now, ct);
        var raised = await db.Impediments.AsNoTracking()
            .Where(i => i.TeamId == team.Id && (i.Status == ImpedimentStatus.Open || i.Status == ImpedimentStatus.InProgress || i.Status == ImpedimentStatus.Escalated))
            .OrderBy(i => i.RaisedAt).Take(MaxPoints).Select(i => i.RaisedAt).ToListAsync(ct);
        var resolved = await db.Impediments.AsNoTracking()
            .Where(i => i.TeamId == team.Id && i.Status == ImpedimentStatus.Resolved && i.ResolvedAt >= fromInstant)
            .OrderByDescending(i => i.ResolvedAt).Take(MaxPoints).Select(i => new { i.RaisedAt, i.ResolvedAt }).ToListAsync(ct);
        var openAges = raised.Select(r => FlowMaths.Days(r, now)).ToList();

        var committedPoints = closed.Sum(s => s.CommittedPoints);
        var committedItems = closed.Sum(s => s.CommittedItems);
        var carried = closed.Sum(s => s.CarriedOverItems);
        return new TeamMetricsDto(
            team.Id, team.Name, closed.Count, from, today, closed, Average(closed, 3), Average(closed, 6),
            FlowMaths.Ratio(closed.Sum(s => s.CompletedPoints), committedPoints), FlowMaths.Ratio(closed.Sum(s => s.CompletedItems), committedItems),
            carried, FlowMaths.Ratio(carried, committedItems), FlowMaths.Ratio(closed.Sum(s => s.AddedItems + s.RemovedItems), committedItems),
            Stats(cycle), Stats(lead), throughput, Stats(wip.Select(w => w.Days)), wip,
            new ImpedimentAgeDto(raised.Count, FlowMaths.Median(openAges), openAges.Count > 0 ? openAges.Max() : null,
                resolved.Count, FlowMaths.Median(resolved.Select(r => FlowMaths.Days(r.RaisedAt, r.ResolvedAt!.Value)))),
            RetroActionCompletion: (double?)(await retros.ActionCompletionAsync(team.Id, ct)).Ratio);
    }

    /// <summary>The active sprint's burn charts, or those of <paramref name="sprintId"/> (a sprint of this team).</summary>
    public async Task<Result<BurnChartDto>> BurnAsync(Guid teamId, Guid? sprintId, CancellationToken ct)
    {
        if ((await teams.LoadAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var team = found.Entity;
        var sprint = sprintId is { } id
            ? await db.Sprints.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.TeamId == team.Id, ct)
            : await db.Sprints.AsNoTracking().Where(s => s.TeamId == team.Id && s.State == SprintState.Active).OrderByDescending(s => s.Number).FirstOrDefaultAsync(ct);
        if (sprint is null)
            return sprintId is null ? new BurnChartDto(team.Id, team.Name, null, null, null, 0, []) : Error.NotFound($"{team.Name} has no such sprint.");
        var items = await db.SprintItems.AsNoTracking().Where(s => s.SprintId == sprint.Id)
            .Select(s => new BurnItem(s.Points ?? 0, s.AddedAt, s.RemovedAt, s.CompletedAt)).ToListAsync(ct);
        var zone = team.Zone();
        var committed = sprint.State == SprintState.Planned
            ? items.Where(i => i.RemovedAt is null).Sum(i => i.Points)
            : sprint.CommittedPoints;
        var today = sprint.State == SprintState.Closed && sprint.ClosedAt is { } closedAt ? FlowMaths.Day(closedAt, zone) : team.Today(clock.GetUtcNow());
        if (sprint.State == SprintState.Planned) today = sprint.Start.AddDays(-1);
        return new BurnChartDto(team.Id, team.Name, sprint.Id, sprint.Name, Sprint.Describe(sprint.State), committed,
            FlowMaths.Burn(items, sprint.Start, sprint.End, today, committed, zone));
    }

    public async Task<Result<VelocityChartDto>> VelocityAsync(Guid teamId, int? sprints, CancellationToken ct)
    {
        if ((await teams.LoadAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        if (Bound(sprints, DefaultSprints, MaxSprints, "sprints") is { } bad) return bad;
        var closed = await ClosedSprintsAsync(found.Entity.Id, sprints ?? DefaultSprints, ct);
        return new VelocityChartDto(found.Entity.Id, found.Entity.Name, closed, Average(closed, 3));
    }

    /// <summary>Cards per column per day over the last <paramref name="days"/> days, from the card moves of the sprints that ran then.</summary>
    public async Task<Result<CumulativeFlowDto>> CumulativeFlowAsync(Guid teamId, int? days, CancellationToken ct)
    {
        if ((await teams.LoadAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        if (Bound(days, DefaultFlowDays, MaxDays, "days") is { } bad) return bad;
        var team = found.Entity;
        var zone = team.Zone();
        var to = team.Today(clock.GetUtcNow());
        var from = to.AddDays(1 - (days ?? DefaultFlowDays));
        var columns = await db.BoardColumns.AsNoTracking().Where(c => c.TeamId == team.Id).OrderBy(c => c.Position).ToListAsync(ct);
        var sprints = await db.Sprints.AsNoTracking().Where(s => s.TeamId == team.Id && s.State != SprintState.Planned && s.End >= from)
            .Select(s => new { s.Id, s.ClosedAt, s.StartedAt }).ToListAsync(ct);
        var sprintIds = sprints.Select(s => s.Id).ToList();
        var closedAt = sprints.ToDictionary(s => s.Id, s => s.ClosedAt);
        var rows = await db.SprintItems.AsNoTracking().Where(s => sprintIds.Contains(s.SprintId))
            .Select(s => new { s.SprintId, s.ItemId, s.ColumnId, s.AddedAt, s.RemovedAt }).ToListAsync(ct);
        var since = sprints.Count > 0 ? sprints.Min(s => s.StartedAt) ?? Instant(from, zone) : Instant(from, zone);
        var moves = await db.CardMoves.AsNoTracking().Where(m => m.TeamId == team.Id && m.At >= since && sprintIds.Contains(m.SprintId))
            .OrderBy(m => m.At).Select(m => new { m.SprintId, m.ItemId, m.FromColumnId, m.ToColumnId, m.At }).ToListAsync(ct);
        var first = moves.GroupBy(m => (m.SprintId, m.ItemId)).ToDictionary(g => g.Key, g => g.First().FromColumnId);
        var cards = rows.Select(r => new FlowCard(r.SprintId, r.ItemId,
            first.TryGetValue((r.SprintId, r.ItemId), out var initial) ? initial ?? columns.FirstOrDefault()?.Id : r.ColumnId,
            r.AddedAt, r.RemovedAt, closedAt.GetValueOrDefault(r.SprintId))).ToList();
        var counts = FlowMaths.CumulativeFlow(cards, moves.Select(m => new FlowMove(m.SprintId, m.ItemId, m.ToColumnId, m.At)).ToList(),
            columns.Select(c => c.Id).ToList(), columns.Where(c => c.Status is ItemStatus.Done or ItemStatus.Accepted).Select(c => c.Id).ToHashSet(), from, to, zone);
        return new CumulativeFlowDto(team.Id, team.Name, columns.Select(c => c.Name).ToList(),
            counts.Select((c, i) => new FlowDayDto(from.AddDays(i), c)).ToList());
    }

    /// <summary>Items completed in the last <paramref name="days"/> days, each with its cycle time; the median and 85th percentile.</summary>
    public async Task<Result<CycleTimeChartDto>> CycleTimeAsync(Guid teamId, int? days, CancellationToken ct)
    {
        if ((await teams.LoadAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        if (Bound(days, DefaultCycleDays, MaxDays, "days") is { } bad) return bad;
        var team = found.Entity;
        var zone = team.Zone();
        var to = team.Today(clock.GetUtcNow());
        var from = to.AddDays(1 - (days ?? DefaultCycleDays));
        var since = Instant(from, zone);
        var rows = await db.SprintItems.AsNoTracking()
            .Where(s => s.TeamId == team.Id && s.CompletedAt != null && s.CompletedAt >= since && s.StartedAt != null && s.RemovedAt == null)
            .OrderByDescending(s => s.CompletedAt).Take(MaxPoints)
            .Select(s => new
            {
                Key = db.BacklogItems.Where(i => i.Id == s.ItemId).Select(i => i.Key).FirstOrDefault() ?? "",
                Title = db.BacklogItems.Where(i => i.Id == s.ItemId).Select(i => i.Title).FirstOrDefault() ?? "",
                s.StartedAt, s.CompletedAt,
            }).ToListAsync(ct);
        var points = rows.Select(r => new CycleTimePointDto(r.Key, r.Title, FlowMaths.Day(r.CompletedAt!.Value, zone), Math.Round(FlowMaths.Days(r.StartedAt!.Value, r.CompletedAt.Value), 2)))
            .OrderBy(p => p.Completed).ToList();
        var values = points.Select(p => p.Days).ToList();
        return new CycleTimeChartDto(team.Id, team.Name, from, to, points, Round(FlowMaths.Median(values)), Round(FlowMaths.Percentile(values, 0.85)));
    }

    /// <summary>Cards per column of the team's active sprint now (empty without an active sprint).</summary>
    public async Task<Result<IReadOnlyList<ColumnLoadDto>>> ColumnLoadAsync(Guid teamId, CancellationToken ct)
    {
        if ((await teams.LoadAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var active = db.Sprints.Where(s => s.TeamId == found.Entity.Id && s.State == SprintState.Active).Select(s => s.Id);
        var counts = await db.SprintItems.AsNoTracking().Where(s => active.Contains(s.SprintId) && s.RemovedAt == null && s.ColumnId != null)
            .GroupBy(s => s.ColumnId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        if (counts.Count == 0) return Result<IReadOnlyList<ColumnLoadDto>>.Ok([]);
        var columns = await db.BoardColumns.AsNoTracking().Where(c => c.TeamId == found.Entity.Id).OrderBy(c => c.Position).ToListAsync(ct);
        return Result<IReadOnlyList<ColumnLoadDto>>.Ok(columns.Select(c => new ColumnLoadDto(c.Id, c.Name, counts.GetValueOrDefault(c.Id), c.WipLimit,
            c.IsOverLimit(counts.GetValueOrDefault(c.Id)))).ToList());
    }

    /// <summary>The last <paramref name="count"/> closed sprints of a team, oldest first, with their figures.</summary>
    public async Task<List<SprintFigures>> ClosedSprintsAsync(Guid teamId, int count, CancellationToken ct)
    {
        var rows = await db.Sprints.AsNoTracking().Where(s => s.TeamId == teamId && s.State == SprintState.Closed)
            .OrderByDescending(s => s.Number).Take(count).ToListAsync(ct);
        return rows.OrderBy(s => s.Number).Select(s => new SprintFigures(s.Id, s.Number, s.Name, s.Start, s.End, s.CommittedPoints, s.CompletedPoints,
            s.CommittedItems, s.CompletedItems, s.AddedItems, s.RemovedItems, s.CarriedOverItems,
            Round(FlowMaths.Ratio(s.CompletedPoints, s.CommittedPoints)), Round(FlowMaths.Ratio(s.AddedItems + s.RemovedItems, s.CommittedItems)))).ToList();
    }

    /// <summary>Open cards of the team's active sprint that have started, oldest first.</summary>
    public async Task<List<WipAgeDto>> WipAsync(Guid teamId, DateTimeOffset now, CancellationToken ct)
    {
        var active = db.Sprints.Where(s => s.TeamId == teamId && s.State == SprintState.Active).Select(s => s.Id);
        var rows = await db.SprintItems.AsNoTracking()
            .Where(s => active.Contains(s.SprintId) && s.RemovedAt == null && s.CompletedAt == null && s.StartedAt != null)
            .OrderBy(s => s.StartedAt).Take(MaxWipCards).Select(s => new { s.ItemId, s.ColumnId, s.StartedAt }).ToListAsync(ct);
        if (rows.Count == 0) return [];
        var items = await ItemsAsync(rows.Select(r => r.ItemId), ct);
        var columns = await db.BoardColumns.AsNoTracking().Where(c => c.TeamId == teamId).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return rows.Where(r => items.ContainsKey(r.ItemId)).Select(r => new WipAgeDto(items[r.ItemId].Key, items[r.ItemId].Title,
            r.ColumnId is { } c ? columns.GetValueOrDefault(c, "") : "", Math.Round(FlowMaths.Days(r.StartedAt!.Value, now), 1))).ToList();
    }

    private async Task<Dictionary<Guid, (string Key, string Title)>> ItemsAsync(IEnumerable<Guid> itemIds, CancellationToken ct)
    {
        var ids = itemIds.Distinct().ToList();
        var found = new Dictionary<Guid, (string, string)>(ids.Count);
        foreach (var chunk in ids.Chunk(2000))
            foreach (var row in await db.BacklogItems.AsNoTracking().Where(i => chunk.Contains(i.Id)).Select(i => new { i.Id, i.Key, i.Title }).ToListAsync(ct))
                found[row.Id] = (row.Key, row.Title);
        return found;
    }

    private static Error? Bound(int? value, int fallback, int max, string field) =>
        value is { } v && (v < 1 || v > max) ? Error.Invalid(field, $"{field} is between 1 and {max} (default {fallback}).") : null;

    private static decimal? Average(List<SprintFigures> closed, int last) =>
        closed.Count == 0 ? null : Math.Round(closed.TakeLast(last).Average(s => s.CompletedPoints), 1);

    private static DurationStats Stats(IEnumerable<double> days)
    {
        var list = days.ToList();
        return new DurationStats(list.Count, Round(FlowMaths.Median(list)), Round(FlowMaths.Percentile(list, 0.85)));
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    private static DateTimeOffset Instant(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        // In UTC: PostgreSQL's timestamptz takes only offset 0.
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
