using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Tandem.Application.Backlog;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Backlog;

/// <summary>
/// The ranked backlog. The server renders the first page (so the first rows show without waiting for
/// script), and hands the same rows to backlog.js, which keeps only the rows on screen in the page,
/// fetches further pages by cursor from the API, and does drag and drop, keyboard moves, bulk actions
/// and the side panel. Filters are the query string, so a filtered backlog is a link to share.
/// </summary>
public partial class BacklogPage : TandemPage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Inject] private BacklogFeature Backlog { get; set; } = default!;
    [Inject] private BacklogBoardFeature Board { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [SupplyParameterFromQuery(Name = "type")] private string? Type { get; set; }
    [SupplyParameterFromQuery(Name = "status")] private string? Status { get; set; }
    [SupplyParameterFromQuery(Name = "epic")] private string? Epic { get; set; }
    [SupplyParameterFromQuery(Name = "label")] private string? Label { get; set; }
    [SupplyParameterFromQuery(Name = "assignee")] private string? Assignee { get; set; }
    [SupplyParameterFromQuery(Name = "q")] private string? Q { get; set; }
    [SupplyParameterFromQuery(Name = "needs")] private string? Needs { get; set; }
    [SupplyParameterFromQuery(Name = "cursor")] private string? Cursor { get; set; }
    [SupplyParameterFromQuery(Name = "done")] private string? Done { get; set; }

    private BacklogBoardDto? board;
    private IReadOnlyList<BacklogItemSummary>? rows;
    private string? nextCursor;
    private Error? error;
    private string stateJson = "{}";

    /// <summary>Done and accepted items are hidden unless the address says <c>done=show</c> or a status is asked for (ADR 29).</summary>
    private bool ShowDone => string.Equals(Done?.Trim(), "show", StringComparison.OrdinalIgnoreCase);

    private bool Filtered => new[] { Type, Status, Epic, Label, Assignee, Q, Needs }.Any(v => !string.IsNullOrWhiteSpace(v));

    protected override async Task OnParametersSetAsync()
    {
        if ((await Board.GetAsync(Key, Aborted, countFinished: true)).Failed(out var refused, out var found))
        {
            Fail(refused);
            return;
        }
        board = found;

        Guid? assignee = null;
        if (!string.IsNullOrWhiteSpace(Assignee))
        {
            if (Guid.TryParse(Assignee, out var id)) assignee = id;
            else error = Error.Invalid("assignee", "Pick an assignee from the list.");
        }
        if (error is null)
        {
            var query = new BacklogQuery(100, Blank(Cursor), Blank(Type), Blank(Status), Blank(Epic), assignee, Blank(Q), Blank(Label), Blank(Needs), ShowDone ? "show" : "hide");
            if (!(await Backlog.ListAsync(Key, query, Aborted)).Failed(out var problem, out var page))
            {
                rows = page.Items;
                nextCursor = page.NextCursor;
            }
            else if (problem.Kind == ErrorKind.Invalid)
            {
                // A bad filter in the address is the reader's to fix here; show it with the filters.
                error = problem;
                SetStatus(HttpContext, StatusFor(problem));
            }
            else
            {
                Fail(problem);
                return;
            }
        }

        stateJson = JsonSerializer.Serialize(new
        {
            product = board.ProductKey,
            canReorder = board.CanReorder,
            canEdit = board.CanEdit,
            canSuggest = board.CanSuggest,
            reorderRefusal = board.ReorderRefusal,
            filters = new { type = Blank(Type), status = Blank(Status), epic = Blank(Epic), label = Blank(Label), assignee = Blank(Assignee), q = Blank(Q), needs = Blank(Needs), done = ShowDone ? "show" : "hide" },
            items = rows ?? [],
            nextCursor,
        }, Json);
    }

    private string MoreHref => Href(ShowDone, nextCursor);

    /// <summary>The same filters with done items shown or hidden, from the first page: the toggle works without script.</summary>
    private string DoneToggleHref => Href(!ShowDone, cursor: null);

    private string ClearHref => ShowDone ? $"/p/{Key}/backlog?done=show" : $"/p/{Key}/backlog";

    private string Href(bool showDone, string? cursor)
    {
        var parameters = new[] { ("type", Type), ("status", Status), ("epic", Epic), ("label", Label), ("assignee", Assignee), ("q", Q), ("needs", Needs), ("done", showDone ? "show" : null), ("cursor", cursor) }
            .Where(p => !string.IsNullOrWhiteSpace(p.Item2))
            .Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2));
        return $"/p/{Key}/backlog{QueryString.Create(parameters)}";
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    internal static string TypeTitle(string slug) => slug switch
    {
        "tech-debt" => "Tech debt",
        _ => char.ToUpperInvariant(slug[0]) + slug[1..],
    };

    internal static string StatusTitle(string slug) => slug switch
    {
        "in-progress" => "In progress",
        _ => char.ToUpperInvariant(slug[0]) + slug[1..],
    };
}
