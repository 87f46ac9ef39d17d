using System.Globalization;
using Microsoft.AspNetCore.Components;
using Tandem.Application.Backlog;
using Tandem.Domain.Backlog;

namespace Tandem.Web.Features.Backlog;

public partial class ItemEditSection : ItemSection
{
    protected override string Anchor => "details";

    [Inject] private BacklogFeature Backlog { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "edit")] private string? Version { get; set; }
    [SupplyParameterFromForm(FormName = "edit")] private string? Title { get; set; }
    [SupplyParameterFromForm(FormName = "edit")] private string? StoryWho { get; set; }
    [SupplyParameterFromForm(FormName = "edit")] private string? StoryWant { get; set; }
    [SupplyParameterFromForm(FormName = "edit")] private string? StoryWhy { get; set; }
    [SupplyParameterFromForm(FormName = "edit")] private string? Description { get; set; }
    [SupplyParameterFromForm(FormName = "edit")] private string? Type { get; set; }
    [SupplyParameterFromForm(FormName = "edit")] private string? Status { get; set; }
    [SupplyParameterFromForm(FormName = "edit")] private string? Epic { get; set; }
    [SupplyParameterFromForm(FormName = "edit")] private string? Assignee { get; set; }
    [SupplyParameterFromForm(FormName = "edit")] private string? BusinessValue { get; set; }

    private IReadOnlyList<BacklogItemSummary> epics = [];

    protected override async Task OnInitializedAsync()
    {
        if (!Can.Edit || Item.Type == "epic") return;
        var page = await Backlog.ListAsync(Item.ProductKey, new BacklogQuery(Paging.MaxLimit, null, "epic", null, null, null, null), Aborted);
        if (!page.Failed(out _, out var found)) epics = found.Items;
    }

    private async Task SaveAsync()
    {
        if (!int.TryParse(Version, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            Refuse("edit", Error.Invalid("version", "The form lost the item's version; reload the item and try again."));
            return;
        }
        var validation = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var title = Title;
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
        var value = ItemText.ParseInt(BusinessValue, "businessValue", "Business value", validation);
        if (validation.Count > 0)
        {
            Refuse("edit", Error.Invalid(validation));
            return;
        }
        if (BusinessValue is "" && Item.BusinessValue is not null)
        {
            Refuse("edit", Error.Invalid("businessValue", "Business value cannot be cleared here; set it to a number from 0 to 100."));
            return;
        }

        // Only what changed is sent, so that a save never rewrites fields (or logs decisions) nobody touched.
        // The version check makes "changed" exact: the item is as the person saw it, or the save is refused.
        var current = Item;
        var request = new PatchItemRequest(
            Type: Differs(Type, current.Type),
            Title: title is not null && title.Trim() != current.Title ? title : null,
            Description: Description is not null && ItemText.Normalize(Description) != ItemText.Normalize(current.Description) ? Description : null,
            Status: Differs(Status, current.Status),
            Epic: Epic is not null && Epic != (current.Epic ?? "") ? Epic : null,
            Assignee: assignee is not null && assignee != current.Assignee?.Id ? assignee : null,
            Unassign: Assignee is "" && current.Assignee is not null ? true : null,
            BusinessValue: BusinessValue is not null && value != current.BusinessValue ? value : null);
        await FinishAsync("edit", Backlog.PatchAsync(current.Key, request, version, Aborted));
    }

    private static string? Differs(string? posted, string current) => posted is not null && posted != current ? posted : null;
}
