using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Tandem.Application.Data;
using Tandem.Domain.Backlog;
using Tandem.Domain.Products;

namespace Tandem.Application.Backlog;

/// <summary>
/// A new item as its create answers it: the item as saved, with what its detail shows that the item does not
/// hold (the product's Definition of Done, the names of its creator and assignee), read once for the batch.
/// </summary>
public sealed record CreatedItem(BacklogItem Item, ItemActivity Activity, IReadOnlyList<string> Done, IReadOnlyDictionary<Guid, string> Names);

/// <summary>
/// Combines concurrent creates of one product into one transaction (ADR 41). A product's item numbers are
/// gapless, so its series' row stays locked from the number to the commit's log flush, and creates in one
/// product commit one after another: about 230 a second on a 4 ms flush (ADR 26). Here the creates of a
/// product queue in a lane; the first to arrive leads a batch of one, and while a batch commits the next
/// ones wait, then go together as the next batch, led by the first of them in its own request's scope
/// (group commit, by hand). Each create is still staged in its own request's unit of work, by its own
/// person, and only moved into the leader's for the save. One per process; other nodes still queue on the row.
/// </summary>
public sealed class ItemCreations(ChangeVersions versions)
{
    /// <summary>The most creates one transaction carries; the rest wait for the next batch.</summary>
    public const int MaxBatch = 64;

    private readonly ConcurrentDictionary<Guid, Lane> _lanes = new();

    private sealed class Lane(LaneReads reads)
    {
        public readonly Queue<PendingCreate> Waiting = new();
        public bool Busy;
        public readonly LaneReads Reads = reads;
    }

    /// <summary>
    /// Waits for <paramref name="create"/>'s turn: either another create's batch carries it, or it leads a batch
    /// itself. Not cancellable once queued: a batch may already hold it, and it costs one commit.
    /// </summary>
    internal async Task<Result<CreatedItem>> CreateAsync(PendingCreate create)
    {
        var lane = _lanes.GetOrAdd(create.Product.Id, static (id, versions) => new Lane(new LaneReads(versions, id)), versions);
        IReadOnlyList<PendingCreate>? batch = null;
        lock (lane)
        {
            if (lane.Busy) lane.Waiting.Enqueue(create);
            else
            {
                lane.Busy = true;
                batch = [create];
            }
        }
        batch ??= await create.Turn.Task;
        if (batch is not null)
        {
            try
            {
                await create.Owner.RunBatchAsync(batch, lane.Reads);
            }
            finally
            {
                // Whatever happened, nobody in the batch is left waiting, and the lane passes on.
                foreach (var other in batch) other.Finish();
                HandOver(lane);
            }
        }
        return create.Outcome();
    }

    private static void HandOver(Lane lane)
    {
        List<PendingCreate> next;
        lock (lane)
        {
            if (lane.Waiting.Count == 0)
            {
                lane.Busy = false;
                return;
            }
            next = new List<PendingCreate>(Math.Min(lane.Waiting.Count, MaxBatch));
            while (next.Count < MaxBatch && lane.Waiting.TryDequeue(out var waiting)) next.Add(waiting);
        }
        next[0].Turn.TrySetResult(next);
    }
}

/// <summary>
/// What a product's batches read besides their own rows: the Definition of Done and the creators' names that their
/// answers show. Kept from one batch to the next while neither changed (the product's item-detail version, which every
/// write to its Definition of Done moves, and the people's version, which a change of name moves; ADR 41), so a batch
/// spends no round trip on them in its lane. Only the lane's current leader uses it.
/// </summary>
internal sealed class LaneReads(ChangeVersions versions, Guid productId)
{
    /// <summary>The most names kept for one product; past it the next read starts again from its own batch's.</summary>
    public const int MaxNames = 1_000;

    private sealed record Kept((long Details, long People) Stamp, IReadOnlyList<string> Done, IReadOnlyDictionary<Guid, string> Names);

    private volatile Kept? _kept;

    private static readonly IReadOnlyDictionary<Guid, string> NoNames = new Dictionary<Guid, string>();

    /// <summary>The versions of what these reads show, taken before reading them.</summary>
    public (long Details, long People) Stamp() => (versions.ItemDetails(productId), versions.People);

    /// <summary>The kept reads, when nothing they show changed since and every one of <paramref name="people"/> is named in them.</summary>
    public bool TryGet(IReadOnlyList<Guid> people, out IReadOnlyList<string> done, out IReadOnlyDictionary<Guid, string> names)
    {
        var kept = _kept;
        (done, names) = kept is null ? ([], NoNames) : (kept.Done, kept.Names);
        if (kept is null || kept.Stamp != Stamp()) return false;
        foreach (var person in people)
            if (!kept.Names.ContainsKey(person)) return false;
        return true;
    }

    /// <summary>
    /// Keeps reads taken under <paramref name="stamp"/>, unless something they show changed while they were read
    /// (then they answered their batch and are not kept). Names kept under the same stamp stay beside the new ones.
    /// </summary>
    public void Keep((long Details, long People) stamp, IReadOnlyList<string> done, IReadOnlyDictionary<Guid, string> names)
    {
        if (Stamp() != stamp) return;
        var kept = _kept;
        var all = new Dictionary<Guid, string>(names);
        if (kept is not null && kept.Stamp == stamp && kept.Names.Count + names.Count <= MaxNames)
            foreach (var (person, name) in kept.Names) all.TryAdd(person, name);
        _kept = new Kept(stamp, done, all);
    }
}

/// <summary>One create waiting in its product's lane, with the request scope that stages it.</summary>
internal sealed class PendingCreate(Items owner, Product product, NewItem spec, Guid? assignee, Func<BacklogItem, DateTimeOffset, CancellationToken, Task<Error?>> complete)
{
    public Items Owner { get; } = owner;
    public Product Product { get; } = product;
    public NewItem Spec { get; } = spec;
    public Guid? Assignee { get; } = assignee;

    /// <summary>The creator's own rules and decisions for the numbered item (epic, assignee, business value), in the creator's scope.</summary>
    public Func<BacklogItem, DateTimeOffset, CancellationToken, Task<Error?>> Complete { get; } = complete;

    /// <summary>Null when another create's batch carried this one; the batch to lead when it is this one's turn.</summary>
    public TaskCompletionSource<IReadOnlyList<PendingCreate>?> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Result<CreatedItem>? _result;
    private ExceptionDispatchInfo? _failure;

    public void Succeed(Result<CreatedItem> result) => (_result, _failure) = (result, null);

    public void Fail(Exception failure) => (_result, _failure) = (null, ExceptionDispatchInfo.Capture(failure));

    /// <summary>Forgets an outcome the batch's rollback took back, before the create is tried again alone.</summary>
    public void Reset() => (_result, _failure) = (null, null);

    /// <summary>Wakes the create when another create's batch carried it (a no-op for the leader, who is awake).</summary>
    public void Finish()
    {
        if (_result is null && _failure is null) Fail(new InvalidOperationException("The batch ended without an outcome for this create."));
        Turn.TrySetResult(null);
    }

    public Result<CreatedItem> Outcome()
    {
        _failure?.Throw();
        return _result ?? throw new InvalidOperationException("A create left its lane without an outcome.");
    }
}
