using System.Globalization;
using Microsoft.AspNetCore.Components;
using Tandem.Application.Backlog;
using Tandem.Application.DecisionRights;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Backlog;

/// <summary>Writes a new backlog item (a story as "As … I want … so that …") and opens it.</summary>
public partial class NewItemPage : TandemPage
{
    [Inject] private BacklogFeature Backlog { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";

    [SupplyParameterFromForm(FormName = "create-item")] private string? Type { get; set; }
    [SupplyParameterFromForm(FormName = "create-item")] private string? Title { get; set; }
    [SupplyParameterFromForm(FormName = "create-item")] private string? StoryWho { get; set; }
    [SupplyParameterFromForm(FormName = "create-item")] private string? StoryWant { get; set; }
    [SupplyParameterFromForm(FormName = "create-item")] private string? StoryWhy { get; set; }
    [SupplyParameterFromForm(FormName = "create-item")] private string? Description { get; set; }
    [SupplyParameterFromForm(FormName = "create-item")] private string? Epic { get; set; }
    [SupplyParameterFromForm(FormName = "create-item")] private string? BusinessValue { get; set; }

    private IReadOnlyList<BacklogItemSummary> epics = [];
    private bool canSetValue;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();

    protected override async Task OnInitializedAsync()
    {
        // Asking for the right to add items up front explains a refusal before anyone types a story.
        if ((await Rights.ProductForAsync(Key, Operations.Backlog.AddItem, Aborted)).Failed(out var refused, out var product))
        {
            Fail(refused);
            return;
        }
        canSetValue = await Rights.IsAllowedAsync(product, Operations.Backlog.SetBusinessValue, Aborted);
        if (!(await Backlog.ListAsync(Key, new BacklogQuery(Paging.MaxLimit, null, "epic", null, null, null, null), Aborted)).Failed(out _, out var page))
            epics = page.Items;
    }

    private async Task CreateAsync()
    {
        if (PageError is not null) return;
        var fields = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var title = Title;
        if (StoryText.AnyGiven(StoryWho, StoryWant, StoryWhy))
        {
            var (composed, errors) = StoryText.Compose(StoryWho, StoryWant, StoryWhy);
            if (errors is not null) foreach (var e in errors) fields[e.Key] = e.Value;
            title = composed;
        }
        else if (string.IsNullOrWhiteSpace(Title))
        {
            fields["title"] = [Type is null or "story"
                ? "Write the story (As … I want … so that …) or give the item a title."
                : "An item needs a title."];
        }
        int? value = null;
        if (!string.IsNullOrWhiteSpace(BusinessValue))
        {
            if (int.TryParse(BusinessValue.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) value = v;
            else fields["businessValue"] = ["Business value is a whole number from 0 to 100."];
        }
        if (fields.Count > 0)
        {
            Refuse(Error.Invalid(fields));
            return;
        }
        if ((await Backlog.CreateAsync(Key, new CreateItemRequest(Type, title, Description, string.IsNullOrEmpty(Epic) ? null : Epic, null, value), Aborted))
            .Failed(out var refused, out var created))
        {
            Refuse(refused);
            return;
        }
        Navigation.NavigateTo($"/p/{created.ProductKey}/items/{created.Key}");
    }

    private void Refuse(Error problem)
    {
        error = problem;
        SetStatus(HttpContext, StatusFor(problem));
    }

    private string? FieldError(string field) =>
        error?.Fields is { } fields && fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
