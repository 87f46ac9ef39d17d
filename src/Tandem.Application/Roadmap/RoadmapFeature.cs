using System.Text;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.Roadmap;

public sealed record EpicProgress(string Key, string Title, string Status, int Items, int Accepted, decimal Points, decimal AcceptedPoints, int PercentDone);

public sealed record RoadmapDto(string ProductKey, IReadOnlyList<EpicProgress> Now, IReadOnlyList<EpicProgress> Next, IReadOnlyList<EpicProgress> Later, IReadOnlyList<EpicProgress> Unplanned);

public sealed record LaneRequest(string? Lane);

public sealed record ReleaseNotesDto(string Title, string Markdown, IReadOnlyList<string> Items);

/// <summary>The now / next / later roadmap of epics with their progress, and release notes for stakeholders.</summary>
public sealed class RoadmapFeature(TandemDbContext db, DecisionRightsService rights, TimeProvider clock)
{
    public const int MaxReleaseItems = 500;

    public async Task<Result<RoadmapDto>> GetAsync(string key, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(key, Operations.Products.Read, ct)).Failed(out var error, out var product)) return error;

        var epics = await db.BacklogItems.AsNoTracking().Where(i => i.ProductId == product.Id && i.Type == ItemType.Epic)
            .OrderBy(i => i.Rank).ThenBy(i => i.Id).ToListAsync(ct);
        var ids = epics.Select(e => e.Id).ToList();
        // One grouped query for every epic's progress.
        var children = await db.BacklogItems.AsNoTracking().Where(i => i.EpicId != null && ids.Contains(i.EpicId.Value))
            .GroupBy(i => i.EpicId!.Value)
            .Select(g => new
            {
                Epic = g.Key,
                Items = g.Count(),
                Accepted = g.Count(i => i.Status == ItemStatus.Accepted),
                Points = g.Sum(i => i.Estimate ?? 0),
                AcceptedPoints = g.Where(i => i.Status == ItemStatus.Accepted).Sum(i => i.Estimate ?? 0),
            })
            .ToDictionaryAsync(x => x.Epic, ct);
        EpicProgress Progress(BacklogItem e)
        {
            var c = children.GetValueOrDefault(e.Id);
            var items = c?.Items ?? 0;
            var accepted = c?.Accepted ?? 0;
            var points = c?.Points ?? 0;
            var acceptedPoints = c?.AcceptedPoints ?? 0;
            var percent = points > 0 ? (int)Math.Round(acceptedPoints * 100 / points) : items > 0 ? accepted * 100 / items : 0;
            return new EpicProgress(e.Key, e.Title, EnumText.Slug(e.Status), items, accepted, points, acceptedPoints, percent);
        }
        List<EpicProgress> Lane(RoadmapLane? lane) => epics.Where(e => e.Lane == lane).Select(Progress).ToList();
        return new RoadmapDto(product.Key, Lane(RoadmapLane.Now), Lane(RoadmapLane.Next), Lane(RoadmapLane.Later), Lane(null));
    }

    public async Task<Result<RoadmapDto>> PlaceAsync(string itemKey, LaneRequest request, CancellationToken ct)
    {
        RoadmapLane? lane = null;
        if (!string.IsNullOrWhiteSpace(request.Lane) && !string.Equals(request.Lane.Trim(), "none", StringComparison.OrdinalIgnoreCase))
        {
            if (EnumText.TryParse(request.Lane, out RoadmapLane parsed)) lane = parsed;
            else return Error.Invalid("lane", $"'{request.Lane}' is not a valid lane; use one of {EnumText.Names<RoadmapLane>()}, or none to take it off.");
        }
        var key = (itemKey ?? "").Trim().ToUpperInvariant();
        if ((await rights.LoadAsync<BacklogItem>(i => i.Key == key, Operations.Vision.EditRoadmap, $"There is no item {itemKey} in your workspace.", ct))
            .Failed(out var error, out var found)) return error;
        var (item, product) = found;
        if (Rules.Apply(() => item.PlaceOnRoadmap(lane, clock.GetUtcNow())) is { } invalid) return invalid;
        var summary = lane is { } placed
            ? $"Put {item.Key} \"{item.Title}\" in {EnumText.Slug(placed)} on the roadmap"
            : $"Took {item.Key} \"{item.Title}\" off the roadmap";
        if (await rights.DecideAsync(product, Operations.Vision.EditRoadmap, new DecisionRecord(summary, "item", item.Key), ct) is { } refused) return refused;
        if (await db.SaveOrStaleAsync(item.Key, ct) is { } stale) return stale;
        return await GetAsync(product.Key, ct);
    }

    /// <summary>Markdown release notes for a chosen set of accepted items, grouped by kind of change.</summary>
    public async Task<Result<ReleaseNotesDto>> ReleaseNotesAsync(string key, string? title, IReadOnlyList<string>? itemKeys, CancellationToken ct)
    {
        var keys = (itemKeys ?? []).SelectMany(k => k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(k => k.ToUpperInvariant()).Distinct().ToList();
        if (keys.Count == 0) return Error.Invalid("items", "Choose the accepted items to include, e.g. items=PAY-12,PAY-15.");
        if (keys.Count > MaxReleaseItems) return Error.Invalid("items", $"Release notes take at most {MaxReleaseItems} items.");
        if ((await rights.ProductForAsync(key, Operations.Products.Read, ct)).Failed(out var error, out var product)) return error;

        var items = await db.BacklogItems.AsNoTracking().Where(i => i.ProductId == product.Id && keys.Contains(i.Key)).ToListAsync(ct);
        var missing = keys.Except(items.Select(i => i.Key)).ToList();
        if (missing.Count > 0) return Error.Invalid("items", $"{product.Key} has no item {string.Join(", ", missing)}.");
        var notAccepted = items.Where(i => i.Status != ItemStatus.Accepted).Select(i => i.Key).ToList();
        if (notAccepted.Count > 0)
            return Error.Invalid("items", $"Release notes list accepted work only; {string.Join(", ", notAccepted)} {(notAccepted.Count == 1 ? "is" : "are")} not accepted yet.");

        var heading = string.IsNullOrWhiteSpace(title) ? $"{product.Name} release notes ({clock.GetUtcNow():yyyy-MM-dd})" : title.Trim();
        var markdown = new StringBuilder().Append("# ").AppendLine(heading).AppendLine();
        foreach (var (label, types) in new (string, ItemType[])[]
                 {
                     ("New and improved", [ItemType.Story, ItemType.Epic]),
                     ("Fixed", [ItemType.Bug]),
                     ("Under the hood", [ItemType.TechDebt, ItemType.Spike]),
                 })
        {
            var group = items.Where(i => types.Contains(i.Type)).OrderBy(i => i.Number).ToList();
            if (group.Count == 0) continue;
            markdown.Append("## ").AppendLine(label).AppendLine();
            foreach (var item in group) markdown.Append("- ").Append(Escape(Headline(item.Title))).Append(" (").Append(item.Key).AppendLine(")");
            markdown.AppendLine();
        }
        return new ReleaseNotesDto(heading, markdown.ToString(), items.OrderBy(i => i.Number).Select(i => i.Key).ToList());
    }

    /// <summary>"As a merchant I want to export CSV so that …" reads better in release notes as "Export CSV".</summary>
    private static string Headline(string title)
    {
        if (!Readiness.IsStoryForm(title)) return title;
        var start = title.IndexOf(" I want ", StringComparison.OrdinalIgnoreCase) + " I want ".Length;
        var end = title.IndexOf(" so that ", StringComparison.OrdinalIgnoreCase);
        var want = title[start..end].Trim();
        if (want.StartsWith("to ", StringComparison.OrdinalIgnoreCase)) want = want[3..];
        return want.Length == 0 ? title : char.ToUpperInvariant(want[0]) + want[1..];
    }

    private static string Escape(string text) => text.Replace("*", "\\*", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
