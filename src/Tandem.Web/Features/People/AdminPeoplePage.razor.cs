using Microsoft.AspNetCore.Components;
using Tandem.Application.People;
using Tandem.Application.DecisionRights;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.People;

/// <summary>The workspace admin adds people: an account with a one-time set-password link, no email server needed.</summary>
public partial class AdminPeoplePage : TandemPage
{
    [Inject] private PeopleFeature People { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "invite")] private string? Email { get; set; }
    [SupplyParameterFromForm(FormName = "invite")] private string? DisplayName { get; set; }
    [SupplyParameterFromForm(FormName = "invite")] private bool IsAdmin { get; set; }

    private IReadOnlyList<PersonDto> people = [];
    private bool more;
    private InvitationDto? invitation;
    private Error? error;
    private string? notice;

    private string InvitationLink => Navigation.BaseUri.TrimEnd('/') + invitation!.SetPasswordUrl;

    protected override async Task OnInitializedAsync()
    {
        if (await Rights.AuthorizeWorkspaceAsync(Operations.Members.InvitePeople, Aborted) is { } refused)
        {
            Fail(refused);
            return;
        }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if ((await People.ListAsync(Paging.MaxLimit, null, null, Aborted)).Failed(out var failed, out var page))
        {
            Fail(failed);
            return;
        }
        people = page.Items;
        more = page.NextCursor is not null;
    }

    private async Task InviteAsync()
    {
        if (PageError is not null) return;
        if ((await People.InviteAsync(new InviteRequest(Email, DisplayName, IsAdmin), Aborted)).Failed(out var failed, out var invited)) error = failed;
        else invitation = invited;
        await LoadAsync();
    }

    private async Task RemoveAsync(Guid id, string name)
    {
        if (PageError is not null) return;
        if ((await People.RemoveAsync(id, Aborted)).Failed(out var failed, out _)) error = failed;
        else notice = $"{name} is removed: they can no longer sign in, and their sessions and access tokens have ended.";
        await LoadAsync();
    }
}
