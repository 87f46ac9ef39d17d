using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.IntegrationTests.Backlog;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Database;

/// <summary>
/// A commit that throws may still have committed (the connection dropped after the server took it, or the request was
/// abandoned while it ran), so the read caches' versions move for it as for a commit (ChangeVersionsInterceptor).
/// Each test makes a real commit fail: on SQLite a foreign key checked only at the commit, on PostgreSQL the
/// connection ended under the transaction by another session.
/// </summary>
[Collection(TandemCollection.Name)]
public class FailedCommitTests(TandemApp app)
{
    [Fact]
    public async Task A_commit_that_fails_still_moves_the_backlogs_version()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = (await team.CreateItemsAsync(1))[0];

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var versions = scope.ServiceProvider.GetRequiredService<ChangeVersions>();
        var item = await db.BacklogItems.IgnoreQueryFilters().SingleAsync(i => i.Key == key);
        var before = versions.Backlog(item.ProductId);

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            item.Retitle("Renamed by a commit that fails", DateTimeOffset.UnixEpoch.AddYears(57));
            await db.SaveChangesAsync();
            Assert.Equal(before, versions.Backlog(item.ProductId)); // not before the transaction ends

            await BreakTheCommitAsync(db, scope.ServiceProvider);
            await Assert.ThrowsAnyAsync<Exception>(() => transaction.CommitWholeAsync());
        }

        Assert.True(versions.Backlog(item.ProductId) > before, "a failed commit left the backlog's version where it was");
    }

    private static async Task BreakTheCommitAsync(TandemDbContext db, IServiceProvider services)
    {
        if (db.IsSqlite)
        {
            // The epic points nowhere; with the check deferred, SQLite refuses the COMMIT, not the UPDATE.
            await db.Database.ExecuteSqlRawAsync("PRAGMA defer_foreign_keys = ON");
            await db.Database.ExecuteSqlAsync($"UPDATE backlog_items SET \"EpicId\" = {Guid.NewGuid()} WHERE \"Key\" IN (SELECT \"Key\" FROM backlog_items LIMIT 1)");
            return;
        }
        var pid = await db.Database.SqlQueryRaw<int>("SELECT pg_backend_pid() AS \"Value\"").SingleAsync();
        using var other = services.CreateScope();
        var killer = other.ServiceProvider.GetRequiredService<TandemDbContext>();
        // With a timeout, it answers once the session has ended, so the COMMIT cannot slip in before it.
        Assert.True(await killer.Database.SqlQueryRaw<bool>("SELECT pg_terminate_backend({0}, 10000) AS \"Value\"", pid).SingleAsync());
    }
}
