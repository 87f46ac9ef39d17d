using Tandem.ClusterTests.Infrastructure;

namespace Tandem.ClusterTests;

/// <summary>Authorization and sessions decided on one node hold on the other at once (ADR 0022, 0032).</summary>
[Collection(ClusterCollection.Name)]
public sealed class SessionsAcrossNodesTests(TandemCluster cluster)
{
    [Fact]
    public async Task A_role_removed_on_node_A_is_refused_on_node_B_at_once()
    {
        var team = await Team.CreateAsync(cluster.A.BaseUrl);
        var po = await team.MemberAsync("product-owner", cluster.A.BaseUrl);
        await team.StoryAsync(po.Client, "Something to refuse");
        using var onB = TandemCluster.Same(po.Client, cluster.B.BaseUrl);
        // B has the roles cached (two reads), and may create items.
        await CachesAcrossNodesTests.PageAsync(onB, team.ProductKey);
        await CachesAcrossNodesTests.PageAsync(onB, team.ProductKey);
        using (var allowed = await onB.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/items", new { type = "story", title = "Still a PO" }))
            Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);

        using (var removed = await team.Admin.DeleteAsync($"/api/v1/products/{team.ProductKey}/members/{po.Id}/roles/product-owner"))
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);

        using var refused = await onB.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/items", new { type = "story", title = "No longer a PO" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Sign_out_on_node_A_ends_the_session_on_node_B()
    {
        var team = await Team.CreateAsync(cluster.A.BaseUrl);
        var dev = await team.MemberAsync("developer", cluster.A.BaseUrl);
        using var onB = TandemCluster.Same(dev.Client, cluster.B.BaseUrl);
        using (var me = await onB.GetAsync("/api/v1/auth/me")) Assert.Equal(HttpStatusCode.OK, me.StatusCode);

        using (var signedOut = await dev.Client.PostAsync("/api/v1/auth/logout", null))
            Assert.True(signedOut.IsSuccessStatusCode, $"Sign-out answered {(int)signedOut.StatusCode}");

        using var after = await onB.GetAsync("/api/v1/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Nginx_forwards_the_client_address_and_the_nodes_believe_it_from_loopback_only()
    {
        // Through nginx (a believed proxy on 127.0.0.1) a client's own X-Forwarded-Proto is replaced by
        // nginx's: the request stays plain HTTP, so no HSTS and no Secure cookie.
        using var client = new HttpClient { BaseAddress = cluster.Balancer };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}
