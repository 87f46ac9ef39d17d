using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Forecasting;
using Tandem.Domain.Backlog;
using Tandem.Domain.Dependencies;
using Tandem.Domain.Feedback;

namespace Tandem.Application.Dependencies;

/// <summary>
/// Decides whether open dependencies are at risk and stores the answer on each row (flag, 85 % forecast date,
/// the sentence with the rule). The rules, in order (any one sets the flag):
/// <list type="number">
/// <item>not delivered and its needed-by date has passed (overdue);</item>
/// <item>the date the provider committed to (an external party's expected date) falls after the needed-by date;</item>
/// <item>its providing items' open count, forecast with the providing teams' real throughput (a providing team's own;
/// a providing product's teams' summed), is done at 85 % confidence after the needed-by date (or not within ten years).</item>
/// </list>
/// Closed dependencies (delivered, declined, cancelled) are never at risk. When a dependency becomes at risk,
/// both owners get a notification, staged with the flag in the same save, so a conditional update on the
/// row's version lets exactly one writer (a request, the background pass on either web node) tell them.
/// </summary>
public sealed class DependencyAssessor(TandemDbContext db, DeliveryForecasts forecasts, TimeProvider clock)
{
    /// <summary>
    /// Assesses the (tracked) dependencies; <paramref name="itemIds"/> gives the providing items of rows not
    /// saved yet (the others are read). Returns those that have just become at risk (their owners are told).
    /// </summary>
    public async Task<IReadOnlyList<Dependency>> AssessAsync(IReadOnlyList<Dependency> dependencies, IReadOnlyDictionary<Guid, IReadOnlyList<Guid>>? itemIds, CancellationToken ct)
    {
        var open = dependencies.Where(d => d.IsOpen).ToList();
        var now = clock.GetUtcNow();
        var today = forecasts.Today;
        var openItems = await OpenItemsAsync(open, itemIds, ct);
        var histories = new Dictionary<string, ThroughputHistory>();
        var became = new List<Dependency>();
        foreach (var d in dependencies)
        {
            var (count, total) = openItems.GetValueOrDefault(d.Id);
            ThroughputHistory? history = null;
            if (d.IsOpen && count > 0 && d.ProviderKind != ProviderKind.External)
            {
                var key = d.ProviderKind == ProviderKind.Team ? $"t:{d.ProviderTeamId}" : $"p:{d.ProviderProductId}";
                if (!histories.TryGetValue(key, out history))
                {
                    var teams = d.ProviderKind == ProviderKind.Team ? [d.ProviderTeamId!.Value] : await forecasts.TeamsOfAsync(d.ProviderProductId!.Value, ct);
                    history = await forecasts.ThroughputAsync(teams, null, ct);
                    histories[key] = history;
                }
            }
            var (atRisk, forecastOn, reason) = Evaluate(d, count, total, history, today);
            if (d.Assess(atRisk, forecastOn, reason, now)) became.Add(d);
        }
        if (became.Count > 0) await NotifyAsync(became, now, ct);
        return became;
    }

    /// <summary>The rules above for one dependency, given its open and total providing items and the providing teams' history.</summary>
    public (bool AtRisk, DateOnly? ForecastOn, string Reason) Evaluate(Dependency d, int openItems, int totalItems, ThroughputHistory? history, DateOnly today)
    {
        if (!d.IsOpen) return (false, d.ForecastOn, $"It is {EnumText.Slug(d.Status)}, so it is not at risk.");
        DateOnly? forecastOn = null;
        string? forecastText = null;
        var capped = false;
        if (totalItems > 0 && openItems == 0)
        {
            forecastOn = today;
            forecastText = "All its providing items are done.";
        }
        else if (openItems > 0 && history is not null)
        {
            if (!history.HasHistory)
                forecastText = $"No forecast for its {openItems} open providing item{(openItems == 1 ? "" : "s")}: {DeliveryForecasts.Basis(history)}";
            else
            {
                var run = MonteCarlo.WeeksToFinish(history.Weekly, openItems, MonteCarlo.DefaultTrials, DeliveryForecasts.DefaultSeed);
                forecastOn = forecasts.DateAfter(run.P85);
                capped = forecastOn is null;
                forecastText = forecastOn is { } on
                    ? $"Its {openItems} open providing item{(openItems == 1 ? " is" : "s are")} forecast done by {on:yyyy-MM-dd} at 85 % ({DeliveryForecasts.Basis(history).TrimEnd('.')})"
                    : $"Its {openItems} open providing items cannot be finished within ten years at the providing teams' throughput.";
            }
        }
        var needed = d.NeededBy.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (d.NeededBy < today)
            return (true, forecastOn, $"At risk: needed by {needed} and not delivered (overdue).");
        if (d.ExpectedOn is { } expected && expected > d.NeededBy)
            return (true, forecastOn, $"At risk: {(d.ProviderKind == ProviderKind.External ? d.ExternalName : "the provider")} expects it on {expected:yyyy-MM-dd}, after it is needed ({needed}).");
        if (capped) return (true, null, $"At risk: {forecastText}");
        if (forecastOn is { } f && f > d.NeededBy)
            return (true, forecastOn, $"At risk: {forecastText}, after it is needed ({needed}).");
        return (false, forecastOn, forecastText is null
            ? d.ExpectedOn is { } promised ? $"On track: expected on {promised:yyyy-MM-dd}, needed by {needed}." : $"No providing work or date to forecast from; at risk only if {needed} passes."
            : forecastOn is null ? forecastText : $"On track: {forecastText}; needed by {needed}.");
    }

    /// <summary>Open and total providing items per dependency (an epic counts its children), in one query.</summary>
    private async Task<Dictionary<Guid, (int Open, int Total)>> OpenItemsAsync(IReadOnlyList<Dependency> dependencies, IReadOnlyDictionary<Guid, IReadOnlyList<Guid>>? given, CancellationToken ct)
    {
        var links = new List<(Guid Dependency, Guid Item)>();
        var toRead = new List<Guid>();
        foreach (var d in dependencies)
        {
            if (given is not null && given.TryGetValue(d.Id, out var ids)) links.AddRange(ids.Select(i => (d.Id, i)));
            else toRead.Add(d.Id);
        }
        if (toRead.Count > 0)
            links.AddRange((await db.DependencyItems.AsNoTracking().Where(l => toRead.Contains(l.DependencyId)).Select(l => new { l.DependencyId, l.ItemId }).ToListAsync(ct))
                .Select(l => (l.DependencyId, l.ItemId)));
        if (links.Count == 0) return [];
        var named = links.Select(l => l.Item).Distinct().ToList();
        var rows = await db.BacklogItems.AsNoTracking()
            .Where(i => named.Contains(i.Id) || (i.EpicId != null && named.Contains(i.EpicId.Value)))
            .Select(i => new { i.Id, i.EpicId, i.Type, i.Status }).ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.Id);
        var children = rows.Where(r => r.EpicId is not null).ToLookup(r => r.EpicId!.Value);
        var result = new Dictionary<Guid, (int, int)>();
        foreach (var group in links.GroupBy(l => l.Dependency))
        {
            var statuses = new Dictionary<Guid, ItemStatus>();
            foreach (var (_, item) in group)
            {
                if (!byId.TryGetValue(item, out var row)) continue;
                if (row.Type == ItemType.Epic && children[item].Any())
                    foreach (var child in children[item]) statuses[child.Id] = child.Status;
                else statuses[row.Id] = row.Status;
            }
            result[group.Key] = (statuses.Values.Count(s => s is not (ItemStatus.Done or ItemStatus.Accepted)), statuses.Count);
        }
        return result;
    }

    private async Task NotifyAsync(IReadOnlyList<Dependency> became, DateTimeOffset now, CancellationToken ct)
    {
        var productIds = became.Select(d => d.ProductId).Distinct().ToList();
        var keys = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Key, ct);
        foreach (var d in became)
            foreach (var owner in new[] { d.NeederOwnerId, d.ProviderOwnerId }.Distinct())
                db.Notifications.Add(Notification.To(d.WorkspaceId, owner,
                    $"Dependency of {keys.GetValueOrDefault(d.ProductId, "")} \"{d.Title}\" is at risk. {d.RiskReason}", $"/delivery/dependencies/{d.Id}", now));
    }
}
