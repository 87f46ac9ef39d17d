using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Common;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Application.Webhooks;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.IntegrationTests.Webhooks;

namespace Tandem.IntegrationTests.Backlog;

/// <summary>
/// ADR 41: concurrent creates of one product are numbered and saved together, yet each is its own person's create
/// (title, activity, decision, webhook event), a refused or failing create never takes the others down, and the
/// answer, built without reading the item back, is byte for byte what a read of it gives.
/// </summary>
[Collection(TandemCollection.Name)]
public class ItemCreateTests(TandemApp app)
{
    private static readonly string[] CreatedEvents = ["item.created"];
    private static readonly string[] DoneLines = ["Code reviewed", "Deployed to staging"];

    private sealed record Member(Person Person, HttpClient Client, bool DecidesValue);

    private async Task<(string Key, List<Member> Members)> ProductWithPeopleAsync()
    {
        var key = await app.CreateProductAsync();
        var members = new List<Member>();
        foreach (var role in new[] { "product-owner", "developer", "scrum-master" })
        {
            var person = await app.CreatePersonAsync();
            await app.AssignAsync(key, person.Id, role);
            members.Add(new Member(person, await app.SignInAsync(person.Email, person.Password), role == "product-owner"));
        }
        return (key, members);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(64)]
    public async Task Parallel_creates_by_several_people_are_each_their_own_with_gapless_keys(int writers)
    {
        var (key, members) = await ProductWithPeopleAsync();
        using var receiver = new WebhookReceiver();
        using (var hook = await members[0].Client.PostAsJsonAsync($"/api/v1/products/{key}/webhooks", new { url = receiver.Url, events = CreatedEvents }))
            await Expect.Status(HttpStatusCode.Created, hook);

        var responses = await Task.WhenAll(Enumerable.Range(1, writers).Select(n =>
        {
            var member = members[n % members.Count];
            object body = member.DecidesValue ? new { type = "story", title = $"Create {n}", businessValue = n } : new { type = "story", title = $"Create {n}" };
            return member.Client.PostAsJsonAsync($"/api/v1/products/{key}/items", body);
        }));
        var created = new Dictionary<string, JsonObject>();
        for (var n = 1; n <= writers; n++)
        {
            using var response = responses[n - 1];
            var item = (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
            var member = members[n % members.Count];
            Assert.Equal($"Create {n}", item["title"]!.GetValue<string>());
            var activity = Assert.Single(item["activity"]!.AsArray());
            Assert.Equal(member.Person.Id, activity!["actor"]!["id"]!.GetValue<Guid>());
            Assert.Equal(member.Person.DisplayName, activity["actor"]!["displayName"]!.GetValue<string>());
            Assert.Equal("created this story", activity["text"]!.GetValue<string>());
            Assert.Equal(member.DecidesValue ? n : null, item["businessValue"]?.GetValue<int>());
            Assert.Equal($"/api/v1/items/{item["key"]}", response.Headers.Location!.OriginalString);
            created.Add(BacklogTeam.Key(item), item);
        }

        // Distinct, gapless, and the backlog's order is the order they were numbered in.
        var numbers = created.Keys.Select(k => int.Parse(k[(key.Length + 1)..], CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(1, writers), numbers);
        var order = await BacklogOrderAsync(members[0].Client, key);
        Assert.Equal(numbers.Select(n => $"{key}-{n}"), order);

        // What each read shows is what its create answered, and the creator is the one who asked.
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var productId = await db.Products.IgnoreQueryFilters().Where(p => p.Key == key).Select(p => p.Id).SingleAsync();
        var rows = await db.BacklogItems.IgnoreQueryFilters().AsNoTracking().Where(i => i.ProductId == productId).ToListAsync();
        foreach (var row in rows)
        {
            var n = int.Parse(row.Title["Create ".Length..], CultureInfo.InvariantCulture);
            Assert.Equal(members[n % members.Count].Person.Id, row.CreatedById);
        }
        var activityLines = await db.ItemActivity.IgnoreQueryFilters().AsNoTracking().Where(a => rows.Select(r => r.Id).Contains(a.ItemId)).ToListAsync();
        Assert.Equal(writers, activityLines.Count);
        Assert.All(activityLines, a => Assert.Equal(rows.Single(r => r.Id == a.ItemId).CreatedById, a.ActorId));

        // One decision per business value, by the Product Owner, naming its own item; one item.created event per item.
        var po = members.Single(m => m.DecidesValue);
        var decisions = await db.DecisionLog.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.ProductId == productId && d.Operation == Operations.Backlog.SetBusinessValue.Name).ToListAsync();
        var valued = created.Values.Where(i => i["businessValue"] is not null).ToList();
        Assert.Equal(valued.Count, decisions.Count);
        Assert.All(decisions, d => Assert.Equal(po.Person.Id, d.ActorId));
        Assert.Equal(valued.Select(i => BacklogTeam.Key(i)).Order(), decisions.Select(d => d.SubjectKey).Order());
        Assert.All(valued, i => Assert.Contains(decisions, d => d.Summary == $"Set business value of {i["key"]} to {i["businessValue"]}"));
        var events = await db.Set<WebhookEvent>().IgnoreQueryFilters().AsNoTracking().Where(e => e.ProductId == productId && e.Type == "item.created").ToListAsync();
        Assert.Equal(created.Keys.Order(), events.Select(e => JsonNode.Parse(e.Payload)!["data"]!["key"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task A_new_item_is_answered_byte_for_byte_as_a_read_of_it_shows_it()
    {
        var (key, members) = await ProductWithPeopleAsync();
        var po = members[0];
        using (var done = await po.Client.PutAsJsonAsync($"/api/v1/products/{key}/definitions/done", new { entries = DoneLines }))
            await Expect.Status(HttpStatusCode.OK, done);
        using var epicResponse = await po.Client.PostAsJsonAsync($"/api/v1/products/{key}/items", new { type = "epic", title = "Payments" });
        var epic = BacklogTeam.Key((await Expect.Status(HttpStatusCode.Created, epicResponse))!);

        var bodies = new[]
        {
            (object)new { type = "story", title = "  As a payer I want to refund  ", description = "Some **markdown** and <b>html</b>", epic, assignee = members[1].Person.Id, businessValue = 13 },
            new { type = "bug", title = "Plain" },
        };
        foreach (var body in bodies)
        {
            using var create = await po.Client.PostAsJsonAsync($"/api/v1/products/{key}/items", body);
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
            var answered = await create.Content.ReadAsStringAsync();
            var itemKey = BacklogTeam.Key(JsonNode.Parse(answered)!);
            using var read = await po.Client.GetAsync($"/api/v1/items/{itemKey}");
            Assert.Equal(answered, await read.Content.ReadAsStringAsync());
            // And again once the read is served from the cache.
            using var again = await po.Client.GetAsync($"/api/v1/items/{itemKey}");
            Assert.Equal(answered, await again.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_create_after_the_Definition_of_Done_or_its_creators_name_changed_shows_the_change()
    {
        // The product's lane keeps what its last batch read (ADR 41, amended); these creates come one after another.
        var (key, members) = await ProductWithPeopleAsync();
        var po = members[0];
        using (var done = await po.Client.PutAsJsonAsync($"/api/v1/products/{key}/definitions/done", new { entries = DoneLines }))
            await Expect.Status(HttpStatusCode.OK, done);
        for (var n = 0; n < 2; n++)
            Assert.Equal(DoneLines, DoneOf(await CreateAnsweredAsReadAsync(po.Client, key, $"Before {n}")));

        string[] edited = ["Code reviewed", "Load tested", "Deployed to production"];
        using (var done = await po.Client.PutAsJsonAsync($"/api/v1/products/{key}/definitions/done", new { entries = edited }))
            await Expect.Status(HttpStatusCode.OK, done);
        Assert.Equal(edited, DoneOf(await CreateAnsweredAsReadAsync(po.Client, key, "After the edit")));

        // No endpoint renames a person yet; the user store is where a rename would save.
        var renamed = TandemApp.Unique("Renamed");
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<TandemUser>>();
            var user = (await users.FindByIdAsync(po.Person.Id.ToString()))!;
            user.DisplayName = renamed;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }
        var after = await CreateAnsweredAsReadAsync(po.Client, key, "After the rename");
        Assert.Equal(renamed, Assert.Single(after["activity"]!.AsArray())!["actor"]!["displayName"]!.GetValue<string>());
        Assert.Equal(edited, DoneOf(after));
    }

    private static IEnumerable<string> DoneOf(JsonNode item) =>
        item["definitionOfDone"]!["product"]!.AsArray().Select(l => l!.GetValue<string>());

    /// <summary>Creates a story and checks that a read of it gives the bytes the create answered.</summary>
    private static async Task<JsonNode> CreateAnsweredAsReadAsync(HttpClient client, string key, string title)
    {
        using var create = await client.PostAsJsonAsync($"/api/v1/products/{key}/items", new { type = "story", title });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var answered = await create.Content.ReadAsStringAsync();
        var item = JsonNode.Parse(answered)!;
        using var read = await client.GetAsync($"/api/v1/items/{BacklogTeam.Key(item)}");
        Assert.Equal(answered, await read.Content.ReadAsStringAsync());
        return item;
    }

    [Fact]
    public async Task A_create_refused_late_in_a_batch_and_one_whose_save_fails_leave_the_others_created()
    {
        var (key, members) = await ProductWithPeopleAsync();
        var po = members[0].Person;
        // The first create holds the lane until the others are queued behind it, so they all go as one batch.
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = CreateInScopeAsync(key, po.Id, "Leader", async (_, _) => { await hold.Task; return null; });
        await Task.Delay(200);
        var others = Enumerable.Range(1, 6).Select(n => CreateInScopeAsync(key, members[n % members.Count].Person.Id, $"Batch {n}", (item, db) => Task.FromResult<Error?>(n switch
        {
            // A rule that refuses once the item is numbered.
            2 => Error.Invalid("title", "Refused late."),
            // A row that breaks the items' unique key: the batch's save fails, and each create is tried again alone.
            4 => Stage(db, BacklogItem.Create(item.WorkspaceId, item.ProductId, key, 1, ItemType.Story, "Duplicate key", null, "zz", item.CreatedById, item.CreatedAt)),
            _ => null,
        }))).ToList();
        await Task.Delay(300);
        hold.SetResult();

        Assert.True((await first).IsSuccess);
        var outcomes = await Task.WhenAll(others.Select(async task =>
        {
            try
            {
                return (await task).IsSuccess ? "created" : "refused";
            }
            catch (DbUpdateException)
            {
                return "failed";
            }
        }));
        Assert.Equal(["created", "refused", "created", "failed", "created", "created"], outcomes);

        // Five items, numbered 1 to 5 without a gap, at the bottom in the order they were numbered.
        var order = await BacklogOrderAsync(members[0].Client, key);
        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"{key}-{n}"), order);
        var titles = new List<string>();
        foreach (var itemKey in order)
        {
            using var read = await members[0].Client.GetAsync($"/api/v1/items/{itemKey}");
            titles.Add((await Expect.Status(HttpStatusCode.OK, read))!["title"]!.GetValue<string>());
        }
        Assert.Equal(["Batch 1", "Batch 3", "Batch 5", "Batch 6", "Leader"], titles.Order());
        Assert.Equal("Leader", titles[0]);
    }

    private static Error? Stage(TandemDbContext db, BacklogItem row)
    {
        db.BacklogItems.Add(row);
        return null;
    }

    /// <summary>A create through <see cref="Items.CreateAtBottomAsync"/> in its own scope, as a request of <paramref name="personId"/> makes it.</summary>
    private async Task<Result<CreatedItem>> CreateInScopeAsync(string key, Guid personId, string title, Func<BacklogItem, TandemDbContext, Task<Error?>> complete)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var person = await db.Users.IgnoreQueryFilters().AsNoTracking().FirstAsync(u => u.Id == personId);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(person);
        var rights = scope.ServiceProvider.GetRequiredService<DecisionRightsService>();
        var product = (await rights.ProductForAsync(key, Operations.Backlog.AddItem, default)).Value!;
        var items = scope.ServiceProvider.GetRequiredService<Items>();
        return await items.CreateAtBottomAsync(product, new NewItem(ItemType.Story, title, null, "created this story"), null, (item, _, _) => complete(item, db));
    }

    private static async Task<List<string>> BacklogOrderAsync(HttpClient client, string key)
    {
        var page = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/backlog?limit=100"))!;
        return page["items"]!.AsArray().Select(i => BacklogTeam.Key(i!)).ToList();
    }
}
