using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Feedback;
using Tandem.Domain.Products;
using Tandem.Domain.Raid;

namespace Tandem.Application.Raid;

/// <summary>
/// The RAID log of a product (issue 11). Anyone on the product raises a risk, records an assumption or an
/// issue, and links them to items, milestones, decision records and impediments; the Technical Project
/// Manager decides their handling (<see cref="Operations.Raid.Manage"/>, one decision-log entry per change):
/// assessment, owner, mitigation, ROAM status, validating or invalidating an assumption (which becomes a risk
/// in the same step), resolving an issue, and promoting the Scrum Master's escalated impediment into a risk
/// or an issue. Every risk has an owner (its raiser until the TPM names another) and a history row per
/// change of score or status, from which the trend is read.
/// </summary>
public sealed partial class RaidFeature
{
    public const string RiskSequence = "risks";
    public const string AssumptionSequence = "assumptions";
    public const string IssueSequence = "raid-issues";

    private readonly TandemDbContext _db;
    private readonly CurrentUser _me;
    private readonly DecisionRightsService _rights;
    private readonly ProductNumbers _numbers;
    private readonly TimeProvider _clock;

    public RaidFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, ProductNumbers numbers, TimeProvider clock) =>
        (_db, _me, _rights, _numbers, _clock) = (db, me, rights, numbers, clock);

    private static string N(int number) => number.ToString(CultureInfo.InvariantCulture);

    private DateOnly Today => DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);

    // ---------------------------------------------------------------- risks

    public async Task<Result<RiskDto>> RaiseAsync(string productKey, RaiseRiskRequest request, CancellationToken ct)
    {
        if ((await _rights.ProductForAsync(productKey, Operations.Raid.Raise, ct)).Failed(out var refused, out var product)) return refused;
        var validation = new Validation();
        var proximity = Dates.Optional(request.ProximityOn, "proximityOn", validation);
        var now = _clock.GetUtcNow();
        // Every bad field at once: the domain's own check, with the date's error beside it.
        var check = Rules.Create(() => Risk.Raise(product.WorkspaceId, product.Id, 0, request.Title, request.Description, request.Probability ?? 0, request.Impact ?? 0, proximity, _me.UserId, now));
        if (validation.Result is { } badDate)
            return check.Failed(out var both, out _) ? Merge(both, badDate) : badDate;
        if (check.Failed(out var invalid, out _)) return invalid;
        return await _numbers.InTransactionAsync<RiskDto>(async () =>
        {
            var number = await _numbers.NextAsync(product, RiskSequence, c => _db.Risks.Where(r => r.ProductId == product.Id).MaxAsync(r => (int?)r.Number, c), ct);
            var risk = Risk.Raise(product.WorkspaceId, product.Id, number, request.Title, request.Description, request.Probability ?? 0, request.Impact ?? 0, proximity, _me.UserId, now);
            _db.Risks.Add(risk);
            _db.RiskHistory.Add(RiskHistory.Of(risk, _me.UserId, now));
            if (await _db.SaveOrConflictAsync($"Risk {number} of {product.Key} was taken a moment ago; try again.", ct) is { } clash) return clash;
            return (await RiskDtosAsync([risk], product.Key, ct))[0];
        }, ct);
    }

    /// <summary>
    /// The product's risks, highest score first, then nearest proximity (none last), then number. <paramref name="status"/>
    /// is a ROAM status or "live" (open, owned or accepted); <paramref name="minScore"/> 1–25; paged by an offset cursor.
    /// </summary>
    public Task<Result<RisksPage>> ListAsync(string productKey, string? status, Guid? owner, int? minScore, int? limit, string? cursor, CancellationToken ct) =>
        ListAsync(productKey, status, owner, minScore, limit, cursor, Paging.MaxLimit, ct);

    /// <summary>The RAID page's list: up to <see cref="RaidSettings.PageLimit"/> risks in one page.</summary>
    public Task<Result<RisksPage>> ForPageAsync(string productKey, string? status, Guid? owner, int? minScore, CancellationToken ct) =>
        ListAsync(productKey, status, owner, minScore, RaidSettings.PageLimit, null, RaidSettings.PageLimit, ct);

    private async Task<Result<RisksPage>> ListAsync(string productKey, string? status, Guid? owner, int? minScore, int? limit, string? cursor, int maxLimit, CancellationToken ct)
    {
        var filter = new Validation();
        if (limit is { } l && (l < 1 || l > maxLimit)) filter.Add("limit", $"limit must be between 1 and {maxLimit}.");
        var live = string.Equals(status?.Trim(), "live", StringComparison.OrdinalIgnoreCase);
        var wanted = live ? null : EnumText.Optional<RiskStatus>(status, "status", filter);
        if (minScore is { } m && (m < 1 || m > 25)) filter.Add("minScore", "minScore is a score from 1 to 25 (probability × impact).");
        var offset = 0;
        if (cursor is not null && (!Paging.TryDecode(cursor, out var raw) || !int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out offset))) return Paging.BadCursor;
        if (filter.Result is { } bad) return bad;
        if ((await _rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;

        var all = _db.Risks.AsNoTracking().Where(r => r.ProductId == product.Id);
        var query = all;
        if (wanted is { } w) query = query.Where(r => r.Status == w);
        if (live) query = query.Where(r => r.Status == RiskStatus.Open || r.Status == RiskStatus.Owned || r.Status == RiskStatus.Accepted);
        if (owner is { } o) query = query.Where(r => r.OwnerId == o);
        if (minScore is { } min) query = query.Where(r => r.Score >= min);
        var take = limit ?? Paging.DefaultLimit;
        var rows = await query.OrderByDescending(r => r.Score).ThenBy(r => r.ProximityOn == null).ThenBy(r => r.ProximityOn).ThenBy(r => r.Number)
            .Skip(offset).Take(take + 1).ToListAsync(ct);
        var shown = rows.Take(take).ToList();
        var total = await query.CountAsync(ct);
        var liveCount = await all.CountAsync(r => r.Status == RiskStatus.Open || r.Status == RiskStatus.Owned || r.Status == RiskStatus.Accepted, ct);
        return new RisksPage(await RiskDtosAsync(shown, product.Key, ct, withLinks: false),
            rows.Count > take ? Paging.Encode((offset + take).ToString(CultureInfo.InvariantCulture)) : null, total, liveCount, RaidSettings.TrendDays);
    }

    public async Task<Result<RiskDto>> GetAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadRiskAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return (await RiskDtosAsync([found.Entity], found.Product.Key, ct))[0];
    }

    public async Task<Result<RiskDto>> GetByNumberAsync(string productKey, int number, CancellationToken ct)
    {
        if ((await _rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var row = await _db.Risks.AsNoTracking().FirstOrDefaultAsync(r => r.ProductId == product.Id && r.Number == number, ct);
        if (row is null) return Error.NotFound($"There is no risk {number} on {product.Key}.");
        return (await RiskDtosAsync([row], product.Key, ct))[0];
    }

    /// <summary>The TPM's handling: assessment, owner (a person with a role on the product), mitigation, contingency, trigger, proximity; logged once.</summary>
    public async Task<Result<RiskDto>> HandleAsync(Guid id, HandleRiskRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadRiskAsync(id, Operations.Raid.Manage, ct)).Failed(out var error, out var found)) return error;
        var (risk, product) = found;
        if (ifMatch is { } expected && expected != risk.Version) return StaleRisk(risk, expected);
        var validation = new Validation();
        var proximity = request.ProximityOn is null ? risk.ProximityOn : Dates.Optional(request.ProximityOn, "proximityOn", validation);
        var ownerId = request.OwnerId ?? risk.OwnerId;
        if (ownerId != risk.OwnerId && !await HoldsRoleAsync(product.Id, ownerId, ct))
            validation.Add("ownerId", $"The owner must hold a role on {product.Key}.");
        if (validation.Result is { } bad) return bad;
        var (scoreBefore, ownerBefore) = (risk.Score, risk.OwnerId);
        var (probabilityBefore, impactBefore) = (risk.Probability, risk.Impact);
        var now = _clock.GetUtcNow();
        if (Rules.Apply(() =>
            {
                risk.Reword(request.Title ?? risk.Title, request.Description ?? risk.Description, now);
                risk.Handle(ownerId, request.Probability ?? risk.Probability, request.Impact ?? risk.Impact, request.Mitigation ?? risk.Mitigation,
                    request.Contingency ?? risk.Contingency, request.Trigger ?? risk.Trigger, proximity, now);
            }) is { } invalid) return invalid;
        if (risk.Probability != probabilityBefore || risk.Impact != impactBefore) _db.RiskHistory.Add(RiskHistory.Of(risk, _me.UserId, now));
        var names = await NamesAsync([ownerId], ct);
        var summary = $"Handled risk {risk.Number} \"{risk.Title}\": {risk.Probability}×{risk.Impact} = {risk.Score}{(risk.Score == scoreBefore ? "" : $" (was {scoreBefore})")}, owner {names.GetValueOrDefault(ownerId, "someone")}";
        if (await _rights.DecideAsync(product, Operations.Raid.Manage, new DecisionRecord(summary, "risk", N(risk.Number), risk.Mitigation.Length > 0 ? Clip(risk.Mitigation) : null), ct) is { } refused) return refused;
        if (ownerId != ownerBefore && ownerId != _me.UserId)
            _db.Notifications.Add(Notification.To(product.WorkspaceId, ownerId, $"{_me.DisplayName} made you the owner of risk {risk.Number} \"{risk.Title}\" on {product.Key}.",
                $"/p/{product.Key}/risks/{risk.Number}", now));
        if (await _db.SaveOrStaleAsync($"Risk {risk.Number}", ct) is { } lost) return lost;
        return (await RiskDtosAsync([risk], product.Key, ct))[0];
    }

    /// <summary>The ROAM status (open, resolved, owned, accepted, mitigated): the TPM's, logged once, a history row; the same status again is a 409.</summary>
    public async Task<Result<RiskDto>> SetStatusAsync(Guid id, RiskStatusRequest request, int? ifMatch, CancellationToken ct)
    {
        var validation = new Validation();
        var status = EnumText.Required<RiskStatus>(request.Status, "status", validation);
        if ((await LoadRiskAsync(id, Operations.Raid.Manage, ct)).Failed(out var error, out var found)) return error;
        var (risk, product) = found;
        if (validation.Result is { } bad) return bad;
        if (ifMatch is { } expected && expected != risk.Version) return StaleRisk(risk, expected);
        if (risk.Status == status) return Error.Conflict($"Risk {risk.Number} is already {EnumText.Slug(risk.Status)}.");
        var before = risk.Status;
        var now = _clock.GetUtcNow();
        risk.SetStatus(status!.Value, now);
        _db.RiskHistory.Add(RiskHistory.Of(risk, _me.UserId, now));
        if (await _rights.DecideAsync(product, Operations.Raid.Manage, new DecisionRecord(
                $"Marked risk {risk.Number} \"{risk.Title}\" {EnumText.Slug(risk.Status)} (was {EnumText.Slug(before)})", "risk", N(risk.Number)), ct) is { } refused) return refused;
        if (await _db.SaveOrStaleAsync($"Risk {risk.Number}", ct) is { } lost) return lost;
        return (await RiskDtosAsync([risk], product.Key, ct))[0];
    }

    /// <summary>The risk's trend: every change of score or status, oldest first (bounded to the last 200).</summary>
    public async Task<Result<IReadOnlyList<RiskHistoryDto>>> HistoryAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadRiskAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var rows = await _db.RiskHistory.AsNoTracking().Where(h => h.RiskId == found.Entity.Id).OrderByDescending(h => h.Id).Take(200).ToListAsync(ct);
        rows.Reverse();
        var names = await NamesAsync(rows.Select(r => r.ById), ct);
        return rows.Select(h => new RiskHistoryDto(h.At, h.Probability, h.Impact, h.Score, EnumText.Slug(h.Status), Person(names, h.ById))).ToList();
    }

    /// <summary>The 5×5 heat map of the product's live risks (open, owned, accepted): a count per probability and impact.</summary>
    public async Task<Result<RiskHeatMap>> HeatMapAsync(string productKey, CancellationToken ct)
    {
        if ((await _rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var counts = await _db.Risks.AsNoTracking()
            .Where(r => r.ProductId == product.Id && (r.Status == RiskStatus.Open || r.Status == RiskStatus.Owned || r.Status == RiskStatus.Accepted))
            .GroupBy(r => new { r.Probability, r.Impact }).Select(g => new { g.Key.Probability, g.Key.Impact, Count = g.Count() }).ToListAsync(ct);
        var cells = new List<HeatCell>(25);
        for (var p = 5; p >= 1; p--)
            for (var i = 1; i <= 5; i++)
                cells.Add(new HeatCell(p, i, p * i, counts.Where(c => c.Probability == p && c.Impact == i).Sum(c => c.Count)));
        return new RiskHeatMap(product.Key, cells, counts.Sum(c => c.Count));
    }

    private Task<Result<Owned<Risk>>> LoadRiskAsync(Guid id, Operation operation, CancellationToken ct) =>
        _rights.LoadAsync<Risk>(r => r.Id == id, operation, "There is no such risk in your workspace.", ct);

    private static Error StaleRisk(Risk risk, int expected) =>
        Error.Stale($"Risk {risk.Number} was changed by someone else (version {risk.Version}, you sent {expected}). Reload it and try again.");

    internal async Task<List<RiskDto>> RiskDtosAsync(IReadOnlyList<Risk> rows, string productKey, CancellationToken ct, bool withLinks = true)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToList();
        var names = await NamesAsync(rows.SelectMany(r => new[] { r.OwnerId, r.RaisedById }), ct);
        var trends = await TrendsAsync(rows, ct);
        var assumptionIds = rows.Where(r => r.AssumptionId is not null).Select(r => r.AssumptionId!.Value).ToList();
        var assumptions = assumptionIds.Count == 0 ? [] : await _db.Assumptions.AsNoTracking().Where(a => assumptionIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Number, ct);
        var promoted = (await _db.ImpedimentPromotions.AsNoTracking().Where(p => p.RiskId != null && ids.Contains(p.RiskId.Value))
                .Join(_db.Impediments, p => p.ImpedimentId, i => i.Id, (p, i) => new { p.RiskId, i.Number }).ToListAsync(ct))
            .ToDictionary(p => p.RiskId!.Value, p => p.Number);
        var links = withLinks ? await LinksAsync(ids, productKey, ct) : [];
        return rows.Select(r => new RiskDto(r.Id, productKey, r.Number, r.Title, r.Description, r.Probability, r.Impact, r.Score, EnumText.Slug(r.Status),
            Person(names, r.OwnerId), r.Mitigation, r.Contingency, r.Trigger, r.ProximityOn, Person(names, r.RaisedById), r.RaisedAt, r.UpdatedAt,
            trends.GetValueOrDefault(r.Id), r.AssumptionId is { } a && assumptions.TryGetValue(a, out var an) ? an : null,
            promoted.TryGetValue(r.Id, out var imp) ? imp : null, links.GetValueOrDefault(r.Id) ?? [], r.Version)).ToList();
    }

    /// <summary>Score now against the score <see cref="RaidSettings.TrendDays"/> days ago (the last history row by then); none for a newer risk.</summary>
    private async Task<Dictionary<Guid, RiskTrend>> TrendsAsync(IReadOnlyList<Risk> rows, CancellationToken ct)
    {
        var cutoff = _clock.GetUtcNow().AddDays(-RaidSettings.TrendDays);
        var ids = rows.Where(r => r.RaisedAt <= cutoff).Select(r => r.Id).ToList();
        if (ids.Count == 0) return [];
        // The last row by the cutoff per risk: no later row of the same risk by then (the (RiskId, At) index answers both).
        var then = (await _db.RiskHistory.AsNoTracking()
                .Where(h => ids.Contains(h.RiskId) && h.At <= cutoff
                    && !_db.RiskHistory.Any(o => o.RiskId == h.RiskId && o.At <= cutoff && (o.At > h.At || (o.At == h.At && o.Id > h.Id))))
                .Select(h => new { h.RiskId, h.Score }).ToListAsync(ct))
            .GroupBy(h => h.RiskId).ToDictionary(g => g.Key, g => g.First().Score);
        return rows.Where(r => then.ContainsKey(r.Id))
            .ToDictionary(r => r.Id, r => new RiskTrend(then[r.Id], r.Score - then[r.Id], RaidSettings.TrendDays));
    }

    // ---------------------------------------------------------------- shared

    /// <summary>Who can own a RAID record: the people holding a role on the product, by name (at most 200).</summary>
    public async Task<Result<IReadOnlyList<PersonSummary>>> OwnerChoicesAsync(string productKey, CancellationToken ct)
    {
        if ((await _rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var people = await _db.RoleAssignments.AsNoTracking().Where(r => r.ProductId == product.Id)
            .Join(_db.Users, r => r.UserId, u => u.Id, (r, u) => new { u.Id, u.DisplayName }).Distinct()
            .OrderBy(p => p.DisplayName).Take(200).ToListAsync(ct);
        return people.Select(p => new PersonSummary(p.Id, p.DisplayName)).ToList();
    }

    private async Task<bool> HoldsRoleAsync(Guid productId, Guid userId, CancellationToken ct) =>
        await _db.RoleAssignments.AnyAsync(r => r.ProductId == productId && r.UserId == userId, ct);

    private async Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await _db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    private static PersonSummary Person(Dictionary<Guid, string> names, Guid id) => new(id, names.GetValueOrDefault(id, "someone"));

    private static string Clip(string text) => text.Length > 1000 ? text[..1000] : text;

    private static Error Merge(Error a, Error b)
    {
        var fields = new Dictionary<string, string[]>();
        foreach (var (k, v) in (a.Fields ?? new Dictionary<string, string[]>()).Concat(b.Fields ?? new Dictionary<string, string[]>()))
            fields[k] = fields.TryGetValue(k, out var had) ? [.. had, .. v] : v;
        return Error.Invalid(fields);
    }

    private async Task NotifyOwnerAsync(Product product, Guid ownerId, string text, string link, DateTimeOffset now, CancellationToken ct)
    {
        if (ownerId == _me.UserId) return;
        if (!await HoldsRoleAsync(product.Id, ownerId, ct)) return;
        _db.Notifications.Add(Notification.To(product.WorkspaceId, ownerId, text, link, now));
    }
}
