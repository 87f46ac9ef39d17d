using System.Text.RegularExpressions;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

[Collection(DemoCollection.Name)]
public sealed class SignInJourneys(DemoApp app)
{
    [Theory]
    [InlineData("admin@demo.tandem", "Workspace admin")]
    [InlineData("po@demo.tandem", "Product Owner")]
    [InlineData("tl@demo.tandem", "Tech Lead")]
    [InlineData("sm@demo.tandem", "Scrum Master")]
    [InlineData("tpm@demo.tandem", "Technical Project Manager")]
    [InlineData("dev1@demo.tandem", "Developer")]
    [InlineData("dev2@demo.tandem", "Developer")]
    [InlineData("stakeholder@demo.tandem", "Stakeholder")]
    public async Task Each_demo_role_signs_in_and_sees_its_home(string email, string roleText)
    {
        var page = await app.NewPageAsync();
        var login = new LoginPage(page);
        await login.OpenAsync();
        await login.SignInAsync(email);

        await Expect(page).ToHaveURLAsync(new Regex("/p/[A-Z0-9]+$"));

        var home = new HomePage(page);
        await home.OpenAsync("PAY");
        await Expect(home.ProductName).ToHaveTextAsync("Acme Payments");
        await Expect(home.MyRoles).ToContainTextAsync(roleText);
        await Expect(home.Awaiting).ToContainTextAsync("Needs your decision");
    }

    [Fact]
    public async Task A_wrong_password_is_explained_and_keeps_you_on_the_sign_in_page()
    {
        var page = await app.NewPageAsync();
        var login = new LoginPage(page);
        await login.OpenAsync();
        await login.SignInAsync("nobody@demo.tandem", "not the password");

        await Expect(login.Problem).ToContainTextAsync("do not match");
        await Expect(page).ToHaveURLAsync(new Regex("/login"));
    }

    [Fact]
    public async Task The_product_switcher_moves_between_products_and_the_home_follows()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("tl@demo.tandem");
        var home = new HomePage(page);
        await home.OpenAsync("PAY");
        await Expect(home.MyRoles).ToContainTextAsync("Tech Lead");

        await page.GetByTestId("product-switch").SelectOptionAsync("MOB");

        await Expect(page).ToHaveURLAsync(new Regex("/p/MOB$"));
        await Expect(home.ProductName).ToHaveTextAsync("Acme Mobile");
        await Expect(home.MyRoles).ToContainTextAsync("Developer");
    }

    [Fact]
    public async Task Signing_in_returns_to_the_page_asked_for()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/p/PAY/decision-rights");
        await Expect(page).ToHaveURLAsync(new Regex("/login"));

        await new LoginPage(page).SignInAsync("tl@demo.tandem");

        await Expect(page).ToHaveURLAsync(new Regex("/p/PAY/decision-rights$"));
    }
}
