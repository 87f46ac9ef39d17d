using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Estimation;
using Tandem.Domain.Products;

namespace Tandem.Application.Data;

/// <summary>
/// Counters that move after every committed write that changes what a cached read returns: one per
/// product's backlog list, one for products (lookup by key), one for role assignments, one for
/// people's display names. A reader takes the counter before it queries and caches under it; a writer
/// moves it after its commit, so nothing cached from data older than a write is found again.
/// In-process: one web node only (ADR 0009).
/// </summary>
public sealed class ChangeVersions
{
    private readonly ConcurrentDictionary<Guid, long> _backlogs = new();
    private long _products;
    private long _roles;
    private long _people;

    /// <summary>Differs per process, so an entity tag from before a restart never matches a counter after it.</summary>
    public string Epoch { get; } = Guid.NewGuid().ToString("N")[..8];

    public long Backlog(Guid productId) => _backlogs.TryGetValue(productId, out var version) ? version : 0;
    public long Products => Volatile.Read(ref _products);
    public long Roles => Volatile.Read(ref _roles);
    public long People => Volatile.Read(ref _people);

    internal void Publish(PendingChanges changes)
    {
        foreach (var product in changes.Backlogs) _backlogs.AddOrUpdate(product, 1, (_, v) => v + 1);
        if (changes.Products) Interlocked.Increment(ref _products);
        if (changes.Roles) Interlocked.Increment(ref _roles);
        if (changes.People) Interlocked.Increment(ref _people);
    }
}

/// <summary>What a unit of work changed, collected before SaveChanges and published after the commit.</summary>
internal sealed class PendingChanges
{
    public HashSet<Guid> Backlogs { get; } = [];
    public bool Products { get; set; }
    public bool Roles { get; set; }
    public bool People { get; set; }
    public bool IsEmpty => Backlogs.Count == 0 && !Products && !Roles && !People;

    public void Clear()
    {
        Backlogs.Clear();
        Products = Roles = People = false;
    }

    /// <summary>Every entity that feeds a backlog summary, a product lookup or an actor's roles.</summary>
    public void Collect(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (entry.Entity)
            {
                case BacklogItem item:
                    Backlogs.Add(item.ProductId);
                    if (entry.State == EntityState.Modified && entry.Property(nameof(BacklogItem.ProductId)).OriginalValue is Guid before)
                        Backlogs.Add(before);
                    break;
                case ItemLabel label:
                    Backlogs.Add(label.ProductId);
                    break;
                // The "needs an assessment" filter reads them.
                case TechnicalAssessment assessment:
                    Backlogs.Add(assessment.ProductId);
                    break;
                case Product product:
                    Products = true;
                    Backlogs.Add(product.Id);
                    break;
                case RoleAssignment:
                    Roles = true;
                    break;
                // Summaries show assignees by display name; sign-ins also update users, but not their names.
                case TandemUser when entry.State != EntityState.Modified || entry.Property(nameof(TandemUser.DisplayName)).IsModified:
                    People = true;
                    Roles |= entry.State == EntityState.Deleted;
                    break;
            }
        }
    }
}

/// <summary>Publishes a context's pending changes when its explicit transaction commits (or rolls back, which costs only a cache miss).</summary>
internal sealed class ChangeVersionsInterceptor : DbTransactionInterceptor
{
    public static readonly ChangeVersionsInterceptor Instance = new();

    public override void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as TandemDbContext)?.PublishChanges();

    public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as TandemDbContext)?.PublishChanges();
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as TandemDbContext)?.PublishChanges();

    public override Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as TandemDbContext)?.PublishChanges();
        return Task.CompletedTask;
    }
}
