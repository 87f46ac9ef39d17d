using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Domain.Backlog;
using Tandem.Domain.CodeHosts;
using Tandem.Domain.Common;

namespace Tandem.Application.CodeHosts;

/// <summary>
/// A pull request, merge request or commit that names an item, as its host last told it (ADR 36). Written only by the
/// webhook's upsert (one statement on both databases), so a redelivery or two deliveries at the same instant update
/// the one row rather than adding a second.
/// </summary>
public sealed class CodeLink : IProductOwned
{
    public const string PullRequest = "pull-request";
    public const string MergeRequest = "merge-request";
    public const string Commit = "commit";

    public const string Open = "open";
    public const string Merged = "merged";
    public const string Closed = "closed";

    public const int TitleMaxLength = 300;
    public const int UrlMaxLength = 2000;
    public const int ExternalIdMaxLength = 300;
    public const int AuthorMaxLength = 200;

    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid ProductId { get; set; }
    public Guid ItemId { get; set; }

    /// <summary>The connection that linked it; null once that repository was disconnected (the links stay as history).</summary>
    public Guid? ConnectionId { get; set; }

    /// <summary>"github" or "gitlab".</summary>
    public string Host { get; set; } = "";

    /// <summary><see cref="PullRequest"/>, <see cref="MergeRequest"/> or <see cref="Commit"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>What the host calls it, unique within the host: "acme/payments#42", "acme/payments!7", a commit's SHA.</summary>
    public string ExternalId { get; set; } = "";
    public string Repository { get; set; } = "";

    /// <summary>The pull or merge request's number in its repository; null for a commit.</summary>
    public int? Number { get; set; }
    public string Title { get; set; } = "";
    public string Url { get; set; } = "";

    /// <summary><see cref="Open"/>, <see cref="Merged"/> or <see cref="Closed"/>; a merged one stays merged.</summary>
    public string State { get; set; } = Open;

    /// <summary>Who opened it or wrote the commit, as the host names them; kept from the first event seen.</summary>
    public string Author { get; set; } = "";

    /// <summary>When the host last changed it; an older event never overwrites a newer one.</summary>
    public DateTimeOffset ChangedAt { get; set; }
    public DateTimeOffset LinkedAt { get; set; }

    public static string HostName(CodeHost host) => host == CodeHost.GitHub ? "github" : "gitlab";
}

/// <summary>A webhook delivery already handled, by the host's delivery id, so a replay changes nothing.</summary>
public sealed class CodeHookDelivery : ITenantOwned
{
    public const int DeliveryIdMaxLength = 100;

    public Guid ConnectionId { get; set; }
    public string DeliveryId { get; set; } = "";
    public Guid WorkspaceId { get; set; }
    public string Event { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
}

internal sealed class CodeLinkConfiguration : IEntityTypeConfiguration<CodeLink>
{
    public void Configure(EntityTypeBuilder<CodeLink> builder)
    {
        builder.ToTable("item_code_links");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Host).HasMaxLength(16).IsRequired();
        builder.Property(l => l.Kind).HasMaxLength(16).IsRequired();
        builder.Property(l => l.ExternalId).HasMaxLength(CodeLink.ExternalIdMaxLength).IsRequired();
        builder.Property(l => l.Repository).HasMaxLength(RepositoryConnection.RepositoryMaxLength).IsRequired();
        builder.Property(l => l.Title).HasMaxLength(CodeLink.TitleMaxLength).IsRequired();
        builder.Property(l => l.Url).HasMaxLength(CodeLink.UrlMaxLength).IsRequired();
        builder.Property(l => l.State).HasMaxLength(16).IsRequired();
        builder.Property(l => l.Author).HasMaxLength(CodeLink.AuthorMaxLength).IsRequired();
        // The upsert's conflict target: one row per item and thing on the host, however often and at once it is delivered.
        builder.HasIndex(l => new { l.ItemId, l.Host, l.Kind, l.ExternalId }).IsUnique();
        builder.HasIndex(l => l.ConnectionId);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Cascade);
        // Disconnecting a repository keeps what it linked: the links are history, the connection only their source.
        builder.HasOne<RepositoryConnection>().WithMany().HasForeignKey(l => l.ConnectionId).OnDelete(DeleteBehavior.SetNull).IsRequired(false);
    }
}

internal sealed class CodeHookDeliveryConfiguration : IEntityTypeConfiguration<CodeHookDelivery>
{
    public void Configure(EntityTypeBuilder<CodeHookDelivery> builder)
    {
        builder.ToTable("code_hook_deliveries");
        // The replay check's conflict target.
        builder.HasKey(d => new { d.ConnectionId, d.DeliveryId });
        builder.Property(d => d.DeliveryId).HasMaxLength(CodeHookDelivery.DeliveryIdMaxLength);
        builder.Property(d => d.Event).HasMaxLength(64).IsRequired();
        builder.HasIndex(d => d.ReceivedAt);
        builder.HasOne<RepositoryConnection>().WithMany().HasForeignKey(d => d.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RepositoryConnectionConfiguration : IEntityTypeConfiguration<RepositoryConnection>
{
    public void Configure(EntityTypeBuilder<RepositoryConnection> builder)
    {
        builder.ToTable("repository_connections");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Host).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Repository).HasMaxLength(RepositoryConnection.RepositoryMaxLength).IsRequired();
        builder.Property(c => c.ProtectedSecret).HasMaxLength(2000).IsRequired();
        builder.HasIndex(c => c.ProductId);
    }
}

/// <summary>
/// Forgets delivery ids after <see cref="Keep"/>, once a day across the cluster: a host redelivers within days
/// (GitHub keeps deliveries for three), so older ids guard nothing and would grow without end.
/// </summary>
public static class CodeHookDeliveryPruning
{
    public const string Name = "code-hook-delivery-pruning";

    public static readonly TimeSpan Keep = TimeSpan.FromDays(30);

    public static Jobs.ClusterJob Create(IServiceProvider services) => new(Name, TimeSpan.FromDays(1), async (scope, ct) =>
    {
        var db = scope.GetRequiredService<Data.TandemDbContext>();
        var before = scope.GetRequiredService<TimeProvider>().GetUtcNow() - Keep;
        await db.Set<CodeHookDelivery>().IgnoreQueryFilters().Where(d => d.ReceivedAt < before).ExecuteDeleteAsync(ct);
    });
}
