using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Backlog;

/// <summary>Issue 12: writers at the same instant never see an error page, and never duplicate or skip a key.</summary>
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
