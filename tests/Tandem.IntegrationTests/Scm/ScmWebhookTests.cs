using System.Security.Cryptography;
using System.Text;
using Tandem.IntegrationTests.Backlog;
using Tandem.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Scm;

/// <summary>
/// Issue 16, ADR 36: GitHub and GitLab webhooks with recorded payloads shaped as the hosts document them, signed as
/// they sign them and posted to the real host: links from titles, branches and commit messages, replays and
/// redeliveries, bad signatures, the merge that moves an item to done only when the connection says so, two copies at
/// the same instant, and the rights of the person the connection acts as.
/// </summary>
[Collection(TandemCollection.Name)]
public class ScmWebhookTests(TandemApp app, ITestOutputHelper output)
{
    private sealed record Repo(BacklogTeam Team, Guid Id, string Secret, string Host)
    {
        public string Key => Team.ProductKey;
    }

    private static byte[] Payload(string file, string productKey) =>
        Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scm", "Payloads", file))
            .Replace("PAY-", productKey + "-", StringComparison.Ordinal)
            .Replace("pay-", productKey.ToLowerInvariant() + "-", StringComparison.Ordinal));

    private static async Task<Repo> ConnectAsync(BacklogTeam team, string host, bool mergeMovesToDone, HttpClient? as_ = null)
    {
        using var response = await (as_ ?? team.Po).PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/repositories",
            new { host, repository = host == "github" ? "octo-org/payments" : "acme/payments", mergeMovesToDone });
        var body = (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
        var id = body["id"]!.GetValue<Guid>();
        Assert.EndsWith($"/api/v1/hooks/{host}/{id}", body["payloadUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        var secret = body["secret"]!.GetValue<string>();
        Assert.Equal(64, secret.Length);
        return new Repo(team, id, secret, host);
    }

    /// <summary>Posts a delivery as the host would: its event and delivery headers and its signature of these exact bytes.</summary>
    private async Task<HttpResponseMessage> DeliverAsync(Repo repo, string @event, byte[] body, string? delivery = null, string? signature = null)
    {
        using var client = app.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/hooks/{repo.Host}/{repo.Id}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        delivery ??= Guid.NewGuid().ToString();
        if (repo.Host == "github")
        {
            request.Headers.Add("User-Agent", "GitHub-Hookshot/5a1b2c3");
            request.Headers.Add("X-GitHub-Event", @event);
            request.Headers.Add("X-GitHub-Delivery", delivery);
            request.Headers.Add("X-GitHub-Hook-ID", "512093845");
            request.Headers.Add("X-Hub-Signature-256", signature ?? "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(repo.Secret), body)));
        }
        else
        {
            request.Headers.Add("User-Agent", "GitLab/17.6.1");
            request.Headers.Add("X-Gitlab-Event", @event);
            request.Headers.Add("X-Gitlab-Event-UUID", delivery);
            request.Headers.Add("X-Gitlab-Instance", "https://gitlab.example.com");
            request.Headers.Add("X-Gitlab-Token", signature ?? repo.Secret);
        }
        return await client.SendAsync(request);
    }

    private static async Task<JsonObject> Ok(HttpResponseMessage response, string status = "processed")
    {
        var outcome = (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();
        Assert.Equal(status, outcome["status"]!.GetValue<string>());
        return outcome;
    }

    private static List<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];

    private static async Task<List<JsonObject>> LinksAsync(HttpClient client, string itemKey)
    {
        var body = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/items/{itemKey}/code-links"))!;
        return [.. body["links"]!.AsArray().Select(l => l!.AsObject())];
    }

    private static async Task<string> StatusAsync(BacklogTeam team, string itemKey) => (await team.GetItemAsync(itemKey))["status"]!.GetValue<string>();

    [Fact]
    public async Task A_github_pull_request_links_the_items_its_title_and_branch_name_and_its_merge_moves_them_to_done()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(3);
        var repo = await ConnectAsync(team, "github", mergeMovesToDone: true);

        var delivery = Guid.NewGuid().ToString();
        var opened = await Ok(await DeliverAsync(repo, "pull_request", Payload("github/pull_request.opened.json", repo.Key), delivery));
        Assert.Equal("pull_request.opened", opened["event"]!.GetValue<string>());
        // The title names item 1, the branch feature/<key>-2-refund-api item 2 (in lower case); the body is not read.
        Assert.Equal([keys[0], keys[1]], Strings(opened["linked"]));
        var link = Assert.Single(await LinksAsync(team.Stakeholder, keys[0]));
        Assert.Equal("github", link["host"]!.GetValue<string>());
        Assert.Equal("pull-request", link["kind"]!.GetValue<string>());
        Assert.Equal("octo-org/payments#42", link["externalId"]!.GetValue<string>());
        Assert.Equal(42, link["number"]!.GetValue<int>());
        Assert.Equal($"{repo.Key}-1: Refund partially captured payments", link["title"]!.GetValue<string>());
        Assert.Equal("https://github.com/octo-org/payments/pull/42", link["url"]!.GetValue<string>());
        Assert.Equal("open", link["state"]!.GetValue<string>());
        Assert.Equal("monalisa", link["author"]!.GetValue<string>());
        Assert.Single(await LinksAsync(team.Po, keys[1]));
        Assert.Empty(await LinksAsync(team.Po, keys[2]));

        // The same delivery again (GitHub's "Redeliver" keeps the id) changes nothing.
        await Ok(await DeliverAsync(repo, "pull_request", Payload("github/pull_request.opened.json", repo.Key), delivery), "replay");
        Assert.Single(await LinksAsync(team.Po, keys[0]));

        var merged = await Ok(await DeliverAsync(repo, "pull_request", Payload("github/pull_request.closed.merged.json", repo.Key)));
        Assert.Equal([keys[0], keys[1]], Strings(merged["movedToDone"]));
        Assert.Empty(merged["notMoved"]!.AsArray());
        link = Assert.Single(await LinksAsync(team.Po, keys[0]));
        Assert.Equal("merged", link["state"]!.GetValue<string>());
        Assert.Equal("monalisa", link["author"]!.GetValue<string>());
        Assert.Equal("done", await StatusAsync(team, keys[0]));
        Assert.Equal("done", await StatusAsync(team, keys[1]));
        Assert.Equal("new", await StatusAsync(team, keys[2]));

        // An older event arriving late (the opened one under a new delivery id) does not reopen a merged link.
        await Ok(await DeliverAsync(repo, "pull_request", Payload("github/pull_request.opened.json", repo.Key)));
        Assert.Equal("merged", Assert.Single(await LinksAsync(team.Po, keys[0]))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_merge_leaves_the_item_where_it_is_when_the_connection_does_not_move_merged_work()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(2);
        var repo = await ConnectAsync(team, "github", mergeMovesToDone: false);
        var merged = await Ok(await DeliverAsync(repo, "pull_request", Payload("github/pull_request.closed.merged.json", repo.Key)));
        Assert.Empty(merged["movedToDone"]!.AsArray());
        Assert.Equal("merged", Assert.Single(await LinksAsync(team.Po, keys[0]))["state"]!.GetValue<string>());
        Assert.Equal("new", await StatusAsync(team, keys[0]));
        Assert.Equal("new", await StatusAsync(team, keys[1]));
    }

    [Fact]
    public async Task A_merge_does_not_move_accepted_work_back_to_done()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(2);
        await team.PatchAsync(keys[0], new { status = "done" });
        using (var accepted = await team.Po.PostAsJsonAsync($"/api/v1/items/{keys[0]}/acceptance", new { decision = "accept" }))
            await Expect.Status(HttpStatusCode.OK, accepted);
        var repo = await ConnectAsync(team, "github", mergeMovesToDone: true);
        var merged = await Ok(await DeliverAsync(repo, "pull_request", Payload("github/pull_request.closed.merged.json", repo.Key)));
        Assert.Equal([keys[1]], Strings(merged["movedToDone"]));
        Assert.Equal("accepted", await StatusAsync(team, keys[0]));
    }

    [Fact]
    public async Task A_github_push_links_the_commits_whose_message_names_an_item_of_the_product()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(3);
        var repo = await ConnectAsync(team, "github", mergeMovesToDone: true);
        var pushed = await Ok(await DeliverAsync(repo, "push", Payload("github/push.json", repo.Key)));
        // "X<key>-1" is another word and OTHER-5 another product: only item 3 is named.
        Assert.Equal([keys[2]], Strings(pushed["linked"]));
        var commit = Assert.Single(await LinksAsync(team.Po, keys[2]));
        Assert.Equal("commit", commit["kind"]!.GetValue<string>());
        Assert.Equal("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", commit["externalId"]!.GetValue<string>());
        Assert.Equal($"{repo.Key}-3 Round refunds to the currency's minor unit", commit["title"]!.GetValue<string>());
        Assert.Equal("merged", commit["state"]!.GetValue<string>()); // pushed to the default branch
        Assert.Equal("Mona Lisa", commit["author"]!.GetValue<string>());
        Assert.Empty(await LinksAsync(team.Po, keys[0]));
        // A push is not a merge: nothing moves.
        Assert.Equal("new", await StatusAsync(team, keys[2]));

        // The item page's Code fold shows it to whoever reads the item; the fold costs the page one query.
        var html = await team.Stakeholder.GetStringAsync($"/p/{team.ProductKey}/items/{keys[2]}?open=code");
        Assert.Contains("data-testid=\"code-link\" data-kind=\"commit\" data-state=\"merged\"", html, StringComparison.Ordinal);
        Assert.Contains("https://github.com/octo-org/payments/commit/0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gitlab_merge_requests_and_pushes_link_and_the_merge_moves_the_item_to_done()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(5);
        var repo = await ConnectAsync(team, "gitlab", mergeMovesToDone: true);

        var opened = await Ok(await DeliverAsync(repo, "Merge Request Hook", Payload("gitlab/merge_request.open.json", repo.Key)));
        Assert.Equal("merge_request.open", opened["event"]!.GetValue<string>());
        Assert.Equal([keys[3]], Strings(opened["linked"]));
        var link = Assert.Single(await LinksAsync(team.Po, keys[3]));
        Assert.Equal("merge-request", link["kind"]!.GetValue<string>());
        Assert.Equal("acme/payments!7", link["externalId"]!.GetValue<string>());
        Assert.Equal("open", link["state"]!.GetValue<string>());
        Assert.Equal("https://gitlab.example.com/acme/payments/-/merge_requests/7", link["url"]!.GetValue<string>());

        var merged = await Ok(await DeliverAsync(repo, "Merge Request Hook", Payload("gitlab/merge_request.merge.json", repo.Key)));
        Assert.Equal([keys[3]], Strings(merged["movedToDone"]));
        Assert.Equal("merged", Assert.Single(await LinksAsync(team.Po, keys[3]))["state"]!.GetValue<string>());
        Assert.Equal("done", await StatusAsync(team, keys[3]));

        // The branch <key>-5-docs names item 5 for both commits; the second commit's message names item 1 too.
        var pushed = await Ok(await DeliverAsync(repo, "Push Hook", Payload("gitlab/push.json", repo.Key)));
        Assert.Equal([keys[4], keys[0]], Strings(pushed["linked"]));
        var commits = await LinksAsync(team.Po, keys[4]);
        Assert.Equal(2, commits.Count);
        Assert.All(commits, c => Assert.Equal("open", c["state"]!.GetValue<string>())); // not on the default branch
        Assert.Equal("John Smith", Assert.Single(await LinksAsync(team.Po, keys[0]))["author"]!.GetValue<string>());

        // A wrong token is refused and changes nothing.
        var refused = await Expect.Problem(HttpStatusCode.Unauthorized,
            await DeliverAsync(repo, "Merge Request Hook", Payload("gitlab/merge_request.open.json", repo.Key), signature: repo.Secret + "x"));
        Assert.Contains("X-Gitlab-Token", Expect.Detail(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_or_missing_signature_is_a_401_that_changes_nothing_and_unknown_events_are_ignored()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(2);
        var repo = await ConnectAsync(team, "github", mergeMovesToDone: true);
        var body = Payload("github/pull_request.closed.merged.json", repo.Key);
        var delivery = Guid.NewGuid().ToString();
        var otherSecret = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("not-the-secret-at-all"u8.ToArray(), body));
        foreach (var signature in new[] { otherSecret, "sha256=xyz", "", "sha1=" + new string('a', 40) })
            await Expect.Problem(HttpStatusCode.Unauthorized, await DeliverAsync(repo, "pull_request", body, delivery, signature));
        // Signed, then changed on the way: the signature no longer holds.
        var signed = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(repo.Secret), body));
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("\"merged\": true", "\"merged\": false", StringComparison.Ordinal));
        await Expect.Problem(HttpStatusCode.Unauthorized, await DeliverAsync(repo, "pull_request", tampered, delivery, signed));
        Assert.Empty(await LinksAsync(team.Po, keys[0]));
        Assert.Equal("new", await StatusAsync(team, keys[0]));

        // The refused delivery id was not recorded: the genuine delivery under it still counts.
        await Ok(await DeliverAsync(repo, "pull_request", body, delivery));
        Assert.Equal("done", await StatusAsync(team, keys[0]));

        // Events Tandem has no use for are acknowledged and ignored; so is GitHub's ping when the hook is made.
        var ignored = (await Expect.Status(HttpStatusCode.Accepted, await DeliverAsync(repo, "issues", "{\"action\":\"opened\"}"u8.ToArray())))!;
        Assert.Equal("ignored", ignored["status"]!.GetValue<string>());
        await Expect.Status(HttpStatusCode.Accepted, await DeliverAsync(repo, "ping", "{\"zen\":\"Design for failure.\",\"hook_id\":512093845}"u8.ToArray()));
        // A signed body that is not JSON is the sender's mistake.
        await Expect.Problem(HttpStatusCode.BadRequest, await DeliverAsync(repo, "pull_request", "not json"u8.ToArray()));
        // An unknown connection, or one of the other host, is not found.
        await Expect.Problem(HttpStatusCode.NotFound, await DeliverAsync(repo with { Id = Guid.NewGuid() }, "pull_request", body));
        await Expect.Problem(HttpStatusCode.NotFound, await DeliverAsync(repo with { Host = "gitlab" }, "Merge Request Hook", body));
    }

    [Fact]
    public async Task Two_copies_of_a_delivery_at_the_same_instant_make_one_link_and_two_deliveries_of_one_pull_request_too()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(2);
        var repo = await ConnectAsync(team, "github", mergeMovesToDone: false);
        var body = Payload("github/pull_request.opened.json", repo.Key);
        var delivery = Guid.NewGuid().ToString();
        var copies = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => DeliverAsync(repo, "pull_request", body, delivery)));
        var statuses = new List<string>();
        foreach (var copy in copies) statuses.Add((await Expect.Status(HttpStatusCode.OK, copy))!["status"]!.GetValue<string>());
        Assert.Equal(1, statuses.Count(s => s == "processed"));
        Assert.Equal(3, statuses.Count(s => s == "replay"));
        Assert.Single(await LinksAsync(team.Po, keys[0]));

        // Different delivery ids naming the same pull request at once: each is processed, the link stays one.
        var distinct = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => DeliverAsync(repo, "pull_request", body)));
        foreach (var response in distinct) await Ok(response);
        Assert.Single(await LinksAsync(team.Po, keys[0]));
        Assert.Single(await LinksAsync(team.Po, keys[1]));
    }

    [Fact]
    public async Task Only_the_tech_lead_or_the_product_owner_connects_and_a_connection_acts_with_its_persons_rights()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(2);
        using (var refused = await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/repositories", new { host = "github", repository = "octo-org/payments" }))
            await Expect.Problem(HttpStatusCode.Forbidden, refused);
        await Expect.Problem(HttpStatusCode.Forbidden, await team.Stakeholder.GetAsync($"/api/v1/products/{team.ProductKey}/repositories"));
        using (var invalid = await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/repositories", new { host = "bitbucket", repository = "a/b" }))
            await Expect.Problem(HttpStatusCode.BadRequest, invalid);
        using (var shortSecret = await team.Po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/repositories", new { host = "gitlab", repository = "a/b", secret = "short" }))
            await Expect.Problem(HttpStatusCode.BadRequest, shortSecret);

        var lead = await app.CreatePersonAsync(TandemApp.Unique("Lead"));
        await app.AssignAsync(team.ProductKey, lead.Id, "tech-lead");
        var tl = await app.SignInAsync(lead.Email, lead.Password);
        // A secret the team chose is kept, and never shown again.
        using (var chosen = await tl.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/repositories",
                   new { host = "gitlab", repository = "acme/payments", secret = "a-secret-the-team-chose-1234", mergeMovesToDone = true }))
        {
            var created = (await Expect.Status(HttpStatusCode.Created, chosen))!;
            Assert.Equal("a-secret-the-team-chose-1234", created["secret"]!.GetValue<string>());
            var repo = new Repo(team, created["id"]!.GetValue<Guid>(), "a-secret-the-team-chose-1234", "gitlab");
            var list = (await team.Dev.GetFromJsonAsync<JsonArray>($"/api/v1/products/{team.ProductKey}/repositories"))!;
            var listed = Assert.Single(list)!;
            Assert.Null(listed["secret"]);
            Assert.Equal(lead.DisplayName, listed["connectedBy"]!["displayName"]!.GetValue<string>());

            // The page shows the team the connection and its payload URL; only those who decide get the form.
            var page = await team.Dev.GetStringAsync($"/p/{team.ProductKey}/repositories");
            Assert.Contains($"/api/v1/hooks/gitlab/{repo.Id}", page, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"decided-by\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain("data-testid=\"connect-form\"", page, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"connect-form\"", await tl.GetStringAsync($"/p/{team.ProductKey}/repositories"), StringComparison.Ordinal);

            // Connecting was the lead's decision, and it is in the log.
            var log = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log"))!.ToJsonString();
            Assert.Contains("Connected the GitLab repository acme/payments", log, StringComparison.Ordinal);

            // The lead leaves the product: the connection may no longer edit its items, so it links nothing.
            var admin = await app.SignInAsync(TandemApp.Admin);
            using (var removed = await admin.DeleteAsync($"/api/v1/products/{team.ProductKey}/members/{lead.Id}"))
                await Expect.Status(HttpStatusCode.OK, removed);
            var notYours = await Expect.Problem(HttpStatusCode.Forbidden, await DeliverAsync(repo, "Merge Request Hook", Payload("gitlab/merge_request.merge.json", team.ProductKey)));
            Assert.Contains(lead.DisplayName, Expect.Detail(notYours), StringComparison.Ordinal);
            Assert.Empty(await LinksAsync(team.Po, keys[0]));

            // Disconnected, its address is gone.
            using (var disconnected = await team.Po.DeleteAsync($"/api/v1/products/{team.ProductKey}/repositories/{repo.Id}"))
                await Expect.Status(HttpStatusCode.NoContent, disconnected);
            await Expect.Problem(HttpStatusCode.NotFound, await DeliverAsync(repo, "Merge Request Hook", Payload("gitlab/merge_request.merge.json", team.ProductKey)));
        }
    }
    [Fact]
    public async Task A_form_encoded_github_delivery_counts_and_a_body_over_5_MB_is_refused_before_it_is_read()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(2);
        var repo = await ConnectAsync(team, "github", mergeMovesToDone: false);
        // GitHub's other content type: payload=<the JSON, URL-encoded>, signed as sent.
        var form = Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(Encoding.UTF8.GetString(Payload("github/pull_request.opened.json", repo.Key))));
        using var client = app.Anonymous();
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/hooks/github/{repo.Id}") { Content = new ByteArrayContent(form) })
        {
            request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
            request.Headers.Add("X-GitHub-Event", "pull_request");
            request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(repo.Secret), form)));
            var outcome = await Ok(await client.SendAsync(request));
            Assert.Equal([keys[0], keys[1]], Strings(outcome["linked"]));
        }
        var huge = new byte[6 * 1024 * 1024];
        Array.Fill(huge, (byte)' ');
        await Expect.Problem(HttpStatusCode.RequestEntityTooLarge, await DeliverAsync(repo, "push", huge));
    }
    [Fact]
    public async Task A_delivery_is_answered_well_within_the_hosts_ten_seconds()
    {
        var team = await BacklogTeam.CreateAsync(app);
        await team.CreateItemsAsync(5);
        var repo = await ConnectAsync(team, "gitlab", mergeMovesToDone: false);
        var body = Payload("gitlab/push.json", repo.Key);
        var times = new List<double>();
        for (var n = 0; n < 40; n++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await Ok(await DeliverAsync(repo, "Push Hook", body));
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var (median, p95) = (times[times.Count / 2], times[(int)(times.Count * 0.95) - 1]);
        output.WriteLine($"GitLab push (2 commits, 3 links) on {app.Provider}: median {median:F1} ms, p95 {p95:F1} ms over {times.Count} deliveries");
        Assert.True(p95 < 2000, $"p95 {p95:F1} ms");
    }
}
