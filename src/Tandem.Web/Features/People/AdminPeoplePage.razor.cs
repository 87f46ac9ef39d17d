using Microsoft.AspNetCore.Components;
using Tandem.Application.Common;
using Tandem.Application.People;
using Tandem.Application.Products;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.People;

/// <summary>The workspace admin adds people: an account with a one-time set-password link, no email server needed.</summary>
public partial class AdminPeoplePage : TandemPage
{
    [Inject] private PeopleFeature People { get; set; } = default!;
    [Inject] private ProductsFeature Products { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "invite")] private string? Email { get; set; }
    [SupplyParameterFromForm(FormName = "invite")] private string? DisplayName { get; set; }
    [SupplyParameterFromForm(FormName = "invite")] private bool IsAdmin { get; set; }

    private IReadOnlyList<PersonDto> people = [];
    private bool more;
    private InvitationDto? invitation;
    private Error? error;

    private string InvitationLink => Navigation.BaseUri.TrimEnd('/') + invitation!.SetPasswordUrl;

    protected override async Task OnInitializedAsync()
    {
        if (!Me.IsWorkspaceAdmin)
        {
            Fail(Error.Forbidden(await Products.AdminRefusalAsync(Operations.Members.InvitePeople, Aborted)));
            return;
        }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var page = await People.ListAsync(Paging.MaxLimit, null, null, Aborted);
        if (!page.IsSuccess)
        {
            Fail(page.Error!);
            return;
        }
        people = page.Value!.Items;
        more = page.Value.NextCursor is not null;
    }

    private async Task InviteAsync()
    {
        if (PageError is not null) return;
        var result = await People.InviteAsync(new InviteRequest(Email, DisplayName, IsAdmin), Aborted);
        if (result.IsSuccess) invitation = result.Value;
        else error = result.Error;
        await LoadAsync();
    }
}
