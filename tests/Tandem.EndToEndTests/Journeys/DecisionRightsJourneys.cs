using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

[Collection(DemoCollection.Name)]
public sealed class DecisionRightsJourneys(DemoApp app)
{
    [Fact]
    public async Task Who_decides_what_on_MOB_warns_that_one_person_is_Product_Owner_and_Tech_Lead()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("dev1@demo.tandem");

        var rights = new WhoDecidesPage(page);
        await rights.OpenAsync("MOB");

        await Expect(rights.Warnings).ToContainTextAsync("Alice Ng is both Product Owner and Tech Lead");
        await Expect(rights.AreaRows).ToHaveCountAsync(18);
        await Expect(page.Locator("[data-testid=area-row][data-area=membership]")).ToContainTextAsync("Avery Quinn");
    }

    [Fact]
    public async Task A_Globex_user_opening_an_Acme_product_gets_a_clear_not_found_page()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@globex.demo");

        var home = new HomePage(page);
        var response = await home.OpenAsync("PAY");

        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Expect(home.NotFound).ToContainTextAsync("Product not found");
        await Expect(home.NotFound).ToContainTextAsync("no product with key 'PAY' in your workspace");
    }

    [Fact]
    public async Task A_non_admin_opening_an_admin_page_is_told_who_may()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("sm@demo.tandem");

        var roles = new AdminProductRolesPage(page);
        var response = await roles.OpenAsync("PAY");

        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        await Expect(roles.Refusal).ToContainTextAsync("Only a workspace admin (Avery Quinn)");
        await Expect(page.GetByTestId("nav")).Not.ToContainTextAsync("People");
    }

    [Fact]
    public async Task A_personal_access_token_made_in_the_UI_works_against_the_API()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("tpm@demo.tandem");

        var tokens = new TokensPage(page);
        await tokens.OpenAsync();
        var secret = await tokens.CreateAsync("E2E script");
        Assert.StartsWith("tdm_", secret, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = app.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("tpm@demo.tandem", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The secret is shown once: reloading lists the token by its prefix only.
        await tokens.OpenAsync();
        await Expect(page.GetByTestId("token-secret")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("tokens-table")).ToContainTextAsync("E2E script");

        // Revoked in the UI, refused by the API.
        await page.GetByTestId("token-row").Filter(new() { HasTextString = "E2E script" }).GetByTestId("revoke").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("revoked");
        using var again = new HttpRequestMessage(HttpMethod.Get, "api/v1/auth/me");
        again.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var refused = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_decision_log_filters_by_area()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("po@demo.tandem");

        await page.GotoAsync("/p/PAY/decision-log");
        await page.GetByTestId("filter-area").SelectOptionAsync("membership");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Filter" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("area=membership"));
        await Expect(page.GetByTestId("log-row").First).ToContainTextAsync("Membership and role assignment");
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Delete" })).ToHaveCountAsync(0);

        // A subject in the table links to every decision about it.
        await page.GetByTestId("log-row").First.GetByRole(Microsoft.Playwright.AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("subject="));
        await Expect(page.GetByTestId("log-row")).ToHaveCountAsync(1);
    }
}
