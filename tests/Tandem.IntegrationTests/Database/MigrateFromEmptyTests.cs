using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Database;

/// <summary>The provider under test (TANDEM_TEST_PROVIDER) migrates an empty database to the current model.</summary>
public class MigrateFromEmptyTests
{
    [Fact]
    public async Task An_empty_database_migrates_to_the_current_model()
    {
        await using var database = await TestDatabase.CreateAsync("migrate");
        await using var db = database.NewDbContext();
        Assert.Equal(database.Provider == DatabaseProvider.Sqlite, db.IsSqlite);

        await DatabaseSetup.MigrateAsync(db, CancellationToken.None);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no migration captures; add a migration for each provider.");
        Assert.False(await db.Workspaces.AnyAsync());
    }

    [Fact]
    public async Task Migrating_twice_is_harmless()
    {
        await using var database = await TestDatabase.CreateAsync("remigrate");
        await using (var first = database.NewDbContext()) await DatabaseSetup.MigrateAsync(first, CancellationToken.None);
        await using var second = database.NewDbContext();
        await DatabaseSetup.MigrateAsync(second, CancellationToken.None);
        Assert.Empty(await second.Database.GetPendingMigrationsAsync());
    }
}
