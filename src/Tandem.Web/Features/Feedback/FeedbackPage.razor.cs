using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.Feedback;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Feedback;

/// <summary>
/// The feedback inbox of one product: filter, vote, and send new feedback. Filters live in the query
/// string so a filtered view is a link; who may vote or send comes from the decision-rights table.
/// </summary>
public partial class FeedbackPage : TandemPage
{
    private const int PageSize = 50;
    private static readonly HashSet<string> FormFields = ["title", "description", "area", "urgency"];

    [Inject] private FeedbackFeature Feedback { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [SupplyParameterFromQuery(Name = "status")] private string? Status { get; set; }
    [SupplyParameterFromQuery(Name = "mine")] private string? MineParameter { get; set; }
    [SupplyParameterFromQuery(Name = "sort")] private string? Sort { get; set; }
    [SupplyParameterFromQuery(Name = "cursor")] private string? Cursor { get; set; }

    [SupplyParameterFromForm(FormName = "send")] private SendForm? Form { get; set; }

    private IReadOnlyList<FeedbackDto>? entries;
    private string? nextCursor;
    private bool canVote;
    private bool canSubmit;
    private string? cannotSubmit;
    private Error? error;
    private Error? sendError;

    private string ProductKey => Key.ToUpperInvariant();

    /// <summary>Read as text: a hand-typed ?mine=yes must not fail the page the way a bool parameter would.</summary>
    private bool Mine => MineParameter is "true" or "1" or "on";

    /// <summary>Forms post back to the filtered view they were in, so a vote keeps the filters.</summary>
    private string Here => $"/p/{ProductKey}/feedback{HttpContext.Request.QueryString}";
    private bool ByVotes => string.Equals(Sort, "votes", StringComparison.OrdinalIgnoreCase);
    private bool Filtered => !string.IsNullOrEmpty(Status) || Mine;

    /// <summary>Votes order the page shown; the list itself pages newest first, which is what the use case offers.</summary>
    private IEnumerable<FeedbackDto> Sorted => ByVotes ? entries!.OrderByDescending(e => e.Votes).ThenByDescending(e => e.Number) : entries!;

    /// <summary>A refusal or an error about something other than the form's fields goes above the button.</summary>
    private bool SendProblemElsewhere => sendError is not null && (sendError.Fields is null || sendError.Fields.Keys.Any(k => !FormFields.Contains(k)));

    private string? Invalid(string field) => sendError?.Fields?.ContainsKey(field) == true ? "true" : null;

    protected override async Task OnInitializedAsync()
    {
        Form ??= new SendForm();
        if ((await Rights.FindProductAsync(Key, Aborted)).Failed(out var missing, out var product))
        {
            Fail(missing);
            return;
        }
        canVote = await Rights.IsAllowedAsync(product, Operations.Feedback.Vote, Aborted);
        cannotSubmit = (await Rights.AuthorizeAsync(product, Operations.Feedback.Submit, Aborted))?.Detail;
        canSubmit = cannotSubmit is null;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var result = await Feedback.ListAsync(Key, new FeedbackQuery(NullIfEmpty(Status), Mine, PageSize, NullIfEmpty(Cursor)), Aborted);
        if (!result.Failed(out var failed, out var page))
        {
            entries = page.Items;
            nextCursor = page.NextCursor;
        }
        else if (failed.Kind == ErrorKind.Invalid)
        {
            // A bad filter is the reader's to fix here; show the unfiltered list beside the explanation.
            error = failed;
            entries = [];
        }
        else Fail(failed);
    }

    private async Task VoteAsync(int number, bool vote)
    {
        if ((await Feedback.VoteAsync(Key, number, vote, Aborted)).Failed(out var failed, out _)) error = failed;
        await LoadAsync();
    }

    private async Task SendAsync()
    {
        var form = Form ?? new SendForm();
        if ((await Feedback.SubmitAsync(Key, new SubmitFeedbackRequest(form.Title, form.Description, form.Area, form.Urgency), Aborted)).Failed(out var failed, out var sent))
        {
            sendError = failed;
            return;
        }
        // Post/redirect/get: the sender lands on what they sent, and a reload does not send it twice.
        Navigation.NavigateTo($"/p/{ProductKey}/feedback/{sent.Number}?sent=1");
    }

    private string OlderHref
    {
        get
        {
            var parameters = new[] { ("status", Status), ("mine", Mine ? "true" : null), ("sort", Sort), ("cursor", nextCursor) }
                .Where(p => !string.IsNullOrWhiteSpace(p.Item2))
                .Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2));
            return $"/p/{ProductKey}/feedback{QueryString.Create(parameters)}";
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public sealed class SendForm
    {
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Area { get; set; }
        public string? Urgency { get; set; }
    }
}
