using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.DecisionRights;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;
using Tandem.Domain.Releases;

namespace Tandem.Application.Imports;

/// <summary>What starts a Redmine import: the Redmine's root address, an API key and the project's identifier (or id).</summary>
public sealed record RedmineImportRequest(string? Url, string? ApiKey, string? Project);

/// <summary>
/// The Redmine import (ADR 39): one Redmine project into one existing Tandem product, read over Redmine's REST API first,
/// then written in one transaction like the Jira import. Trackers become types (a parent issue becomes an epic), closed
/// statuses Done, priorities labels, versions releases, relations links, journals' notes comments; all keyed by the
/// Redmine's address and ids in <c>import_mappings</c> so a second import updates instead of copying.
/// </summary>
public sealed partial class ImportsFeature
{
    public const string RedmineSourceName = "redmine";

    /// <summary>The mapping source of the journals already imported as comments.</summary>
    public const string RedmineJournalSource = "redmine-journal";

    public async Task<Result<ImportStarted>> StartRedmineAsync(string productKey, bool dryRun, RedmineImportRequest? request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Backlog.AddItem, ct)).Failed(out var error, out var product)) return error;
        var fields = new Dictionary<string, string[]>();
        if (RedmineClient.CheckUrl(request?.Url, out _) is { } badUrl) fields["url"] = [badUrl];
        var key = request?.ApiKey?.Trim() ?? "";
        if (key.Length is 0 or > 200) fields["apiKey"] = ["Give the API key of a Redmine user who can see the project (My account → API access key)."];
        var project = request?.Project?.Trim() ?? "";
        if (project.Length is 0 or > 100) fields["project"] = ["Give the Redmine project's identifier, as in its address /projects/<identifier>."];
        if (fields.Count > 0) return Error.Invalid(fields);
        var source = new RedmineSource(request!.Url!.Trim(), key, project);
        return await QueueAsync(product, RedmineSourceName, dryRun, id => new ImportWork(id, me.UserId, [], source), ct);
    }

    /// <summary>Which Redmine an issue came from: its address without the scheme, so the same ids from two Redmines never meet.</summary>
    public static string RedmineInstance(string url)
    {
        var uri = new Uri(url.Trim());
        var name = $"{uri.Host}:{uri.Port}{uri.AbsolutePath.TrimEnd('/')}".ToLowerInvariant();
        return name.Length <= 60 ? name : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..32];
    }

    private async Task<Outcome> ImportRedmineAsync(ImportJob job, RedmineSource source, CancellationToken ct)
    {
        var product = await db.Products.FirstAsync(p => p.Id == job.ProductId, ct);
        RedmineProject project;
        try
        {
            project = await redmine.ReadAsync(source, (done, total) => queue.Report(job.Id, done, total), ct);
        }
        catch (RedmineException e)
        {
            return new Outcome(ImportJob.Failed, 0, 0, 0, 0, 0, [new ImportProblem(0, null, $"Nothing was imported: {e.Message}")]);
        }
        var problems = new List<ImportProblem>();
        var instance = RedmineInstance(source.Url);
        string IssueKey(int id) => $"{instance}/issues/{id}";
        string JournalKey(int id) => $"{instance}/journals/{id}";

        var editRefused = await rights.AuthorizeAsync(product, Operations.Backlog.EditItem, ct);
        var scheduleRefused = await rights.AuthorizeAsync(product, Operations.Delivery.EditSchedule, ct);
        var (mayEdit, maySchedule) = (editRefused is null, scheduleRefused is null);

        var plan = Plan(project, problems);
        var total = project.Issues.Count;
        var mappings = await db.Set<ImportMapping>().Where(m => m.ProductId == product.Id && m.Source == RedmineSourceName)
            .ToDictionaryAsync(m => m.SourceKey, m => m.ItemId, StringComparer.OrdinalIgnoreCase, ct);
        var fresh = plan.Where(r => !mappings.ContainsKey(IssueKey(r.Issue.Id))).ToList();
        var existing = plan.Where(r => mappings.ContainsKey(IssueKey(r.Issue.Id))).ToList();
        var skipped = total - plan.Count;
        if (!mayEdit && existing.Count > 0)
        {
            problems.Add(new ImportProblem(0, null, $"{existing.Count} issue(s) were imported before and are left as they are: {editRefused!.Detail}"));
            skipped += existing.Count;
            existing = [];
        }
        if (!mayEdit) problems.Add(new ImportProblem(0, null, $"Statuses, relations and journals are not imported: {editRefused!.Detail}"));
        if (!maySchedule && project.Versions.Count > 0)
            problems.Add(new ImportProblem(0, "fixed_version", $"Versions are not imported as releases: {scheduleRefused!.Detail}"));

        var journalKeys = plan.SelectMany(r => r.Issue.Journals).Select(j => JournalKey(j.Id)).ToList();
        var journalsDone = journalKeys.Count == 0 ? new HashSet<string>() : (await db.Set<ImportMapping>().AsNoTracking()
            .Where(m => m.ProductId == product.Id && m.Source == RedmineJournalSource).Select(m => m.SourceKey).ToListAsync(ct))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var newJournals = journalKeys.Count(k => !journalsDone.Contains(k));
        var planned = plan.Select(r => r.Issue.Id).ToHashSet();
        var relations = Relations(project, planned, problems);

        if (job.DryRun)
        {
            problems.Add(new ImportProblem(0, null,
                $"Also: {project.Versions.Count} version(s) as releases, {relations.Count} relation(s) as links, {newJournals} new journal note(s) as comments (from {project.Name})."));
            return new Outcome(ImportJob.Succeeded, total, total, fresh.Count, existing.Count, skipped, problems);
        }

        var result = await items.InTransactionAsync<int>(async () =>
        {
            var now = clock.GetUtcNow();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var created = await items.AddAtBottomAsync(product,
                [.. fresh.Select(r => new NewItem(r.Type, r.Title, r.Description, $"imported this from Redmine #{r.Issue.Id}"))], ct);
            if (created.Failed(out var invalid, out var newItems)) return invalid;
            var byIssue = new Dictionary<int, BacklogItem>();
            for (var n = 0; n < fresh.Count; n++)
            {
                byIssue[fresh[n].Issue.Id] = newItems[n];
                db.Add(new ImportMapping { ProductId = product.Id, Source = RedmineSourceName, SourceKey = IssueKey(fresh[n].Issue.Id), ItemId = newItems[n].Id, WorkspaceId = product.WorkspaceId });
            }
            var existingIds = existing.Select(r => mappings[IssueKey(r.Issue.Id)]).ToList();
            var loaded = new Dictionary<Guid, BacklogItem>();
            foreach (var chunk in existingIds.Chunk(1000))
                foreach (var item in await db.BacklogItems.Where(i => chunk.Contains(i.Id)).ToListAsync(ct)) loaded[item.Id] = item;
            foreach (var row in existing)
                if (loaded.TryGetValue(mappings[IssueKey(row.Issue.Id)], out var item)) byIssue[row.Issue.Id] = item;
            var labels = existingIds.Count == 0 ? [] : await LabelsAsync(existingIds, ct);

            foreach (var row in plan)
            {
                if (!byIssue.TryGetValue(row.Issue.Id, out var item)) continue;
                var isNew = !mappings.ContainsKey(IssueKey(row.Issue.Id));
                if (Rules.Apply(() =>
                    {
                        if (!isNew)
                        {
                            if (item.Title != row.Title) item.Retitle(row.Title, now);
                            if (item.Description != row.Description) item.Describe(row.Description, now);
                            if (item.Type != row.Type && item.Type != ItemType.Epic && row.Type != ItemType.Epic) item.ChangeType(row.Type, now);
                        }
                        if (mayEdit && row.Status is { } status && status != item.Status && item.Status != ItemStatus.Accepted) item.ChangeStatus(status, now);
                        if (row.Issue.ParentId is { } parent && item.Type != ItemType.Epic && byIssue.TryGetValue(parent, out var epic)
                            && epic.Type == ItemType.Epic && item.EpicId != epic.Id)
                            item.PlaceIn(epic.Id, now);
                    }) is { } refused)
                {
                    problems.Add(new ImportProblem(row.Issue.Id, null, $"#{row.Issue.Id}: {Describe(refused)}"));
                }
                var has = labels.TryGetValue(item.Id, out var set) ? set : null;
                if (row.Label is { } label && (has is null || !has.Contains(label))) db.ItemLabels.Add(ItemLabel.On(item, label));
                if (!isNew && db.Entry(item).State == EntityState.Modified) items.Activity(item, $"updated this from Redmine #{row.Issue.Id}");
            }

            var linked = 0;
            var commented = 0;
            if (mayEdit)
            {
                var ids = byIssue.Values.Select(i => i.Id).ToList();
                var links = new HashSet<(Guid, Guid, LinkKind)>();
                foreach (var chunk in ids.Chunk(1000))
                    foreach (var l in await db.ItemLinks.AsNoTracking().Where(l => chunk.Contains(l.SourceId)).Select(l => new { l.SourceId, l.TargetId, l.Kind }).ToListAsync(ct))
                        links.Add((l.SourceId, l.TargetId, l.Kind));
                foreach (var (from, to, kind, relation) in relations)
                {
                    if (!byIssue.TryGetValue(from, out var a) || !byIssue.TryGetValue(to, out var b)) continue;
                    if (links.Contains((a.Id, b.Id, kind))) continue;
                    if (kind == LinkKind.Blocks && links.Contains((b.Id, a.Id, LinkKind.Blocks)))
                    {
                        problems.Add(new ImportProblem(from, "relations", $"Relation {relation.Id}: #{to} already blocks #{from}; two items cannot block each other, so it is left out."));
                        continue;
                    }
                    if (Rules.Create(() => ItemLink.Between(a, b, kind, now)).Failed(out var bad, out var link))
                    {
                        problems.Add(new ImportProblem(from, "relations", $"Relation {relation.Id}: {Describe(bad)}"));
                        continue;
                    }
                    db.ItemLinks.Add(link);
                    links.Add((a.Id, b.Id, kind));
                    linked++;
                }
                foreach (var row in plan)
                {
                    if (!byIssue.TryGetValue(row.Issue.Id, out var item)) continue;
                    foreach (var journal in row.Issue.Journals.Where(j => !journalsDone.Contains(JournalKey(j.Id))))
                    {
                        var text = $"{journal.Author} wrote in Redmine (#{row.Issue.Id}, note {journal.Id}):\n\n{journal.Notes.Trim()}";
                        if (text.Length > ItemComment.TextMaxLength)
                        {
                            problems.Add(new ImportProblem(row.Issue.Id, "journals", $"Note {journal.Id} is cut to {ItemComment.TextMaxLength} characters."));
                            text = text[..ItemComment.TextMaxLength];
                        }
                        db.ItemComments.Add(ItemComment.Write(item, me.UserId, text, journal.At));
                        db.Add(new ImportMapping { ProductId = product.Id, Source = RedmineJournalSource, SourceKey = JournalKey(journal.Id), ItemId = item.Id, WorkspaceId = product.WorkspaceId });
                        commented++;
                    }
                }
            }

            if (maySchedule && project.Versions.Count > 0)
            {
                var (releases, scoped) = await ReleasesAsync(product, project, byIssue, today, now, problems, ct);
                if ((releases > 0 || scoped > 0) && await rights.DecideAsync(product, Operations.Delivery.EditSchedule,
                        new DecisionRecord($"Imported {releases} release(s) and the release scope of {scoped} item(s) from Redmine {project.Name}", "product", product.Key), ct) is { } notLogged)
                    return notLogged;
            }
            await db.SaveChangesAsync(ct);
            if (linked + commented > 0) problems.Add(new ImportProblem(0, null, $"Also: {linked} relation(s) as links and {commented} journal note(s) as comments."));
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

    /// <summary>Releases named like the project's versions (made when missing), and the imported items in their scope.</summary>
    private async Task<(int Releases, int Scoped)> ReleasesAsync(
        Product product, RedmineProject project, Dictionary<int, BacklogItem> byIssue, DateOnly today, DateTimeOffset now, List<ImportProblem> problems, CancellationToken ct)
    {
        var byName = await db.Releases.Where(r => r.ProductId == product.Id).ToDictionaryAsync(r => r.Name, StringComparer.OrdinalIgnoreCase, ct);
        var byVersion = new Dictionary<int, Release>();
        var made = 0;
        foreach (var version in project.Versions)
        {
            var name = version.Name.Trim();
            if (name.Length > Release.NameMaxLength)
            {
                problems.Add(new ImportProblem(0, "fixed_version", $"Version '{name}' is cut to {Release.NameMaxLength} characters."));
                name = name[..Release.NameMaxLength];
            }
            if (!byName.TryGetValue(name, out var release))
            {
                if (version.DueDate is null)
                    problems.Add(new ImportProblem(0, "fixed_version", $"Version '{name}' has no due date; its release is planned for {today:yyyy-MM-dd}: set the date in Tandem."));
                if (Rules.Create(() => Release.Plan(product.WorkspaceId, product.Id, name, version.DueDate ?? today, me.UserId, now)).Failed(out var bad, out var planned))
                {
                    problems.Add(new ImportProblem(0, "fixed_version", $"Version '{name}': {Describe(bad)}"));
                    continue;
                }
                if (version.Status == "closed") planned.Change(planned.Name, planned.PlannedOn, ReleaseStatus.Released, version.DueDate ?? today, now);
                db.Releases.Add(planned);
                byName[name] = release = planned;
                made++;
            }
            byVersion[version.Id] = release;
        }
        var wanted = project.Issues.Where(i => i.VersionId is { } v && byVersion.ContainsKey(v) && byIssue.ContainsKey(i.Id))
            .Select(i => (Release: byVersion[i.VersionId!.Value], ItemId: byIssue[i.Id].Id)).ToList();
        if (wanted.Count == 0) return (made, 0);
        var releaseIds = wanted.Select(w => w.Release.Id).Distinct().ToList();
        var scope = (await db.ReleaseScope.AsNoTracking().Where(s => releaseIds.Contains(s.ReleaseId)).Select(s => new { s.ReleaseId, s.ItemId }).ToListAsync(ct))
            .Select(s => (s.ReleaseId, s.ItemId)).ToHashSet();
        var scoped = 0;
        foreach (var (release, itemId) in wanted)
        {
            if (!scope.Add((release.Id, itemId))) continue;
            db.ReleaseScope.Add(ReleaseScope.Of(release, itemId));
            if (db.Entry(release).State == EntityState.Unchanged) release.ScopeChanged(now);
            scoped++;
        }
        return (made, scoped);
    }

    private sealed record RedmineRow(RedmineIssue Issue, ItemType Type, string Title, string Description, ItemStatus? Status, string? Label);

    /// <summary>Each issue as Tandem would hold it; an issue that cannot become an item is reported and left out.</summary>
    private static List<RedmineRow> Plan(RedmineProject project, List<ImportProblem> problems)
    {
        var parents = project.Issues.Where(i => i.ParentId is not null).Select(i => i.ParentId!.Value).ToHashSet();
        var rows = new List<RedmineRow>();
        foreach (var issue in project.Issues)
        {
            var id = issue.Id;
            if (issue.ProjectId != project.Id) continue; // A subproject's issue that Redmine listed anyway.
            var title = issue.Subject.Trim();
            if (title.Length == 0)
            {
                problems.Add(new ImportProblem(id, "subject", $"#{id} has no subject; it is skipped."));
                continue;
            }
            if (title.Length > BacklogItem.TitleMaxLength)
            {
                problems.Add(new ImportProblem(id, "subject", $"#{id}'s subject is cut to {BacklogItem.TitleMaxLength} characters."));
                title = title[..BacklogItem.TitleMaxLength].Trim();
            }
            var description = issue.Description.Trim();
            if (description.Length > BacklogItem.DescriptionMaxLength)
            {
                problems.Add(new ImportProblem(id, "description", $"#{id}'s description is cut to {BacklogItem.DescriptionMaxLength} characters."));
                description = description[..BacklogItem.DescriptionMaxLength];
            }
            ItemType type;
            if (parents.Contains(id)) type = ItemType.Epic;
            else if (MapTracker(issue.Tracker) is { } known) type = known;
            else
            {
                problems.Add(new ImportProblem(id, "tracker", $"Tandem has no type like tracker '{issue.Tracker}'; #{id} becomes a story."));
                type = ItemType.Story;
            }
            if (type == ItemType.Epic && issue.ParentId is { } parent)
                problems.Add(new ImportProblem(id, "parent", $"#{id} has subtasks and a parent (#{parent}); an epic cannot belong to another epic, so it is left without one."));
            ItemStatus? status;
            if (issue.StatusClosed ?? (project.ClosedStatuses.TryGetValue(issue.StatusId, out var closed) && closed)) status = ItemStatus.Done;
            else if (MapStatus(issue.Status) is { } mapped) status = mapped;
            else
            {
                problems.Add(new ImportProblem(id, "status", $"Tandem has no status like '{issue.Status}'; #{id} stays new."));
                status = null;
            }
            var label = issue.Priority.Length == 0 ? null : ItemLabel.Normalize($"priority {issue.Priority}");
            if (label is { Length: > ItemLabel.MaxLength })
            {
                problems.Add(new ImportProblem(id, "priority", $"The priority '{issue.Priority}' is too long for a label; it is left out."));
                label = null;
            }
            rows.Add(new RedmineRow(issue, type, title, description, status, label));
        }
        return rows;
    }

    /// <summary>Each relation once (Redmine lists it on both issues), as a directed Tandem link between imported issues.</summary>
    private static List<(int From, int To, LinkKind Kind, RedmineRelation Relation)> Relations(RedmineProject project, HashSet<int> planned, List<ImportProblem> problems)
    {
        var seen = new HashSet<int>();
        var links = new List<(int, int, LinkKind, RedmineRelation)>();
        foreach (var relation in project.Issues.SelectMany(i => i.Relations))
        {
            if (!seen.Add(relation.Id)) continue;
            (LinkKind Kind, bool Reversed)? kind = relation.Type switch
            {
                "relates" or "copied_to" or "copied_from" => (LinkKind.RelatesTo, false),
                "blocks" or "precedes" => (LinkKind.Blocks, false),
                "blocked" or "follows" => (LinkKind.Blocks, true),
                "duplicates" => (LinkKind.Duplicates, false),
                "duplicated" => (LinkKind.Duplicates, true),
                _ => null,
            };
            if (kind is not { } k)
            {
                problems.Add(new ImportProblem(relation.IssueId, "relations", $"Relation {relation.Id} is of a kind Tandem has no link for ('{relation.Type}'); it is left out."));
                continue;
            }
            var (from, to) = k.Reversed ? (relation.IssueToId, relation.IssueId) : (relation.IssueId, relation.IssueToId);
            if (!planned.Contains(from) || !planned.Contains(to))
            {
                var outside = planned.Contains(relation.IssueId) ? relation.IssueToId : relation.IssueId;
                problems.Add(new ImportProblem(planned.Contains(relation.IssueId) ? relation.IssueId : relation.IssueToId, "relations",
                    $"Relation {relation.Id} ({relation.Type}) points to #{outside}, which is not imported with this project; it is left out."));
                continue;
            }
            links.Add((from, to, k.Kind, relation));
        }
        return links;
    }

    /// <summary>Redmine's trackers (the default Bug, Feature, Support and common additions); null for one Tandem cannot place.</summary>
    public static ItemType? MapTracker(string tracker) => tracker.Trim().ToLowerInvariant() switch
    {
        "feature" or "support" or "user story" or "story" or "task" or "enhancement" => ItemType.Story,
        var other => JiraCsv.MapType(other),
    };

    /// <summary>Redmine's open statuses by name (closed ones are Done whatever their name).</summary>
    public static ItemStatus? MapStatus(string status) => status.Trim().ToLowerInvariant() switch
    {
        "feedback" => ItemStatus.InProgress,
        var other => JiraCsv.MapStatus(other),
    };
}
