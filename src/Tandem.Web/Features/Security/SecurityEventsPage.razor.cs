using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Tandem.Application.People;
using Tandem.Application.Security;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Security;

/// <summary>The workspace admin's security audit (ADR 0027), filtered by the query string so a filtered view is a link to share.</summary>
public partial class SecurityEventsPage : TandemPage
{
    public const int PageSize = 50;

    [Inject] private SecurityAuditFeature Audit { get; set; } = default!;
    [Inject] private PeopleFeature People { get; set; } = default!;
    [Inject] private IOptions<SecurityEventOptions> Options { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "kind")] private string? Kind { get; set; }
    [SupplyParameterFromQuery(Name = "person")] private string? Person { get; set; }
    [SupplyParameterFromQuery(Name = "from")] private string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] private string? To { get; set; }
    [SupplyParameterFromQuery(Name = "cursor")] private string? Cursor { get; set; }

    private IReadOnlyList<SecurityEventDto>? events;
    private IReadOnlyList<PersonDto> people = [];
    private string? nextCursor;
    private Error? error;

    private int KeptDays => Options.Value.EventDays;

    private bool Filtered => !string.IsNullOrEmpty(Kind) || !string.IsNullOrEmpty(Person) || !string.IsNullOrEmpty(From) || !string.IsNullOrEmpty(To);

    protected override async Task OnParametersSetAsync()
    {
        var query = new SecurityEventQuery(NullIfEmpty(Kind), NullIfEmpty(Person), NullIfEmpty(From), NullIfEmpty(To), PageSize, NullIfEmpty(Cursor));
        if ((await Audit.ListAsync(query, Aborted)).Failed(out var failed, out var page))
        {
            // A bad filter is the reader's to fix on this page; anyone but the workspace admin is refused the page.
            if (failed.Kind == ErrorKind.Invalid) error = failed;
            else
            {
                Fail(failed);
                return;
            }
        }
        else
        {
            events = page.Items;
            nextCursor = page.NextCursor;
        }
        if (!(await People.ListAsync(Paging.MaxLimit, null, null, Aborted)).Failed(out _, out var everyone)) people = everyone.Items;
    }

    private string OlderHref => "/admin/security" + Query(("cursor", nextCursor));

    private string CsvHref => "/admin/security/events.csv" + Query();

    private string Query(params (string Name, string? Value)[] extra)
    {
        var parameters = new[] { ("kind", Kind), ("person", Person), ("from", From), ("to", To) }.Concat(extra)
            .Where(p => !string.IsNullOrWhiteSpace(p.Item2))
            .Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2));
        return QueryString.Create(parameters).ToString();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
