using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Capacity;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;
using Tandem.Domain.Sprints;

namespace Tandem.Application.Capacity;

/// <summary>The TPM's allocation of a person: <c>userId</c>, <c>teamId</c> (one of the product's teams; omitted: on the product itself), <c>percent</c> 1–100, <c>from</c>/<c>to</c> YYYY-MM-DD, a <c>note</c>.</summary>
public sealed record PlanAllocationRequest(Guid? UserId, Guid? TeamId, int? Percent, string? From, string? To, string? Note);

public sealed record AllocationDto(Guid Id, string ProductKey, Guid? TeamId, string? TeamName, PersonSummary Person, int Percent, DateOnly From, DateOnly To, string Note, int Version) : IVersioned;

/// <summary>A person's planned load in one week: the highest day's sum, in percent of their time.</summary>
public sealed record WeekLoad(DateOnly WeekStarting, int Percent, bool Overloaded);

public sealed record PersonLoad(PersonSummary Person, IReadOnlyList<WeekLoad> Weeks, int Peak, bool Overloaded);

/// <summary>A sprint's planned load (committed points of its items) against its capacity (focus hours × points per hour).</summary>
public sealed record SprintLoad(Guid SprintId, Guid TeamId, string TeamName, string ProductKey, string Sprint, string State, DateOnly Start, DateOnly End,
    decimal CommittedPoints, decimal FocusHours, decimal? CapacityPoints, bool Overloaded, string? Note);

public sealed record CapacityTeam(Guid Id, string Name, string ProductKey);

public sealed record CapacityView(DateOnly From, int Weeks, string? Product, Guid? Team, IReadOnlyList<string> Products, IReadOnlyList<CapacityTeam> Teams,
    IReadOnlyList<PersonLoad> People, IReadOnlyList<SprintLoad> Sprints, IReadOnlyList<AllocationDto> Allocations, IReadOnlyList<string> Warnings, string Rule, bool CanPlan);

/// <summary>
/// Capacity across products and teams (a program view): the TPM's allocations of people over time, each person's
/// summed load per week with an overload warning above 100 %, and each open sprint's committed points against the
/// team's capacity. Only the products the viewer may read appear; a person's load still counts their work elsewhere
/// (as "other work") so an overload is never hidden. Allocations are the TPM's decision (<see cref="Operations.Delivery.EditSchedule"/>, logged).
/// </summary>
public sealed class CapacityFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock)
{
    public const int DefaultWeeks = 12;
    public const int MaxWeeks = 26;
    public const int MaxProducts = 500;
    public const int MaxRows = 2000;
    public const int MaxSprints = 100;
    public const string LoadRule = "A person's load on a day is the sum of the allocations the TPM planned that cover it, plus their team share (membership) on each team for which no allocation covers that day; a week shows its heaviest working day. Above 100 % is an overload. A sprint is overloaded when its committed points exceed its capacity: the members' focus hours (working days less absences × team share × hours a day × focus factor) × the team's points per focus hour over its last three closed sprints.";

    public async Task<Result<CapacityView>> ProgramAsync(string? productKey, Guid? teamId, string? from, int? weeks, CancellationToken ct)
    {
        var validation = new Validation();
        var start = Dates.Optional(from, "from", validation);
        validation.Require(weeks is null or (>= 1 and <= MaxWeeks), "weeks", $"Show 1 to {MaxWeeks} weeks.");
        if (validation.Result is { } bad) return bad;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = Forecasting.DeliveryForecasts.WeekOf(start ?? today);
        var count = weeks ?? DefaultWeeks;
        var last = first.AddDays(7 * count - 1);

        var readable = new List<Product>();
        if (!string.IsNullOrWhiteSpace(productKey))
        {
            if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var one)) return refused;
            readable.Add(one);
        }
        else
        {
            foreach (var p in await db.Products.AsNoTracking().OrderBy(p => p.Key).Take(MaxProducts).ToListAsync(ct))
                if (await rights.IsAllowedAsync(p, Operations.Products.Read, ct)) readable.Add(p);
        }
        var allProducts = string.IsNullOrWhiteSpace(productKey) ? readable
            : await ReadableAsync(ct);
        var productIds = readable.Select(p => p.Id).ToList();
        var keys = await db.Products.AsNoTracking().Select(p => new { p.Id, p.Key }).Take(MaxProducts * 2).ToDictionaryAsync(p => p.Id, p => p.Key, ct);

        var teamRows = await db.TeamProducts.AsNoTracking().Where(t => productIds.Contains(t.ProductId)).Select(t => t.TeamId).Distinct()
            .Join(db.Teams, id => id, t => t.Id, (id, t) => new { t.Id, t.Name, t.ProductId }).OrderBy(t => t.Name).ToListAsync(ct);
        if (teamId is { } wanted && teamRows.All(t => t.Id != wanted)) return Error.Invalid("team", "There is no such team working on the products you can read.");
        var teams = teamRows.Select(t => new CapacityTeam(t.Id, t.Name, keys.GetValueOrDefault(t.ProductId, "?"))).ToList();
        var scopeTeams = teamId is { } only ? [only] : teamRows.Select(t => t.Id).ToList();

        // The people in view: members of the teams in view and whoever is allocated to the products in view.
        var members = await db.TeamMembers.AsNoTracking().Where(m => scopeTeams.Contains(m.TeamId)).Select(m => m.UserId).Distinct().ToListAsync(ct);
        var shown = db.Allocations.AsNoTracking().Where(a => a.To >= first && a.From <= last);
        shown = teamId is { } t1 ? shown.Where(a => a.TeamId == t1) : shown.Where(a => productIds.Contains(a.ProductId));
        var shownRows = await shown.OrderBy(a => a.From).Take(MaxRows).ToListAsync(ct);
        var people = members.Union(shownRows.Select(a => a.UserId)).ToList();

        // Their whole load, wherever it is: every allocation and every membership.
        var allRows = await db.Allocations.AsNoTracking().Where(a => people.Contains(a.UserId) && a.To >= first && a.From <= last).Take(MaxRows * 2).ToListAsync(ct);
        var shares = await db.TeamMembers.AsNoTracking().Where(m => people.Contains(m.UserId)).Select(m => new { m.UserId, m.TeamId, m.AllocationPercent, m.WorkingDays }).ToListAsync(ct);
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var teamNames = await db.Teams.AsNoTracking().Where(t => allRows.Select(a => a.TeamId).Contains(t.Id) || scopeTeams.Contains(t.Id))
            .Select(t => new { t.Id, t.Name }).ToDictionaryAsync(t => t.Id, t => t.Name, ct);

        var warnings = new List<string>();
        var loads = new List<PersonLoad>();
        foreach (var person in people.OrderBy(p => names.GetValueOrDefault(p, ""), StringComparer.Ordinal))
        {
            var rows = allRows.Where(a => a.UserId == person).ToList();
            var memberships = shares.Where(s => s.UserId == person).ToList();
            var weekly = new List<WeekLoad>();
            for (var w = 0; w < count; w++)
            {
                var monday = first.AddDays(7 * w);
                var peak = 0;
                for (var d = 0; d < 5; d++)
                {
                    var day = monday.AddDays(d);
                    var load = rows.Where(a => a.Covers(day)).Sum(a => a.Percent)
                        + memberships.Where(m => !rows.Any(a => a.TeamId == m.TeamId && a.Covers(day))).Sum(m => m.AllocationPercent);
                    peak = Math.Max(peak, load);
                }
                weekly.Add(new WeekLoad(monday, peak, peak > 100));
            }
            var name = names.GetValueOrDefault(person, "Unknown person");
            var over = weekly.Where(w => w.Overloaded).ToList();
            if (over.Count > 0)
                warnings.Add($"{name} is planned at {over.Max(w => w.Percent)} % in {over.Count} week{(over.Count == 1 ? "" : "s")} (from the week of {over[0].WeekStarting:yyyy-MM-dd}): more than their time.");
            loads.Add(new PersonLoad(new PersonSummary(person, name), weekly, weekly.Count == 0 ? 0 : weekly.Max(w => w.Percent), over.Count > 0));
        }

        var sprints = await SprintLoadsAsync(scopeTeams, first, last, keys, ct);
        foreach (var s in sprints.Where(s => s.Overloaded))
            warnings.Add($"{s.TeamName}'s {s.Sprint} commits {s.CommittedPoints:0.#} points against a capacity of about {s.CapacityPoints:0.#}.");

        var allocations = shownRows.Select(a => new AllocationDto(a.Id, keys.GetValueOrDefault(a.ProductId, "?"), a.TeamId, a.TeamId is { } x ? teamNames.GetValueOrDefault(x) : null,
            new PersonSummary(a.UserId, names.GetValueOrDefault(a.UserId, "Unknown person")), a.Percent, a.From, a.To, a.Note, a.Version)).ToList();
        var canPlan = false;
        foreach (var p in allProducts)
            if (await rights.IsAllowedAsync(p, Operations.Delivery.EditSchedule, ct)) { canPlan = true; break; }
        return new CapacityView(first, count, readable.Count == 1 && !string.IsNullOrWhiteSpace(productKey) ? readable[0].Key : null, teamId,
            allProducts.Select(p => p.Key).ToList(), teams, loads, sprints, allocations, warnings, LoadRule, canPlan);
    }

    /// <summary>The workspace's people (at most 500, by name), for the planning form.</summary>
    public async Task<IReadOnlyList<PersonSummary>> PeopleAsync(CancellationToken ct) =>
        await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).Take(500).Select(u => new PersonSummary(u.Id, u.DisplayName)).ToListAsync(ct);

    private async Task<List<Product>> ReadableAsync(CancellationToken ct)
    {
        var list = new List<Product>();
        foreach (var p in await db.Products.AsNoTracking().OrderBy(p => p.Key).Take(MaxProducts).ToListAsync(ct))
            if (await rights.IsAllowedAsync(p, Operations.Products.Read, ct)) list.Add(p);
        return list;
    }

    private async Task<List<SprintLoad>> SprintLoadsAsync(List<Guid> teamIds, DateOnly first, DateOnly last, Dictionary<Guid, string> keys, CancellationToken ct)
    {
        var sprints = await db.Sprints.AsNoTracking().Where(s => teamIds.Contains(s.TeamId) && s.State != SprintState.Closed && s.End >= first && s.Start <= last)
            .OrderBy(s => s.Start).Take(MaxSprints).ToListAsync(ct);
        if (sprints.Count == 0) return [];
        var ids = sprints.Select(s => s.Id).ToList();
        // Points are summed here, not in SQL: SQLite keeps decimals as text.
        var points = (await db.SprintItems.AsNoTracking().Where(i => ids.Contains(i.SprintId) && i.RemovedAt == null).Select(i => new { i.SprintId, i.Points }).ToListAsync(ct))
            .GroupBy(i => i.SprintId).ToDictionary(g => g.Key, g => g.Sum(i => i.Points ?? 0));
        var hours = await TeamHours.LoadAsync(db, teamIds, sprints.Min(s => s.Start), sprints.Max(s => s.End), ct);
        return sprints.Select(s =>
        {
            var team = hours.Team(s.TeamId);
            var focus = hours.FocusHoursIn(s.TeamId, s.Start, s.End);
            var perHour = hours.PointsPerHour(s.TeamId, s.Start);
            decimal? capacity = perHour is { } r ? Math.Round(focus * r, 1) : null;
            var committed = points.GetValueOrDefault(s.Id);
            return new SprintLoad(s.Id, s.TeamId, team?.Name ?? "Team", keys.GetValueOrDefault(s.ProductId, "?"), s.Name, s.State.ToString().ToLowerInvariant(), s.Start, s.End,
                committed, focus, capacity, capacity is { } c && committed > c,
                capacity is null ? "No closed sprint with focus hours yet, so no points per hour: compare hours instead." : null);
        }).ToList();
    }

    /// <summary>Plans an allocation on the product (or one of its teams): the TPM's decision, logged.</summary>
    public async Task<Result<AllocationDto>> PlanAsync(string productKey, PlanAllocationRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Delivery.EditSchedule, ct)).Failed(out var refused, out var product)) return refused;
        var validation = new Validation();
        var from = Dates.Required(request.From, "from", validation);
        var to = Dates.Required(request.To, "to", validation);
        validation.Require(request.Percent is not null, "percent", "Give the share of the person's time, 1 to 100.");
        string? person = null;
        if (request.UserId is not { } userId) validation.Add("userId", "Name the person to allocate.");
        else
        {
            person = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
            if (person is null) validation.Add("userId", "There is no such person in your workspace.");
        }
        string? teamName = null;
        if (request.TeamId is { } teamId)
        {
            teamName = await db.TeamProducts.Where(t => t.TeamId == teamId && t.ProductId == product.Id).Join(db.Teams, t => t.TeamId, t => t.Id, (_, t) => t.Name).FirstOrDefaultAsync(ct);
            if (teamName is null) validation.Add("teamId", $"There is no such team working on {product.Key}.");
        }
        if (validation.Result is { } bad) return bad;
        var now = clock.GetUtcNow();
        if (Rules.Create(() => Allocation.Plan(product.WorkspaceId, product.Id, request.TeamId, request.UserId!.Value, request.Percent!.Value, from!.Value, to!.Value, request.Note, me.UserId, now))
            .Failed(out var invalid, out var allocation)) return invalid;
        if (await rights.DecideAsync(product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Allocated {person} {allocation.Percent} % to {teamName ?? product.Key} from {allocation.From:yyyy-MM-dd} to {allocation.To:yyyy-MM-dd}", "allocation", allocation.Id.ToString()), ct) is { } denied)
            return denied;
        db.Allocations.Add(allocation);
        await db.SaveChangesAsync(ct);
        return new AllocationDto(allocation.Id, product.Key, allocation.TeamId, teamName, new PersonSummary(allocation.UserId, person!), allocation.Percent, allocation.From, allocation.To, allocation.Note, allocation.Version);
    }

    /// <summary>Removes an allocation (the TPM; logged).</summary>
    public async Task<Result<Unit>> RemoveAsync(Guid id, int? ifMatch, CancellationToken ct)
    {
        if ((await rights.LoadAsync<Allocation>(a => a.Id == id, Operations.Delivery.EditSchedule, "There is no such allocation.", ct)).Failed(out var error, out var found)) return error;
        var a = found.Entity;
        if (ifMatch is { } v && v != a.Version) return Error.Stale("The allocation changed since you read it; reload and remove it again.");
        var person = await db.Users.Where(u => u.Id == a.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "someone";
        if (await rights.DecideAsync(found.Product, Operations.Delivery.EditSchedule, new DecisionRecord(
                $"Removed {person}'s {a.Percent} % allocation from {a.From:yyyy-MM-dd} to {a.To:yyyy-MM-dd}", "allocation", a.Id.ToString()), ct) is { } denied)
            return denied;
        db.Allocations.Remove(a);
        if (await db.SaveOrStaleAsync("allocation", ct) is { } stale) return stale;
        return Unit.Value;
    }
}
