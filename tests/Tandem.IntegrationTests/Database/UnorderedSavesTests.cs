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
/// line (the line references the item), an item placed under an epic (a foreign key written), a deletion. Each is
/// checked on the real database, which refuses a line inserted before its item.
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

        // The line is added before its item: only the sort puts the item's INSERT first, and both engines check the key.
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

        db.ItemActivity.Add(ItemActivity.Record(items[1], items[1].CreatedById, "a line", Now));
        await db.SaveChangesAsync();
        Assert.False(Preparer(db).LastSorted);
        db.ItemActivity.Remove(await db.ItemActivity.IgnoreQueryFilters().FirstAsync(a => a.ItemId == items[1].Id));
        await db.SaveChangesAsync();
        Assert.True(Preparer(db).LastSorted);
    }

    private static UnorderedSaves Preparer(TandemDbContext db) =>
        Assert.IsType<UnorderedSaves>(db.GetService<Microsoft.EntityFrameworkCore.Update.ICommandBatchPreparer>());
}
