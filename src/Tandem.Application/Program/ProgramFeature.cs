using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Forecasting;
using Tandem.Application.Identity;
using Tandem.Application.StatusReports;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Delivery;
using Tandem.Domain.Impediments;
using Tandem.Domain.Raid;
using Tandem.Domain.Reports;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Program;

public sealed record ProgramProduct(Guid Id, string Key, string Name);

public sealed record ProgramTeam(Guid Id, string Name);

/// <summary>A planned milestone with its forecast: the lowest confidence comes first.</summary>
public sealed record ProgramMilestone(Guid Id, string ProductKey, int Number, string Name, DateOnly Date, int? Confidence, int TargetConfidence, bool AtRisk,
    DateOnly? P50, DateOnly? P85, DateOnly? P95, int OpenItems, int TotalItems, RagDto Rag);

public sealed record ProgramRisk(Guid Id, string ProductKey, int Number, string Title, int Score, int Probability, int Impact, DateOnly? ProximityOn, string Status, PersonSummary Owner);

public sealed record ProgramImpediment(Guid Id, string ProductKey, int Number, string Title, string Impact, string? TeamName, DateTimeOffset? EscalatedAt, string? Reason, int AgeDays);

/// <summary>A product's next status report: its open draft, or whether the reader may start one.</summary>
public sealed record ProgramReport(string ProductKey, string ProductName, Guid? DraftId, int? DraftNumber, bool CanStart, Guid? LastPublishedId, DateTimeOffset? LastPublishedAt);

/// <summary>The TPM's home across every product the reader can read, filtered by product and team.</summary>
public sealed record ProgramHome(IReadOnlyList<ProgramProduct> Products, IReadOnlyList<ProgramTeam> Teams, string? ProductFilter, Guid? TeamFilter,
    IReadOnlyList<ProgramMilestone> Milestones, IReadOnlyList<ProgramRisk> Risks, IReadOnlyList<AtRiskDependency> Dependencies,
    IReadOnlyList<ProgramImpediment> Impediments, IReadOnlyList<GateDue> Gates, IReadOnlyList<ProgramReport> Reports);

/// <summary>
/// The Technical Project Manager's home, a program view (issue 11): across every product the reader can read (a
/// workspace admin: all), the planned milestones by confidence (lowest first), open risks by score then proximity,
/// dependencies at risk, escalated impediments waiting, gates due in the next <see cref="GateDays"/> days, and the
/// next status report per product. A fixed handful of queries, plus one throughput read per product with milestones.
/// </summary>
public sealed class ProgramFeature(TandemDbContext db, CurrentUser me, DeliveryForecasts forecasts, IAtRiskDependencies dependencies, IGatesDue gates, TimeProvider clock)
{
    public const int MaxProducts = 200;
    public const int MaxMilestones = 30;
    public const int MaxRisks = 10;
    public const int MaxImpediments = 20;
    public const int GateDays = 30;

    public async Task<Result<ProgramHome>> HomeAsync(string? productKey, Guid? teamId, CancellationToken ct)
    {
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == me.UserId).Select(r => new { r.ProductId, r.Role }).ToListAsync(ct);
        var rolesByProduct = roles.GroupBy(r => r.ProductId).ToDictionary(g => g.Key, g => (IReadOnlySet<Role>)g.Select(r => r.Role).ToHashSet());
        var readableQuery = db.Products.AsNoTracking();
        if (!me.IsWorkspaceAdmin)
        {
            var mine = rolesByProduct.Keys.ToList();
            readableQuery = readableQuery.Where(p => mine.Contains(p.Id));
        }
        var readable = (await readableQuery.OrderBy(p => p.Key).Take(MaxProducts).Select(p => new { p.Id, p.Key, p.Name }).ToListAsync(ct))
            .Where(p => DecisionRightsTable.IsAllowed(Operations.Products.Read, ActorOn(p.Id)))
            .Select(p => new ProgramProduct(p.Id, p.Key, p.Name)).ToList();
        var readableIds = readable.Select(p => p.Id).ToList();
        var teamLinks = await db.TeamProducts.AsNoTracking().Where(t => readableIds.Contains(t.ProductId))
            .Join(db.Teams, t => t.TeamId, team => team.Id, (t, team) => new { t.TeamId, team.Name, t.ProductId }).ToListAsync(ct);
        var teams = teamLinks.GroupBy(t => t.TeamId).Select(g => new ProgramTeam(g.Key, g.First().Name)).OrderBy(t => t.Name, StringComparer.CurrentCulture).ToList();

        var key = string.IsNullOrWhiteSpace(productKey) ? null : productKey.Trim().ToUpperInvariant();
        var products = readable;
        if (key is not null)
        {
            products = readable.Where(p => p.Key == key).ToList();
            if (products.Count == 0) return Error.NotFound($"There is no product {key} that you can read.");
        }
        if (teamId is { } team)
        {
            if (teams.All(t => t.Id != team)) return Error.NotFound("There is no such team on the products you can read.");
            var ofTeam = teamLinks.Where(t => t.TeamId == team).Select(t => t.ProductId).ToHashSet();
            products = products.Where(p => ofTeam.Contains(p.Id)).ToList();
        }
        var ids = products.Select(p => p.Id).ToList();
        var keys = products.ToDictionary(p => p.Id, p => p.Key);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        var milestones = await MilestonesAsync(ids, keys, today, ct);

        var risks = await db.Risks.AsNoTracking()
            .Where(r => ids.Contains(r.ProductId) && (r.Status == RiskStatus.Open || r.Status == RiskStatus.Owned || r.Status == RiskStatus.Accepted))
            .OrderByDescending(r => r.Score).ThenBy(r => r.ProximityOn == null).ThenBy(r => r.ProximityOn).ThenBy(r => r.RaisedAt)
            .Take(MaxRisks).ToListAsync(ct);
        var owners = risks.Select(r => r.OwnerId).Distinct().ToList();
        var names = owners.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => owners.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

        var escalated = db.Impediments.AsNoTracking().Where(i => ids.Contains(i.ProductId) && i.Status == ImpedimentStatus.Escalated);
        if (teamId is { } t2) escalated = escalated.Where(i => i.TeamId == t2);
        var impediments = await escalated.OrderBy(i => i.EscalatedAt).Take(MaxImpediments).ToListAsync(ct);
        var teamNames = teams.ToDictionary(t => t.Id, t => t.Name);

        var drafts = await db.StatusReports.AsNoTracking().Where(r => r.DraftOfProductId != null && ids.Contains(r.DraftOfProductId.Value))
            .Select(r => new { r.ProductId, r.Id, r.Number }).ToDictionaryAsync(r => r.ProductId, ct);
        var lastNumbers = await db.StatusReports.AsNoTracking().Where(r => ids.Contains(r.ProductId) && r.Status == StatusReportStatus.Published)
            .GroupBy(r => r.ProductId).Select(g => g.Max(r => r.Number)).ToListAsync(ct);
        var published = lastNumbers.Count == 0 ? new() : (await db.StatusReports.AsNoTracking()
                .Where(r => ids.Contains(r.ProductId) && r.Status == StatusReportStatus.Published && lastNumbers.Contains(r.Number))
                .Select(r => new { r.ProductId, r.Id, r.Number, r.PublishedAt }).ToListAsync(ct))
            .GroupBy(r => r.ProductId).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Number).First());

        var atRisk = ids.Count == 0 ? [] : await dependencies.ForProductsAsync(ids, ct);
        var due = ids.Count == 0 ? [] : await gates.ForProductsAsync(ids, today.AddDays(GateDays), ct);

        return new ProgramHome(readable, teams, key, teamId, milestones,
            risks.Select(r => new ProgramRisk(r.Id, keys[r.ProductId], r.Number, r.Title, r.Score, r.Probability, r.Impact, r.ProximityOn, EnumText.Slug(r.Status),
                new PersonSummary(r.OwnerId, names.GetValueOrDefault(r.OwnerId, "someone")))).ToList(),
            atRisk,
            impediments.Select(i => new ProgramImpediment(i.Id, keys[i.ProductId], i.Number, i.Title, EnumText.Slug(i.Impact),
                i.TeamId is { } tid ? teamNames.GetValueOrDefault(tid) : null, i.EscalatedAt, i.EscalationReason, i.AgeDays(now))).ToList(),
            due,
            products.Select(p =>
            {
                var draft = drafts.GetValueOrDefault(p.Id);
                var last = published.GetValueOrDefault(p.Id);
                var canStart = draft is null && DecisionRightsTable.IsAllowed(Operations.Reports.PublishDelivery, ActorOn(p.Id));
                return new ProgramReport(p.Key, p.Name, draft?.Id, draft?.Number, canStart, last?.Id, last?.PublishedAt);
            }).ToList());

        Actor ActorOn(Guid productId) => new(me.UserId, me.IsWorkspaceAdmin, rolesByProduct.GetValueOrDefault(productId) ?? new HashSet<Role>());
    }

    /// <summary>Planned milestones with their forecast, lowest confidence first (those that cannot be forecast before all).</summary>
    private async Task<List<ProgramMilestone>> MilestonesAsync(List<Guid> ids, Dictionary<Guid, string> keys, DateOnly today, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var rows = await db.Milestones.AsNoTracking().Where(m => ids.Contains(m.ProductId) && m.Status == MilestoneStatus.Planned)
            .OrderBy(m => m.Date).Take(MaxMilestones * 2).ToListAsync(ct);
        if (rows.Count == 0) return [];
        var scope = await MilestoneScopes.StatusesAsync(db, rows.Select(m => m.Id).ToList(), ct);
        var histories = new Dictionary<Guid, ThroughputHistory>();
        // One throughput read per product with milestones: the forecast of each is then computed in memory.
        foreach (var productId in rows.Select(m => m.ProductId).Distinct())
            histories[productId] = await forecasts.ThroughputAsync(await forecasts.TeamsOfAsync(productId, ct), null, ct);
        var result = new List<ProgramMilestone>();
        foreach (var m in rows)
        {
            var items = scope.GetValueOrDefault(m.Id) ?? [];
            var open = items.Count(s => s is not (ItemStatus.Done or ItemStatus.Accepted));
            var f = forecasts.Forecast(m, items.Count, open, histories[m.ProductId], DeliveryForecasts.DefaultSeed);
            var verdict = RagRules.Milestone(new MilestoneRagInput(m.Name, m.Date, false, false, items.Count, open, f.HasHistory, f.P85, f.P95, f.Confidence, m.TargetConfidence), today);
            result.Add(new ProgramMilestone(m.Id, keys[m.ProductId], m.Number, m.Name, m.Date, f.Confidence, m.TargetConfidence, f.AtRisk || verdict.Status == RagStatus.Red,
                f.P50, f.P85, f.P95, open, items.Count, RagDto.Of(verdict)));
        }
        return result.OrderBy(m => m.Confidence ?? -1).ThenBy(m => m.Date).Take(MaxMilestones).ToList();
    }
}
