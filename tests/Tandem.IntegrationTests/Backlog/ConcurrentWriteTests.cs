using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Backlog;

/// <summary>Issue 12: writers at the same instant never see an error page, and never duplicate or skip a key; readers at the same instant each get their own item.</summary>
[Collection(TandemCollection.Name)]
public class ConcurrentWriteTests(TandemApp app)
{
    private const int Writers = 16;

    [Fact]
    public async Task Sixteen_parallel_creates_in_one_product_all_answer_201_with_distinct_keys_and_no_gaps()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var first = BacklogTeam.Key(await team.CreateItemAsync("Before the rush"));

        var responses = await Task.WhenAll(Enumerable.Range(1, Writers).Select(n =>
            team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/items", new { type = "story", title = $"Concurrent {n}" })));
        var keys = new List<string>();
        foreach (var response in responses)
        {
            using (response) keys.Add(BacklogTeam.Key((await Expect.Status(HttpStatusCode.Created, response))!));
        }

        Assert.Equal($"{team.ProductKey}-1", first);
        var numbers = keys.Select(k => int.Parse(k[(team.ProductKey.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(2, Writers), numbers);
        var order = await team.OrderAsync();
        Assert.Equal(Writers + 1, order.Count);
        Assert.Equal(first, order[0]);
    }

    [Fact]
    public async Task Sixteen_parallel_patches_of_one_item_without_If_Match_all_answer_200()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = BacklogTeam.Key(await team.CreateItemAsync("Everyone edits me"));

        var responses = await Task.WhenAll(Enumerable.Range(1, Writers).Select(n =>
            team.Po.PatchAsJsonAsync($"/api/v1/items/{key}", new { businessValue = n })));
        var versions = new List<int>();
        foreach (var response in responses)
        {
            using (response) versions.Add((await Expect.Status(HttpStatusCode.OK, response))!["version"]!.GetValue<int>());
        }

        // Each change applied once, one after another: sixteen distinct versions after the first.
        Assert.Equal(Enumerable.Range(2, Writers), versions.Order());
        var item = await team.GetItemAsync(key);
        Assert.Equal(1 + Writers, item["version"]!.GetValue<int>());
        Assert.InRange(item["businessValue"]!.GetValue<int>(), 1, Writers);
    }

    [Fact]
    public async Task Sixteen_parallel_reads_of_different_items_each_build_and_answer_their_own_item()
    {
        // Every read is the first since its item changed, so each builds its detail at the same moment as the others: the
        // detail's statement is shared text, and each execution must get its own command, reader and rows.
        var team = await BacklogTeam.CreateAsync(app);
        var keys = new List<string>();
        for (var n = 1; n <= Writers; n++)
        {
            var key = BacklogTeam.Key(await team.CreateItemAsync($"Read me {n}"));
            using (var add = await team.Po.PostAsJsonAsync($"/api/v1/items/{key}/criteria", new { given = $"item {n}", when = "it is read", then = $"it shows criterion {n}" }))
                await Expect.Status(HttpStatusCode.Created, add);
            keys.Add(key);
        }

        for (var round = 1; round <= 4; round++)
        {
            // A change in the product between rounds: every item's next read builds again.
            if (round > 1) await team.PatchAsync(keys[0], new { businessValue = round });
            var responses = await Task.WhenAll(keys.Select(key => team.Dev.GetAsync($"/api/v1/items/{key}")));
            for (var n = 1; n <= Writers; n++)
            {
                using var response = responses[n - 1];
                var item = (await Expect.Status(HttpStatusCode.OK, response))!;
                Assert.Equal(keys[n - 1], item["key"]!.GetValue<string>());
                Assert.Equal($"Read me {n}", item["title"]!.GetValue<string>());
                Assert.Equal($"it shows criterion {n}", Assert.Single(item["acceptanceCriteria"]!.AsArray())!["then"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task A_patch_with_a_stale_If_Match_stays_a_412_under_concurrent_writers()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var key = BacklogTeam.Key(await team.CreateItemAsync("Precondition"));
        await team.PatchAsync(key, new { title = "Moved on" });

        var responses = await Task.WhenAll(Enumerable.Range(1, 4).Select(n =>
        {
            var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/items/{key}") { Content = JsonContent.Create(new { title = $"Stale {n}" }) };
            request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
            return team.Po.SendAsync(request);
        }));
        foreach (var response in responses)
        {
            using (response) await Expect.Problem(HttpStatusCode.PreconditionFailed, response);
        }
        Assert.Equal("Moved on", (await team.GetItemAsync(key))["title"]!.GetValue<string>());
    }
}
