using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.Application.Webhooks;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Webhooks;

/// <summary>
/// Issue 16's outgoing webhooks against a real receiver on loopback: signed deliveries that verify with the documented
/// snippet, the event stored with its change (and not without it), a retry after a 500 with the same event id,
/// redelivery, a ping, disabling after repeated failure with the Product Owner told, decision rights and validation.
/// </summary>
[Collection(TandemCollection.Name)]
public class WebhookTests(TandemApp app)
{
    private static readonly string[] ItemEvents = ["item.created", "item.changed", "item.moved", "decision.recorded"];
    private static readonly string[] Created = ["item.created"];
    private static readonly string[] CreatedAndUnknown = ["item.created", "no.such-event"];

    private sealed record Setup(string Key, HttpClient Po, Person Owner);

    private async Task<Setup> ProductWithOwnerAsync()
    {
        var key = await app.CreateProductAsync();
        var owner = await app.CreatePersonAsync();
        await app.AssignAsync(key, owner.Id, "product-owner");
        return new Setup(key, await app.SignInAsync(owner.Email, owner.Password), owner);
    }

    private static async Task<JsonObject> SubscribeAsync(HttpClient client, string key, string url, params string[] events)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/products/{key}/webhooks", new { url, events });
        var created = (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
        Assert.Equal($"/api/v1/products/{key}/webhooks/{created["id"]}", response.Headers.Location!.OriginalString);
        return created;
    }

    private static async Task<string> CreateItemAsync(HttpClient client, string key, string title)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/products/{key}/items", new { type = "story", title });
        return (await Expect.Status(HttpStatusCode.Created, response))!["key"]!.GetValue<string>();
    }

    private async Task<List<WebhookEvent>> EventsAsync(string key)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var productId = await db.Products.IgnoreQueryFilters().Where(p => p.Key == key).Select(p => p.Id).SingleAsync();
        return await db.Set<WebhookEvent>().IgnoreQueryFilters().AsNoTracking().Where(e => e.ProductId == productId).OrderBy(e => e.CreatedAt).ToListAsync();
    }

    private static long Now() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

    [Fact]
    public async Task Deliveries_are_signed_carry_the_event_id_and_verify_with_the_documented_snippet()
    {
        using var receiver = new WebhookReceiver();
        var (key, po, _) = await ProductWithOwnerAsync();
        var hook = await SubscribeAsync(po, key, receiver.Url, ItemEvents);
        var secret = hook["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(ItemEvents, hook["events"]!.AsArray().Select(e => e!.GetValue<string>()));

        var itemKey = await CreateItemAsync(po, key, "Refund a payment");
        var created = await receiver.WaitForAsync(r => r.Event == "item.created");
        Assert.True(WebhookReceiver.Verify(secret, created.Signature, created.Body, Now()), $"The signature {created.Signature} does not verify.");
        Assert.False(WebhookReceiver.Verify(secret, created.Signature, created.Body + " ", Now()));
        Assert.False(WebhookReceiver.Verify("whsec_other", created.Signature, created.Body, Now()));
        Assert.Equal(created.EventId, created.Json["id"]!.GetValue<string>());
        Assert.Equal("item.created", created.Json["type"]!.GetValue<string>());
        Assert.Equal(key, created.Json["product"]!["key"]!.GetValue<string>());
        Assert.Equal(itemKey, created.Json["data"]!["key"]!.GetValue<string>());
        Assert.Equal("Refund a payment", created.Json["data"]!["title"]!.GetValue<string>());

        // A change and a move are their own events; the creation of the webhook itself was a logged decision, sent too.
        await Expect.Status(HttpStatusCode.OK, await po.PatchAsJsonAsync($"/api/v1/items/{itemKey}", new { title = "Refund a card payment" }));
        var changed = await receiver.WaitForAsync(r => r.Event == "item.changed");
        Assert.Contains("title", changed.Json["data"]!["changes"]!.AsArray().Select(c => c!.GetValue<string>()));
        await CreateItemAsync(po, key, "Second");
        await Expect.Status(HttpStatusCode.OK, await po.PostAsJsonAsync($"/api/v1/items/{itemKey}/move", new { position = "bottom" }));
        var moved = await receiver.WaitForAsync(r => r.Event == "item.moved");
        Assert.Equal(itemKey, moved.Json["data"]!["key"]!.GetValue<string>());
        var decision = await receiver.WaitForAsync(r => r.Event == "decision.recorded" && r.Body.Contains("Moved", StringComparison.Ordinal));
        Assert.True(WebhookReceiver.Verify(secret, decision.Signature, decision.Body, Now()));

        var log = (await po.GetFromJsonAsync<JsonArray>($"/api/v1/products/{key}/webhooks/{hook["id"]}/deliveries"))!;
        var entry = log.Single(d => d!["eventId"]!.GetValue<string>() == created.EventId)!;
        Assert.Equal("delivered", entry["status"]!.GetValue<string>());
        Assert.Equal(200, entry["responseCode"]!.GetValue<int>());
        Assert.Equal(1, entry["attempts"]!.GetValue<int>());
        Assert.NotNull(entry["durationMs"]);
        // The secret is never shown again.
        var listed = (await po.GetFromJsonAsync<JsonArray>($"/api/v1/products/{key}/webhooks"))!;
        Assert.DoesNotContain("secret", listed.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_event_is_stored_with_its_change_and_a_refused_change_stores_none()
    {
        using var receiver = new WebhookReceiver();
        var (key, po, _) = await ProductWithOwnerAsync();
        await SubscribeAsync(po, key, receiver.Url, "item.created");
        var before = (await EventsAsync(key)).Count;
        using (var refused = await po.PostAsJsonAsync($"/api/v1/products/{key}/items", new { type = "story", title = new string('x', 201) }))
            await Expect.Problem(HttpStatusCode.BadRequest, refused);
        Assert.Equal(before, (await EventsAsync(key)).Count);
        var itemKey = await CreateItemAsync(po, key, "Stored with its change");
        // The event is in the database as soon as the request answered, whether or not the sender has run.
        var stored = (await EventsAsync(key)).Last();
        Assert.Equal("item.created", stored.Type);
        Assert.Contains(itemKey, stored.Payload, StringComparison.Ordinal);
        var received = await receiver.WaitForAsync(r => r.Event == "item.created");
        Assert.Equal(stored.Id.ToString(), received.EventId);
    }

    [Fact]
    public async Task A_receiver_that_answers_500_gets_the_same_event_again_and_a_redelivery_sends_it_once_more()
    {
        using var receiver = new WebhookReceiver(n => n == 1 ? 500 : 200);
        var (key, po, _) = await ProductWithOwnerAsync();
        var hook = await SubscribeAsync(po, key, receiver.Url, "item.created");
        await CreateItemAsync(po, key, "Retried");
        var second = await receiver.WaitForAsync(r => r.AnsweredWith == 200);
        var first = receiver.Received[0];
        Assert.Equal(500, first.AnsweredWith);
        Assert.Equal(first.EventId, second.EventId);
        Assert.Equal(first.Body, second.Body);

        var url = $"/api/v1/products/{key}/webhooks/{hook["id"]}/deliveries";
        JsonNode delivery = null!;
        for (var wait = 0; wait < 100; wait++)
        {
            delivery = (await po.GetFromJsonAsync<JsonArray>(url))!.Single()!;
            if (delivery["status"]!.GetValue<string>() == "delivered") break;
            await Task.Delay(50);
        }
        Assert.Equal("delivered", delivery["status"]!.GetValue<string>());
        Assert.Equal(2, delivery["attempts"]!.GetValue<int>());
        Assert.Equal(200, delivery["responseCode"]!.GetValue<int>());

        using var again = await po.PostAsync($"{url}/{delivery["id"]}/redeliver", null);
        var redelivery = (await Expect.Status(HttpStatusCode.Accepted, again))!;
        Assert.Equal(first.EventId, redelivery["eventId"]!.GetValue<string>());
        await receiver.WaitForAsync(r => r.EventId == first.EventId && receiver.Received.Count(x => x.EventId == first.EventId) >= 3);

        using var ping = await po.PostAsync($"/api/v1/products/{key}/webhooks/{hook["id"]}/ping", null);
        await Expect.Status(HttpStatusCode.Accepted, ping);
        var pinged = await receiver.WaitForAsync(r => r.Event == "ping");
        Assert.True(WebhookReceiver.Verify(hook["secret"]!.GetValue<string>(), pinged.Signature, pinged.Body, Now()));
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_is_disabled_and_its_Product_Owner_told()
    {
        using var receiver = new WebhookReceiver(_ => 503);
        var (key, po, _) = await ProductWithOwnerAsync();
        var hook = await SubscribeAsync(po, key, receiver.Url, "item.created");
        await CreateItemAsync(po, key, "Never arrives");
        // Tests disable after 4 s of failure (Tandem:Webhooks:DisableAfter); retries come after 0.3 s doubling, at the sender's next pass (every second).
        JsonObject current = null!;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(40))
        {
            current = (await po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/webhooks/{hook["id"]}"))!;
            if (!current["enabled"]!.GetValue<bool>()) break;
            await Task.Delay(200);
        }
        Assert.False(current["enabled"]!.GetValue<bool>(), "The webhook was not disabled.");
        Assert.Contains("failed since", current["disabledReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(receiver.Received.Count >= 2, "The delivery was not retried.");
        var notes = (await po.GetFromJsonAsync<JsonObject>("/api/v1/notifications"))!.ToJsonString();
        Assert.Contains($"The webhook of {key}", notes, StringComparison.Ordinal);
        Assert.Contains($"/p/{key}/webhooks", notes, StringComparison.Ordinal);

        // Enabling it again (with the version read) clears the failure and is a logged decision.
        using var enable = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/products/{key}/webhooks/{hook["id"]}") { Content = JsonContent.Create(new { enabled = true }) };
        enable.Headers.TryAddWithoutValidation("If-Match", $"\"{current["version"]}\"");
        var enabled = (await Expect.Status(HttpStatusCode.OK, await po.SendAsync(enable)))!;
        Assert.True(enabled["enabled"]!.GetValue<bool>());
        Assert.Null(enabled["disabledReason"]?.GetValue<string>());
    }

    [Fact]
    public async Task Only_the_Product_Owner_or_the_workspace_admin_subscribes_and_a_refusal_names_who_decides()
    {
        var (key, po, _) = await ProductWithOwnerAsync();
        var developer = await app.CreatePersonAsync();
        await app.AssignAsync(key, developer.Id, "developer");
        var dev = await app.SignInAsync(developer.Email, developer.Password);
        using var refused = await dev.PostAsJsonAsync($"/api/v1/products/{key}/webhooks", new { url = "https://ci.example.com/hook", events = Created });
        var problem = await Expect.Problem(HttpStatusCode.Forbidden, refused);
        Assert.Contains("Product Owner", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await Expect.Problem(HttpStatusCode.Forbidden, await dev.GetAsync($"/api/v1/products/{key}/webhooks"));

        var admin = await app.SignInAsync(TandemApp.Admin);
        var hook = await SubscribeAsync(admin, key, "https://ci.example.com/hook", "release.published");
        var log = (await po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/decision-log"))!.ToJsonString();
        Assert.Contains("Subscribed a webhook to ci.example.com for release.published", log, StringComparison.Ordinal);
        using var gone = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/products/{key}/webhooks/{hook["id"]}");
        await Expect.Status(HttpStatusCode.NoContent, await po.SendAsync(gone));
        await Expect.Problem(HttpStatusCode.NotFound, await po.GetAsync($"/api/v1/products/{key}/webhooks/{hook["id"]}"));
    }

    [Theory]
    [InlineData("ftp://ci.example.com/hook", "url")]
    [InlineData("/relative/hook", "url")]
    [InlineData("https://user:secret@ci.example.com/hook", "url")]
    [InlineData("https://ci.example.com/hook#part", "url")]
    [InlineData("LONG", "url")]
    public async Task A_hostile_or_malformed_url_is_refused_with_its_field(string url, string field)
    {
        var (key, po, _) = await ProductWithOwnerAsync();
        if (url == "LONG") url = "https://ci.example.com/" + new string('a', 2100);
        using var response = await po.PostAsJsonAsync($"/api/v1/products/{key}/webhooks", new { url, events = CreatedAndUnknown });
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.NotNull(problem["errors"]![field]);
        Assert.NotNull(problem["errors"]!["events"]);
    }

    [Fact]
    public void Private_addresses_are_refused_unless_allowed()
    {
        Assert.NotNull(WebhookUrls.Problem("http://127.0.0.1:8080/hook", allowPrivateNetworks: false));
        Assert.NotNull(WebhookUrls.Problem("http://localhost/hook", allowPrivateNetworks: false));
        Assert.NotNull(WebhookUrls.Problem("http://10.1.2.3/hook", allowPrivateNetworks: false));
        Assert.NotNull(WebhookUrls.Problem("http://169.254.169.254/latest/meta-data", allowPrivateNetworks: false));
        Assert.NotNull(WebhookUrls.Problem("http://[::1]/hook", allowPrivateNetworks: false));
        Assert.NotNull(WebhookUrls.Problem("http://[fd00::1]/hook", allowPrivateNetworks: false));
        Assert.Null(WebhookUrls.Problem("https://ci.example.com/hook", allowPrivateNetworks: false));
        Assert.Null(WebhookUrls.Problem("http://127.0.0.1:8080/hook", allowPrivateNetworks: true));
    }
}
