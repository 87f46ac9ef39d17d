using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Application.Jobs;

namespace Tandem.Application.Dependencies;

/// <summary>How often the background pass re-assesses open dependencies (<c>Tandem:Dependencies:ReassessMinutes</c>, default 60; 0 turns it off).</summary>
public sealed record DependencySettings(int ReassessMinutes)
{
    public const string Section = "Tandem:Dependencies";
    public const int DefaultReassessMinutes = 60;
}

/// <summary>
/// The providing work moves without the dependency being written (items finish, throughput changes, dates
/// pass), so a pass re-assesses every open dependency of every workspace on a timer. The pass saves in one go with each
/// row's version as the condition: when a request or the other web node got there first, the save fails and
/// nothing of it (flag or notification) is written; it then goes row by row, and a row that moves again is left
/// to the next pass. Running it twice
/// in a row changes nothing the second time.
/// </summary>
public sealed class DependencyReassessment(IServiceScopeFactory scopes, ILogger<DependencyReassessment> log)
{
    /// <summary>One pass over every workspace; returns how many dependencies became at risk.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        List<Guid> workspaces;
        using (var scope = scopes.CreateScope())
            workspaces = await scope.ServiceProvider.GetRequiredService<TandemDbContext>().Workspaces.AsNoTracking().Select(w => w.Id).ToListAsync(ct);
        var became = 0;
        foreach (var workspace in workspaces) became += await RunForWorkspaceAsync(workspace, ct);
        return became;
    }

    public async Task<int> RunForWorkspaceAsync(Guid workspaceId, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActInWorkspace(workspaceId);
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var assessor = scope.ServiceProvider.GetRequiredService<DependencyAssessor>();
        var open = await db.Dependencies.Where(d => d.Status == Domain.Dependencies.DependencyStatus.Requested || d.Status == Domain.Dependencies.DependencyStatus.Committed)
            .ToListAsync(ct);
        if (open.Count == 0) return 0;
        var became = await assessor.AssessAsync(open, null, ct);
        // A request or the other web node changed a row meanwhile: nothing of this pass was written. Go row by
        // row, each saved alone with its own notifications; a row that moves again is left to the next pass.
        if (await db.SaveOrStaleAsync("A dependency", ct) is null) return became.Count;
        var saved = 0;
        foreach (var id in open.Select(d => d.Id))
        {
            var dependency = await db.Dependencies.FirstOrDefaultAsync(d => d.Id == id, ct);
            if (dependency is null) continue;
            var count = (await assessor.AssessAsync([dependency], null, ct)).Count;
            if (await db.SaveOrStaleAsync("A dependency", ct) is null) saved += count;
            else log.LogInformation("Dependency {Id} changed while it was re-assessed; the next pass looks again.", id);
            db.ChangeTracker.Clear();
        }
        return saved;
    }
}

/// <summary>The cluster job that runs <see cref="DependencyReassessment"/> every <see cref="DependencySettings.ReassessMinutes"/> minutes, once across the web nodes (ADR 0033).</summary>
public static class DependencyReassessmentJob
{
    public const string Name = "dependency-reassessment";

    public static ClusterJob Create(IServiceProvider services) => new(Name,
        TimeSpan.FromMinutes(services.GetRequiredService<DependencySettings>().ReassessMinutes),
        async (scope, ct) =>
        {
            var became = await scope.GetRequiredService<DependencyReassessment>().RunOnceAsync(ct);
            if (became > 0)
                scope.GetRequiredService<ILogger<DependencyReassessment>>().LogInformation("{Count} dependencies became at risk; their owners were told.", became);
        });
}
