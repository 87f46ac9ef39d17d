using System.Globalization;
using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionLog;
using Tandem.Application.DecisionRights;
using Tandem.Application.Feedback;
using Tandem.Application.Notifications;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Feedback;

/// <summary>
/// One piece of feedback: what was asked, votes and comments, where it stands, and for the Product
/// Owner the triage panel. Every action goes through <see cref="FeedbackFeature"/>; the page only
/// decides what to show, from the same decision-rights table the use cases enforce.
/// </summary>
public partial class FeedbackDetailPage : TandemPage
{
    internal static readonly IReadOnlyList<(string Value, string Label)> ItemTypes =
        [(EnumText.Slug(ItemType.Story), "User story"), (EnumText.Slug(ItemType.Bug), "Bug"), (EnumText.Slug(ItemType.Spike), "Spike"),
         (EnumText.Slug(ItemType.TechDebt), "Technical debt"), (EnumText.Slug(ItemType.Epic), "Epic")];

    [Inject] private FeedbackFeature Feedback { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;
    [Inject] private DecisionLogFeature Log { get; set; } = default!;
    [Inject] private NotificationsFeature Notifications { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [Parameter] public int Number { get; set; }
    [SupplyParameterFromQuery(Name = "sent")] private string? Sent { get; set; }

    [SupplyParameterFromForm(FormName = "comment")] private string? CommentText { get; set; }
    [SupplyParameterFromForm] private TriageForm? Triage { get; set; }

    private FeedbackDto? entry;
    private IReadOnlyList<DecisionLogEntryDto> history = [];
    private bool canVote;
    private bool canTriage;
    private string? notice;
    private Error? error;
    private Error? commentError;
    private Error? triageError;
    private string? TriageAction { get; set; }

    private string ProductKey => Key.ToUpperInvariant();
    private bool IsOpen => entry?.Status is "new" or "snoozed";

    /// <summary>True when each of the triage error's fields has a place next to an input of the form that failed.</summary>
    private bool TriageFieldsShown => triageError?.Fields is { } fields && fields.Keys.All(k => k is "itemKey" or "title" or "duplicateOf" or "reason" or "until");

    private Error? ErrorFor(string action) => TriageAction == action ? triageError : null;

    private string Outcome => entry!.Status switch
    {
        "new" => "Waiting for the Product Owner to triage it.",
        "linked" => $"Planned: it is backlog item {entry.LinkedItem}. Whoever sent it is told when it ships.",
        "shipped" => entry.LinkedItem is { } item ? $"Shipped: {item} was accepted." : "Shipped.",
        "duplicate" => $"A duplicate of #{entry.DuplicateOf}; votes and news are there.",
        "declined" => $"Declined: {entry.DeclineReason}",
        "snoozed" => $"Snoozed until {entry.SnoozedUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}; it comes back for triage then.",
        _ => entry.Status,
    };

    protected override async Task OnInitializedAsync()
    {
        if ((await Rights.FindProductAsync(Key, Aborted)).Failed(out var missing, out var product))
        {
            Fail(missing);
            return;
        }
        canVote = await Rights.IsAllowedAsync(product, Operations.Feedback.Vote, Aborted);
        canTriage = await Rights.IsAllowedAsync(product, Operations.Feedback.Triage, Aborted);
        if (Sent is "1" or "true") notice = $"Thank you. Your feedback is #{Number}; you will be told here and in your notifications what happens to it.";
        await LoadAsync();
        // Reading the page is reading the news about it.
        // The top bar counted unread notices before this page ran, so when some were just read the page
        // answers with a redirect to itself: one extra round trip, once, and the count is right.
        if (entry is not null && HttpMethods.IsGet(HttpContext.Request.Method)
            && await Notifications.MarkReadByLinkAsync(AppRoutes.FeedbackEntry(product.Key, Number), Aborted) > 0)
            Navigation.NavigateTo(Navigation.Uri);
    }

    private async Task LoadAsync()
    {
        if ((await Feedback.GetAsync(Key, Number, Aborted)).Failed(out var failed, out var read))
        {
            Fail(failed);
            return;
        }
        entry = read;
        // The decision log is the team's; stakeholders see the outcome without the log's entries.
        var log = await Log.ListAsync(Key, new DecisionLogQuery(null, null, $"{ProductKey}#{Number}", 20, null), Aborted);
        history = log.Failed(out _, out var page) ? [] : page.Items.Reverse().ToList();
    }

    private async Task VoteAsync(bool vote)
    {
        if ((await Feedback.VoteAsync(Key, Number, vote, Aborted)).Failed(out var failed, out _)) error = failed;
        else notice = vote ? "Your vote is counted." : "Your vote is taken back.";
        await LoadAsync();
    }

    private async Task CommentAsync()
    {
        if (!(await Feedback.CommentAsync(Key, Number, new CommentRequest(CommentText), Aborted)).Failed(out var failed, out _)) notice = "Your comment is posted.";
        else if (failed.Kind == ErrorKind.Invalid) commentError = failed;
        else error = failed;
        await LoadAsync();
    }

    private async Task TriageAsync(string action)
    {
        var form = Triage ?? new TriageForm();
        TriageAction = action;
        var request = action switch
        {
            "create-item" => new TriageRequest(action, null, form.Type, form.Title, null, null, null),
            "link" => new TriageRequest(action, form.ItemKey, null, null, null, null, null),
            "duplicate" => new TriageRequest(action, null, null, null, form.DuplicateOf, null, null),
            "decline" => new TriageRequest(action, null, null, null, null, form.Reason, null),
            _ => new TriageRequest(action, null, null, null, null, null, form.Until),
        };
        if (!(await Feedback.TriageAsync(Key, Number, request, Aborted)).Failed(out var failed, out var triaged))
        {
            TriageAction = null;
            Triage = null;
            notice = triaged.Status switch
            {
                "linked" => $"Linked to {triaged.LinkedItem}. {triaged.SubmittedBy.DisplayName} is told.",
                "shipped" => $"Linked to {triaged.LinkedItem}, which is already accepted: shipped.",
                _ => $"Triaged as {triaged.Status}. {triaged.SubmittedBy.DisplayName} is told.",
            };
        }
        else if (failed.Kind == ErrorKind.Invalid) triageError = failed;
        else error = failed;
        await LoadAsync();
    }

    public sealed class TriageForm
    {
        public string? Type { get; set; }
        public string? Title { get; set; }
        public string? ItemKey { get; set; }
        public int? DuplicateOf { get; set; }
        public string? Reason { get; set; }
        public DateOnly? Until { get; set; }
    }
}
