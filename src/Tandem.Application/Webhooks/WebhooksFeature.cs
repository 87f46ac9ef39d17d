using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;

namespace Tandem.Application.Webhooks;

/// <summary>A subscription as the API shows it; the secret is never shown again after its creation.</summary>
public sealed record WebhookDto(Guid Id, string Product, string Url, IReadOnlyList<string> Events, bool Enabled, string? DisabledReason,
    DateTimeOffset? FailingSince, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version) : IVersioned;

/// <summary>A new subscription with its signing secret, shown this once.</summary>
public sealed record WebhookCreatedDto(Guid Id, string Product, string Url, IReadOnlyList<string> Events, bool Enabled, int Version, string Secret) : IVersioned;

/// <summary>One event to one subscription, with its last attempt: status pending, delivered or failed.</summary>
public sealed record WebhookDeliveryDto(Guid Id, Guid EventId, string Event, string Status, int Attempts, int? ResponseCode, int? DurationMs,
    string? Error, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? CompletedAt);

/// <summary>Subscribe <c>url</c> to the product's <c>events</c> (see <see cref="WebhookEvents.All"/>).</summary>
public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? Events);

/// <summary>Change what is given: the URL, the events, or whether it is enabled (enabling clears the failure record).</summary>
public sealed record PatchWebhookRequest(string? Url, IReadOnlyList<string>? Events, bool? Enabled);

/// <summary>
/// A product's outgoing webhooks (issue 16, ADR 35): its Product Owner or the workspace admin subscribes receivers to
/// its events, reads the delivery log, redelivers and pings. Each subscription change is a logged decision.
/// </summary>
public sealed class WebhooksFeature(TandemDbContext db, DecisionRightsService rights, CurrentUser me, TimeProvider clock,
    IDataProtectionProvider protection, IOptions<WebhookOptions> options)
{
    /// <summary>The data-protection purpose of the stored secrets; the sender unprotects with the same one.</summary>
    public const string SecretPurpose = "Tandem.Webhooks.Secret.v1";

    public const int MaxPerProduct = 50;
    public const int MaxLog = 200;

    public async Task<Result<IReadOnlyList<WebhookDto>>> ListAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Webhooks.Read, ct)).Failed(out var error, out var product)) return error;
        var rows = await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.ProductId == product.Id).OrderBy(s => s.CreatedAt).ToListAsync(ct);
        return rows.Select(s => ToDto(s, product)).ToList();
    }

    public async Task<Result<WebhookDto>> GetAsync(string productKey, Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(productKey, id, Operations.Webhooks.Read, ct)).Failed(out var error, out var found)) return error;
        return ToDto(found.Subscription, found.Product);
    }

    public async Task<Result<WebhookCreatedDto>> CreateAsync(string productKey, CreateWebhookRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Webhooks.Manage, ct)).Failed(out var error, out var product)) return error;
        var validation = new Validation();
        var url = CheckUrl(request.Url, validation);
        var events = CheckEvents(request.Events, validation);
        if (validation.Result is { } invalid) return invalid;
        if (await db.Set<WebhookSubscription>().CountAsync(s => s.ProductId == product.Id, ct) >= MaxPerProduct)
            return Error.Invalid("url", $"{product.Key} has {MaxPerProduct} webhooks, the most a product may have; remove one first.");
        var now = clock.GetUtcNow();
        var secret = WebhookSignature.NewSecret();
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = product.WorkspaceId, ProductId = product.Id, Url = url!, Events = string.Join(',', events!),
            ProtectedSecret = protection.CreateProtector(SecretPurpose).Protect(secret), CreatedById = me.UserId, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(subscription);
        if (await rights.DecideAsync(product, Operations.Webhooks.Manage, new DecisionRecord(
                $"Subscribed a webhook to {Host(subscription.Url)} for {string.Join(", ", events!)}", "webhook", subscription.Id.ToString()), ct) is { } refused)
            return refused;
        await db.SaveChangesAsync(ct);
        return new WebhookCreatedDto(subscription.Id, product.Key, subscription.Url, events!, true, subscription.Version, secret);
    }

    public async Task<Result<WebhookDto>> PatchAsync(string productKey, Guid id, PatchWebhookRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(productKey, id, Operations.Webhooks.Manage, ct)).Failed(out var error, out var found)) return error;
        var (subscription, product) = found;
        if (ifMatch is { } expected && expected != subscription.Version)
            return Error.Stale($"The webhook was changed by someone else (version {subscription.Version}, you sent {expected}). Reload it and try again.");
        var validation = new Validation();
        var url = request.Url is null ? subscription.Url : CheckUrl(request.Url, validation);
        IReadOnlyList<string>? events = request.Events is null ? subscription.EventList : CheckEvents(request.Events, validation);
        if (validation.Result is { } invalid) return invalid;
        if (events is null) return Error.Invalid("events", "Name at least one event.");
        var changes = new List<string>();
        if (url != subscription.Url) changes.Add($"its URL to {Host(url!)}");
        if (!events.SequenceEqual(subscription.EventList)) changes.Add($"its events to {string.Join(", ", events!)}");
        if (request.Enabled is { } enabled && enabled != subscription.Enabled) changes.Add(enabled ? "enabled it" : "disabled it");
        if (changes.Count == 0) return ToDto(subscription, product);
        subscription.Url = url!;
        subscription.Events = string.Join(',', events);
        if (request.Enabled is { } on && on != subscription.Enabled)
        {
            subscription.Enabled = on;
            subscription.DisabledReason = on ? null : $"Disabled by {me.DisplayName}.";
            subscription.FailingSince = null;
        }
        subscription.UpdatedAt = clock.GetUtcNow();
        subscription.Version++;
        if (await rights.DecideAsync(product, Operations.Webhooks.Manage, new DecisionRecord(
                $"Changed the webhook to {Host(subscription.Url)}: {string.Join("; ", changes)}", "webhook", subscription.Id.ToString()), ct) is { } refused)
            return refused;
        if (await db.SaveOrStaleAsync("The webhook", ct) is { } stale) return stale;
        return ToDto(subscription, product);
    }

    public async Task<Result<Unit>> DeleteAsync(string productKey, Guid id, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(productKey, id, Operations.Webhooks.Manage, ct)).Failed(out var error, out var found)) return error;
        var (subscription, product) = found;
        if (ifMatch is { } expected && expected != subscription.Version)
            return Error.Stale($"The webhook was changed by someone else (version {subscription.Version}, you sent {expected}). Reload it and try again.");
        db.Remove(subscription);
        if (await rights.DecideAsync(product, Operations.Webhooks.Manage, new DecisionRecord(
                $"Removed the webhook to {Host(subscription.Url)}", "webhook", subscription.Id.ToString()), ct) is { } refused)
            return refused;
        if (await db.SaveOrStaleAsync("The webhook", ct) is { } stale) return stale;
        // Its log goes with it; rows this misses (a node dying here) are orphans the sender's retention pass removes.
        await db.Set<WebhookDelivery>().Where(d => d.SubscriptionId == id).ExecuteDeleteAsync(ct);
        return Unit.Value;
    }

    /// <summary>The subscription's deliveries, newest first: event, status, attempts and the last attempt's answer, time and error.</summary>
    public async Task<Result<IReadOnlyList<WebhookDeliveryDto>>> DeliveriesAsync(string productKey, Guid id, int? limit, CancellationToken ct)
    {
        if ((await LoadAsync(productKey, id, Operations.Webhooks.Read, ct)).Failed(out var error, out _)) return error;
        var take = Math.Clamp(limit ?? 50, 1, MaxLog);
        var rows = await db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.SubscriptionId == id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(take).ToListAsync(ct);
        return rows.Select(ToDto).ToList();
    }

    /// <summary>Sends the delivery's event again as a new delivery (same event id and body), at the sender's next pass.</summary>
    public async Task<Result<WebhookDeliveryDto>> RedeliverAsync(string productKey, Guid id, Guid deliveryId, CancellationToken ct)
    {
        if ((await LoadAsync(productKey, id, Operations.Webhooks.Deliver, ct)).Failed(out var error, out var found)) return error;
        var delivery = await db.Set<WebhookDelivery>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId && d.SubscriptionId == id, ct);
        if (delivery is null || !await db.Set<WebhookEvent>().AnyAsync(e => e.Id == delivery.EventId, ct))
            return Error.NotFound($"This webhook has no delivery {deliveryId} (deliveries are kept {options.Value.RetentionDays} days).");
        var again = NewDelivery(found.Subscription, delivery.EventId, delivery.EventType);
        db.Add(again);
        await db.SaveChangesAsync(ct);
        return ToDto(again);
    }

    /// <summary>Queues a <c>ping</c> event to this one subscription, to try the receiver and its signature check.</summary>
    public async Task<Result<WebhookDeliveryDto>> PingAsync(string productKey, Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(productKey, id, Operations.Webhooks.Deliver, ct)).Failed(out var error, out var found)) return error;
        var (subscription, product) = found;
        var ping = WebhookOutbox.Event(product.WorkspaceId, product.Id, product.Key, WebhookEvents.Ping,
            new { webhook = subscription.Id, by = new { id = me.UserId, name = me.DisplayName } }, clock.GetUtcNow());
        db.Add(ping);
        var delivery = NewDelivery(subscription, ping.Id, ping.Type);
        db.Add(delivery);
        await db.SaveChangesAsync(ct);
        return ToDto(delivery);
    }

    private WebhookDelivery NewDelivery(WebhookSubscription subscription, Guid eventId, string type)
    {
        var now = clock.GetUtcNow();
        return new WebhookDelivery
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = subscription.WorkspaceId, ProductId = subscription.ProductId, SubscriptionId = subscription.Id,
            EventId = eventId, EventType = type, CreatedAt = now, NextAttemptAt = now,
        };
    }

    private async Task<Result<(WebhookSubscription Subscription, Product Product)>> LoadAsync(string productKey, Guid id, Operation operation, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, operation, ct)).Failed(out var error, out var product)) return error;
        var subscription = await db.Set<WebhookSubscription>().FirstOrDefaultAsync(s => s.Id == id && s.ProductId == product.Id, ct);
        if (subscription is null) return Error.NotFound($"{product.Key} has no webhook {id}.");
        return (subscription, product);
    }

    private string? CheckUrl(string? url, Validation validation)
    {
        if (WebhookUrls.Problem(url, options.Value.AllowPrivateNetworks) is { } problem)
        {
            validation.Add("url", problem);
            return null;
        }
        return url!.Trim();
    }

    private static List<string>? CheckEvents(IReadOnlyList<string>? events, Validation validation)
    {
        var given = (events ?? []).Select(e => e?.Trim().ToLowerInvariant() ?? "").Distinct().ToList();
        if (given.Count == 0)
        {
            validation.Add("events", $"Name at least one event: {string.Join(", ", WebhookEvents.All)}.");
            return null;
        }
        var unknown = given.Where(e => !WebhookEvents.All.Contains(e)).ToList();
        if (unknown.Count > 0)
        {
            var shown = string.Join(", ", unknown.Take(5).Select(u => u.Length > 40 ? u[..40] + "…" : u));
            validation.Add("events", $"Unknown event {shown}; the events are {string.Join(", ", WebhookEvents.All)}.");
            return null;
        }
        return WebhookEvents.All.Where(given.Contains).ToList();
    }

    private static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : url;

    private static WebhookDto ToDto(WebhookSubscription s, Product product) =>
        new(s.Id, product.Key, s.Url, s.EventList, s.Enabled, s.DisabledReason, s.FailingSince, s.CreatedAt, s.UpdatedAt, s.Version);

    private static WebhookDeliveryDto ToDto(WebhookDelivery d) =>
        new(d.Id, d.EventId, d.EventType, d.Status, d.Attempts, d.ResponseCode, d.DurationMs, d.Error, d.CreatedAt, d.LastAttemptAt,
            d.Status == WebhookDelivery.Pending ? d.NextAttemptAt : null, d.CompletedAt);
}
