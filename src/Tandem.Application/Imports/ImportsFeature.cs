using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.Imports;

/// <summary>What a poll of an import answers.</summary>
public sealed record ImportJobDto(
    Guid Id, string Product, string Source, bool DryRun, string Status, ImportProgressDto Progress,
    int Created, int Updated, int Skipped, IReadOnlyList<ImportProblem> Problems, DateTimeOffset QueuedAt, DateTimeOffset? FinishedAt);

/// <summary>Rows done of the file's rows.</summary>
public sealed record ImportProgressDto(int Done, int Total);

/// <summary>The answer to starting an import: the job to poll.</summary>
public sealed record ImportStarted(Guid Id, string Status);

/// <summary>
/// A file, or a Redmine to read (whose API key lives only here, in this node's memory, for the job's life), waiting to
/// be imported on this node, with who asked.
/// </summary>
public sealed record ImportWork(Guid JobId, Guid UserId, byte[] File, RedmineSource? Redmine = null);

/// <summary>
/// The node's queue of imports and the live progress of the one running. Jobs run one at a time per node, in the
/// background, in a scope that acts as the person who asked (ADR 34).
/// </summary>
public sealed class ImportQueue
{
    private readonly Channel<ImportWork> _work = Channel.CreateUnbounded<ImportWork>();
    private readonly ConcurrentDictionary<Guid, (int Done, int Total)> _progress = new();

    /// <summary>This node's name in <see cref="ImportJob.Node"/>.</summary>
    public string Node { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public void Enqueue(ImportWork work) => _work.Writer.TryWrite(work);

    internal ChannelReader<ImportWork> Reader => _work.Reader;

    internal void Report(Guid job, int done, int total) => _progress[job] = (done, total);

    internal void Forget(Guid job) => _progress.TryRemove(job, out _);

    internal bool TryProgress(Guid job, out (int Done, int Total) progress) => _progress.TryGetValue(job, out progress);
}

/// <summary>Runs queued imports one after another and keeps their heartbeats.</summary>
public sealed class ImportRunner(ImportQueue queue, IServiceScopeFactory scopes, ILogger<ImportRunner> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var work in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ImportsFeature>().RunAsync(work, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Import {Job} failed", work.JobId);
                // Whatever it got to, its status must not stay queued or running until the heartbeat runs out.
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ImportsFeature>().AbandonAsync(work.JobId, stoppingToken);
            }
            finally
            {
                queue.Forget(work.JobId);
            }
        }
    }
}

/// <summary>
/// Imports from other tools (issue 16): Jira's CSV into a product's backlog. Starting one checks the person's rights and
/// stores a job; the file is read and written in the background, in one transaction, keyed by each issue's source key so
/// that a second import updates what the first created. An import can do nothing its person could not do in the UI.
/// </summary>
public sealed partial class ImportsFeature(
    TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock, Items items, ImportQueue queue,
    IServiceScopeFactory scopes, ILogger<ImportsFeature> log, RedmineClient redmine)
{
    public const string JiraCsvSource = "jira-csv";

    /// <summary>Every source an import takes.</summary>
    public static readonly IReadOnlyList<string> Sources = [JiraCsvSource, RedmineSourceName];

    /// <summary>How long a job may go without a heartbeat before it counts as interrupted (its node died).</summary>
    public static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Result<ImportStarted>> StartAsync(string productKey, string? source, bool dryRun, byte[] file, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Backlog.AddItem, ct)).Failed(out var error, out var product)) return error;
        if (string.Equals(source?.Trim(), RedmineSourceName, StringComparison.OrdinalIgnoreCase))
            return Error.Invalid("source", "A Redmine import takes JSON {\"url\",\"apiKey\",\"project\"} as its body (application/json), not a file.");
        if (!string.Equals(source?.Trim(), JiraCsvSource, StringComparison.OrdinalIgnoreCase))
            return Error.Invalid("source", $"source is one of: {string.Join(", ", Sources)}.");
        return await QueueAsync(product, JiraCsvSource, dryRun, id => new ImportWork(id, me.UserId, file), ct);
    }

    /// <summary>Stores the job row (refusing a second writing import into the product) and queues its work on this node.</summary>
    private async Task<Result<ImportStarted>> QueueAsync(Tandem.Domain.Products.Product product, string source, bool dryRun, Func<Guid, ImportWork> work, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var stale = now - HeartbeatTimeout;
        // Only imports that write exclude each other; a dry run changes nothing and may run beside anything.
        var running = dryRun ? [] : await db.Set<ImportJob>()
            .Where(j => j.ProductId == product.Id && !j.DryRun && (j.Status == ImportJob.Queued || j.Status == ImportJob.Running))
            .Select(j => new { j.Id, j.HeartbeatAt }).ToListAsync(ct);
        if (running.FirstOrDefault(j => j.HeartbeatAt >= stale) is { } busy)
            return Error.Conflict($"An import into {product.Key} is running ({busy.Id}); wait for it to finish, then import again.");
        var job = new ImportJob
        {
            Id = Guid.CreateVersion7(now),
            WorkspaceId = product.WorkspaceId,
            ProductId = product.Id,
            ProductKey = product.Key,
            Source = source,
            DryRun = dryRun,
            RequestedById = me.UserId,
            Node = queue.Node,
            QueuedAt = now,
            HeartbeatAt = now,
        };
        db.Add(job);
        await db.SaveChangesAsync(ct);
        queue.Enqueue(work(job.Id));
        return new ImportStarted(job.Id, job.Status);
    }

    /// <summary>The job as any node sees it; one whose node stopped beating is answered as failed, with nothing committed.</summary>
    public async Task<Result<ImportJobDto>> GetAsync(Guid id, CancellationToken ct)
    {
        var job = await db.Set<ImportJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);
        if (job is null) return Error.NotFound($"There is no import {id} in your workspace.");
        var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == job.ProductId, ct);
        if (await rights.AuthorizeAsync(product, Operations.Products.Read, ct) is { } refused) return refused;
        var problems = JsonSerializer.Deserialize<List<ImportProblem>>(job.Problems, Json) ?? [];
        var (done, total) = (job.RowsDone, job.RowsTotal);
        if (queue.TryProgress(job.Id, out var live)) (done, total) = live;
        var status = job.Status;
        if (job.IsActive && job.HeartbeatAt < clock.GetUtcNow() - HeartbeatTimeout && !queue.TryProgress(job.Id, out _))
        {
            status = ImportJob.Failed;
            problems.Add(new ImportProblem(0, null, "The node running this import stopped before it finished; nothing of it was committed. Import the file again."));
        }
        return new ImportJobDto(job.Id, job.ProductKey, job.Source, job.DryRun, status, new ImportProgressDto(done, total),
            job.Created, job.Updated, job.Skipped, problems, job.QueuedAt, job.FinishedAt);
    }

    /// <summary>Runs one queued job as the person who asked for it: read, map, then write everything in one transaction.</summary>
    public async Task RunAsync(ImportWork work, CancellationToken ct)
    {
        var (user, job) = await BeginAsync(work, ct);

        using var beating = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = BeatAsync(job.Id, user, beating.Token);
        try
        {
            var outcome = job.Source == RedmineSourceName && work.Redmine is { } from
                ? await ImportRedmineAsync(job, from, ct)
                : await ImportAsync(job, work.File, ct);
            await beating.CancelAsync();
            await heartbeat;
            db.ChangeTracker.Clear();
            await FinishAsync(job.Id, outcome, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await beating.CancelAsync();
            await heartbeat;
            // The exception names no API key: RedmineSource prints without it, and requests carry it in a header.
            log.LogError(e, "Import {Job} into {Product} failed", job.Id, job.ProductKey);
            db.ChangeTracker.Clear();
            await FinishAsync(job.Id, new Outcome(ImportJob.Failed, 0, 0, 0, 0, 0,
                [new ImportProblem(0, null, "The import failed on the server; nothing of it was committed. Try again, or ask your administrator to look at the log.")]), CancellationToken.None);
        }
    }

    /// <summary>How many times a job tries to start before it is given up (<see cref="BeginAsync"/>).</summary>
    public const int StartAttempts = 3;

    /// <summary>
    /// Marks the job running, as the person who asked. Nothing of the import has run yet, so a failure here (the
    /// database busy past its timeouts, a dropped connection) is tried again after a pause instead of leaving the
    /// job queued; the last failure goes to <see cref="ImportRunner"/>, which gives the job up.
    /// </summary>
    private async Task<(TandemUser User, ImportJob Job)> BeginAsync(ImportWork work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == work.UserId, ct);
                me.Set(user);
                var job = await db.Set<ImportJob>().FirstAsync(j => j.Id == work.JobId, ct);
                job.Status = ImportJob.Running;
                job.HeartbeatAt = clock.GetUtcNow();
                await db.SaveChangesAsync(ct);
                return (user, job);
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < StartAttempts)
            {
                log.LogWarning(e, "Import {Job} could not start (attempt {Attempt} of {Attempts}); trying again", work.JobId, attempt, StartAttempts);
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromSeconds(attempt), clock, ct);
            }
        }
    }

    /// <summary>
    /// Gives up a job that failed outside the import's own handling (it could not start, or its end could not be
    /// written): it is answered as failed at once rather than as queued until its heartbeat runs out. Best effort;
    /// when the database refuses this too, the heartbeat's timeout still ends it.
    /// </summary>
    public async Task AbandonAsync(Guid jobId, CancellationToken ct)
    {
        var problems = JsonSerializer.Serialize(new[] { new ImportProblem(0, null, "The import could not run on the server; nothing of it was committed. Try again, or ask your administrator to look at the log.") }, Json);
        var now = clock.GetUtcNow();
        try
        {
            // The runner acts for nobody here; the job's id alone names it (a server-made GUID).
            await db.Set<ImportJob>().IgnoreQueryFilters([TandemDbContext.TenantFilter])
                .Where(j => j.Id == jobId && (j.Status == ImportJob.Queued || j.Status == ImportJob.Running))
                .ExecuteUpdateAsync(u => u.SetProperty(j => j.Status, ImportJob.Failed).SetProperty(j => j.Problems, problems)
                    .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.HeartbeatAt, now), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Import {Job} could not be marked failed; its heartbeat's timeout will end it", jobId);
        }
    }

    private sealed record Outcome(string Status, int Total, int Done, int Created, int Updated, int Skipped, List<ImportProblem> Problems);

    private async Task FinishAsync(Guid jobId, Outcome outcome, CancellationToken ct)
    {
        var job = await db.Set<ImportJob>().FirstAsync(j => j.Id == jobId, ct);
        job.Status = outcome.Status;
        job.RowsTotal = outcome.Total;
        job.RowsDone = outcome.Done;
        job.Created = outcome.Created;
        job.Updated = outcome.Updated;
        job.Skipped = outcome.Skipped;
        job.Problems = JsonSerializer.Serialize(outcome.Problems.Take(ImportJob.MaxProblems), Json);
        job.FinishedAt = job.HeartbeatAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Keeps the job's heartbeat fresh from its own scope, so a poll on another node sees it alive.</summary>
    private async Task BeatAsync(Guid jobId, TandemUser user, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(HeartbeatEvery, clock, ct);
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(user);
                    var other = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
                    var now = clock.GetUtcNow();
                    var (done, total) = queue.TryProgress(jobId, out var p) ? p : (0, 0);
                    await other.Set<ImportJob>().Where(j => j.Id == jobId)
                        .ExecuteUpdateAsync(u => u.SetProperty(j => j.HeartbeatAt, now).SetProperty(j => j.RowsDone, done).SetProperty(j => j.RowsTotal, total), ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A missed beat is not the import's failure, and the beats go on: on SQLite the import's own
                    // transaction holds the write lock, so a beat can wait past the busy timeout and fail.
                    log.LogWarning(e, "Heartbeat of import {Job} missed", jobId);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The job finished.
        }
    }

    private async Task<Outcome> ImportAsync(ImportJob job, byte[] file, CancellationToken ct)
    {
        var product = await db.Products.FirstAsync(p => p.Id == job.ProductId, ct);
        var parsed = JiraCsv.Read(new MemoryStream(file), done => { if (done % 500 == 0) queue.Report(job.Id, done, 0); });
        var problems = parsed.Problems;
        if (parsed.Unreadable) return new Outcome(ImportJob.Failed, 0, 0, 0, 0, 0, problems);
        var total = parsed.Rows.Count + parsed.Skipped;
        queue.Report(job.Id, 0, total);

        // What the person may do beyond adding items: each refusal skips that field and says so once.
        var editRefused = await rights.AuthorizeAsync(product, Operations.Backlog.EditItem, ct);
        var estimateRefused = await rights.AuthorizeAsync(product, Operations.Estimation.Estimate, ct);
        var (mayEdit, mayEstimate) = (editRefused is null, estimateRefused is null);

        var mappings = await db.Set<ImportMapping>().Where(m => m.ProductId == product.Id && m.Source == job.Source)
            .ToDictionaryAsync(m => m.SourceKey, m => m.ItemId, StringComparer.OrdinalIgnoreCase, ct);
        // File order: Jira's Rank column when every row has one (it sorts as text), else the rows' order.
        var ordered = parsed.Rows.All(r => r.Rank is not null)
            ? parsed.Rows.OrderBy(r => r.Rank, StringComparer.Ordinal).ToList()
            : parsed.Rows.ToList();
        var fresh = ordered.Where(r => !mappings.ContainsKey(r.Key)).ToList();
        var existing = ordered.Where(r => mappings.ContainsKey(r.Key)).ToList();
        var skipped = parsed.Skipped;
        if (!mayEdit && existing.Count > 0)
        {
            problems.Add(new ImportProblem(0, null, $"{existing.Count} issue(s) were imported before and are left as they are: {editRefused!.Detail}"));
            skipped += existing.Count;
            existing = [];
        }
        if (!mayEstimate && parsed.Rows.Any(r => r.StoryPoints is not null))
        {
            problems.Add(new ImportProblem(0, StoryPointsColumn, $"Story points are not imported: {estimateRefused!.Detail}"));
        }
        if (!mayEdit && parsed.Rows.Any(r => r.Status is not null and not ItemStatus.New))
        {
            problems.Add(new ImportProblem(0, "Status", $"Statuses are not imported: {editRefused!.Detail}"));
        }

        // Epic links: to an epic in the file or one imported before; anything else is reported and left out.
        var fileEpics = parsed.Rows.Where(r => r.Type == ItemType.Epic).Select(r => r.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var row in parsed.Rows.Where(r => r.EpicKey is not null && !fileEpics.Contains(r.EpicKey!) && !mappings.ContainsKey(r.EpicKey!)))
            problems.Add(new ImportProblem(row.Row, EpicColumn, $"{row.Key}'s epic {row.EpicKey} is neither in the file nor imported before; it is left without an epic."));

        if (job.DryRun)
        {
            return new Outcome(ImportJob.Succeeded, total, total, fresh.Count, existing.Count, skipped, problems);
        }

        var result = await items.InTransactionAsync<int>(async () =>
        {
            var now = clock.GetUtcNow();
            // New items in file order at the bottom, numbered in one go (ProductNumbers, one statement for them all).
            var created = await items.AddAtBottomAsync(product, [.. fresh.Select(r => new NewItem(r.Type, r.Summary, r.Description, $"imported this from Jira {r.Key}"))], ct);
            if (created.Failed(out var invalid, out var newItems)) return invalid;
            var byKey = new Dictionary<string, BacklogItem>(StringComparer.OrdinalIgnoreCase);
            for (var n = 0; n < fresh.Count; n++)
            {
                byKey[fresh[n].Key] = newItems[n];
                db.Add(new ImportMapping { ProductId = product.Id, Source = job.Source, SourceKey = fresh[n].Key, ItemId = newItems[n].Id, WorkspaceId = product.WorkspaceId });
            }
            var existingIds = existing.Select(r => mappings[r.Key]).ToList();
            var loaded = new Dictionary<Guid, BacklogItem>();
            foreach (var chunk in existingIds.Chunk(1000))
                foreach (var item in await db.BacklogItems.Where(i => chunk.Contains(i.Id)).ToListAsync(ct)) loaded[item.Id] = item;
            foreach (var row in existing)
                if (loaded.TryGetValue(mappings[row.Key], out var item)) byKey[row.Key] = item;
            var epicIds = mappings.ToDictionary(m => m.Key, m => m.Value, StringComparer.OrdinalIgnoreCase);
            foreach (var (k, item) in byKey) if (item.Type == ItemType.Epic) epicIds[k] = item.Id;

            var labels = existingIds.Count == 0 ? [] : await LabelsAsync(existingIds, ct);
            var estimated = 0;
            foreach (var row in ordered)
            {
                if (!byKey.TryGetValue(row.Key, out var item)) continue;
                var isNew = !mappings.ContainsKey(row.Key);
                if (Rules.Apply(() =>
                    {
                        if (!isNew)
                        {
                            if (item.Title != row.Summary) item.Retitle(row.Summary, now);
                            if (item.Description != row.Description) item.Describe(row.Description, now);
                            if (item.Type != row.Type && item.Type != ItemType.Epic && row.Type != ItemType.Epic) item.ChangeType(row.Type, now);
                        }
                        if (mayEdit && row.Status is { } status && status != item.Status && item.Status != ItemStatus.Accepted) item.ChangeStatus(status, now);
                        if (mayEstimate && row.StoryPoints is { } points && item.Type != ItemType.Epic && item.Estimate != points)
                        {
                            item.SetEstimate(points, now);
                            estimated++;
                        }
                        if (row.EpicKey is { } epicKey && item.Type != ItemType.Epic && epicIds.TryGetValue(epicKey, out var epicId) && item.EpicId != epicId)
                            item.PlaceIn(epicId, now);
                    }) is { } refused)
                {
                    problems.Add(new ImportProblem(row.Row, null, $"{row.Key}: {Describe(refused)}"));
                }
                var has = labels.TryGetValue(item.Id, out var set) ? set : null;
                foreach (var label in row.Labels)
                    if (has is null || !has.Contains(label)) db.ItemLabels.Add(ItemLabel.On(item, label));
                if (!isNew && db.Entry(item).State == EntityState.Modified) items.Activity(item, $"updated this from Jira {row.Key}");
            }
            if (estimated > 0 && await rights.DecideAsync(product, Operations.Estimation.Estimate,
                    new DecisionRecord($"Imported {estimated} estimate(s) from Jira", "product", product.Key), ct) is { } notLogged)
                return notLogged;
            await db.SaveChangesAsync(ct);
            return fresh.Count;
        }, ct);
        if (result.Failed(out var error, out _))
        {
            problems.Add(new ImportProblem(0, null, $"Nothing was imported: {error.Detail}"));
            return new Outcome(ImportJob.Failed, total, 0, 0, 0, skipped, problems);
        }
        queue.Report(job.Id, total, total);
        return new Outcome(ImportJob.Succeeded, total, total, fresh.Count, existing.Count, skipped, problems);
    }

    private const string StoryPointsColumn = "Custom field (Story Points)";
    private const string EpicColumn = "Custom field (Epic Link)";

    private async Task<Dictionary<Guid, HashSet<string>>> LabelsAsync(List<Guid> itemIds, CancellationToken ct)
    {
        var labels = new Dictionary<Guid, HashSet<string>>();
        foreach (var chunk in itemIds.Chunk(1000))
        {
            foreach (var l in await db.ItemLabels.AsNoTracking().Where(l => chunk.Contains(l.ItemId)).Select(l => new { l.ItemId, l.Label }).ToListAsync(ct))
            {
                if (!labels.TryGetValue(l.ItemId, out var set)) labels[l.ItemId] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(l.Label);
            }
        }
        return labels;
    }

    private static string Describe(Error error) =>
        error.Fields is { Count: > 0 } fields ? string.Join(" ", fields.Values.SelectMany(v => v)) : error.Detail;
}
