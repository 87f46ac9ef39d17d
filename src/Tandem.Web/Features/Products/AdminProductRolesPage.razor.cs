using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.Members;
using Tandem.Application.People;
using Tandem.Application.Products;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Workspaces;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Products;

/// <summary>
/// The workspace admin's page for one product: who holds which role, assign and remove, rename.
/// The role-combination warnings are re-read after every change so the admin sees them at once.
/// </summary>
public partial class AdminProductRolesPage : TandemPage
{
    [Inject] private ProductsFeature Products { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;
    [Inject] private MembersFeature Members { get; set; } = default!;
    [Inject] private PeopleFeature People { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";

    [SupplyParameterFromForm(FormName = "assign")] private string? AssignUserId { get; set; }
    [SupplyParameterFromForm(FormName = "assign")] private string? AssignRole { get; set; }
    [SupplyParameterFromForm(FormName = "rename")] private string? NewName { get; set; }

    private ProductDto? product;
    private IReadOnlyList<MemberDto> members = [];
    private IReadOnlyList<WarningDto> warnings = [];
    private IReadOnlyList<PersonDto> people = [];
    private string? notice;
    private Error? error;

    protected override async Task OnInitializedAsync()
    {
        if (await Rights.AuthorizeWorkspaceAsync(Operations.Members.AssignRoles, Aborted) is { } refused)
        {
            Fail(refused);
            return;
        }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if ((await Products.GetAsync(Key, Aborted)).Failed(out var missing, out var found))
        {
            Fail(missing);
            return;
        }
        product = found;
        if ((await Members.ListAsync(Key, Paging.MaxLimit, null, Aborted)).Failed(out var failed, out var page)) error = failed;
        else
        {
            members = page.Items;
            warnings = page.Warnings;
        }
        if (!(await People.ListAsync(Paging.MaxLimit, null, null, Aborted)).Failed(out _, out var everyone)) people = everyone.Items;
    }

    private async Task AssignAsync()
    {
        if (product is null) return;
        if (!Guid.TryParse(AssignUserId, out var userId))
        {
            error = Error.Invalid("userId", "Choose the person who gets the role.");
            return;
        }
        if ((await Members.AssignAsync(Key, new AssignRoleRequest(userId, null, AssignRole), Aborted)).Failed(out var failed, out var assigned)) error = failed;
        else notice = $"{assigned.DisplayName} is now {RoleOf(assigned.Role).Title()} of {product.Key}.";
        await LoadAsync();
    }

    private async Task RemoveAsync(Guid userId, string name, string roleSlug)
    {
        if (product is null) return;
        if ((await Members.RemoveAsync(Key, userId, roleSlug, Aborted)).Failed(out var failed, out _)) error = failed;
        else notice = $"{name} is no longer {RoleOf(roleSlug).Title()} of {product.Key}.";
        await LoadAsync();
    }

    private async Task RenameAsync()
    {
        if (product is null) return;
        if ((await Products.RenameAsync(Key, new RenameProductRequest(NewName), null, Aborted)).Failed(out var failed, out var renamed)) error = failed;
        else notice = $"{renamed.Key} is now called \"{renamed.Name}\".";
        await LoadAsync();
    }

    private static Role RoleOf(string slug) => EnumText.TryParse(slug, out Role role) ? role : Role.Stakeholder;
}
