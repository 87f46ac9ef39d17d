using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Tandem.Application.Data;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionLog;
using Tandem.Domain.Releases;
using Tandem.Domain.Sprints;

namespace Tandem.Application.Webhooks;

/// <summary>The event types a subscription may name (ADR 35), and the test ping.</summary>
public static class WebhookEvents
{
    public const string ItemCreated = "item.created";
    public const string ItemChanged = "item.changed";
    public const string ItemMoved = "item.moved";
    public const string ItemAccepted = "item.accepted";
    public const string ItemRejected = "item.rejected";
    public const string DecisionRecorded = "decision.recorded";
    public const string SprintStarted = "sprint.started";
    public const string SprintClosed = "sprint.closed";
    public const string ReleasePublished = "release.published";

    /// <summary>Sent by hand to one subscription to try the receiver; never subscribed to.</summary>
    public const string Ping = "ping";

    public static readonly IReadOnlyList<string> All =
        [ItemCreated, ItemChanged, ItemMoved, ItemAccepted, ItemRejected, DecisionRecorded, SprintStarted, SprintClosed, ReleasePublished];
}

/// <summary>
/// The transactional outbox (ADR 35). <see cref="TandemDbContext"/> calls <see cref="Stage"/> in every SaveChanges,
/// before the rows are written: each tracked change that is an event of a product with subscriptions adds a
/// <see cref="WebhookEvent"/> and one <see cref="WebhookDelivery"/> per subscriber to the same unit of work, so the
/// event commits with the change or not at all. Which products have subscriptions is cached under the products'
/// change version, which every subscription write moves (on every node): a write to a product without subscriptions
/// costs a dictionary lookup and no query.
/// </summary>
public sealed class WebhookOutbox(ChangeVersions versions, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly HashSet<string> Bookkeeping = [nameof(BacklogItem.UpdatedAt), nameof(BacklogItem.Version), nameof(BacklogItem.Rank)];

    private volatile Routes? _routes;

    private sealed record Subscriber(Guid Id, IReadOnlySet<string> Events);

    private sealed record ProductRoutes(string ProductKey, IReadOnlyList<Subscriber> Subscribers);

    private sealed record Routes(long Version, IReadOnlyDictionary<Guid, ProductRoutes> Products);

    /// <summary>The products with enabled subscriptions, loaded again only after a product or subscription changed.</summary>
    private Routes Current(TandemDbContext db)
    {
        var version = versions.Products;
        var routes = _routes;
        if (routes is not null && routes.Version == version) return routes;
        var rows = db.Set<WebhookSubscription>().IgnoreQueryFilters().AsNoTracking().Where(s => s.Enabled)
            .Join(db.Products.IgnoreQueryFilters(), s => s.ProductId, p => p.Id, (s, p) => new { s.Id, s.ProductId, p.Key, s.Events })
            .ToList();
        routes = new Routes(version, rows.GroupBy(r => r.ProductId).ToDictionary(g => g.Key,
            g => new ProductRoutes(g.First().Key, g.Select(r => new Subscriber(r.Id, r.Events.Split(',').ToHashSet(StringComparer.Ordinal))).ToList())));
        _routes = routes;
        return routes;
    }

    /// <summary>Adds the events of the tracked changes, and their deliveries, to the unit of work about to be saved.</summary>
    public void Stage(TandemDbContext db)
    {
        var routes = Current(db);
        if (routes.Products.Count == 0) return;
        var entries = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        // A save that failed and is tried again must not stage its events twice.
        foreach (var staged in entries.Where(e => e.Entity is WebhookEvent { Captured: true } || e.Entity is WebhookDelivery { Captured: true }))
            staged.State = EntityState.Detached;
        var now = clock.GetUtcNow();
        foreach (var entry in entries)
        {
            switch (entry.Entity)
            {
                case BacklogItem item when routes.Products.TryGetValue(item.ProductId, out var product):
                    foreach (var (type, changes) in ItemEvents(entry, item)) Add(db, product, item.WorkspaceId, item.ProductId, type, ItemData(item, changes), now);
                    break;
                case DecisionLogEntry decision when entry.State == EntityState.Added && routes.Products.TryGetValue(decision.ProductId, out var product):
                    Add(db, product, decision.WorkspaceId, decision.ProductId, WebhookEvents.DecisionRecorded, new
                    {
                        area = EnumText.Slug(decision.Area),
                        operation = decision.Operation,
                        decision.Summary,
                        decision.Reason,
                        actor = new { id = decision.ActorId, name = decision.ActorName },
                        role = decision.Role is { } role ? EnumText.Slug(role) : null,
                        subject = new { type = decision.SubjectType, key = decision.SubjectKey },
                        decision.At,
                    }, now);
                    break;
                case Sprint sprint when entry.State == EntityState.Modified && entry.Property(nameof(Sprint.State)).IsModified
                        && sprint.State is SprintState.Active or SprintState.Closed && routes.Products.TryGetValue(sprint.ProductId, out var product):
                    Add(db, product, sprint.WorkspaceId, sprint.ProductId, sprint.State == SprintState.Active ? WebhookEvents.SprintStarted : WebhookEvents.SprintClosed, new
                    {
                        sprint.Id,
                        sprint.TeamId,
                        sprint.Number,
                        sprint.Name,
                        sprint.Goal,
                        sprint.Start,
                        sprint.End,
                        state = Sprint.Describe(sprint.State),
                        sprint.StartedAt,
                        sprint.ClosedAt,
                        sprint.CommittedPoints,
                        sprint.CompletedPoints,
                        sprint.CommittedItems,
                        sprint.CompletedItems,
                    }, now);
                    break;
                case Release release when entry.State == EntityState.Modified && entry.Property(nameof(Release.Status)).IsModified
                        && release.Status == ReleaseStatus.Released && routes.Products.TryGetValue(release.ProductId, out var product):
                    Add(db, product, release.WorkspaceId, release.ProductId, WebhookEvents.ReleasePublished,
                        new { release.Id, release.Name, release.PlannedOn, release.ReleasedOn }, now);
                    break;
            }
        }
    }

    /// <summary>What an item's change is: created, moved (its rank), accepted, rejected, and changed for any other field.</summary>
    private static IEnumerable<(string Type, IReadOnlyList<string>? Changes)> ItemEvents(EntityEntry entry, BacklogItem item)
    {
        if (entry.State == EntityState.Added)
        {
            yield return (WebhookEvents.ItemCreated, null);
            yield break;
        }
        var modified = entry.Properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)).Select(p => p.Metadata.Name).ToList();
        if (modified.Contains(nameof(BacklogItem.Rank))) yield return (WebhookEvents.ItemMoved, null);
        var status = modified.Contains(nameof(BacklogItem.Status));
        var was = status ? (ItemStatus)entry.Property(nameof(BacklogItem.Status)).OriginalValue! : item.Status;
        string? decided = null;
        if (status && item.Status == ItemStatus.Accepted) decided = WebhookEvents.ItemAccepted;
        else if (status && was == ItemStatus.Done && item.Status == ItemStatus.InProgress && item.RejectionReason is not null) decided = WebhookEvents.ItemRejected;
        if (decided is not null) yield return (decided, null);
        var changes = modified.Where(p => !Bookkeeping.Contains(p) && (decided is null || p is not (nameof(BacklogItem.Status) or nameof(BacklogItem.RejectionReason))))
            .Select(JsonNamingPolicy.CamelCase.ConvertName).ToList();
        if (changes.Count > 0) yield return (WebhookEvents.ItemChanged, changes);
    }

    private static object ItemData(BacklogItem item, IReadOnlyList<string>? changes) => new
    {
        item.Key,
        type = EnumText.Slug(item.Type),
        item.Title,
        status = EnumText.Slug(item.Status),
        item.Rank,
        item.EpicId,
        item.AssigneeId,
        item.Estimate,
        item.BusinessValue,
        item.RejectionReason,
        item.Version,
        item.CreatedAt,
        item.UpdatedAt,
        changes,
    };

    private static void Add(TandemDbContext db, ProductRoutes product, Guid workspaceId, Guid productId, string type, object data, DateTimeOffset now)
    {
        var subscribers = product.Subscribers.Where(s => s.Events.Contains(type)).ToList();
        if (subscribers.Count == 0) return;
        var id = Guid.CreateVersion7(now);
        var payload = JsonSerializer.Serialize(new { id, type, createdAt = now, product = new { key = product.ProductKey }, data }, Json);
        db.Add(new WebhookEvent { Id = id, WorkspaceId = workspaceId, ProductId = productId, Type = type, Payload = payload, CreatedAt = now, Captured = true });
        foreach (var subscriber in subscribers)
        {
            db.Add(new WebhookDelivery
            {
                Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, SubscriptionId = subscriber.Id, EventId = id,
                EventType = type, CreatedAt = now, NextAttemptAt = now, Captured = true,
            });
        }
    }

    /// <summary>A ping's or a hand-made event's body, in the same envelope as the captured events.</summary>
    public static WebhookEvent Event(Guid workspaceId, Guid productId, string productKey, string type, object data, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        var payload = JsonSerializer.Serialize(new { id, type, createdAt = now, product = new { key = productKey }, data }, Json);
        return new WebhookEvent { Id = id, WorkspaceId = workspaceId, ProductId = productId, Type = type, Payload = payload, CreatedAt = now };
    }
}
