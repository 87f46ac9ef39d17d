using System.Globalization;
using Microsoft.AspNetCore.Components;
using Tandem.Application.Backlog;
using Tandem.Application.Common;
using Tandem.Application.DecisionRights;
using Tandem.Application.Estimation;
using Tandem.Application.Members;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Workspaces;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Backlog;

/// <summary>
/// One backlog item, everything about it on one page. The backlog page shows this page's
/// <c>article.item-editor</c> in a side panel, so every form posts to this page's address with an
/// explicit action and, on success, redirects back here (Post/Redirect/Get). On failure the page is
/// re-rendered with the problem next to the form that failed and what the person typed kept in it.
/// Every rule is the use cases'; the page only asks the decision rights what to offer.
/// </summary>
public partial class ItemPage : TandemPage
{
    [Inject] private BacklogFeature Backlog { get; set; } = default!;
    [Inject] private CriteriaFeature Criteria { get; set; } = default!;
    [Inject] private ItemDetailsFeature Details { get; set; } = default!;
    [Inject] private PrioritisationFeature Prioritisation { get; set; } = default!;
    [Inject] private SuggestionsFeature Suggestions { get; set; } = default!;
    [Inject] private MembersFeature Members { get; set; } = default!;
    [Inject] private EstimationFeature Estimation { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;
    [Inject] private Application.Data.TandemDbContext Db { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [Parameter] public string ItemKey { get; set; } = "";

    // Form fields. No form name: each form on the page posts its own subset, and the submit handler
    // (chosen by @formname) decides which of them it reads.
    [SupplyParameterFromForm] private string? Version { get; set; }
    [SupplyParameterFromForm] private string? Title { get; set; }
    [SupplyParameterFromForm] private string? StoryWho { get; set; }
    [SupplyParameterFromForm] private string? StoryWant { get; set; }
    [SupplyParameterFromForm] private string? StoryWhy { get; set; }
    [SupplyParameterFromForm] private string? Description { get; set; }
    [SupplyParameterFromForm] private string? Type { get; set; }
    [SupplyParameterFromForm] private string? Status { get; set; }
    [SupplyParameterFromForm] private string? Epic { get; set; }
    [SupplyParameterFromForm] private string? Assignee { get; set; }
    [SupplyParameterFromForm] private string? BusinessValue { get; set; }
    [SupplyParameterFromForm] private string? Label { get; set; }
    [SupplyParameterFromForm] private string? Given { get; set; }
    [SupplyParameterFromForm] private string? When { get; set; }
    [SupplyParameterFromForm] private string? Then { get; set; }
    [SupplyParameterFromForm] private string? Reason { get; set; }
    [SupplyParameterFromForm] private string? LinkKind { get; set; }
    [SupplyParameterFromForm] private string? Target { get; set; }
    [SupplyParameterFromForm] private string? Comment { get; set; }
    [SupplyParameterFromForm] private string? TimeCriticality { get; set; }
    [SupplyParameterFromForm] private string? RiskReduction { get; set; }
    [SupplyParameterFromForm] private string? Reach { get; set; }
    [SupplyParameterFromForm] private string? Impact { get; set; }
    [SupplyParameterFromForm] private string? Confidence { get; set; }
    [SupplyParameterFromForm] private string? Effort { get; set; }
    [SupplyParameterFromForm] private string? Moscow { get; set; }
    [SupplyParameterFromForm] private string? Position { get; set; }
    [SupplyParameterFromForm] private string? RankTarget { get; set; }
    [SupplyParameterFromForm] private string? Note { get; set; }
    [SupplyParameterFromForm] private string? Points { get; set; }
    [SupplyParameterFromForm] private string? EstimateReason { get; set; }
    [SupplyParameterFromForm] private string? Feasibility { get; set; }
    [SupplyParameterFromForm] private string? Risk { get; set; }
    [SupplyParameterFromForm] private string? RiskReason { get; set; }
    [SupplyParameterFromForm] private string? AssessmentConfidence { get; set; }
    [SupplyParameterFromForm] private string? Components { get; set; }
    [SupplyParameterFromForm] private string? TechNotes { get; set; }

    private BacklogItemDto? item;
    private List<MemberDto> members = [];
    private IReadOnlyList<BacklogItemSummary> epics = [];
    private string productOwners = "";
    private string techLeads = "";
    private EstimatesDto? estimates;

    private bool canEdit;
    private bool canSetValue;
    private bool canEditCriteria;
    private bool canTick;
    private bool canVerify;
    private bool canAccept;
    private bool canSuggest;
    private bool canProposeCriterion;
    private bool canEstimate;
    private bool canAssess;

    /// <summary>The form whose submission failed (its @formname), and why.</summary>
    private string? failed;
    private Error? error;

    /// <summary>What a successful suggestion said, shown once after the redirect.</summary>
    [SupplyParameterFromQuery(Name = "suggested")] private string? Suggested { get; set; }

    private string ItemUrl => $"/p/{(item?.ProductKey ?? Key).ToUpperInvariant()}/items/{(item?.Key ?? ItemKey).ToUpperInvariant()}";

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        var found = await Backlog.GetAsync(ItemKey, Aborted);
        if (!found.IsSuccess)
        {
            Fail(found.Error!);
            return;
        }
        if (!string.Equals(found.Value!.ProductKey, Key, StringComparison.OrdinalIgnoreCase))
        {
            Fail(Error.NotFound($"{Key.ToUpperInvariant()} has no item {ItemKey.ToUpperInvariant()}; it belongs to {found.Value.ProductKey}."));
            return;
        }
        item = found.Value;
        var history = await Estimation.GetEstimatesAsync(ItemKey, Aborted);
        estimates = history.IsSuccess ? history.Value : null;
        if (members.Count > 0) return;

        var product = (await Rights.FindProductAsync(item.ProductKey, Aborted)).Value!;
        canEdit = await Rights.IsAllowedAsync(product, Operations.Backlog.EditItem, Aborted);
        canSetValue = await Rights.IsAllowedAsync(product, Operations.Backlog.SetBusinessValue, Aborted);
        canEditCriteria = await Rights.IsAllowedAsync(product, Operations.AcceptanceCriteria.Edit, Aborted);
        canTick = await Rights.IsAllowedAsync(product, Operations.AcceptanceCriteria.Tick, Aborted);
        canVerify = await Rights.IsAllowedAsync(product, Operations.AcceptanceCriteria.Verify, Aborted);
        canAccept = await Rights.IsAllowedAsync(product, Operations.Work.AcceptOrReject, Aborted);
        // Those who decide do it directly; suggesting is for the rest of the team.
        canSuggest = !await Rights.IsAllowedAsync(product, Operations.Backlog.DecideSuggestion, Aborted)
            && await Rights.IsAllowedAsync(product, Operations.Backlog.Suggest, Aborted);
        canProposeCriterion = canSuggest && await Rights.IsAllowedAsync(product, Operations.AcceptanceCriteria.Propose, Aborted);
        canEstimate = await Rights.IsAllowedAsync(product, Operations.Estimation.Estimate, Aborted);
        canAssess = await Rights.IsAllowedAsync(product, Operations.Technical.Assess, Aborted);

        var team = await Members.ListAsync(item.ProductKey, Paging.MaxLimit, null, Aborted);
        // Work is assigned to the team; stakeholders hold no role that does it.
        if (team.IsSuccess) members = team.Value!.Items.Where(m => m.Roles.Any(r => r != Role.Stakeholder.Slug())).ToList();
        productOwners = string.Join(" and ", members.Where(m => m.Roles.Contains(Role.ProductOwner.Slug())).Select(m => m.DisplayName));
        techLeads = string.Join(" and ", members.Where(m => m.Roles.Contains(Role.TechLead.Slug())).Select(m => m.DisplayName));
        var epicPage = await Backlog.ListAsync(item.ProductKey, new BacklogQuery(Paging.MaxLimit, null, "epic", null, null, null, null), Aborted);
        if (epicPage.IsSuccess) epics = epicPage.Value!.Items;
    }

    // ---------------------------------------------------------------- outcome of a submission

    private void Succeeded(string? query = null) => Navigation.NavigateTo(ItemUrl + query);

    private async Task FailedAsync(string form, Error problem)
    {
        failed = form;
        error = problem;
        SetStatus(HttpContext, StatusFor(problem));
        // A refused change may have touched the tracked item before the rule said no; show the stored item, not that.
        Db.ChangeTracker.Clear();
        await LoadAsync();
    }

    private async Task ApplyAsync(string form, Task<Result<BacklogItemDto>> change)
    {
        var result = await change;
        if (result.IsSuccess) Succeeded();
        else await FailedAsync(form, result.Error!);
    }

    private bool Failed(string form) => failed == form;

    /// <summary>
    /// True while handling a post of that form. Blazor only dispatches to a form it renders again, so forms
    /// that exist only in some states (accept while done) are also rendered when they are the one posted:
    /// someone acting on a stale page then gets the use case's explanation, not a bare 400.
    /// </summary>
    private bool PostedTo(string form) =>
        HttpMethods.IsPost(HttpContext.Request.Method) && HttpContext.Request.HasFormContentType && HttpContext.Request.Form["_handler"] == form;

    /// <summary>The message for one field of the form that failed, if any.</summary>
    private string? FieldError(string form, string field) =>
        failed == form && error?.Fields is { } fields && fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>What to show in a field: what was posted when its form failed, otherwise the item's value.</summary>
    private string? Shown(string form, string? posted, string? current) => failed == form ? posted : current;

    // ---------------------------------------------------------------- edit

    private async Task SaveAsync()
    {
        if (item is null) return;
        if (!int.TryParse(Version, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            await FailedAsync("edit", Error.Invalid("version", "The form lost the item's version; reload the item and try again."));
            return;
        }
        var validation = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? title = Title;
        if (StoryText.AnyGiven(StoryWho, StoryWant, StoryWhy) || Title is null)
        {
            var (composed, errors) = StoryText.Compose(StoryWho, StoryWant, StoryWhy);
            if (errors is not null) foreach (var e in errors) validation[e.Key] = e.Value;
            title = composed;
        }
        Guid? assignee = null;
        if (!string.IsNullOrEmpty(Assignee))
        {
            if (Guid.TryParse(Assignee, out var id)) assignee = id;
            else validation["assignee"] = ["Choose the assignee from the list."];
        }
        var value = ParseInt(BusinessValue, "businessValue", "Business value", validation);
        if (validation.Count > 0)
        {
            await FailedAsync("edit", Error.Invalid(validation));
            return;
        }

        // Only what changed is sent, so that a save never rewrites fields (or logs decisions) nobody touched.
        // The version check below makes "changed" exact: the item is as the person saw it, or the save is refused.
        var current = item;
        var request = new PatchItemRequest(
            Type: Differs(Type, current.Type),
            Title: title is not null && title.Trim() != current.Title ? title : null,
            Description: Description is not null && Normalize(Description) != Normalize(current.Description) ? Description : null,
            Status: Differs(Status, current.Status),
            Epic: Epic is not null && Epic != (current.Epic ?? "") ? Epic : null,
            Assignee: assignee is not null && assignee != current.Assignee?.Id ? assignee : null,
            Unassign: Assignee is "" && current.Assignee is not null ? true : null,
            BusinessValue: BusinessValue is not null && value != current.BusinessValue ? value : null);
        if (BusinessValue is "" && current.BusinessValue is not null)
        {
            await FailedAsync("edit", Error.Invalid("businessValue", "Business value cannot be cleared here; set it to a number from 0 to 100."));
            return;
        }
        await ApplyAsync("edit", Backlog.PatchAsync(current.Key, request, version, Aborted));
    }

    private static string? Differs(string? posted, string current) => posted is not null && posted != current ? posted : null;

    /// <summary>Browsers send textarea line breaks as CRLF; a description nobody edited must not count as changed.</summary>
    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    // ---------------------------------------------------------------- labels

    private Task AddLabelAsync() => ApplyAsync("label-add", Details.AddLabelAsync(ItemKey, new LabelRequest(Label), Aborted));

    private Task RemoveLabelAsync(string label) => ApplyAsync($"label-remove-{label}", Details.RemoveLabelAsync(ItemKey, label, Aborted));

    // ---------------------------------------------------------------- criteria

    private Task AddCriterionAsync() => ApplyAsync("criterion-add", Criteria.AddAsync(ItemKey, new CriterionRequest(Given, When, Then), Aborted));

    private Task RewriteCriterionAsync(Guid id) => ApplyAsync($"criterion-rewrite-{id:N}", Criteria.RewriteAsync(ItemKey, id, new CriterionRequest(Given, When, Then), Aborted));

    private Task RemoveCriterionAsync(Guid id) => ApplyAsync($"criterion-remove-{id:N}", Criteria.RemoveAsync(ItemKey, id, Aborted));

    private Task TickCriterionAsync(Guid id, bool met) => ApplyAsync($"criterion-tick-{id:N}", Criteria.TickAsync(ItemKey, id, new TickRequest(met), Aborted));

    private Task VerifyCriterionAsync(Guid id) => ApplyAsync($"criterion-verify-{id:N}", Criteria.VerifyAsync(ItemKey, id, Aborted));

    // ---------------------------------------------------------------- acceptance

    private Task AcceptAsync() => ApplyAsync("accept", Backlog.DecideAcceptanceAsync(ItemKey, new AcceptanceRequest("accept", null), Aborted));

    private Task RejectAsync() => ApplyAsync("reject", Backlog.DecideAcceptanceAsync(ItemKey, new AcceptanceRequest("reject", Reason), Aborted));

    // ---------------------------------------------------------------- prioritisation

    private async Task PrioritiseAsync()
    {
        var validation = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var request = new PrioritisationRequest(
            ParseInt(BusinessValue, "businessValue", "Business value", validation),
            ParseInt(TimeCriticality, "timeCriticality", "Time criticality", validation),
            ParseInt(RiskReduction, "riskReduction", "Risk reduction / opportunity enablement", validation),
            ParseInt(Reach, "reach", "Reach", validation),
            ParseDecimal(Impact, "impact", "Impact", validation),
            ParseInt(Confidence, "confidence", "Confidence", validation),
            ParseDecimal(Effort, "effort", "Effort", validation),
            string.IsNullOrWhiteSpace(Moscow) ? null : Moscow);
        if (validation.Count > 0) await FailedAsync("prioritise", Error.Invalid(validation));
        else await ApplyAsync("prioritise", Prioritisation.SetAsync(ItemKey, request, Aborted));
    }

    // ---------------------------------------------------------------- links and comments

    private Task LinkAsync() => ApplyAsync("link-add", Details.LinkAsync(ItemKey, new LinkRequest(LinkKind, Target), Aborted));

    private Task UnlinkAsync(Guid id) => ApplyAsync($"link-remove-{id:N}", Details.UnlinkAsync(ItemKey, id, Aborted));

    private Task CommentAsync() => ApplyAsync("comment", Details.CommentAsync(ItemKey, new ItemCommentRequest(Comment), Aborted));

    // ---------------------------------------------------------------- estimate and technical assessment

    private Task EstimateAsync() => ApplyAsync("estimate", Estimation.EstimateAsync(ItemKey, Points, EstimateReason, null, Aborted));

    private Task AssessAsync() => ApplyAsync("assess", Estimation.AssessAsync(ItemKey,
        new AssessmentRequest(Feasibility, Risk, RiskReason, AssessmentConfidence,
            (Components ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), TechNotes), Aborted));

    private static readonly string[] LowMediumHigh = ["low", "medium", "high"];

    // ---------------------------------------------------------------- suggestions

    private Task SuggestRankAsync()
    {
        var position = Position?.Trim().ToLowerInvariant();
        var target = string.IsNullOrWhiteSpace(RankTarget) ? null : RankTarget;
        var request = position switch
        {
            "before" => new SuggestRequest("rank", null, target ?? "", null, null, null, null, null, null, Note),
            "after" => new SuggestRequest("rank", null, null, target ?? "", null, null, null, null, null, Note),
            _ => new SuggestRequest("rank", position, null, null, null, null, null, null, null, Note),
        };
        if (position is "before" or "after" && target is null)
            return FailedAsync("suggest-rank", Error.Invalid("rankTarget", $"Say which item it should go {position} (its key, e.g. {Key.ToUpperInvariant()}-12)."));
        return SuggestAsync("suggest-rank", request);
    }

    private Task SuggestCriterionAsync() =>
        SuggestAsync("suggest-criterion", new SuggestRequest("criterion", null, null, null, Given, When, Then, null, null, Note));

    private Task SuggestEditAsync()
    {
        var title = string.IsNullOrWhiteSpace(Title) || Title.Trim() == item?.Title ? null : Title;
        var description = Description is null || Normalize(Description) == Normalize(item?.Description ?? "") ? null : Description;
        return SuggestAsync("suggest-edit", new SuggestRequest("edit", null, null, null, null, null, null, title, description, Note));
    }

    private async Task SuggestAsync(string form, SuggestRequest request)
    {
        var result = await Suggestions.ProposeAsync(ItemKey, request, Aborted);
        if (result.IsSuccess) Succeeded("?suggested=" + Uri.EscapeDataString(result.Value!.Kind));
        else await FailedAsync(form, result.Error!);
    }

    private string? SuggestedNotice => Suggested switch
    {
        "rank" => "Your rank suggestion is in the Product Owner's inbox.",
        "criterion" => "Your acceptance criterion is in the Product Owner's inbox.",
        "edit" => "Your suggested edit is in the Product Owner's inbox.",
        _ => null,
    };

    // ---------------------------------------------------------------- parsing and display

    private static int? ParseInt(string? text, string field, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        errors[field] = [$"{name} is a whole number; \"{text.Trim()}\" is not."];
        return null;
    }

    private static decimal? ParseDecimal(string? text, string field, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) return value;
        errors[field] = [$"{name} is a number such as 2 or 0.5; \"{text.Trim()}\" is not."];
        return null;
    }

    private static string Number(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string At(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    public static string StatusText(string status) => status switch
    {
        "in-progress" => "In progress",
        "tech-debt" => "Tech debt",
        _ => string.IsNullOrEmpty(status) ? status : char.ToUpperInvariant(status[0]) + status[1..],
    };

    public static readonly IReadOnlyList<string> Types = Enum.GetValues<ItemType>().Select(t => EnumText.Slug(t)).ToList();

    /// <summary>The team's statuses; accepting is the Product Owner's decision, made with the buttons below.</summary>
    public static readonly IReadOnlyList<string> TeamStatuses = Enum.GetValues<ItemStatus>().Where(s => s != ItemStatus.Accepted).Select(s => EnumText.Slug(s)).ToList();

    private static readonly (string Kind, string Text)[] LinkKinds =
        [("blocks", "blocks"), ("blocked-by", "is blocked by"), ("relates-to", "relates to"), ("duplicates", "duplicates"), ("duplicated-by", "is duplicated by")];

    private static string LinkText(string kind) => LinkKinds.FirstOrDefault(k => k.Kind == kind).Text ?? kind;
}

/// <summary>The prioritisation form's fields as posted, to show them again when the save failed.</summary>
public sealed record PrioritisationPosted(string? BusinessValue, string? TimeCriticality, string? RiskReduction, string? Reach, string? Impact, string? Confidence, string? Effort, string? Moscow);
