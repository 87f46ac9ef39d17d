using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.Search;

/// <summary>One backlog item found by key or title.</summary>
public sealed record SearchItem(string Key, string Title, string Type, string Status, string ProductKey, string Url);

/// <summary>Something the person may do now (its operation allows them), with the page that does it.</summary>
public sealed record SearchAction(string Title, string Operation, string Url);

/// <summary>What the command palette and the search page show: items, then actions.</summary>
public sealed record SearchResults(string Query, IReadOnlyList<SearchItem> Items, IReadOnlyList<SearchAction> Actions);

/// <summary>
/// Search across the products the person may read (ADR 29): an item by its key (exact, then one more digit, from the
/// key and number indexes) or by words in its title (bounded: the first matches in rank order), and the actions the
/// decision-rights table allows them on the product they are in. Another workspace's items are never seen (the tenant
/// filter), nor a product the person may not read.
/// </summary>
public sealed class SearchFeature(TandemDbContext db, CurrentUser me)
{
    public const int MaxLimit = 50;
    public const int DefaultLimit = 10;
    public const int MaxQueryLength = 100;

    /// <summary>An action of the palette: its words, the operation that allows it, and where it is done.</summary>
    private sealed record ActionTemplate(string Title, Operation Operation, string Path, bool WorkspaceWide = false);

    private static readonly ActionTemplate[] Catalogue =
    [
        new("New item", Operations.Backlog.AddItem, "/p/{0}/items/new"),
        new("New decision record (ADR)", Operations.ArchitectureDecisions.Propose, "/p/{0}/adrs/new"),
        new("Rank the backlog by score", Operations.Backlog.Reorder, "/p/{0}/prioritisation"),
        new("Decide suggestions", Operations.Backlog.DecideSuggestion, "/p/{0}/suggestions"),
        new("Change the Definition of Ready and Done", Operations.Work.EditDefinitions, "/p/{0}/definitions"),
        new("Change the vision and goals", Operations.Vision.Edit, "/p/{0}/vision"),
        new("Open planning poker", Operations.Estimation.RunPoker, "/p/{0}/poker"),
        new("Raise an impediment", Operations.ImpedimentLog.Raise, "/p/{0}/impediments"),
        new("Raise a risk", Operations.Raid.Raise, "/p/{0}/raid"),
        new("Submit feedback", Operations.Feedback.Submit, "/p/{0}/feedback"),
        new("Propose technical debt", Operations.Debt.Propose, "/p/{0}/debt"),
        new("Propose an NFR", Operations.Nfrs.Propose, "/p/{0}/nfrs"),
        new("Create a product", Operations.Members.CreateProduct, "/admin/products", WorkspaceWide: true),
        new("Invite people", Operations.Members.InvitePeople, "/admin/people", WorkspaceWide: true),
        new("Manage teams", Operations.Members.ManageTeams, "/admin/teams", WorkspaceWide: true),
    ];

    public async Task<Result<SearchResults>> SearchAsync(string? q, int? limit, string? productKey, CancellationToken ct)
    {
        var validation = new Validation();
        var term = q?.Trim() ?? "";
        if (term.Length == 0) validation.Add("q", "Type a key (PAY-12) or words of a title.");
        else if (term.Length > MaxQueryLength) validation.Add("q", $"Search for at most {MaxQueryLength} characters.");
        else if (term.Any(char.IsControl)) validation.Add("q", "The search cannot contain control characters.");
        if (limit is < 1 or > MaxLimit) validation.Add("limit", $"limit must be between 1 and {MaxLimit}.");
        if (validation.Result is { } invalid) return invalid;
        var take = limit ?? DefaultLimit;

        // The products this person may read, by the decision-rights table (members of a product and the workspace admin).
        var products = await db.Products.AsNoTracking().OrderBy(p => p.Key).Select(p => new { p.Id, p.Key }).ToListAsync(ct);
        var roles = (await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == me.UserId).Select(r => new { r.ProductId, r.Role }).ToListAsync(ct))
            .ToLookup(r => r.ProductId, r => r.Role);
        var actors = products.ToDictionary(p => p.Id, p => new Actor(me.UserId, me.IsWorkspaceAdmin, roles[p.Id].ToHashSet()));
        var readable = products.Where(p => DecisionRightsTable.IsAllowed(Operations.Products.Read, actors[p.Id])).ToList();
        var keys = readable.ToDictionary(p => p.Id, p => p.Key);
        var ids = keys.Keys.ToList();

        var found = new List<SearchItem>();
        var upper = term.ToUpperInvariant();
        // A key: the item itself, then those whose number has one more digit (PAY-1 → PAY-10 … PAY-19), from the indexes.
        var dash = upper.LastIndexOf('-');
        if (dash > 0 && readable.FirstOrDefault(p => p.Key == upper[..dash]) is { } keyed
            && int.TryParse(upper[(dash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number is > 0 and < 100_000_000)
        {
            var low = number * 10;
            var byKey = await db.BacklogItems.AsNoTracking()
                .Where(i => i.ProductId == keyed.Id && (i.Number == number || (i.Number >= low && i.Number < low + 10)))
                .OrderBy(i => i.Number).Take(take)
                .Select(i => new { i.Key, i.Title, i.Type, i.Status, i.ProductId }).ToListAsync(ct);
            found.AddRange(byKey.Select(i => Item(i.Key, i.Title, i.Type, i.Status, keys[i.ProductId])));
        }
        if (found.Count < take && ids.Count > 0)
        {
            var seen = found.Select(f => f.Key).ToList();
            var byTitle = await db.BacklogItems.AsNoTracking()
                .Where(i => ids.Contains(i.ProductId) && i.Title.ToUpper().Contains(upper) && !seen.Contains(i.Key))
                .OrderBy(i => i.Rank).ThenBy(i => i.Id).Take(take - found.Count)
                .Select(i => new { i.Key, i.Title, i.Type, i.Status, i.ProductId }).ToListAsync(ct);
            found.AddRange(byTitle.Select(i => Item(i.Key, i.Title, i.Type, i.Status, keys[i.ProductId])));
        }

        // Actions on the product the person is in (when they may read it), and the workspace's.
        var context = productKey is null ? null : readable.FirstOrDefault(p => string.Equals(p.Key, productKey.Trim(), StringComparison.OrdinalIgnoreCase));
        var noRoles = new Actor(me.UserId, me.IsWorkspaceAdmin, new HashSet<Domain.Workspaces.Role>());
        var actions = Catalogue
            .Where(a => a.WorkspaceWide ? DecisionRightsTable.IsAllowed(a.Operation, noRoles) : context is not null && DecisionRightsTable.IsAllowed(a.Operation, actors[context.Id]))
            .Where(a => a.Title.Contains(term, StringComparison.OrdinalIgnoreCase))
            .Select(a => new SearchAction(a.Title, a.Operation.Name, a.WorkspaceWide ? a.Path : string.Format(System.Globalization.CultureInfo.InvariantCulture, a.Path, context!.Key)))
            .ToList();
        return new SearchResults(term, found, actions);
    }

    private static SearchItem Item(string key, string title, Domain.Backlog.ItemType type, Domain.Backlog.ItemStatus status, string productKey) =>
        new(key, title, EnumText.Slug(type), EnumText.Slug(status), productKey, $"/p/{productKey}/items/{key}");
}
