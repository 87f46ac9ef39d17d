using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

[Collection(DemoCollection.Name)]
public sealed class AdminJourneys(DemoApp app)
{
    [Fact]
    public async Task Admin_invites_someone_assigns_a_role_and_their_navigation_changes()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var email = $"new.{unique}@demo.tandem";
        var name = $"Nora {unique}";

        var admin = await app.NewPageAsync();
        await new LoginPage(admin).OpenAsync();
        await new LoginPage(admin).SignInAsync("admin@demo.tandem");
        var people = new AdminPeoplePage(admin);
        await people.OpenAsync();
        var link = await people.InviteAsync(email, name);
        Assert.StartsWith(app.BaseUrl.ToString().TrimEnd('/'), link, StringComparison.Ordinal);

        // The invited person chooses a password and lands with no role: nothing product-specific to navigate to.
        var nora = await app.NewPageAsync();
        await nora.GotoAsync(link);
        await nora.GetByTestId("new-password").FillAsync("correct horse battery");
        await nora.GetByTestId("save-password").ClickAsync();
        var home = new HomePage(nora);
        await Expect(home.NoRole).ToBeVisibleAsync();
        var nav = new Navigation(nora);
        await Expect(nav.DecisionLogLink).ToHaveCountAsync(0);

        // The admin makes them a Developer on PAY.
        var roles = new AdminProductRolesPage(admin);
        await roles.OpenAsync("PAY");
        await roles.AssignAsync(email, "Developer");
        await Expect(roles.Notice).ToContainTextAsync($"{name} is now Developer of PAY");
        await Expect(roles.MemberRow(email)).ToContainTextAsync("Developer");

        // Their next page shows the product and the links a team member has.
        await nora.GotoAsync("/");
        await Expect(home.MyRoles).ToContainTextAsync("Developer");
        await Expect(nav.DecisionLogLink).ToBeVisibleAsync();
        await Expect(nav.WhoDecidesLink).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Assigning_a_second_Product_Owner_shows_the_warning_at_once_and_removing_clears_it()
    {
        var admin = await app.NewPageAsync();
        await new LoginPage(admin).OpenAsync();
        await new LoginPage(admin).SignInAsync("admin@demo.tandem");
        await admin.GotoAsync("/admin/products");
        var key = "E" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        await admin.GetByTestId("product-key").FillAsync(key);
        await admin.GetByTestId("product-name-input").FillAsync("E2E product");
        await admin.GetByTestId("create-product").ClickAsync();
        await Expect(admin.GetByTestId("admin-product-name")).ToHaveTextAsync("E2E product");

        var roles = new AdminProductRolesPage(admin);
        await roles.AssignAsync("sm@demo.tandem", "Product Owner");
        await roles.AssignAsync("tpm@demo.tandem", "Product Owner");
        await Expect(roles.Warnings).ToContainTextAsync("has 2 Product Owners");

        await roles.MemberRow("tpm@demo.tandem").GetByTestId("remove-role").ClickAsync();
        await Expect(roles.Notice).ToContainTextAsync("no longer Product Owner");
        await Expect(roles.Warnings).ToHaveCountAsync(0);

        await admin.GetByTestId("rename-name").FillAsync("E2E product, renamed");
        await admin.GetByTestId("rename-submit").ClickAsync();
        await Expect(admin.GetByTestId("admin-product-name")).ToHaveTextAsync("E2E product, renamed");
    }
}
