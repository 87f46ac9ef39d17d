using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.Domain.Backlog;
using Tandem.IntegrationTests.Backlog;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Database;

/// <summary>
/// A save whose statements cannot depend on each other skips EF Core's dependency sort (ADR 49): an item's own columns
/// with its history line. Every save that could need an order still gets EF Core's: a new item with its first history
/// line (the line references the item), an item placed under an epic (a foreign key written), a deletion. The
/// preparer says which it did; each save runs on the real database. On PostgreSQL an item update that writes no
/// indexed column stays on its page (<c>fillfactor</c>, ADR 49).
/// </summary>
[Collection(TandemCollection.Name)]
public class UnorderedSavesTests(TandemApp app)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddYears(57);

    [Fact]
    public async Task An_items_own_change_with_its_history_line_is_saved_unsorted()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = (await team.CreateItemsAsync(1))[0];
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var item = await db.BacklogItems.IgnoreQueryFilters().SingleAsync(i => i.Key == key);

        item.SetBusinessValue(42, Now);
        db.ItemActivity.Add(ItemActivity.Record(item, item.CreatedById, "set its business value to 42", Now));
        await db.SaveChangesAsync();

        Assert.False(Preparer(db).LastSorted);
        await using var check = app.Services.CreateAsyncScope();
        var saved = check.ServiceProvider.GetRequiredService<TandemDbContext>();
        Assert.Equal(42, await saved.BacklogItems.IgnoreQueryFilters().Where(i => i.Key == key).Select(i => i.BusinessValue).SingleAsync());
        Assert.Equal(1, await saved.ItemActivity.IgnoreQueryFilters().CountAsync(a => a.ItemId == item.Id && a.Text == "set its business value to 42"));
    }

    [Fact]
    public async Task A_new_item_with_its_first_history_line_is_sorted_item_first()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = (await team.CreateItemsAsync(1))[0];
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var first = await db.BacklogItems.IgnoreQueryFilters().SingleAsync(i => i.Key == key);

        // Added before its item, the line references it: a save EF Core must sort. (Its statement order would put
        // backlog_items first even unsorted, so the preparer's answer is what tells.)
        var item = BacklogItem.Create(first.WorkspaceId, first.ProductId, team.ProductKey, 900_001, ItemType.Story, "Sorted into place", null,
            "zz", first.CreatedById, Now);
        db.ItemActivity.Add(ItemActivity.Record(item, first.CreatedById, "created it", Now));
        db.BacklogItems.Add(item);
        await db.SaveChangesAsync();

        Assert.True(Preparer(db).LastSorted);
        Assert.Equal(1, await db.ItemActivity.IgnoreQueryFilters().CountAsync(a => a.ItemId == item.Id));
    }

    [Fact]
    public async Task An_item_placed_under_an_epic_or_deleted_is_sorted()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(2);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var items = await db.BacklogItems.IgnoreQueryFilters().Where(i => keys.Contains(i.Key)).ToListAsync();

        items[0].PlaceIn(items[1].Id, Now);
        db.ItemActivity.Add(ItemActivity.Record(items[0], items[0].CreatedById, "placed it in an epic", Now));
        await db.SaveChangesAsync();
        Assert.True(Preparer(db).LastSorted);

        // Two lines into one table that does not reference itself: nothing to order.
        db.ItemActivity.Add(ItemActivity.Record(items[1], items[1].CreatedById, "a line", Now));
        db.ItemActivity.Add(ItemActivity.Record(items[0], items[0].CreatedById, "another line", Now));
        await db.SaveChangesAsync();
        Assert.False(Preparer(db).LastSorted);
        db.ItemActivity.Remove(await db.ItemActivity.IgnoreQueryFilters().FirstAsync(a => a.ItemId == items[1].Id));
        await db.SaveChangesAsync();
        Assert.True(Preparer(db).LastSorted);
    }

    [Fact]
    public async Task On_PostgreSQL_an_items_business_value_update_stays_on_its_page()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = (await team.CreateItemsAsync(1))[0];
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var table = await db.Database.SqlQueryRaw<string>(db.IsSqlite
            ? "SELECT sql AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = 'backlog_items'"
            : "SELECT COALESCE(array_to_string(reloptions, ','), '') AS \"Value\" FROM pg_class WHERE relname = 'backlog_items'").SingleAsync();
        if (db.IsSqlite)
        {
            // SQLite has no such setting; the PostgreSQL model's does not reach its table.
            Assert.DoesNotContain("fillfactor", table, StringComparison.OrdinalIgnoreCase);
            return;
        }
        Assert.Contains($"fillfactor={TandemDbContext.ItemsFillFactor}", table);

        // In one transaction, so PostgreSQL's count of HOT updates is this transaction's own.
        await using var transaction = await db.Database.BeginTransactionAsync();
        var item = await db.BacklogItems.IgnoreQueryFilters().SingleAsync(i => i.Key == key);
        item.SetBusinessValue(7, Now);
        await db.SaveChangesAsync();
        var hot = await db.Database.SqlQueryRaw<long>("SELECT pg_stat_get_xact_tuples_hot_updated('backlog_items'::regclass) AS \"Value\"").SingleAsync();
        Assert.Equal(1, hot);
    }

    private static UnorderedSaves Preparer(TandemDbContext db) =>
        Assert.IsType<UnorderedSaves>(db.GetService<Microsoft.EntityFrameworkCore.Update.ICommandBatchPreparer>());
}
