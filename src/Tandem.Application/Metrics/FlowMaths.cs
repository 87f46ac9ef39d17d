namespace Tandem.Application.Metrics;

/// <summary>An item's points and when it came into, left and was finished in a sprint: what the burn charts read.</summary>
public sealed record BurnItem(decimal Points, DateTimeOffset AddedAt, DateTimeOffset? RemovedAt, DateTimeOffset? CompletedAt);

/// <summary>
/// One day of a sprint: the ideal remaining work (a straight line from the committed points on the first
/// day to zero on the last), and, up to today, the actual scope, completed and remaining points at the end
/// of the day in the team's time zone. Future days have no actual figures.
/// </summary>
public sealed record BurnDay(DateOnly Day, decimal Ideal, decimal? Scope, decimal? Completed, decimal? Remaining);

/// <summary>A card on a board over time, for cumulative flow: where it started, when it came and went.</summary>
public sealed record FlowCard(Guid SprintId, Guid ItemId, Guid? InitialColumnId, DateTimeOffset AddedAt, DateTimeOffset? RemovedAt, DateTimeOffset? LeftBoardAt);

/// <summary>A card's move, for cumulative flow.</summary>
public sealed record FlowMove(Guid SprintId, Guid ItemId, Guid ToColumnId, DateTimeOffset At);

/// <summary>
/// The arithmetic behind the team's metrics, kept pure so it is tested on its own: percentiles by linear
/// interpolation between closest ranks (the "R7"/spreadsheet PERCENTILE.INC definition; the median is its
/// 50th percentile), ratios that are null instead of dividing by zero, and the day-by-day series the charts draw.
/// </summary>
public static class FlowMaths
{
    /// <summary>The p-th percentile (0–1) of <paramref name="values"/>, linearly interpolated; null for no values.</summary>
    public static double? Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        var rank = Math.Clamp(p, 0, 1) * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    public static double? Median(IEnumerable<double> values) => Percentile(values, 0.5);

    /// <summary><paramref name="part"/> ÷ <paramref name="whole"/>, or null when the whole is zero (nothing committed is not 0 % or 100 %).</summary>
    public static double? Ratio(decimal part, decimal whole) => whole == 0 ? null : (double)(part / whole);

    /// <summary>Days between two instants, as a fraction.</summary>
    public static double Days(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, (to - from).TotalDays);

    /// <summary>The calendar day an instant falls on in <paramref name="zone"/>.</summary>
    public static DateOnly Day(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// <summary>The Monday of the week <paramref name="day"/> falls in (ISO weeks).</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>
    /// Burn-down and burn-up per day from <paramref name="start"/> to <paramref name="end"/>: scope is the points
    /// of the items in the sprint at the end of the day (added, not removed), completed those of them finished by
    /// then, remaining the difference. The ideal falls linearly from <paramref name="committed"/> to zero.
    /// Days after <paramref name="today"/> carry only the ideal.
    /// </summary>
    public static IReadOnlyList<BurnDay> Burn(IReadOnlyCollection<BurnItem> items, DateOnly start, DateOnly end, DateOnly today, decimal committed, TimeZoneInfo zone)
    {
        if (end < start) return [];
        var span = end.DayNumber - start.DayNumber;
        var local = items.Select(i => (i.Points, Added: Day(i.AddedAt, zone), Removed: i.RemovedAt is { } r ? Day(r, zone) : (DateOnly?)null,
            Completed: i.CompletedAt is { } c ? Day(c, zone) : (DateOnly?)null)).ToList();
        var days = new List<BurnDay>(span + 1);
        for (var d = start; d <= end; d = d.AddDays(1))
        {
            var ideal = span == 0 ? 0 : Math.Round(committed * (span - (d.DayNumber - start.DayNumber)) / span, 2);
            if (d > today) { days.Add(new BurnDay(d, ideal, null, null, null)); continue; }
            decimal scope = 0, done = 0;
            foreach (var i in local)
            {
                if (i.Added > d || i.Removed is { } removed && removed <= d) continue;
                scope += i.Points;
                if (i.Completed is { } completed && completed <= d) done += i.Points;
            }
            days.Add(new BurnDay(d, ideal, scope, done, scope - done));
        }
        return days;
    }

    /// <summary>
    /// Cumulative flow: for each day, how many cards stood in each column at the end of the day (in the team's
    /// time zone). A card counts from when it was added until it was removed or its sprint closed; a card in a
    /// done column stays counted there after its sprint closes, so the done band only grows.
    /// </summary>
    public static IReadOnlyList<int[]> CumulativeFlow(IReadOnlyCollection<FlowCard> cards, IReadOnlyCollection<FlowMove> moves, IReadOnlyList<Guid> columns,
        ISet<Guid> doneColumns, DateOnly from, DateOnly to, TimeZoneInfo zone)
    {
        var index = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var byCard = moves.GroupBy(m => (m.SprintId, m.ItemId)).ToDictionary(g => g.Key, g => g.OrderBy(m => m.At).Select(m => (Day: Day(m.At, zone), m.ToColumnId)).ToArray());
        var result = new List<int[]>();
        for (var d = from; d <= to; d = d.AddDays(1)) result.Add(new int[columns.Count]);
        foreach (var card in cards)
        {
            var path = byCard.GetValueOrDefault((card.SprintId, card.ItemId)) ?? [];
            var added = Day(card.AddedAt, zone);
            var removed = card.RemovedAt is { } r ? Day(r, zone) : (DateOnly?)null;
            var left = card.LeftBoardAt is { } l ? Day(l, zone) : (DateOnly?)null;
            var column = card.InitialColumnId;
            var next = 0;
            for (var d = from; d <= to; d = d.AddDays(1))
            {
                while (next < path.Length && path[next].Day <= d) column = path[next++].ToColumnId;
                if (added > d || removed is { } gone && gone <= d) continue;
                if (column is not { } col || !index.TryGetValue(col, out var at)) continue;
                if (left is { } closed && closed <= d && !doneColumns.Contains(col)) continue;
                result[d.DayNumber - from.DayNumber][at]++;
            }
        }
        return result;
    }
}
