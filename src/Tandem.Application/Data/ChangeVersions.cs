using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Estimation;
using Tandem.Domain.Nfrs;
using Tandem.Domain.Products;

namespace Tandem.Application.Data;

/// <summary>
/// Counters that move after every committed write that changes what a cached read returns: one per
/// product's backlog list, one for products (lookup by key), one for role assignments, one for
/// people's display names, and the item details' (ADR 0025). A reader takes the counter before it
/// queries and caches under it; a writer moves it after its commit, so nothing cached from data older
/// than a write is found again. In-process; with several web nodes every node's counters move for every
/// node's writes through the invalidation channel (<see cref="Attach"/>, <see cref="Apply"/>, ADR 0032).
/// </summary>
public sealed class ChangeVersions
{
    private readonly ConcurrentDictionary<Guid, long> _backlogs = new();
    private readonly ConcurrentDictionary<Guid, long> _details = new();
    private readonly ConcurrentDictionary<Guid, long> _workspaceDetails = new();
    // One item's own detail (its row, criteria, comments, history, labels, links, assessment): issue 12, eighth pass.
    private readonly ConcurrentDictionary<Guid, long> _items = new();
    private int _itemCount;
    private readonly Lock _forgetting = new();
    private long _detailsClock;
    private long _products;
    private long _roles;
    private long _people;
    private long _accounts;
    // Added to every counter but the details' (whose floor is _detailsFloor): moving it drops everything cached.
    private long _shift;
    private long _detailsFloor;
    private volatile bool _suspended;
    private Action<ChangeNotice>? _send;

    /// <summary>Differs per process, so an entity tag from before a restart never matches a counter after it.</summary>
    public string Epoch { get; } = Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// False while the invalidation channel is down (ADR 0032): every counter read then answers a value
    /// never answered before, so nothing is served from a cache and nothing stored is found again.
    /// </summary>
    public bool Trusted => !_suspended;

    public long Backlog(Guid productId) => (_backlogs.TryGetValue(productId, out var version) ? version : 0) + Shift();
    public long Products => Volatile.Read(ref _products) + Shift();
    public long Roles => Volatile.Read(ref _roles) + Shift();
    public long People => Volatile.Read(ref _people) + Shift();

    /// <summary>
    /// Moves on every committed write to an account, a personal access token (but its last use) or a workspace:
    /// the authentication caches (ADR 0042) serve a token's holder or a session's account only under it.
    /// </summary>
    public long Accounts => Volatile.Read(ref _accounts) + Shift();

    /// <summary>
    /// Moves on every committed write that one of the product's item details reads. Its value is the
    /// <see cref="DetailsClock"/> at that write, so a reader that learns the product only from the item
    /// it loaded can tell whether the product changed after it started (ADR 0025).
    /// </summary>
    public long ItemDetails(Guid productId) => Math.Max(_details.TryGetValue(productId, out var version) ? version : 0, DetailsFloor());

    /// <summary>Moves on a write to an item's criteria, links, comments or history whose product this process could not tell.</summary>
    public long ItemDetailsInWorkspace(Guid workspaceId) => Math.Max(_workspaceDetails.TryGetValue(workspaceId, out var version) ? version : 0, DetailsFloor());

    /// <summary>
    /// Moves on every committed write to what only this item's detail shows: its own row (but its title or key, which
    /// other items' details show too, and which move <see cref="ItemDetails"/>), its criteria, comments, history,
    /// labels, links and assessment. A detail is served only while this and the product's version are both unchanged.
    /// </summary>
    public long ItemDetail(Guid itemId) => Math.Max(_items.TryGetValue(itemId, out var version) ? version : 0, DetailsFloor());

    /// <summary>
    /// How many items' versions are kept before they are all forgotten at once (every detail cached so far is then
    /// read again): about 4 MiB at most, whatever the number of items written since the start.
    /// </summary>
    public const int TrackedItems = 65_536;

    /// <summary>Counts every move of an item-details version; read it before the first query.</summary>
    public long DetailsClock => Volatile.Read(ref _detailsClock);

    /// <summary>Where this process's own changes go after they are applied here (the other nodes, ADR 0032).</summary>
    public void Attach(Action<ChangeNotice> send) => _send = send;

    /// <summary>A change another node committed: moves the same counters its own publication moved there.</summary>
    public void Apply(ChangeNotice notice) => ApplyNotice(notice, null);

    private void ApplyNotice(ChangeNotice notice, Dictionary<Guid, ItemAdvance>? advanced)
    {
        if (notice.Reset) { DropAll(); return; }
        if (notice.Items is { } items)
        {
            // A notice that names its items: the products' details move only for what other items' details show.
            foreach (var product in notice.ProductDetails ?? []) Advance(_details, product);
            foreach (var item in items)
            {
                var before = AdvanceItem(item, out var after);
                if (advanced is not null) advanced[item] = new ItemAdvance(before, after);
            }
        }
        else
        {
            // From a node of the version before: every change to a backlog or an item moves its product's details.
            foreach (var product in notice.Backlogs.Concat(notice.Details).Distinct()) Advance(_details, product);
            foreach (var workspace in notice.DetailWorkspaces) Advance(_workspaceDetails, workspace);
        }
        foreach (var product in notice.Backlogs) _backlogs.AddOrUpdate(product, 1, (_, v) => v + 1);
        if (notice.Products) Interlocked.Increment(ref _products);
        if (notice.Roles) Interlocked.Increment(ref _roles);
        if (notice.People) Interlocked.Increment(ref _people);
        if (notice.Accounts) Interlocked.Increment(ref _accounts);
    }

    /// <summary>The channel is lost: stop serving from the caches until <see cref="Resume"/>.</summary>
    public void Suspend()
    {
        _suspended = true;
        DropAll();
    }

    /// <summary>The channel is back: what was cached before is never served (writes were missed meanwhile), new reads cache again.</summary>
    public void Resume()
    {
        DropAll();
        _suspended = false;
    }

    /// <summary>Moves every counter at once, so no entry cached so far is found again.</summary>
    public void DropAll()
    {
        var now = Interlocked.Increment(ref _detailsClock);
        InterlockedMax(ref _detailsFloor, now);
        Interlocked.Increment(ref _shift);
    }

    /// <summary>
    /// Applies a unit of work's changes here and sends them to the other nodes. Each item's version before and after
    /// is set in <paramref name="advanced"/>: a writer that answers from the detail it had can tell that nobody else
    /// changed the item between its read and its own change (<see cref="Backlog.ItemDetailCache"/>).
    /// </summary>
    internal void Publish(PendingChanges changes, Dictionary<Guid, ItemAdvance> advanced)
    {
        var notice = new ChangeNotice([.. changes.Backlogs], [.. changes.Details], [.. changes.DetailWorkspaces], changes.Products, changes.Roles, changes.People,
            Accounts: changes.Accounts, Items: [.. changes.Items], ProductDetails: [.. changes.ProductDetails]);
        ApplyNotice(notice, advanced);
        _send?.Invoke(notice);
    }

    // Answers the item's version before this move, and in after the tick of this move (which the item's version is not, when
    // another move with a later tick got there first: a writer then sees a version that is not its own).
    private long AdvanceItem(Guid item, out long after)
    {
        var now = Interlocked.Increment(ref _detailsClock);
        after = now;
        while (true)
        {
            if (_items.TryGetValue(item, out var was))
            {
                if (was >= now || _items.TryUpdate(item, now, was)) return was;
                continue;
            }
            if (_items.TryAdd(item, now))
            {
                if (Interlocked.Increment(ref _itemCount) > TrackedItems) ForgetItems();
                return 0;
            }
        }
    }

    // Raised before and after the clear: an item's version read meanwhile is never below one it had.
    private void ForgetItems()
    {
        lock (_forgetting)
        {
            if (Volatile.Read(ref _itemCount) <= TrackedItems) return;
            InterlockedMax(ref _detailsFloor, Interlocked.Increment(ref _detailsClock));
            _items.Clear();
            Volatile.Write(ref _itemCount, 0);
            InterlockedMax(ref _detailsFloor, Interlocked.Increment(ref _detailsClock));
        }
    }

    private long Shift() => _suspended ? Interlocked.Increment(ref _shift) : Volatile.Read(ref _shift);

    // Suspended, every details version is a fresh tick of the clock: above any clock a reader took before it.
    private long DetailsFloor()
    {
        if (!_suspended) return Volatile.Read(ref _detailsFloor);
        var now = Interlocked.Increment(ref _detailsClock);
        InterlockedMax(ref _detailsFloor, now);
        return now;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var seen = Volatile.Read(ref target);
        while (seen < value)
        {
            var was = Interlocked.CompareExchange(ref target, value, seen);
            if (was == seen) return;
            seen = was;
        }
    }

    // The clock moves before the version, so a reader that sees the new version also sees a clock past its start.
    private void Advance(ConcurrentDictionary<Guid, long> versions, Guid id)
    {
        var now = Interlocked.Increment(ref _detailsClock);
        versions.AddOrUpdate(id, now, (_, v) => Math.Max(v, now));
    }
}

/// <summary>
/// What one committed unit of work moved, as sent to the other web nodes (ADR 0032); <see cref="Reset"/>
/// asks them to drop everything (a node that could not tell them of its writes says so once it can).
/// <see cref="Accounts"/> is optional, so a node from before it still reads the others' notices.
/// <see cref="Items"/> and <see cref="ProductDetails"/> (issue 12, eighth pass) name the items whose own details changed and the
/// products whose every detail did; a node that reads them ignores <see cref="Details"/> and <see cref="DetailWorkspaces"/>, which
/// say the same as the version before did, for the nodes of that version.
/// </summary>
public sealed record ChangeNotice(Guid[] Backlogs, Guid[] Details, Guid[] DetailWorkspaces, bool Products, bool Roles, bool People, bool Reset = false, bool Accounts = false,
    Guid[]? Items = null, Guid[]? ProductDetails = null)
{
    /// <summary>Drop everything cached.</summary>
    public static ChangeNotice DropAll { get; } = new([], [], [], false, false, false, true);
}

/// <summary>An item's detail version before and after a unit of work moved it (<see cref="ChangeVersions.Publish"/>).</summary>
internal readonly record struct ItemAdvance(long Before, long After);

/// <summary>What a unit of work changed, collected before SaveChanges and published after the commit.</summary>
internal sealed class PendingChanges
{
    public HashSet<Guid> Backlogs { get; } = [];
    /// <summary>Products whose item details changed beyond what <see cref="Backlogs"/> already says.</summary>
    public HashSet<Guid> Details { get; } = [];
    /// <summary>Workspaces with a change to an item's details whose product is not known here.</summary>
    public HashSet<Guid> DetailWorkspaces { get; } = [];
    /// <summary>Items whose own detail changed (<see cref="ChangeVersions.ItemDetail"/>).</summary>
    public HashSet<Guid> Items { get; } = [];
    /// <summary>Products whose every item detail changed: what other items' details show (titles, keys, the Definition of Done, NFRs).</summary>
    public HashSet<Guid> ProductDetails { get; } = [];
    public bool Products { get; set; }
    public bool Roles { get; set; }
    public bool People { get; set; }
    /// <summary>An account, a personal access token or a workspace changed (ADR 0042).</summary>
    public bool Accounts { get; set; }
    public bool IsEmpty => Backlogs.Count == 0 && Details.Count == 0 && DetailWorkspaces.Count == 0 && Items.Count == 0 && ProductDetails.Count == 0
        && !Products && !Roles && !People && !Accounts;

    public void Clear()
    {
        Empty(Backlogs);
        Empty(Details);
        Empty(DetailWorkspaces);
        Empty(Items);
        Empty(ProductDetails);
        Products = Roles = People = Accounts = false;
    }

    // A pooled context lives for the server's life: a set that once held a respread's 2,048 items gives the room back.
    private static void Empty(HashSet<Guid> set)
    {
        var large = set.Count > 64;
        set.Clear();
        if (large) set.TrimExcess();
    }

    /// <summary>Every entity that feeds a backlog summary, an item's detail, a product lookup or an actor's roles.</summary>
    public void Collect(ChangeTracker tracker)
    {
        var entries = tracker.Entries().ToList();
        // Criteria, links, comments and history name only their item: its product is known when the item is
        // tracked too (the handlers that write them load it), else the whole workspace's details move.
        // (That is for the nodes of the version before, ChangeNotice; this version moves the items' own versions.)
        Dictionary<Guid, Guid>? products = null;
        void ItemChanged(Guid workspaceId, Guid itemId, Guid? otherItemId = null)
        {
            Items.Add(itemId);
            if (otherItemId is { } otherEnd) Items.Add(otherEnd);
            products ??= entries.Where(e => e.Entity is BacklogItem).Select(e => (BacklogItem)e.Entity).DistinctBy(i => i.Id).ToDictionary(i => i.Id, i => i.ProductId);
            if (products.TryGetValue(itemId, out var productId) || (otherItemId is { } other && products.TryGetValue(other, out productId))) Details.Add(productId);
            else DetailWorkspaces.Add(workspaceId);
        }
        foreach (var entry in entries)
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (entry.Entity)
            {
                case BacklogItem item:
                    Backlogs.Add(item.ProductId);
                    Items.Add(item.Id);
                    // Other items' details show its key and title (links, epic, spike); a new item is in none of them yet.
                    if (entry.State == EntityState.Deleted) ProductDetails.Add(item.ProductId);
                    else if (entry.State == EntityState.Modified && (entry.Property(nameof(BacklogItem.Title)).IsModified
                        || entry.Property(nameof(BacklogItem.Key)).IsModified || entry.Property(nameof(BacklogItem.ProductId)).IsModified))
                        ProductDetails.Add(item.ProductId);
                    if (entry.State == EntityState.Modified && entry.Property(nameof(BacklogItem.ProductId)) is { IsModified: true, OriginalValue: Guid before })
                    {
                        Backlogs.Add(before);
                        ProductDetails.Add(before);
                    }
                    break;
                case ItemLabel label:
                    Backlogs.Add(label.ProductId);
                    Items.Add(label.ItemId);
                    break;
                // The "needs an assessment" filter reads them.
                case TechnicalAssessment assessment:
                    Backlogs.Add(assessment.ProductId);
                    Items.Add(assessment.ItemId);
                    break;
                case Product product:
                    Products = true;
                    Backlogs.Add(product.Id);
                    ProductDetails.Add(product.Id);
                    break;
                case RoleAssignment:
                    Roles = true;
                    break;
                // Which products have webhook subscriptions is cached under the products' version (ADR 35).
                case Webhooks.WebhookSubscription:
                    Products = true;
                    break;
                // What an item's detail reads besides the item, its labels and assessment (ADR 0025).
                case AcceptanceCriterion criterion:
                    ItemChanged(criterion.WorkspaceId, criterion.ItemId);
                    break;
                case ItemLink link:
                    ItemChanged(link.WorkspaceId, link.SourceId, link.TargetId);
                    break;
                case ItemComment comment:
                    ItemChanged(comment.WorkspaceId, comment.ItemId);
                    break;
                case ItemActivity activity:
                    ItemChanged(activity.WorkspaceId, activity.ItemId);
                    break;
                case DefinitionEntry definition:
                    Details.Add(definition.ProductId);
                    ProductDetails.Add(definition.ProductId);
                    break;
                case Nfr nfr:
                    Details.Add(nfr.ProductId);
                    ProductDetails.Add(nfr.ProductId);
                    break;
                case NfrLink nfrLink:
                    Details.Add(nfrLink.ProductId);
                    ProductDetails.Add(nfrLink.ProductId);
                    break;
                // Summaries show assignees by display name; sign-ins also update users, but not their names.
                // Any change to an account may end its sessions or tokens, or change its claims (ADR 0042).
                case TandemUser:
                    Accounts = true;
                    if (entry.State != EntityState.Modified || entry.Property(nameof(TandemUser.DisplayName)).IsModified)
                    {
                        People = true;
                        Roles |= entry.State == EntityState.Deleted;
                    }
                    break;
                // A revocation or a new expiry ends a cached token; recording its last use alone does not (ADR 0042).
                case AccessTokens.PersonalAccessToken when entry.State == EntityState.Deleted || (entry.State == EntityState.Modified
                    && entry.Properties.Any(p => p.IsModified && p.Metadata.Name != nameof(AccessTokens.PersonalAccessToken.LastUsedAt))):
                    Accounts = true;
                    break;
                case Domain.Workspaces.Workspace:
                    Accounts = true;
                    break;
            }
        }
    }
}

/// <summary>Publishes a context's pending changes when its explicit transaction commits (or rolls back, or fails to commit, which costs only a cache miss).</summary>
internal sealed class ChangeVersionsInterceptor : DbTransactionInterceptor
{
    public static readonly ChangeVersionsInterceptor Instance = new();

    // Before a transaction begins or is joined, the context learns that it may have one (TandemDbContext.InTransaction).
    public override InterceptionResult<System.Data.Common.DbTransaction> TransactionStarting(System.Data.Common.DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<System.Data.Common.DbTransaction> result)
    {
        (eventData.Context as TandemDbContext)?.TransactionSeen();
        return result;
    }

    public override ValueTask<InterceptionResult<System.Data.Common.DbTransaction>> TransactionStartingAsync(System.Data.Common.DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<System.Data.Common.DbTransaction> result, CancellationToken cancellationToken = default)
    {
        (eventData.Context as TandemDbContext)?.TransactionSeen();
        return ValueTask.FromResult(result);
    }

    public override System.Data.Common.DbTransaction TransactionUsed(System.Data.Common.DbConnection connection, TransactionEventData eventData, System.Data.Common.DbTransaction result)
    {
        (eventData.Context as TandemDbContext)?.TransactionSeen();
        return result;
    }

    public override ValueTask<System.Data.Common.DbTransaction> TransactionUsedAsync(System.Data.Common.DbConnection connection, TransactionEventData eventData, System.Data.Common.DbTransaction result, CancellationToken cancellationToken = default)
    {
        (eventData.Context as TandemDbContext)?.TransactionSeen();
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) =>
        Committed(eventData.Context as TandemDbContext);

    public override Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context as TandemDbContext);
        return Task.CompletedTask;
    }

    private static void Committed(TandemDbContext? context)
    {
        context?.Committed();
        context?.PublishChanges();
    }

    public override void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as TandemDbContext)?.PublishChanges();

    public override Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as TandemDbContext)?.PublishChanges();
        return Task.CompletedTask;
    }

    // A commit that throws may still have committed: the connection dropped after the server took it, or the request
    // was abandoned while it ran. Nobody can tell here, so the versions move (a cache miss at worst); kept back, a page
    // cached before the change could be served after it until some other change to the same data.
    public override void TransactionFailed(System.Data.Common.DbTransaction transaction, TransactionErrorEventData eventData) =>
        (eventData.Context as TandemDbContext)?.PublishChanges();

    public override Task TransactionFailedAsync(System.Data.Common.DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as TandemDbContext)?.PublishChanges();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Marks a context whose statement ran outside an explicit transaction (ExecuteUpdate, ExecuteDelete, raw SQL) as having
/// committed: such a statement is durable as soon as it returns (<see cref="TandemDbContext.HasCommitted"/>, ADR 46).
/// </summary>
internal sealed class AutocommitWritesInterceptor : DbCommandInterceptor
{
    public static readonly AutocommitWritesInterceptor Instance = new();

    public override int NonQueryExecuted(System.Data.Common.DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Seen(command, eventData);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(System.Data.Common.DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Seen(command, eventData);
        return ValueTask.FromResult(result);
    }

    private static void Seen(System.Data.Common.DbCommand command, CommandExecutedEventData eventData)
    {
        if (command.Transaction is null) (eventData.Context as TandemDbContext)?.Committed();
    }
}
