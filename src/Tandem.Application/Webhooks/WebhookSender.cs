using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tandem.Application.Data;
using Tandem.Application.Jobs;
using Tandem.Domain.Feedback;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Webhooks;

/// <summary>
/// Drains the outbox (ADR 35): on the node holding the <c>webhook-delivery</c> lease, each run posts the due deliveries,
/// signed, and records each attempt. A delivery is marked delivered only after the receiver answered 2xx and that is
/// saved, so a node killed mid-run leaves it pending and the next holder sends it again: at least once, the event id
/// the receiver's key for idempotency. A failure is retried with exponential back-off until
/// <see cref="WebhookOptions.RetryFor"/> has passed, then marked failed; a receiver that failed in a run is not called
/// again in that run (its other deliveries wait with it), so 20,000 events for a dead receiver cost one timeout per run.
/// A subscription failing for <see cref="WebhookOptions.DisableAfter"/> is disabled and its Product Owners told.
/// </summary>
public sealed partial class WebhookSender(IServiceScopeFactory scopes, IHttpClientFactory http, IDataProtectionProvider protection,
    IOptions<WebhookOptions> settings, TimeProvider clock, IEnumerable<IPageLinks> links, ILogger<WebhookSender> log)
{
    public const string JobName = "webhook-delivery";
    private const int MaxBatchesPerRun = 10;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(10);

    private DateTimeOffset _prunedAt = DateTimeOffset.MinValue;

    /// <summary>The cluster job: every 5 s by default (<c>Tandem:Jobs:webhook-delivery:Every</c>).</summary>
    public static ClusterJob Job(IServiceProvider services) => new(JobName, TimeSpan.FromSeconds(5),
        (scope, ct) => scope.GetRequiredService<WebhookSender>().RunOnceAsync(ct));

    /// <summary>One pass: the retention clean-up when due, then up to ten batches of due deliveries. Answers how many attempts it made.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var options = settings.Value;
        await PruneIfDueAsync(options, ct);
        var attempts = 0;
        for (var batch = 0; batch < MaxBatchesPerRun; batch++)
        {
            var (read, made) = await SendBatchAsync(options, ct);
            attempts += made;
            if (read < options.BatchSize) break;
        }
        return attempts;
    }

    private sealed record Outcome(WebhookSubscription Subscription, bool EndedInFailure, DateTimeOffset? FirstFailureAt);

    private async Task<(int Read, int Attempts)> SendBatchAsync(WebhookOptions options, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var now = clock.GetUtcNow();
        var subscriptions = db.Set<WebhookSubscription>().IgnoreQueryFilters();
        var due = await db.Set<WebhookDelivery>().IgnoreQueryFilters()
            .Where(d => d.Status == WebhookDelivery.Pending && d.NextAttemptAt <= now && subscriptions.Any(s => s.Id == d.SubscriptionId && s.Enabled))
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Take(Math.Max(1, options.BatchSize)).ToListAsync(ct);
        if (due.Count == 0) return (0, 0);
        var subscriptionIds = due.Select(d => d.SubscriptionId).Distinct().ToList();
        var targets = await subscriptions.AsNoTracking().Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var eventIds = due.Select(d => d.EventId).Distinct().ToList();
        var events = await db.Set<WebhookEvent>().IgnoreQueryFilters().AsNoTracking().Where(e => eventIds.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => e.Payload, ct);
        var protector = protection.CreateProtector(WebhooksFeature.SecretPurpose);
        var client = http.CreateClient(WebhookUrls.HttpClientName);
        var attempts = 0;
        var outcomes = new List<Outcome>();
        await Parallel.ForEachAsync(due.GroupBy(d => d.SubscriptionId), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallel), CancellationToken = ct },
            async (group, token) =>
            {
                var subscription = targets[group.Key];
                var secret = protector.Unprotect(subscription.ProtectedSecret);
                WebhookDelivery? failed = null;
                DateTimeOffset? firstFailure = null;
                foreach (var delivery in group)
                {
                    if (failed is not null)
                    {
                        // The receiver failed a moment ago: this one waits with it, without an attempt.
                        delivery.NextAttemptAt = failed.NextAttemptAt;
                        GiveUpIfTooOld(delivery, options, clock.GetUtcNow(), "The receiver kept failing.");
                        continue;
                    }
                    if (!events.TryGetValue(delivery.EventId, out var body))
                    {
                        Finish(delivery, WebhookDelivery.Failed, clock.GetUtcNow(), "The event is no longer kept.");
                        continue;
                    }
                    Interlocked.Increment(ref attempts);
                    if (!await AttemptAsync(client, subscription, secret, delivery, body, options, token))
                    {
                        failed = delivery;
                        firstFailure = delivery.LastAttemptAt;
                    }
                }
                lock (outcomes) outcomes.Add(new Outcome(subscription, failed is not null, firstFailure));
            });
        // The attempts are saved before anything else: a delivered row must not be lost to a later conflict.
        await db.SaveChangesAsync(ct);
        foreach (var outcome in outcomes) await RecordHealthAsync(db, outcome, options, ct);
        return (due.Count, attempts);
    }

    /// <summary>One POST; true when the receiver answered 2xx. Records the attempt on the delivery either way.</summary>
    private async Task<bool> AttemptAsync(HttpClient client, WebhookSubscription subscription, string secret, WebhookDelivery delivery, string body,
        WebhookOptions options, CancellationToken ct)
    {
        var sentAt = clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(secret, sentAt.ToUnixTimeSeconds(), body));
        request.Headers.TryAddWithoutValidation(WebhookSignature.EventIdHeader, delivery.EventId.ToString());
        request.Headers.TryAddWithoutValidation(WebhookSignature.EventHeader, delivery.EventType);
        request.Headers.TryAddWithoutValidation("User-Agent", "Tandem-Webhooks/1");
        var started = Stopwatch.GetTimestamp();
        int? code = null;
        string? error;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(0.1, options.TimeoutSeconds)));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            code = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"The receiver answered {code} {response.ReasonPhrase}.";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            error = $"No answer within {options.TimeoutSeconds:0.#} s.";
        }
        catch (HttpRequestException e)
        {
            error = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
        }
        var now = clock.GetUtcNow();
        delivery.Attempts++;
        delivery.LastAttemptAt = now;
        delivery.ResponseCode = code;
        delivery.DurationMs = (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (error is null)
        {
            Finish(delivery, WebhookDelivery.Delivered, now, null);
            return true;
        }
        delivery.Error = error.Length > WebhookDelivery.ErrorMaxLength ? error[..WebhookDelivery.ErrorMaxLength] : error;
        var wait = Math.Min(options.MaxRetrySeconds, options.FirstRetrySeconds * Math.Pow(2, Math.Min(30, delivery.Attempts - 1)));
        delivery.NextAttemptAt = now + TimeSpan.FromSeconds(wait);
        GiveUpIfTooOld(delivery, options, now, error);
        Failed(log, delivery.EventId, subscription.Id, delivery.Attempts, error);
        return false;
    }

    private static void GiveUpIfTooOld(WebhookDelivery delivery, WebhookOptions options, DateTimeOffset now, string error)
    {
        if (now - delivery.CreatedAt >= options.RetryFor) Finish(delivery, WebhookDelivery.Failed, now, $"Retried for {Describe(options.RetryFor)}; gave up. {error}");
    }

    private static void Finish(WebhookDelivery delivery, string status, DateTimeOffset now, string? error)
    {
        delivery.Status = status;
        delivery.CompletedAt = now;
        delivery.Error = error is { Length: > WebhookDelivery.ErrorMaxLength } ? error[..WebhookDelivery.ErrorMaxLength] : error;
    }

    /// <summary>Keeps when the subscription started failing; disables it (and tells its Product Owners) once that is too long ago.</summary>
    private async Task RecordHealthAsync(TandemDbContext db, Outcome outcome, WebhookOptions options, CancellationToken ct)
    {
        var subscription = outcome.Subscription;
        var rows = db.Set<WebhookSubscription>().IgnoreQueryFilters().Where(s => s.Id == subscription.Id);
        if (!outcome.EndedInFailure)
        {
            if (subscription.FailingSince is not null) await rows.ExecuteUpdateAsync(u => u.SetProperty(s => s.FailingSince, (DateTimeOffset?)null), ct);
            return;
        }
        var since = subscription.FailingSince ?? outcome.FirstFailureAt ?? clock.GetUtcNow();
        if (subscription.FailingSince is null) await rows.Where(s => s.FailingSince == null).ExecuteUpdateAsync(u => u.SetProperty(s => s.FailingSince, since), ct);
        var now = clock.GetUtcNow();
        if (now - since < options.DisableAfter) return;
        db.ChangeTracker.Clear();
        var tracked = await rows.FirstOrDefaultAsync(ct);
        if (tracked is not { Enabled: true }) return;
        tracked.Enabled = false;
        tracked.DisabledReason = $"Disabled by Tandem on {now:yyyy-MM-dd HH:mm} UTC: every delivery has failed since {since:yyyy-MM-dd HH:mm} UTC.";
        tracked.UpdatedAt = now;
        tracked.Version++;
        var product = await db.Products.IgnoreQueryFilters().AsNoTracking().Where(p => p.Id == tracked.ProductId).Select(p => new { p.Key, p.Name }).FirstAsync(ct);
        var owners = await db.RoleAssignments.IgnoreQueryFilters().Where(r => r.ProductId == tracked.ProductId && r.Role == Role.ProductOwner)
            .Select(r => r.UserId).Distinct().ToListAsync(ct);
        if (owners.Count == 0) owners.Add(tracked.CreatedById);
        var link = links.FirstOrDefault()?.Webhooks(product.Key) ?? "";
        var host = Uri.TryCreate(tracked.Url, UriKind.Absolute, out var uri) ? uri.Authority : tracked.Url;
        foreach (var owner in owners)
            db.Notifications.Add(Notification.To(tracked.WorkspaceId, owner,
                $"The webhook of {product.Key} to {host} was disabled: its deliveries have failed since {since:yyyy-MM-dd HH:mm} UTC. Fix the receiver, then enable it again.", link, now));
        if (await db.SaveOrStaleAsync("The webhook", ct) is null) Disabled(log, tracked.Id, product.Key);
    }

    /// <summary>Deletes delivered and failed deliveries past the retention, orphans of removed subscriptions, and events no delivery needs; at most every ten minutes.</summary>
    private async Task PruneIfDueAsync(WebhookOptions options, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - _prunedAt < PruneEvery) return;
        _prunedAt = now;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var cutoff = now - TimeSpan.FromDays(Math.Max(1, options.RetentionDays));
        var deliveries = db.Set<WebhookDelivery>().IgnoreQueryFilters();
        var subscriptions = db.Set<WebhookSubscription>().IgnoreQueryFilters();
        await deliveries.Where(d => d.Status != WebhookDelivery.Pending && d.CompletedAt < cutoff).ExecuteDeleteAsync(ct);
        await deliveries.Where(d => !subscriptions.Any(s => s.Id == d.SubscriptionId)).ExecuteDeleteAsync(ct);
        await db.Set<WebhookEvent>().IgnoreQueryFilters().Where(e => e.CreatedAt < cutoff && !deliveries.Any(d => d.EventId == e.Id)).ExecuteDeleteAsync(ct);
    }

    private static string Describe(TimeSpan span) => span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : $"{span.TotalSeconds:0.#} s";

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Webhook event {EventId} to {Subscription}: attempt {Attempt} failed: {Error}")]
    private static partial void Failed(ILogger logger, Guid eventId, Guid subscription, int attempt, string error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Webhook {Subscription} of {Product} disabled after failing too long; its Product Owners were told")]
    private static partial void Disabled(ILogger logger, Guid subscription, string product);
}
