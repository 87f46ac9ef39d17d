using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Domain.Backlog;
using Tandem.Domain.Products;

namespace Tandem.Application.Backlog;

// Creating one item at the bottom through the product's combiner (ADR 41).
public sealed partial class Items
{
    /// <summary>
    /// Creates one item at the bottom of the backlog, numbered and saved with the creates of the same product
    /// that arrive meanwhile (<see cref="ItemCreations"/>). The item and its first activity line are staged in
    /// this request's unit of work, by this request's person; <paramref name="complete"/> applies the creator's
    /// own changes and decisions to the numbered item in this scope too. Validate before calling: a create that
    /// fails here still costs its batch a statement. A batch whose save fails is tried again one create at a
    /// time, so one bad create never fails the others.
    /// </summary>
    public Task<Result<CreatedItem>> CreateAtBottomAsync(Product product, NewItem spec, Guid? assignee,
        Func<BacklogItem, DateTimeOffset, CancellationToken, Task<Error?>> complete) =>
        creations.CreateAsync(new PendingCreate(this, product, spec, assignee, complete));

    /// <summary>Forgets the decisions this scope staged for a batch that was rolled back (they are staged again on the retry).</summary>
    private void DiscardDecisions() => rights.DiscardStaged();

    /// <summary>Who this scope acts for: the creator of the items it stages.</summary>
    private Guid PersonId => me.UserId;

    /// <summary>The item <paramref name="spec"/> would make, unsaved, for checking the model's rules before a create joins a batch.</summary>
    public Result<BacklogItem> Draft(Product product, NewItem spec) =>
        Rules.Create(() => BacklogItem.Create(product.WorkspaceId, product.Id, product.Key, 1, spec.Type, spec.Title, spec.Description, Rank.Spread(1)[0], me.UserId, clock.GetUtcNow()));

    /// <summary>
    /// Saves a batch in this (the leader's) scope: the Definition of Done and the creators' names unless the lane kept
    /// them, one number statement with the bottom read, one save, one commit.
    /// The batch's outcome is set on each create; an exception means the batch saved nothing.
    /// </summary>
    internal async Task RunBatchAsync(IReadOnlyList<PendingCreate> batch, LaneReads reads)
    {
        // The batch runs to its end whatever its requests' clients do: it carries other people's creates.
        var ct = CancellationToken.None;
        if (batch.Count > 1)
        {
            try
            {
                await SaveTogetherAsync(batch, reads, ct);
                return;
            }
            catch (Exception)
            {
                // Everything the batch staged and decided is taken back; each create is tried again alone below.
                db.ChangeTracker.Clear();
                foreach (var create in batch)
                {
                    create.Reset();
                    create.Owner.DiscardDecisions();
                }
            }
        }
        foreach (var create in batch)
        {
            try
            {
                await SaveTogetherAsync([create], reads, ct);
            }
            catch (Exception e)
            {
                db.ChangeTracker.Clear();
                create.Fail(e);
            }
        }
    }

    private async Task SaveTogetherAsync(IReadOnlyList<PendingCreate> batch, LaneReads reads, CancellationToken ct)
    {
        var product = batch[0].Product;
        // Its statements are the same for every batch (a save of eight items prepares the two statements a save of one
        // does, PreparedStatements.Shape), so PostgreSQL keeps them prepared.
        db.PrepareStatements = true;
        // Read before the transaction, when the lane's last batch did not read them already: the series' row is not
        // held while they run.
        var people = batch.Select(c => c.Owner.PersonId).Concat(batch.Select(c => c.Assignee).OfType<Guid>()).Distinct().ToList();
        if (!reads.TryGet(people, out var done, out var names))
        {
            var stamp = reads.Stamp();
            (done, names) = await DoneAndNamesAsync(product, people, ct);
            reads.Keep(stamp, done, names);
        }
        var outcomes = new Result<CreatedItem>[batch.Count];
        var saved = await InTransactionAsync<bool>(async () =>
        {
            var (first, ranks) = await NumberedAtBottomAsync(product, batch.Count, ct);
            // Whole microseconds: what PostgreSQL keeps, so the answer equals a later read of the item byte for byte.
            var now = clock.GetUtcNow();
            now = now.AddTicks(-(now.UtcTicks % 10));
            var taken = 0;
            for (var n = 0; n < batch.Count; n++)
            {
                var create = batch[n];
                var staged = await create.Owner.StageAsync(create, first + taken, ranks[taken], now, ct);
                if (staged.Failed(out var refused, out var created))
                {
                    outcomes[n] = refused;
                    continue;
                }
                // The creator's staged rows (item, activity, decision) move into the batch's unit of work.
                foreach (var row in create.Owner.TakeStaged()) db.Add(row);
                outcomes[n] = new CreatedItem(created.Item, created.Activity, done, names);
                taken++;
            }
            // Creates that a rule refused give their numbers back, so the series stays gapless.
            if (taken < batch.Count) await numbers.GiveBackAsync(product, Sequences.Items, batch.Count - taken, ct);
            // No savepoint around the save (two round trips of its own): a failed save ends this transaction, and
            // RunBatchAsync tries each create again alone from the start, so nothing would roll back to it.
            db.Database.AutoSavepointsEnabled = false;
            if (taken > 0) await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        if (saved.Failed(out var error, out _)) throw new InvalidOperationException($"A batch of creates was refused as a whole: {error}");
        for (var n = 0; n < batch.Count; n++) batch[n].Succeed(outcomes[n]);
    }

    /// <summary>
    /// The first of <paramref name="count"/> numbers and the ranks of as many items at the bottom, inside the batch's
    /// transaction. On PostgreSQL the number statement and the bottom read go in one round trip (two statements, so the
    /// read takes its snapshot once the series' row is held and sees the batch committed before it, from any node); the
    /// lane waits for every round trip of a batch. SQLite, a product's first create, and a bottom with no room take the
    /// statements one by one (a respread).
    /// </summary>
    private async Task<(int First, IReadOnlyList<string> Ranks)> NumberedAtBottomAsync(Product product, int count, CancellationToken ct)
    {
        IReadOnlyList<string>? ranks = null;
        int first;
        if (await numbers.NextThenReadAsync(product, Sequences.Items, count, BottomRank, HighestNumber(product), ct) is { } taken)
        {
            first = taken.First;
            if (taken.ReadRan) ranks = Fit(taken.Read, null, count);
        }
        else first = await NextNumbersAsync(product, count, ct);
        return (first, ranks ?? await RanksAsync(product, Spot.Bottom, count, [], ct));
    }

    /// <summary>The rank of the product's bottom item, sent with the number statement (the workspace and product are its parameters).</summary>
    private const string BottomRank =
        """SELECT "Rank" FROM backlog_items WHERE "WorkspaceId" = @workspace AND "ProductId" = @product ORDER BY "Rank" DESC, "Id" DESC LIMIT 1""";

    /// <summary>
    /// The product's Definition of Done and the display names of <paramref name="wanted"/>, in one round trip: a
    /// batch's reads run in its product's lane, so every round trip there delays the creates queued behind it.
    /// </summary>
    private async Task<(IReadOnlyList<string> Done, IReadOnlyDictionary<Guid, string> Names)> DoneAndNamesAsync(Product product, IReadOnlyList<Guid> wanted, CancellationToken ct)
    {
        var rows = await db.Definitions.AsNoTracking().Where(d => d.ProductId == product.Id && d.Kind == DefinitionKind.Done)
            .Select(d => new DoneOrName { Person = null, Text = d.Text, Position = d.Position })
            .Concat(db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id))
                .Select(u => new DoneOrName { Person = u.Id, Text = u.DisplayName, Position = 0 }))
            .ToListAsync(ct);
        var done = rows.Where(r => r.Person is null).OrderBy(r => r.Position).Select(r => r.Text).ToList();
        var names = rows.Where(r => r.Person is not null).ToDictionary(r => r.Person!.Value, r => r.Text);
        return (done, names);
    }

    private sealed class DoneOrName
    {
        public Guid? Person { get; init; }
        public string Text { get; init; } = "";
        public int Position { get; init; }
    }

    /// <summary>In the creator's scope: the numbered item, its first activity line and the creator's own changes, staged here.</summary>
    private async Task<Result<(BacklogItem Item, ItemActivity Activity)>> StageAsync(PendingCreate create, int number, string rank, DateTimeOffset now, CancellationToken ct)
    {
        var (product, spec) = (create.Product, create.Spec);
        if (Rules.Create(() => BacklogItem.Create(product.WorkspaceId, product.Id, product.Key, number, spec.Type, spec.Title, spec.Description, rank, me.UserId, now))
            .Failed(out var invalid, out var item)) return invalid;
        db.BacklogItems.Add(item);
        var activity = ItemActivity.Record(item, me.UserId, spec.Activity, now);
        db.ItemActivity.Add(activity);
        if (await create.Complete(item, now, ct) is { } refused)
        {
            TakeStaged();
            rights.DiscardStaged();
            return refused;
        }
        return (item, activity);
    }

    /// <summary>Everything this scope's unit of work has staged to add, detached from it.</summary>
    private List<object> TakeStaged()
    {
        var added = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList();
        foreach (var entry in added) entry.State = EntityState.Detached;
        return added.Select(e => e.Entity).ToList();
    }

    /// <summary>
    /// The detail of an item just created, without reading it back (ADR 41): a new item has no criteria, links,
    /// comments, labels or assessment, and one activity line. Byte for byte what <see cref="DetailAsync"/> gives
    /// for it (ItemCreateTests compares the two).
    /// </summary>
    public static BacklogItemDto NewDetail(CreatedItem created, Product product, string? epicKey)
    {
        var (item, line) = (created.Item, created.Activity);
        var actor = new PersonSummary(line.ActorId, created.Names.TryGetValue(line.ActorId, out var name) ? name : "someone");
        return new BacklogItemDto(item.Key, product.Key, EnumText.Slug(item.Type), item.Title, item.Description, Markdown.ToSafeHtml(item.Description),
            EnumText.Slug(item.Status), item.Rank, item.EpicId is null ? null : epicKey,
            item.AssigneeId is { } assignee && created.Names.TryGetValue(assignee, out var assigneeName) ? new PersonSummary(assignee, assigneeName) : null,
            item.Estimate, item.BusinessValue, item.RejectionReason,
            new PrioritisationDto(item.BusinessValue, item.TimeCriticality, item.RiskReduction, item.Estimate, item.Reach, item.Impact,
                item.Confidence, item.Effort, item.MoSCoW is { } m ? EnumText.Slug(m) : null, item.Wsjf, item.Rice),
            ReadinessOf(item, 0, null),
            [], [], [], [],
            [new ActivityDto(actor, line.Text, line.At)],
            item.CreatedAt, item.UpdatedAt, item.Version,
            null,
            // No NFR lines: a line needs an NFR link to the item, and nothing can link to it before its create has answered.
            new DoneChecklistDto(created.Done, []));
    }
}
