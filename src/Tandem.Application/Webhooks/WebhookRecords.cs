using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Common;

namespace Tandem.Application.Webhooks;

/// <summary>
/// A product's subscription of a receiver URL to some of its events (ADR 35). The signing secret is kept protected
/// by ASP.NET Core data protection (whose keys live in the database, so every node can sign); it is shown once, when
/// the subscription is created.
/// </summary>
public sealed class WebhookSubscription : IProductOwned
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid ProductId { get; set; }
    public string Url { get; set; } = "";

    /// <summary>The event types, comma-separated in <see cref="WebhookEvents.All"/>'s order.</summary>
    public string Events { get; set; } = "";
    public string ProtectedSecret { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public string? DisabledReason { get; set; }

    /// <summary>When the first of the attempts that have failed since the last success failed; null while it works.</summary>
    public DateTimeOffset? FailingSince { get; set; }
    public Guid CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; } = 1;

    public IReadOnlyList<string> EventList => Events.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// One event in the outbox: stored in the transaction of the change it describes (<see cref="WebhookOutbox"/>), with
/// the body every delivery of it sends, so a redelivery sends the same bytes. Its id is the receiver's idempotency key.
/// </summary>
public sealed class WebhookEvent : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid ProductId { get; set; }
    public string Type { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Staged by the outbox in this unit of work (not saved): a retried save drops it before staging again.</summary>
    public bool Captured { get; set; }
}

/// <summary>One event to one subscription: pending until a 2xx answer, failed after the retry window; the log shows its last attempt.</summary>
public sealed class WebhookDelivery : ITenantOwned
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid ProductId { get; set; }
    public Guid SubscriptionId { get; set; }
    public Guid EventId { get; set; }
    public string EventType { get; set; } = "";
    public string Status { get; set; } = Pending;
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public int? ResponseCode { get; set; }
    public int? DurationMs { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Staged by the outbox in this unit of work (not saved).</summary>
    public bool Captured { get; set; }

    public const int ErrorMaxLength = 500;
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("webhook_subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Url).HasMaxLength(WebhookUrls.MaxLength).IsRequired();
        builder.Property(s => s.Events).HasMaxLength(1000).IsRequired();
        builder.Property(s => s.ProtectedSecret).HasMaxLength(2000).IsRequired();
        builder.Property(s => s.DisabledReason).HasMaxLength(500);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Ignore(s => s.EventList);
        builder.HasIndex(s => s.ProductId);
    }
}

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.ToTable("webhook_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Type).HasMaxLength(40).IsRequired();
        builder.Property(e => e.Payload).IsRequired();
        builder.Ignore(e => e.Captured);
        // The retention pass deletes by age.
        builder.HasIndex(e => e.CreatedAt);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.EventType).HasMaxLength(40).IsRequired();
        builder.Property(d => d.Status).HasMaxLength(16).IsRequired();
        builder.Property(d => d.Error).HasMaxLength(WebhookDelivery.ErrorMaxLength);
        builder.Ignore(d => d.Captured);
        // The sender's poll: pending rows that are due, oldest first; 20,000 waiting for a dead receiver stay one range scan.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        // The delivery log of one subscription, newest first.
        builder.HasIndex(d => new { d.SubscriptionId, d.CreatedAt });
        builder.HasIndex(d => d.EventId);
    }
}
