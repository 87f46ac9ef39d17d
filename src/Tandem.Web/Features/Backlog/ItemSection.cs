using Microsoft.AspNetCore.Components;
using Tandem.Application.Backlog;
using Tandem.Web.Components;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Backlog;

/// <summary>
/// What every section of the item page shares. The page passes down the item and what the person may do;
/// the section owns its forms, the fields they post and the use case they call. Every form posts to the
/// item's address: a command that succeeds redirects back there (Post/Redirect/Get), one that is refused
/// leaves the item as it was loaded and shows the refusal next to the form, with what was typed kept in it.
/// </summary>
public abstract class ItemSection : GatedComponent
{
    [CascadingParameter] protected HttpContext HttpContext { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    [Parameter, EditorRequired] public BacklogItemDto Item { get; set; } = default!;
    [Parameter, EditorRequired] public ItemPermissions Can { get; set; } = default!;
    [Parameter, EditorRequired] public ItemTeam Team { get; set; } = default!;

    /// <summary>Which folds the page opens for this person, and which one a save came back to.</summary>
    [CascadingParameter] public ItemFolds? Folds { get; set; }

    /// <summary>The fold this section's saves come back to (<c>?saved={Anchor}#{Anchor}</c>).</summary>
    protected virtual string Anchor => "top";

    /// <summary>The form whose submission was refused (its form name), and why.</summary>
    private string? _failed;

    protected Error? Problem { get; private set; }

    protected string ItemUrl => AppRoutes.Item(Item.ProductKey, Item.Key);

    protected CancellationToken Aborted => HttpContext?.RequestAborted ?? CancellationToken.None;

    /// <summary>", Alice Ng," when the product has a Product Owner: for sentences that name who decides.</summary>
    protected string ProductOwnersAside => Team.ProductOwners.Length > 0 ? $", {Team.ProductOwners}," : "";

    protected bool Failed(string form) => _failed == form;

    protected bool FailedAny(string prefix) => _failed?.StartsWith(prefix, StringComparison.Ordinal) == true;

    /// <summary>
    /// Whether a fold is open: the page opens it for this person, a save came back to it, or one of its forms
    /// (named by prefix) was just posted and is shown again with the refusal.
    /// </summary>
    protected bool Opens(string fold, params string[] formPrefixes) =>
        (Folds?.Opens(fold) ?? true) || formPrefixes.Any(PostedToAny);

    /// <summary>True when the page was reached by a save that came back to this fold.</summary>
    protected bool SavedIn(string fold) => Folds?.Saved == fold;

    private bool PostedToAny(string prefix) =>
        HttpMethods.IsPost(HttpContext.Request.Method) && HttpContext.Request.HasFormContentType
        && HttpContext.Request.Form["_handler"].ToString().StartsWith(prefix, StringComparison.Ordinal);

    /// <summary>
    /// True while handling a post of that form. Blazor only dispatches to a form it renders again, so forms
    /// that exist only in some states (accept while done) are also rendered when they are the one posted:
    /// someone acting on a stale page then gets the use case's explanation, not a bare 400.
    /// </summary>
    protected bool PostedTo(string form) =>
        HttpMethods.IsPost(HttpContext.Request.Method) && HttpContext.Request.HasFormContentType && HttpContext.Request.Form["_handler"] == form;

    /// <summary>The message for one field of the form that failed, if any.</summary>
    protected string? FieldError(string form, string field) =>
        _failed == form && Problem?.Fields is { } fields && fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>What to show in a field: what was posted when its form failed, otherwise the item's value.</summary>
    protected string? Shown(string form, string? posted, string? current) => _failed == form ? posted : current;

    /// <summary>Shows the refusal next to the form and answers with its status code (the API's mapping).</summary>
    protected void Refuse(string form, Error problem)
    {
        _failed = form;
        Problem = problem;
        TandemPage.SetStatus(HttpContext, TandemPage.StatusFor(problem));
    }

    /// <summary>
    /// Back to the item when the command succeeded, else the refusal next to the form. The way back names the fold
    /// saved in (<c>?saved=estimate#estimate</c>): the browser scrolls to it, and it opens with a confirmation.
    /// </summary>
    protected void Finish<T>(string form, Result<T> result, string? query = null, string? anchor = null)
    {
        if (result.Failed(out var problem, out _)) Refuse(form, problem);
        else Navigation.NavigateTo(SavedUrl(anchor ?? Anchor, query));
    }

    protected async Task FinishAsync<T>(string form, Task<Result<T>> command, string? query = null, string? anchor = null) =>
        Finish(form, await command, query, anchor);

    /// <summary>The item's address after a save in a fold, with any extra query (<c>suggested=rank</c>).</summary>
    protected string SavedUrl(string fold, string? query = null) =>
        $"{ItemUrl}?saved={Uri.EscapeDataString(fold)}{(string.IsNullOrEmpty(query) ? "" : "&" + query.TrimStart('?'))}#{fold}";
}

/// <summary>
/// Which folds of the item page are open for the person reading it: those their decisions need (the Tech Lead's
/// estimate and assessment, the Product Owner's acceptance), those named in <c>?open=</c>, and the one a save came
/// back to (<c>?saved=</c>).
/// </summary>
public sealed record ItemFolds(IReadOnlySet<string> Open, string? Saved)
{
    /// <summary>Every fold, for <c>?open=all</c>.</summary>
    public const string All = "all";

    public bool Opens(string fold) => Open.Contains(All) || Open.Contains(fold) || Saved == fold;

    /// <summary>
    /// What this person lands on, from what they may decide (the decision rights, never role names): whoever assesses
    /// (the Tech Lead) the estimate and assessment; whoever accepts (the Product Owner) done work's acceptance; everyone
    /// the description and the acceptance criteria.
    /// </summary>
    public static ItemFolds For(ItemPermissions can, string? open, string? saved)
    {
        var folds = new HashSet<string>(StringComparer.Ordinal) { "description", "criteria", "acceptance" };
        // The developers estimate with the Tech Lead, so their estimate opens too; only the Tech Lead assesses.
        if (can.Estimate) folds.Add("estimate");
        if (can.Assess) folds.Add("assessment");
        // Suggesting is how those who do not decide take part; its three forms stay folded inside.
        if (can.Suggest) folds.Add("suggest");
        foreach (var name in (open ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            folds.Add(name);
        return new ItemFolds(folds, string.IsNullOrWhiteSpace(saved) ? null : saved);
    }
}
