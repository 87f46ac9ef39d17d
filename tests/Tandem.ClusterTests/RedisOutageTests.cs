using System.Diagnostics;
using Tandem.ClusterTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Tandem.ClusterTests;

/// <summary>
/// Redis stopped by its PID while both nodes and a browser run: live updates degrade to reload with a banner,
/// writes still succeed, reads are correct (the caches stop serving), and everything comes back with Redis.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RedisOutageTests(TandemCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task A_Redis_outage_pauses_live_updates_with_a_banner_and_no_error_page_and_they_come_back_with_Redis()
    {
        var table = await PokerTable.OpenAsync(cluster.A.BaseUrl);
        var po = await table.Team.MemberAsync("product-owner", cluster.A.BaseUrl);
        var first = await table.Team.StoryAsync(po.Client, "First");
        var last = await table.Team.StoryAsync(po.Client, "Last");
        using var poOnB = TandemCluster.Same(po.Client, cluster.B.BaseUrl);
        await CachesAcrossNodesTests.PageAsync(poOnB, table.Team.ProductKey); // cached on B
        var page = await table.WatchAsync(cluster, cluster.B.BaseUrl);
        var banner = page.GetByTestId("live-paused");
        await Expect(banner).ToHaveCountAsync(0);
        // Counts the node's requests to read everything again (live-watch.js, 'resync'; Cluster.cs, LiveBackplaneWatch).
        await page.EvaluateAsync("() => { window.resyncs = 0; document.addEventListener('tandem:resync', () => window.resyncs++); }");

        await cluster.Services.StopRedisAsync();
        var clock = Stopwatch.StartNew();
        try
        {
            await Expect(banner).ToBeVisibleAsync(new() { Timeout = 15000 });
            output.WriteLine($"banner shown {clock.ElapsedMilliseconds} ms after Redis stopped");
            await Expect(banner).ToContainTextAsync("reload");
            await Expect(PokerTable.Live(page)).ToHaveAttributeAsync("data-state", "paused");

            // Writes go on, on either node, and answer as usual.
            using (var vote = await table.VoteAsync(table.Dev1, cluster.A.BaseUrl, 8))
                Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
            using (var moved = await po.Client.PostAsJsonAsync($"/api/v1/items/{last}/move", new { position = "top" }))
                Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
            // Correct before fast: B cannot hear of A's move, so it does not serve its cached page.
            var (keys, _) = await CachesAcrossNodesTests.PageAsync(poOnB, table.Team.ProductKey);
            Assert.Equal(last, keys[0]);
            // Readiness says Redis is missing (a load balancer's health check sees it).
            using (var probe = new HttpClient { BaseAddress = cluster.A.BaseUrl })
            using (var ready = await probe.GetAsync("/health/ready"))
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            // Reloading the page on B shows the vote, and no error page.
            var reloaded = await cluster.NewPageAsync(cluster.B.BaseUrl);
            await TandemCluster.SignInAsync(reloaded, table.TechLead.Email, table.TechLead.Password);
            var response = await reloaded.GotoAsync($"/p/{table.Team.ProductKey}/poker/{table.SessionId}");
            Assert.Equal(200, response!.Status);
            await Expect(PokerTable.Voter(reloaded, table.Dev1)).ToHaveAttributeAsync("data-voted", "true");
            await reloaded.Context.CloseAsync();
        }
        finally
        {
            if (!await cluster.Services.RedisIsUpAsync()) await cluster.Services.StartRedisAsync();
        }

        // Back: the banner goes, the page reads what it missed, and live updates flow again.
        clock.Restart();
        await Expect(banner).ToHaveCountAsync(0, new() { Timeout = 20000 });
        output.WriteLine($"banner gone {clock.ElapsedMilliseconds} ms after Redis started again");
        await Expect(PokerTable.Live(page)).ToHaveAttributeAsync("data-state", "connected");
        await Expect(PokerTable.Voter(page, table.Dev1)).ToHaveAttributeAsync("data-voted", "true");
        // The backplane's return was told to the screen: what was sent while it was away reached nobody.
        await page.WaitForFunctionAsync("() => window.resyncs > 0", null, new() { Timeout = 10000 });
        using (var vote = await table.VoteAsync(table.Dev2, cluster.A.BaseUrl, 5))
            Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        await Expect(PokerTable.Voter(page, table.Dev2)).ToHaveAttributeAsync("data-voted", "true", new() { Timeout = 5000 });
        // And the caches are on again and correct: a move on A is in B's next page.
        using (var moved = await po.Client.PostAsJsonAsync($"/api/v1/items/{first}/move", new { position = "top" }))
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var (after, _) = await CachesAcrossNodesTests.PageAsync(poOnB, table.Team.ProductKey);
        Assert.Equal(first, after[0]);
    }
}
