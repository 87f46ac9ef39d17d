using Microsoft.EntityFrameworkCore;
using Tandem.Application.Capacity;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Domain.Backlog;
using Tandem.Domain.Budget;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;
using Tandem.Domain.Sprints;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Budget;

/// <summary><c>amount</c> and <c>currency</c> (ISO 4217, e.g. EUR): the product's budget; its rates are in that currency.</summary>
public sealed record SetBudgetRequest(decimal? Amount, string? Currency);

/// <summary>An hourly rate for a <c>role</c> (product-owner, tech-lead, scrum-master, technical-project-manager, developer, stakeholder) or a person (<c>userId</c>), one of them.</summary>
public sealed record SetRateRequest(string? Role, Guid? UserId, decimal? Hourly);

public sealed record RateDto(string Key, string? Role, PersonSummary? Person, decimal Hourly);

/// <summary>A sprint's cost: planned (hours it was planned for) and actual (hours actually available, closed sprints only), and the running totals.</summary>
public sealed record SprintCost(Guid SprintId, string Team, string Sprint, string State, DateOnly Start, DateOnly End, decimal PlannedHours, decimal? ActualHours,
    decimal PlannedCost, decimal? ActualCost, decimal CumulativePlanned, decimal? CumulativeActual, decimal CompletedPoints);

/// <summary>A milestone's cost: the sprints ending on or before its date.</summary>
public sealed record MilestoneCost(Guid MilestoneId, int Number, string Name, DateOnly Date, int Sprints, decimal PlannedCost, decimal ActualCost);

/// <summary>The estimate at completion: actual to date + remaining open points ÷ velocity × cost per sprint (null with the reason when it cannot be estimated).</summary>
public sealed record EstimateAtCompletion(decimal? Amount, decimal ActualToDate, decimal RemainingPoints, int UnestimatedItems, decimal? VelocityPerSprint,
    decimal? CostPerSprint, decimal? SprintsLeft, decimal? Variance, string Explanation);

public sealed record BudgetView(string ProductKey, string Currency, decimal? Budget, int? BudgetVersion, bool CanEdit, bool ShowsPersonRates,
    IReadOnlyList<RateDto> Rates, IReadOnlyList<SprintCost> Sprints, IReadOnlyList<MilestoneCost> Milestones, EstimateAtCompletion Estimate,
    IReadOnlyList<string> Warnings, string Rule, IReadOnlyList<string> Products);

/// <summary>
/// A product's budget: rates per role or person (a person's overrides their role's; the product's currency), planned
/// and actual cost per sprint and milestone, the burn and the estimate at completion. Everyone on the product reads
/// the totals and the role rates; person rates are shown only to whoever may set them (the TPM, a workspace admin).
/// Setting the budget and rates is the TPM's decision (<see cref="Operations.Delivery.EditSchedule"/>, logged).
/// </summary>
public sealed class BudgetFeature(TandemDbContext db, DecisionRightsService rights, TimeProvider clock)
{
    public const int MaxSprints = 200;
    public const int MaxOpenItems = 20_000;
    public const string DefaultCurrency = "EUR";
    public const string CostRule = "Planned cost of a sprint: each member's working days in it × their team share × the team's hours a day × their hourly rate. Actual cost (closed sprints): the same less the days they were away. A person's rate overrides their role's; with several roles, the highest role rate counts. A milestone costs the sprints that end on or before its date. Estimate at completion: actual cost to date + the open items' points ÷ the average velocity of the last three closed sprints × the average actual cost of those sprints.";

    public async Task<Result<BudgetView>> GetAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var canEdit = await rights.IsAllowedAsync(product, Operations.Delivery.EditSchedule, ct);
        var budget = await db.ProductBudgets.AsNoTracking().FirstOrDefaultAsync(b => b.ProductId == product.Id, ct);
        var rates = await db.CostRates.AsNoTracking().Where(r => r.ProductId == product.Id).ToListAsync(ct);
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => r.ProductId == product.Id).Select(r => new { r.UserId, r.Role }).ToListAsync(ct);

        var sprints = await db.Sprints.AsNoTracking().Where(s => s.ProductId == product.Id).OrderByDescending(s => s.Start).Take(MaxSprints).ToListAsync(ct);
        sprints.Reverse();
        var teamIds = sprints.Select(s => s.TeamId).Distinct().ToList();
        var hours = sprints.Count == 0 ? null : await TeamHours.LoadAsync(db, teamIds, sprints.Min(s => s.Start), sprints.Max(s => s.End), ct);
        var warnings = new List<string>();
        var unrated = new HashSet<string>(StringComparer.Ordinal);

        decimal RateOf(Guid userId, string name)
        {
            if (rates.FirstOrDefault(r => r.UserId == userId) is { } own) return own.Hourly;
            var byRole = roles.Where(r => r.UserId == userId).Select(r => rates.FirstOrDefault(x => x.Role == r.Role)?.Hourly).Where(h => h is not null).ToList();
            if (byRole.Count > 0) return byRole.Max()!.Value;
            unrated.Add(name);
            return 0;
        }

        var costs = new List<SprintCost>();
        decimal planSum = 0, actualSum = 0;
        foreach (var s in sprints)
        {
            var team = hours!.Team(s.TeamId);
            decimal plannedHours = 0, actualHours = 0, plannedCost = 0, actualCost = 0;
            if (team is not null)
                foreach (var m in hours.Members(s.TeamId))
                {
                    var (working, away) = hours.Days(m, s.Start, s.End);
                    var rate = RateOf(m.UserId, m.DisplayName);
                    var planned = TeamHours.Hours(working + away, m.AllocationPercent, team);
                    var actual = TeamHours.Hours(working, m.AllocationPercent, team);
                    (plannedHours, actualHours) = (plannedHours + planned, actualHours + actual);
                    (plannedCost, actualCost) = (plannedCost + planned * rate, actualCost + actual * rate);
                }
            var closed = s.State == SprintState.Closed;
            planSum += plannedCost;
            if (closed) actualSum += actualCost;
            costs.Add(new SprintCost(s.Id, team?.Name ?? "Team", s.Name, s.State.ToString().ToLowerInvariant(), s.Start, s.End, plannedHours, closed ? actualHours : null,
                Math.Round(plannedCost, 2), closed ? Math.Round(actualCost, 2) : null, Math.Round(planSum, 2), closed ? Math.Round(actualSum, 2) : null, s.CompletedPoints));
        }
        if (unrated.Count > 0) warnings.Add($"No rate for {string.Join(", ", unrated.Order(StringComparer.Ordinal))}: their hours cost nothing here until the TPM sets a rate for them or their role.");

        var milestones = await db.Milestones.AsNoTracking().Where(m => m.ProductId == product.Id).OrderBy(m => m.Date).Take(100)
            .Select(m => new { m.Id, m.Number, m.Name, m.Date }).ToListAsync(ct);
        var milestoneCosts = milestones.Select(m =>
        {
            var upTo = costs.Where(c => c.End <= m.Date).ToList();
            return new MilestoneCost(m.Id, m.Number, m.Name, m.Date, upTo.Count, upTo.Sum(c => c.PlannedCost), upTo.Sum(c => c.ActualCost ?? 0));
        }).ToList();

        var estimate = await EstimateAsync(product, costs, budget?.Amount, ct);
        if (budget is { } b && estimate.Amount is { } eac && eac > b.Amount)
            warnings.Add($"The estimate at completion ({eac:N0} {b.Currency}) is over the budget ({b.Amount:N0} {b.Currency}) by {eac - b.Amount:N0}.");
        if (budget is null) warnings.Add($"{product.Key} has no budget yet.");

        var people = await db.Users.AsNoTracking().Where(u => rates.Select(r => r.UserId).Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var rateDtos = rates.Where(r => r.Role is not null || canEdit)
            .OrderBy(r => r.Role is null).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new RateDto(r.Key, r.Role is { } role ? EnumText.Slug(role) : null, r.UserId is { } u ? new PersonSummary(u, people.GetValueOrDefault(u, "Unknown person")) : null, r.Hourly)).ToList();
        var products = new List<string>();
        foreach (var p in await db.Products.AsNoTracking().OrderBy(p => p.Key).Take(500).ToListAsync(ct))
            if (await rights.IsAllowedAsync(p, Operations.Products.Read, ct)) products.Add(p.Key);
        return new BudgetView(product.Key, budget?.Currency ?? DefaultCurrency, budget?.Amount, budget?.Version, canEdit, canEdit, rateDtos, costs, milestoneCosts, estimate, warnings, CostRule, products);
    }

    private async Task<EstimateAtCompletion> EstimateAsync(Product product, List<SprintCost> costs, decimal? budget, CancellationToken ct)
    {
        // Estimates are summed here, not in SQL: SQLite keeps decimals as text.
        var open = await db.BacklogItems.AsNoTracking()
            .Where(i => i.ProductId == product.Id && i.Type != ItemType.Epic && i.Status != ItemStatus.Done && i.Status != ItemStatus.Accepted)
            .Select(i => i.Estimate).Take(MaxOpenItems).ToListAsync(ct);
        var remaining = open.Sum(e => e ?? 0);
        var unestimated = open.Count(e => e is null);
        var actual = costs.Where(c => c.ActualCost is not null).Sum(c => c.ActualCost!.Value);
        var last = costs.Where(c => c.ActualCost is not null).TakeLast(3).ToList();
        if (last.Count == 0)
            return new EstimateAtCompletion(null, actual, remaining, unestimated, null, null, null, null, "No closed sprint yet, so there is no velocity or cost per sprint to estimate from.");
        var velocity = last.Average(c => c.CompletedPoints);
        var perSprint = last.Average(c => c.ActualCost!.Value);
        if (velocity <= 0)
            return new EstimateAtCompletion(null, actual, remaining, unestimated, 0, Math.Round(perSprint, 2), null, null, "The last closed sprints completed no points, so the remaining work cannot be turned into sprints.");
        var sprintsLeft = remaining / velocity;
        var eac = Math.Round(actual + sprintsLeft * perSprint, 2);
        return new EstimateAtCompletion(eac, actual, remaining, unestimated, Math.Round(velocity, 1), Math.Round(perSprint, 2), Math.Round(sprintsLeft, 1),
            budget is { } b ? eac - b : null,
            $"{actual:N0} spent + {remaining:0.#} open points ÷ {velocity:0.#} points a sprint × {perSprint:N0} a sprint" + (unestimated > 0 ? $"; {unestimated} open items without an estimate are not counted." : "."));
    }

    /// <summary>Sets the product's budget (the TPM; logged).</summary>
    public async Task<Result<BudgetView>> SetBudgetAsync(string productKey, SetBudgetRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Delivery.EditSchedule, ct)).Failed(out var refused, out var product)) return refused;
        if (request.Amount is not { } amount) return Error.Invalid("amount", "Give the budget's amount.");
        var now = clock.GetUtcNow();
        var budget = await db.ProductBudgets.FirstOrDefaultAsync(b => b.ProductId == product.Id, ct);
        if (budget is not null && ifMatch is { } v && v != budget.Version) return Error.Stale($"{product.Key}'s budget changed since you read it; reload and set it again.");
        if (budget is null)
        {
            if (Rules.Create(() => ProductBudget.Create(product.WorkspaceId, product.Id, amount, request.Currency ?? DefaultCurrency, now)).Failed(out var invalid, out var created)) return invalid;
            budget = created;
            db.ProductBudgets.Add(budget);
        }
        else if (Rules.Apply(() => budget.Change(amount, request.Currency ?? budget.Currency, now)) is { } invalid) return invalid;
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Set {product.Key}'s budget to {budget.Amount:N2} {budget.Currency}", "budget", product.Key), ct) is { } denied) return denied;
        if (await db.SaveOrConflictAsync($"{product.Key}'s budget was set by someone else a moment ago; reload and set it again.", ct) is { } conflict) return conflict;
        return await GetAsync(productKey, ct);
    }

    /// <summary>Sets an hourly rate for a role or a person on the product (the TPM; logged).</summary>
    public async Task<Result<BudgetView>> SetRateAsync(string productKey, SetRateRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Delivery.EditSchedule, ct)).Failed(out var refused, out var product)) return refused;
        var validation = new Validation();
        var role = EnumText.Optional<Role>(request.Role, "role", validation);
        validation.Require((role is null) != (request.UserId is null) || !validation.IsValid, "role", "Set a rate for a role or for a person (userId), one of them.");
        validation.Require(request.Hourly is not null, "hourly", "Give the hourly rate.");
        string? person = null;
        if (request.UserId is { } userId)
        {
            person = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
            if (person is null) validation.Add("userId", "There is no such person in your workspace.");
        }
        if (validation.Result is { } bad) return bad;
        var now = clock.GetUtcNow();
        var key = CostRate.KeyOf(role, request.UserId);
        var rate = await db.CostRates.FirstOrDefaultAsync(r => r.ProductId == product.Id && r.Key == key, ct);
        if (rate is null)
        {
            if (Rules.Create(() => CostRate.Set(product.WorkspaceId, product.Id, role, request.UserId, request.Hourly!.Value, now)).Failed(out var invalid, out var created)) return invalid;
            rate = created;
            db.CostRates.Add(rate);
        }
        else if (Rules.Apply(() => rate.Change(request.Hourly!.Value, now)) is { } invalid) return invalid;
        var who = person ?? (role is { } r ? r.Title() : "?");
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Set the hourly rate of {who} on {product.Key} to {rate.Hourly:N2}", "rate", key), ct) is { } denied) return denied;
        if (await db.SaveOrConflictAsync("That rate was set by someone else a moment ago; reload and set it again.", ct) is { } conflict) return conflict;
        return await GetAsync(productKey, ct);
    }
}
