using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Tandem.Application.Backlog;
using Tandem.Application.DecisionRights;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Backlog;

/// <summary>
/// The Product Owner's inbox of suggestions: open ones newest first, a filter for decided ones,
/// and accept (which applies the change) or decline with a reason. Everyone else reads it.
/// </summary>
public partial class SuggestionsPage : TandemPage
{
    [Inject] private SuggestionsFeature Suggestions { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [SupplyParameterFromQuery(Name = "status")] private string? Status { get; set; }
    [SupplyParameterFromQuery(Name = "cursor")] private string? Cursor { get; set; }
    [SupplyParameterFromQuery(Name = "accepted")] private string? AcceptedKey { get; set; }
    [SupplyParameterFromQuery(Name = "declined")] private string? DeclinedKey { get; set; }

    [SupplyParameterFromForm] private string? Decision { get; set; }
    [SupplyParameterFromForm] private string? Reason { get; set; }

    private IReadOnlyList<SuggestionDto>? suggestions;
    private string? nextCursor;
    private bool canDecide;
    private string? refusal;
    private string? failed;
    private Error? error;

    private static readonly (string Value, string Text)[] Filters = [("open", "Open"), ("accepted", "Accepted"), ("declined", "Declined"), ("all", "All")];

    private string ProductKey => Key.ToUpperInvariant();

    private string CurrentStatus => Status?.ToLowerInvariant() is "accepted" or "declined" or "all" ? Status.ToLowerInvariant() : "open";

    /// <summary>Posts go back to the same filtered view, so the list a person decided from is the one they see after.</summary>
    private string FormAction => $"/p/{ProductKey}/suggestions" + (CurrentStatus == "open" ? "" : $"?status={CurrentStatus}");

    protected override async Task OnInitializedAsync()
    {
        if ((await Rights.FindProductAsync(Key, Aborted)).Failed(out var refused, out var product))
        {
            Fail(refused);
            return;
        }
        canDecide = await Rights.IsAllowedAsync(product, Operations.Backlog.DecideSuggestion, Aborted);
        if (!canDecide)
            refusal = await Rights.ExplainRefusalAsync(product, Operations.Backlog.DecideSuggestion, await Rights.ActorOnAsync(product, Aborted), Aborted);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if ((await Suggestions.ListAsync(Key, CurrentStatus == "all" ? null : CurrentStatus, 25, string.IsNullOrWhiteSpace(Cursor) ? null : Cursor, Aborted))
            .Failed(out var problem, out var page))
        {
            if (problem.Kind == ErrorKind.Invalid) error = problem;
            else Fail(problem);
            return;
        }
        suggestions = page.Items;
        nextCursor = page.NextCursor;
    }

    private async Task DecideAsync(Guid id, string itemKey)
    {
        if (!(await Suggestions.DecideAsync(id, new DecideSuggestionRequest(Decision, Reason), Aborted)).Failed(out var refused, out var decided))
        {
            var outcome = decided.Status == "accepted" ? "accepted" : "declined";
            Navigation.NavigateTo($"{FormAction}{(FormAction.Contains('?', StringComparison.Ordinal) ? "&" : "?")}{outcome}={Uri.EscapeDataString(itemKey)}");
            return;
        }
        failed = $"decide-{id:N}";
        error = refused;
        SetStatus(HttpContext, StatusFor(refused));
        await LoadAsync();
    }

    private string? DecidedNotice =>
        AcceptedKey is { } a && ItemKeyPattern().IsMatch(a) ? $"Accepted and applied the suggestion on {a.ToUpperInvariant()}."
        : DeclinedKey is { } d && ItemKeyPattern().IsMatch(d) ? $"Declined the suggestion on {d.ToUpperInvariant()}; the person who suggested it can read your reason here."
        : null;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{1,9}-[0-9]{1,9}$")]
    private static partial Regex ItemKeyPattern();

    private string FilterHref(string status) => $"/p/{ProductKey}/suggestions" + (status == "open" ? "" : $"?status={status}");

    private string OlderHref => $"/p/{ProductKey}/suggestions?status={CurrentStatus}&cursor={Uri.EscapeDataString(nextCursor ?? "")}";

    private static string KindText(string kind) => kind switch
    {
        "rank" => "Rank change",
        "criterion" => "Acceptance criterion",
        _ => "Edit",
    };

    private static string StatusText(string status) => status switch
    {
        "accepted" => "Accepted",
        "declined" => "Declined",
        _ => "Open",
    };

    private static string StatusClass(string status) => status switch
    {
        "accepted" => "ok",
        "declined" => "declined",
        _ => "pending",
    };

    private static string At(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
