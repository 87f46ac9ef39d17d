using Tandem.ClusterTests.Infrastructure;

namespace Tandem.ClusterTests;

/// <summary>The read caches of ADR 9 and 25 stay on with two nodes; a write on one moves the other's versions (ADR 0032).</summary>
[Collection(ClusterCollection.Name)]
public sealed class CachesAcrossNodesTests(TandemCluster cluster)
{
    [Fact]
    public async Task A_backlog_move_on_node_A_is_in_node_Bs_next_page()
    {
        var team = await Team.CreateAsync(cluster.A.BaseUrl);
        var po = await team.MemberAsync("product-owner", cluster.A.BaseUrl);
        var first = await team.StoryAsync(po.Client, "First");
        await team.StoryAsync(po.Client, "Second");
        var last = await team.StoryAsync(po.Client, "Last");
        using var onB = TandemCluster.Same(po.Client, cluster.B.BaseUrl);

        // Twice on B: the second read is the cached page (same entity tag: the cache is on).
        var (keys, tag) = await PageAsync(onB, team.ProductKey);
        var (_, again) = await PageAsync(onB, team.ProductKey);
        Assert.Equal(first, keys[0]);
        Assert.NotNull(tag);
        Assert.Equal(tag, again);

        using (var moved = await po.Client.PostAsJsonAsync($"/api/v1/items/{last}/move", new { position = "top" }))
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        var (after, newTag) = await PageAsync(onB, team.ProductKey);
        Assert.Equal(last, after[0]);
        Assert.NotEqual(tag, newTag);
    }

    [Fact]
    public async Task An_item_retitled_on_node_B_is_read_fresh_on_node_A()
    {
        var team = await Team.CreateAsync(cluster.A.BaseUrl);
        var po = await team.MemberAsync("product-owner", cluster.A.BaseUrl);
        var key = await team.StoryAsync(po.Client, "Old title");
        // Cached on A (read twice), then changed on B.
        Assert.Equal("Old title", await TitleAsync(po.Client, key));
        Assert.Equal("Old title", await TitleAsync(po.Client, key));
        using var onB = TandemCluster.Same(po.Client, cluster.B.BaseUrl);
        using (var patched = await onB.PatchAsJsonAsync($"/api/v1/items/{key}", new { title = "New title" }))
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("New title", await TitleAsync(po.Client, key));
    }

    [Fact]
    public async Task A_comment_and_a_business_value_set_on_node_B_are_read_fresh_on_node_A()
    {
        // Changes to one item's own detail move that item's version only (ADR 44): the notice names the item.
        var team = await Team.CreateAsync(cluster.A.BaseUrl);
        var po = await team.MemberAsync("product-owner", cluster.A.BaseUrl);
        var key = await team.StoryAsync(po.Client, "Pay by card");
        await ItemAsync(po.Client, key);
        Assert.Null((await ItemAsync(po.Client, key))["businessValue"]);
        using var onB = TandemCluster.Same(po.Client, cluster.B.BaseUrl);
        using (var comment = await onB.PostAsJsonAsync($"/api/v1/items/{key}/comments", new { text = "Needs the new provider" }))
            Assert.Equal(HttpStatusCode.OK, comment.StatusCode);
        Assert.Equal("Needs the new provider", Assert.Single((await ItemAsync(po.Client, key))["comments"]!.AsArray())!["text"]!.GetValue<string>());
        using (var patched = await onB.PatchAsJsonAsync($"/api/v1/items/{key}", new { businessValue = 8 }))
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(8, (await ItemAsync(po.Client, key))["businessValue"]!.GetValue<int>());
    }

    private static async Task<JsonObject> ItemAsync(HttpClient client, string key) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/v1/items/{key}"))!;

    internal static async Task<(List<string> Keys, string? ETag)> PageAsync(HttpClient client, string productKey)
    {
        using var response = await client.GetAsync($"/api/v1/products/{productKey}/backlog?limit=100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (body["items"]!.AsArray().Select(i => i!["key"]!.GetValue<string>()).ToList(), response.Headers.ETag?.Tag);
    }

    private static async Task<string> TitleAsync(HttpClient client, string key) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/v1/items/{key}"))!["title"]!.GetValue<string>();
}
