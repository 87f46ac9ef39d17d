using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Backlog;

[Collection(TandemCollection.Name)]
public class BacklogOrderTests(TandemApp app)
{
    [Fact]
    public async Task New_items_get_sequential_keys_and_go_to_the_bottom()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var first = await team.CreateItemAsync("First");
        var second = await team.CreateItemAsync("Second", "bug", team.Dev);

        Assert.Equal($"{team.ProductKey}-1", BacklogTeam.Key(first));
        Assert.Equal($"{team.ProductKey}-2", BacklogTeam.Key(second));
        Assert.Equal("bug", second["type"]!.GetValue<string>());
        Assert.Equal("new", second["status"]!.GetValue<string>());
        Assert.Equal([$"{team.ProductKey}-1", $"{team.ProductKey}-2"], await team.OrderAsync());
    }

    [Theory]
    [InlineData("", "story", "title")]
    [InlineData("   ", "story", "title")]
    [InlineData("x201", "story", "title")]
    [InlineData("A title", "saga", "type")]
    public async Task A_bad_item_is_a_400_naming_the_field(string title, string type, string field)
    {
        var team = await BacklogTeam.CreateAsync(app);
        if (title == "x201") title = new string('x', 201);
        using var response = await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/items", new { type, title });
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.NotNull(problem["errors"]![field]);
        Assert.Empty(await team.OrderAsync());
    }

    [Fact]
    public async Task A_200_character_title_is_accepted()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var item = await team.CreateItemAsync(new string('x', 200));
        Assert.Equal(200, item["title"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task Cursor_paging_gives_every_item_once_in_rank_order()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(25);
        // Shuffle the order a little so rank order differs from creation order.
        using (var m = await team.MoveAsync(keys[20], new { position = "top" })) await Expect.Status(HttpStatusCode.OK, m);
        using (var m = await team.MoveAsync(keys[0], new { position = "bottom" })) await Expect.Status(HttpStatusCode.OK, m);
        var expected = new List<string> { keys[20] };
        expected.AddRange(keys.Where((_, i) => i is not 0 and not 20));
        expected.Add(keys[0]);

        var seen = new List<string>();
        var ranks = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/products/{team.ProductKey}/backlog?limit=10" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = (await team.Dev.GetFromJsonAsync<JsonObject>(url))!;
            var items = page["items"]!.AsArray();
            Assert.True(items.Count <= 10);
            seen.AddRange(items.Select(i => BacklogTeam.Key(i!)));
            ranks.AddRange(items.Select(i => i!["rank"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        } while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(expected, seen);
        Assert.Equal(ranks.Order(StringComparer.Ordinal), ranks);
    }

    [Fact]
    public async Task Filters_narrow_the_backlog_and_an_unknown_value_is_a_400_naming_the_field()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var epic = BacklogTeam.Key(await team.CreateItemAsync("Checkout", "epic"));
        var bug = BacklogTeam.Key(await team.CreateItemAsync("Crash on pay", "bug"));
        var story = BacklogTeam.Key(await team.CreateItemAsync("Pay with zebra stripes"));
        var inEpic = BacklogTeam.Key(await team.CreateItemAsync("Apple Pay"));
        await team.PatchAsync(inEpic, new { epic, status = "ready" });
        using (var l = await team.Po.PostAsJsonAsync($"/api/v1/items/{story}/labels", new { label = "Quick Win" })) await Expect.Status(HttpStatusCode.OK, l);

        Assert.Equal([bug], await team.OrderAsync("&type=bug"));
        Assert.Equal([inEpic], await team.OrderAsync("&status=ready"));
        Assert.Equal([story], await team.OrderAsync("&q=zebra"));
        Assert.Equal([story], await team.OrderAsync("&label=quick-win"));
        Assert.Equal([inEpic], await team.OrderAsync($"&epic={epic}"));

        foreach (var (query, field) in new[] { ("status=nearly", "status"), ("type=saga", "type") })
        {
            using var response = await team.Po.GetAsync($"/api/v1/products/{team.ProductKey}/backlog?{query}");
            var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
            Assert.NotNull(problem["errors"]![field]);
        }
    }

    [Fact]
    public async Task Top_bottom_before_and_after_put_the_item_where_asked()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(5); // 1 2 3 4 5

        await MovedAsync(team, k[4], new { position = "top" });            // 5 1 2 3 4
        Assert.Equal([k[4], k[0], k[1], k[2], k[3]], await team.OrderAsync());
        await MovedAsync(team, k[0], new { position = "bottom" });         // 5 2 3 4 1
        Assert.Equal([k[4], k[1], k[2], k[3], k[0]], await team.OrderAsync());
        await MovedAsync(team, k[3], new { before = k[1] });               // 5 4 2 3 1
        Assert.Equal([k[4], k[3], k[1], k[2], k[0]], await team.OrderAsync());
        await MovedAsync(team, k[4], new { after = k[0] });                // 4 2 3 1 5
        Assert.Equal([k[3], k[1], k[2], k[0], k[4]], await team.OrderAsync());
    }

    [Fact]
    public async Task Bad_moves_are_refused_and_change_nothing()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var other = await BacklogTeam.CreateAsync(app);
        var k = await team.CreateItemsAsync(3);
        var foreign = BacklogTeam.Key(await other.CreateItemAsync("Elsewhere"));
        var before = await team.OrderAsync();

        foreach (var (move, field) in new (object, string)[]
                 {
                     (new { before = k[1] }, "before"), (new { after = k[1] }, "after"),
                     (new { before = foreign }, "before"), (new { after = foreign }, "after"),
                 })
        {
            using var response = await team.MoveAsync(k[1], move);
            var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
            Assert.True(problem["errors"]?[field] is not null, $"no errors.{field} in {problem}");
        }

        foreach (var client in new[] { team.Dev, team.Sm })
        {
            using var response = await team.MoveAsync(k[2], new { position = "top" }, client);
            var detail = Expect.Detail(await Expect.Problem(HttpStatusCode.Forbidden, response));
            Assert.Contains("Only the Product Owner", detail, StringComparison.Ordinal);
            Assert.Contains(team.ProductOwner.DisplayName, detail, StringComparison.Ordinal);
        }

        Assert.Equal(before, await team.OrderAsync());
    }

    [Fact]
    public async Task Two_hundred_random_moves_keep_the_order_a_client_side_model_predicts()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var model = await team.CreateItemsAsync(12);
        var random = new Random(4242);
        for (var n = 0; n < 200; n++)
        {
            var item = model[random.Next(model.Count)];
            var others = model.Where(k => k != item).ToList();
            var target = others[random.Next(others.Count)];
            object move;
            model.Remove(item);
            switch (random.Next(4))
            {
                case 0: move = new { position = "top" }; model.Insert(0, item); break;
                case 1: move = new { position = "bottom" }; model.Add(item); break;
                case 2: move = new { before = target }; model.Insert(model.IndexOf(target), item); break;
                default: move = new { after = target }; model.Insert(model.IndexOf(target) + 1, item); break;
            }
            using var response = await team.MoveAsync(item, move);
            await Expect.Status(HttpStatusCode.OK, response);
        }
        Assert.Equal(model, await team.OrderAsync());
    }

    private static async Task MovedAsync(BacklogTeam team, string key, object move)
    {
        using var response = await team.MoveAsync(key, move);
        await Expect.Status(HttpStatusCode.OK, response);
    }
}
