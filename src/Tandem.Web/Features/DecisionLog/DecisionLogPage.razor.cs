using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionLog;
using Tandem.Application.People;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.DecisionLog;

/// <summary>The read-only decision log, filtered by the query string so that a filtered view is a link to share.</summary>
public partial class DecisionLogPage : TandemPage
{
    [Inject] private DecisionLogFeature Log { get; set; } = default!;
    [Inject] private PeopleFeature People { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [SupplyParameterFromQuery(Name = "area")] private string? Area { get; set; }
    [SupplyParameterFromQuery(Name = "person")] private string? Person { get; set; }
    [SupplyParameterFromQuery(Name = "subject")] private string? Subject { get; set; }
    [SupplyParameterFromQuery(Name = "from")] private string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] private string? To { get; set; }
    [SupplyParameterFromQuery(Name = "cursor")] private string? Cursor { get; set; }

    private IReadOnlyList<DecisionLogEntryDto>? entries;
    private IReadOnlyList<PersonDto> people = [];
    private string? nextCursor;
    private Error? error;

    private bool Filtered => !string.IsNullOrEmpty(Area) || !string.IsNullOrEmpty(Person) || !string.IsNullOrEmpty(Subject)
        || !string.IsNullOrEmpty(From) || !string.IsNullOrEmpty(To);

    protected override async Task OnParametersSetAsync()
    {
        Guid? person = null;
        if (!string.IsNullOrEmpty(Person))
        {
            if (Guid.TryParse(Person, out var id)) person = id;
            else error = Error.Invalid("person", "Pick a person from the list.");
        }
        var query = new DecisionLogQuery(NullIfEmpty(Area), person, NullIfEmpty(Subject), 25, NullIfEmpty(Cursor), NullIfEmpty(From), NullIfEmpty(To));
        if ((await Log.ListAsync(Key, query, Aborted)).Failed(out var failed, out var page))
        {
            // A bad filter is the reader's to fix on this page; a missing or forbidden product replaces it.
            if (failed.Kind == ErrorKind.Invalid) error = failed;
            else Fail(failed);
            return;
        }
        entries = page.Items;
        nextCursor = page.NextCursor;
        if (!(await People.ListAsync(Paging.MaxLimit, null, null, Aborted)).Failed(out _, out var everyone)) people = everyone.Items;
    }

    private string OlderHref => $"/p/{Key}/decision-log{Query(("cursor", nextCursor))}";

    /// <summary>The same filters as a download: every matching entry, oldest first, for an auditor.</summary>
    private string ExportHref(string format) => $"/api/v1/products/{Key}/decision-log/export{Query(("format", format))}";

    private QueryString Query((string Name, string? Value) extra) =>
        QueryString.Create(new[] { ("area", Area), ("person", Person), ("subject", Subject), ("from", From), ("to", To), extra }
            .Where(p => !string.IsNullOrWhiteSpace(p.Item2))
            .Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2)));

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
