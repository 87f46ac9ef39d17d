using Microsoft.AspNetCore.Components;
using Tandem.Application.Common;
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
        if (!Me.IsWorkspaceAdmin)
        {
            Fail(Error.Forbidden(await Products.AdminRefusalAsync(Operations.Members.AssignRoles, Aborted)));
            return;
        }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var found = await Products.GetAsync(Key, Aborted);
        if (!found.IsSuccess)
        {
            Fail(found.Error!);
            return;
        }
        product = found.Value;
        var page = await Members.ListAsync(Key, Paging.MaxLimit, null, Aborted);
        if (page.IsSuccess)
        {
            members = page.Value!.Items;
            warnings = page.Value.Warnings;
        }
        else error = page.Error;
        var everyone = await People.ListAsync(Paging.MaxLimit, null, null, Aborted);
        if (everyone.IsSuccess) people = everyone.Value!.Items;
    }

    private async Task AssignAsync()
    {
        if (product is null) return;
        if (!Guid.TryParse(AssignUserId, out var userId))
        {
            error = Error.Invalid("userId", "Choose the person who gets the role.");
            return;
        }
        var result = await Members.AssignAsync(Key, new AssignRoleRequest(userId, null, AssignRole), Aborted);
        if (result.IsSuccess)
        {
            var role = RoleOf(result.Value!.Role);
            notice = $"{result.Value.DisplayName} is now {role.Title()} of {product.Key}.";
        }
        else error = result.Error;
        await LoadAsync();
    }

    private async Task RemoveAsync(Guid userId, string name, string roleSlug)
    {
        if (product is null) return;
        var result = await Members.RemoveAsync(Key, userId, roleSlug, Aborted);
        if (result.IsSuccess) notice = $"{name} is no longer {RoleOf(roleSlug).Title()} of {product.Key}.";
        else error = result.Error;
        await LoadAsync();
    }

    private async Task RenameAsync()
    {
        if (product is null) return;
        var result = await Products.RenameAsync(Key, new RenameProductRequest(NewName), null, Aborted);
        if (result.IsSuccess) notice = $"{result.Value!.Key} is now called \"{result.Value.Name}\".";
        else error = result.Error;
        await LoadAsync();
    }

    private static Role RoleOf(string slug) => RoleNames.TryParse(slug, out var role) ? role : Role.Stakeholder;
}
