using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.Members;
using Tandem.Application.Nfrs;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Workspaces;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Nfrs;

/// <summary>The NFR catalogue: filters by category and status, a page at a time, and the form to propose one.</summary>
public partial class NfrsPage : TandemPage
{
    [Inject] private NfrFeature Nfrs { get; set; } = default!;
    [Inject] private MembersFeature Members { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [SupplyParameterFromQuery(Name = "done")] private string? Done { get; set; }
    [SupplyParameterFromQuery(Name = "category")] private string? CategoryFilter { get; set; }
    [SupplyParameterFromQuery(Name = "status")] private string? StatusFilter { get; set; }
    [SupplyParameterFromQuery(Name = "cursor")] private string? Cursor { get; set; }

    [SupplyParameterFromForm] private string? Category { get; set; }
    [SupplyParameterFromForm] private string? Statement { get; set; }
    [SupplyParameterFromForm] private string? Metric { get; set; }
    [SupplyParameterFromForm] private string? Target { get; set; }
    [SupplyParameterFromForm] private string? Threshold { get; set; }
    [SupplyParameterFromForm] private string? Verification { get; set; }
    [SupplyParameterFromForm] private string? Owner { get; set; }

    private Page<NfrSummary>? page;
    private IReadOnlyList<MemberDto> members = [];
    private bool canPropose;
    private string? proposeRefusal;
    private bool failed;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();

    protected override async Task OnInitializedAsync()
    {
        if ((await Nfrs.ListAsync(Key, new NfrQuery(Blank(CategoryFilter), Blank(StatusFilter), null, Blank(Cursor)), Aborted)).Failed(out var refused, out var found)
            || (await Rights.FindProductAsync(Key, Aborted)).Failed(out refused, out var product))
        {
            Fail(refused);
            return;
        }
        page = found;
        canPropose = await Rights.IsAllowedAsync(product, Operations.Nfrs.Propose, Aborted);
        if (!canPropose) proposeRefusal = await Rights.ExplainRefusalAsync(product, Operations.Nfrs.Propose, await Rights.ActorOnAsync(product, Aborted), Aborted);
        members = await TeamAsync(Members, Key, Aborted);
    }

    private async Task ProposeAsync()
    {
        Guid? owner = Guid.TryParse(Owner, out var o) ? o : null;
        if (!(await Nfrs.ProposeAsync(Key, new ProposeNfrRequest(Category, Statement, Metric, Target, Threshold, Verification, owner), Aborted)).Failed(out var refused, out var proposed))
        {
            Navigation.NavigateTo($"/p/{ProductKey}/nfrs/{proposed.Number}?done=proposed");
            return;
        }
        failed = true;
        error = refused;
        SetStatus(HttpContext, StatusFor(refused));
    }

    private string NextUrl(string cursor)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(CategoryFilter)) query.Add($"category={Uri.EscapeDataString(CategoryFilter)}");
        if (!string.IsNullOrEmpty(StatusFilter)) query.Add($"status={Uri.EscapeDataString(StatusFilter)}");
        query.Add($"cursor={Uri.EscapeDataString(cursor)}");
        return $"/p/{ProductKey}/nfrs?{string.Join("&", query)}";
    }

    private string? FieldError(string field) =>
        error?.Fields is { } fields && fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>The product's team (stakeholders hold no role that owns a quality).</summary>
    internal static async Task<IReadOnlyList<MemberDto>> TeamAsync(MembersFeature members, string key, CancellationToken ct)
    {
        var team = await members.ListAsync(key, Paging.MaxLimit, null, ct);
        return team.Failed(out _, out var page) ? [] : page.Items.Where(m => m.Roles.Any(r => r != Role.Stakeholder.Slug())).ToList();
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    internal static string Label(string slug) => slug.Replace('-', ' ');

    internal static string Dash(string s) => s.Length == 0 ? "—" : s;
}
