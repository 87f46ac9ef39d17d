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
public abstract class ItemSection : ComponentBase
{
    [CascadingParameter] protected HttpContext HttpContext { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    [Parameter, EditorRequired] public BacklogItemDto Item { get; set; } = default!;
    [Parameter, EditorRequired] public ItemPermissions Can { get; set; } = default!;
    [Parameter, EditorRequired] public ItemTeam Team { get; set; } = default!;

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

    /// <summary>Back to the item when the command succeeded (with an optional query), else the refusal next to the form.</summary>
    protected void Finish<T>(string form, Result<T> result, string? query = null)
    {
        if (result.Failed(out var problem, out _)) Refuse(form, problem);
        else Navigation.NavigateTo(ItemUrl + query);
    }

    protected async Task FinishAsync<T>(string form, Task<Result<T>> command, string? query = null) => Finish(form, await command, query);
}
