using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Demo;
using Tandem.Application.Identity;
using Tandem.Domain.Products;

namespace Tandem.Bench.Shared;

/// <summary>What both benchmarks need: a product of a given size owned by the demo PO, and percentiles.</summary>
internal static class BenchData
{
    /// <summary>Adds product <paramref name="key"/> with <paramref name="size"/> generated items (and their criteria), the demo PO as its Product Owner.</summary>
    public static async Task SeedAsync(IServiceProvider services, string key, string name, int size)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var me = scope.ServiceProvider.GetRequiredService<CurrentUser>();
        var po = await db.Users.FirstAsync(u => u.Email == "po@demo.tandem");
        me.Set(po);
        var product = Product.Create(po.WorkspaceId, key, name, DateTimeOffset.UnixEpoch);
        db.Products.Add(product);
        db.RoleAssignments.Add(RoleAssignment.Create(product, po.Id, Tandem.Domain.Workspaces.Role.ProductOwner, DateTimeOffset.UnixEpoch));
        await db.SaveChangesAsync();
        var generated = new BacklogGenerator(seed: size).Generate(product, size, [po.Id], DateTimeOffset.UnixEpoch.AddYears(56));
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var batch in generated.Items.Chunk(2000))
        {
            db.BacklogItems.AddRange(batch);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        foreach (var batch in generated.Criteria.Chunk(4000))
        {
            db.AcceptanceCriteria.AddRange(batch);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        // A live PostgreSQL database has planner statistics and a visibility map (autovacuum keeps both); tables
        // filled a moment ago have neither until autovacuum's next round, up to a minute later. Measured before it,
        // a move cost PostgreSQL 3-5 ms instead of about 1, and the first minute of every run scattered.
        if (!db.IsSqlite) await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
    }

    /// <summary>The nearest-rank percentile.</summary>
    public static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
