using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>Without --demo an empty database leads every visitor to the first-run set-up.</summary>
public sealed class FirstRunJourney(EmptyApp app) : IClassFixture<EmptyApp>
{
    [Fact]
    public async Task Empty_database_opens_setup_which_creates_the_workspace_and_signs_the_admin_in()
    {
        var page = await app.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/setup$"));

        await new SetupPage(page).CreateWorkspaceAsync("Initech", "Peter Gibbons", "peter@initech.test", "a long enough passphrase");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/products$"));
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Products", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("nav")).ToContainTextAsync("People");
        await Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();

        // Set-up happens once: afterwards the page sends people to sign in.
        await page.GotoAsync("/setup");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
    }
}
