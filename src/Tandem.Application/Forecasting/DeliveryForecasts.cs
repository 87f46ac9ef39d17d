using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Domain.Backlog;
using Tandem.Domain.Delivery;

namespace Tandem.Application.Forecasting;

/// <summary>How many past weeks of throughput a forecast replays (<c>Tandem:Forecast:Weeks</c>, default 12).</summary>
public sealed record ForecastSettings(int Weeks)
{
    public const string Section = "Tandem:Forecast";
    public const int DefaultWeeks = 12;
    public const int MaxWeeks = 104;
}

/// <summary>
/// Finished items per week of some teams, over the last whole weeks (Monday to Sunday, UTC) before this one:
/// what a Monte Carlo forecast replays. <see cref="HasHistory"/> is false when no team finished anything in
/// them, and then there is no forecast to give, only that sentence.
/// </summary>
public sealed record ThroughputHistory(IReadOnlyList<Guid> TeamIds, DateOnly From, DateOnly To, IReadOnlyList<int> Weekly)
{
    public bool HasHistory => TeamIds.Count > 0 && MonteCarlo.CanForecast(Weekly);
    public double AveragePerWeek => Weekly.Count == 0 ? 0 : Weekly.Average();
}

/// <summary>
/// A milestone's forecast: its open scope, when that is done at 50/85/95 % (null without history or when the
/// history cannot finish it within <see cref="MonteCarlo.MaxWeeks"/>), and the confidence (0–100) of being done by its date.
/// </summary>
public sealed record MilestoneForecast(Guid MilestoneId, int OpenItems, int TotalItems, DateOnly Date, DateOnly? P50, DateOnly? P85, DateOnly? P95,
    int? Confidence, int TargetConfidence, bool HasHistory, string Basis)
{
    public bool AtRisk => Confidence is { } c && c < TargetConfidence;
}

/// <summary>
/// The forecasts the TPM's workspace shares (milestone confidence, the schedule's and dependencies' dates, the
/// status report's RAG), from each team's real throughput in <c>sprint_items</c>. A product's forecast replays
/// the summed throughput of every team that works on it.
/// </summary>
public sealed class DeliveryForecasts(TandemDbContext db, TimeProvider clock, ForecastSettings settings)
{
    public const int DefaultSeed = 20261205;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The teams that work on the product (its home teams and those that pull from it).</summary>
    public async Task<IReadOnlyList<Guid>> TeamsOfAsync(Guid productId, CancellationToken ct) =>
        await db.TeamProducts.AsNoTracking().Where(t => t.ProductId == productId).Select(t => t.TeamId).Distinct().ToListAsync(ct);

    /// <summary>The teams' summed finished items per week over the last <paramref name="weeks"/> whole weeks (the setting when null).</summary>
    public async Task<ThroughputHistory> ThroughputAsync(IReadOnlyList<Guid> teamIds, int? weeks, CancellationToken ct)
    {
        var count = Math.Clamp(weeks ?? settings.Weeks, 1, ForecastSettings.MaxWeeks);
        var thisWeek = WeekOf(Today);
        var from = thisWeek.AddDays(-7 * count);
        var weekly = new int[count];
        if (teamIds.Count > 0)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var end = new DateTimeOffset(thisWeek.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var finished = await db.SprintItems.AsNoTracking()
                .Where(s => teamIds.Contains(s.TeamId) && s.CompletedAt != null && s.CompletedAt >= start && s.CompletedAt < end && s.RemovedAt == null)
                .Select(s => s.CompletedAt!.Value).ToListAsync(ct);
            foreach (var at in finished)
            {
                var index = (DateOnly.FromDateTime(at.UtcDateTime).DayNumber - from.DayNumber) / 7;
                if (index >= 0 && index < count) weekly[index]++;
            }
        }
        return new ThroughputHistory(teamIds, from, thisWeek.AddDays(-1), weekly);
    }

    /// <summary>The milestone's open scope (items in it, and the children of its epics, not yet done) and its forecast.</summary>
    public async Task<MilestoneForecast> ForMilestoneAsync(Milestone milestone, CancellationToken ct)
    {
        var scope = await ScopeItemsAsync(milestone.Id, ct);
        var open = scope.Count(s => s.Status is not (ItemStatus.Done or ItemStatus.Accepted));
        var history = await ThroughputAsync(await TeamsOfAsync(milestone.ProductId, ct), null, ct);
        return Forecast(milestone, scope.Count, open, history, DefaultSeed);
    }

    /// <summary>A milestone's forecast from a history already read (the status report reads it once per product).</summary>
    public MilestoneForecast Forecast(Milestone milestone, int total, int open, ThroughputHistory history, int seed)
    {
        var basis = Basis(history);
        if (open == 0)
            return new MilestoneForecast(milestone.Id, 0, total, milestone.Date, Today, Today, Today, 100, milestone.TargetConfidence, history.HasHistory, "Everything in its scope is done.");
        if (!history.HasHistory)
            return new MilestoneForecast(milestone.Id, open, total, milestone.Date, null, null, null, null, milestone.TargetConfidence, false, basis);
        var run = MonteCarlo.WeeksToFinish(history.Weekly, open, MonteCarlo.DefaultTrials, seed);
        var weeksLeft = (milestone.Date.DayNumber - Today.DayNumber) / 7;
        var confidence = weeksLeft < 0 ? 0 : (int)Math.Round(run.ShareAtMost(weeksLeft) * 100);
        return new MilestoneForecast(milestone.Id, open, total, milestone.Date, DateAfter(run.P50), DateAfter(run.P85), DateAfter(run.P95),
            confidence, milestone.TargetConfidence, true, basis);
    }

    /// <summary>The date <paramref name="weeks"/> weeks from today, or null when a trial hit the ten-year cap.</summary>
    public DateOnly? DateAfter(int weeks) => weeks >= MonteCarlo.MaxWeeks ? null : Today.AddDays(7 * weeks);

    /// <summary>The items in a milestone's scope with their status: the items named and the children of the epics named.</summary>
    public async Task<IReadOnlyList<(Guid Id, ItemStatus Status)>> ScopeItemsAsync(Guid milestoneId, CancellationToken ct)
    {
        var named = db.MilestoneScope.Where(s => s.MilestoneId == milestoneId).Select(s => s.ItemId);
        var rows = await db.BacklogItems.AsNoTracking()
            .Where(i => (named.Contains(i.Id) && i.Type != ItemType.Epic) || (i.EpicId != null && named.Contains(i.EpicId.Value)))
            .Select(i => new { i.Id, i.Status }).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.Status)).Distinct().ToList();
    }

    public static string Basis(ThroughputHistory history) => history.TeamIds.Count == 0
        ? "No team works on this product yet, so there is no throughput to forecast from."
        : history.HasHistory
            ? $"Replays {history.Weekly.Count} weeks of finished items ({history.From:yyyy-MM-dd} to {history.To:yyyy-MM-dd}, {history.AveragePerWeek:0.#} a week on average) of {history.TeamIds.Count} team{(history.TeamIds.Count == 1 ? "" : "s")}."
            : $"The team{(history.TeamIds.Count == 1 ? "" : "s")} finished nothing in the last {history.Weekly.Count} weeks, so there is no throughput to forecast from.";

    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
