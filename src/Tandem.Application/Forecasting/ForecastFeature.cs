using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.Forecasting;

/// <summary>
/// What to forecast, as the query string gives it (text, so every bad number is a named field error):
/// <c>items</c> (when will N items be done), <c>date</c> (how many by then) or <c>milestone</c> (its open scope and
/// confidence), exactly one; <c>team</c> one team's throughput instead of every team of the product; <c>weeks</c> of
/// history; <c>seed</c> to reproduce; <c>trials</c>.
/// </summary>
public sealed record ForecastQuery(string? Items = null, string? Date = null, string? Milestone = null, string? Team = null,
    string? Weeks = null, string? Seed = null, string? Trials = null);

/// <summary>A team whose throughput the forecast replays.</summary>
public sealed record ForecastTeam(Guid Id, string Name);

/// <summary>Finished items in one past week (Monday to Sunday, UTC).</summary>
public sealed record WeekThroughput(DateOnly WeekStarting, int Finished);

/// <summary>One bar of the histogram: trials that ended at <see cref="Value"/> (weeks, or items for a date).</summary>
public sealed record HistogramBar(int Value, int Trials);

/// <summary>What the forecast assumed: the history it replayed, the teams, trials and the seed that reproduces it.</summary>
public sealed record ForecastAssumptions(int Weeks, DateOnly From, DateOnly To, double AveragePerWeek, IReadOnlyList<ForecastTeam> Teams,
    int Trials, int Seed, bool SeedGiven, string Basis, string Method);

/// <summary>
/// A Monte Carlo forecast. <c>mode</c> items or milestone: <see cref="P50"/>/<see cref="P85"/>/<see cref="P95"/> are the
/// dates by which the items are done with that confidence (null beyond ten years), with the weeks; mode date:
/// <see cref="ItemsP50"/>/<see cref="ItemsP85"/>/<see cref="ItemsP95"/> are how many items are done by the date with that
/// confidence. <see cref="Confidence"/> (0–100) is the chance of finishing by the milestone's date.
/// </summary>
public sealed record ForecastDto(string ProductKey, string Mode, DateOnly Today, int? Items, DateOnly? Date, Guid? MilestoneId, string? MilestoneName,
    DateOnly? P50, DateOnly? P85, DateOnly? P95, int? P50Weeks, int? P85Weeks, int? P95Weeks,
    int? ItemsP50, int? ItemsP85, int? ItemsP95, int? Confidence, string HistogramOf,
    IReadOnlyList<HistogramBar> Histogram, IReadOnlyList<WeekThroughput> Throughput, ForecastAssumptions Assumptions);

/// <summary>
/// The product's Monte Carlo forecast for anyone who may read the product: from the real weekly throughput of
/// its teams (or one team), a fixed seed when given (otherwise a fresh one, reported so it can be replayed).
/// Without throughput history there is no forecast: a 409 that says so, never a made-up date.
/// </summary>
public sealed class ForecastFeature(TandemDbContext db, DecisionRightsService rights, DeliveryForecasts forecasts)
{
    public const int MaxItems = 100_000;
    /// <summary>A date further than ten years out is not a forecast any history supports.</summary>
    public const int MaxDaysAhead = 3653;

    public async Task<Result<ForecastDto>> ForecastAsync(string productKey, ForecastQuery query, CancellationToken ct)
    {
        var validation = new Validation();
        var items = Whole(query.Items, "items", 1, MaxItems, validation);
        var date = Dates.Optional(query.Date, "date", validation);
        var milestoneId = Id(query.Milestone, "milestone", validation);
        var teamId = Id(query.Team, "team", validation);
        var weeks = Whole(query.Weeks, "weeks", 1, ForecastSettings.MaxWeeks, validation);
        var seed = Whole(query.Seed, "seed", 0, int.MaxValue, validation);
        var trials = Whole(query.Trials, "trials", 1, MonteCarlo.MaxTrials, validation);
        var asked = new[] { query.Items, query.Date, query.Milestone }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (asked != 1)
            validation.Add("items", asked == 0
                ? "Ask for items (when will N items be done), date (how many by then) or milestone (its open scope), one of them."
                : "Ask for one of items, date or milestone, not several at once.");
        var today = forecasts.Today;
        if (date is { } d && (d <= today || d.DayNumber - today.DayNumber > MaxDaysAhead))
            validation.Add("date", $"The date is after today ({today:yyyy-MM-dd}) and within ten years.");
        if (validation.Result is { } bad) return bad;
        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;

        var productTeams = await forecasts.TeamsOfAsync(product.Id, ct);
        if (teamId is { } t && !productTeams.Contains(t))
            return Error.Invalid("team", $"There is no such team working on {product.Key}.");
        IReadOnlyList<Guid> teamIds = teamId is { } only ? [only] : productTeams;

        string? milestoneName = null;
        if (milestoneId is { } m)
        {
            var milestone = await db.Milestones.AsNoTracking().Where(x => x.Id == m && x.ProductId == product.Id)
                .Select(x => new { x.Name, x.Date }).FirstOrDefaultAsync(ct);
            if (milestone is null) return Error.NotFound($"There is no milestone {m} on {product.Key}.");
            milestoneName = milestone.Name;
            date = milestone.Date;
            var scope = await forecasts.ScopeItemsAsync(m, ct);
            items = scope.Count(s => s.Status is not (Domain.Backlog.ItemStatus.Done or Domain.Backlog.ItemStatus.Accepted));
        }

        var history = await forecasts.ThroughputAsync(teamIds, weeks, ct);
        var teams = await db.Teams.AsNoTracking().Where(x => teamIds.Contains(x.Id)).OrderBy(x => x.Name)
            .Select(x => new ForecastTeam(x.Id, x.Name)).ToListAsync(ct);
        if (!history.HasHistory)
            return Error.Conflict($"There is no forecast for {product.Key}: {DeliveryForecasts.Basis(history)} A forecast needs weeks in which the team finished items (sprint items completed).");

        var runs = trials ?? MonteCarlo.DefaultTrials;
        var used = seed ?? Random.Shared.Next();
        var weekly = history.Weekly.Select((n, i) => new WeekThroughput(history.From.AddDays(7 * i), n)).ToList();
        var assumptions = new ForecastAssumptions(history.Weekly.Count, history.From, history.To, Math.Round(history.AveragePerWeek, 2), teams, runs, used, seed is not null,
            DeliveryForecasts.Basis(history),
            "Each trial replays the future week by week, drawing each week's finished items at random from the weeks of history; percentiles are nearest-rank over the trials.");

        if (milestoneId is null && items is null && date is { } until)
        {
            var within = (until.DayNumber - today.DayNumber) / 7;
            var run = MonteCarlo.ItemsWithin(history.Weekly, within, runs, used);
            return new ForecastDto(product.Key, "date", today, null, until, null, null, null, null, null, null, null, null,
                run.P50, run.P85, run.P95, null, "items finished by the date", Bars(run), weekly, assumptions);
        }

        var count = items ?? 0;
        var finish = MonteCarlo.WeeksToFinish(history.Weekly, count, runs, used);
        int? confidence = null;
        if (milestoneId is not null && date is { } due)
        {
            var weeksLeft = (due.DayNumber - today.DayNumber) / 7;
            confidence = count == 0 ? 100 : weeksLeft < 0 ? 0 : (int)Math.Round(finish.ShareAtMost(weeksLeft) * 100);
        }
        int? Weeks(int w) => w >= MonteCarlo.MaxWeeks ? null : w;
        return new ForecastDto(product.Key, milestoneId is null ? "items" : "milestone", today, count, milestoneId is null ? null : date, milestoneId, milestoneName,
            forecasts.DateAfter(finish.P50), forecasts.DateAfter(finish.P85), forecasts.DateAfter(finish.P95), Weeks(finish.P50), Weeks(finish.P85), Weeks(finish.P95),
            null, null, null, confidence, "weeks to finish", Bars(finish), weekly, assumptions);
    }

    /// <summary>The teams working on the product, for the page's team choice.</summary>
    public async Task<Result<IReadOnlyList<ForecastTeam>>> TeamsAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var ids = await forecasts.TeamsOfAsync(product.Id, ct);
        return await db.Teams.AsNoTracking().Where(x => ids.Contains(x.Id)).OrderBy(x => x.Name).Select(x => new ForecastTeam(x.Id, x.Name)).ToListAsync(ct);
    }

    private static List<HistogramBar> Bars(SimulationResult run) => run.Histogram.Select(h => new HistogramBar(h.Value, h.Trials)).ToList();

    private static int? Whole(string? text, string field, int min, int max, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        validation.Add(field, $"{field} is a whole number from {min} to {max.ToString("N0", CultureInfo.InvariantCulture)}; '{text}' is not.");
        return null;
    }

    private static Guid? Id(string? text, string field, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (Guid.TryParse(text.Trim(), out var id)) return id;
        validation.Add(field, $"{field} is an id; '{text}' is not.");
        return null;
    }
}
