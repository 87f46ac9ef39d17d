using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Pages;

/// <summary>How a submitted sign-in or set-up form ends: with a problem shown, or signed in.</summary>
internal static class Outcome
{
    public static Task SettledAsync(IPage page) =>
        Expect(page.GetByTestId("problem").Or(page.GetByTestId("sign-out")).First).ToBeVisibleAsync();
}

/// <summary>The sign-in page.</summary>
public sealed class LoginPage(IPage page)
{
    public const string DemoPassword = "Tandem-demo-1";

    public async Task OpenAsync() => await page.GotoAsync("/login");

    public async Task SignInAsync(string email, string password = DemoPassword)
    {
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync(password);
        // Wait for the POST's response, then for its outcome on screen: a problem (refused) or the
        // signed-in frame. Load-state waits raced the redirect that follows a successful sign-in.
        await page.RunAndWaitForResponseAsync(
            () => page.GetByTestId("sign-in").ClickAsync(),
            response => response.Request.Method == "POST" && response.Url.Contains("/login", StringComparison.Ordinal));
        await Outcome.SettledAsync(page);
    }

    public ILocator Problem => page.GetByTestId("problem");
}

/// <summary>The frame around every page: navigation and the product switcher.</summary>
public sealed class Navigation(IPage page)
{
    public ILocator Bar => page.GetByTestId("nav");
    public ILocator DecisionLogLink => Bar.GetByRole(AriaRole.Link, new() { Name = "Decision log" });
    public ILocator WhoDecidesLink => Bar.GetByRole(AriaRole.Link, new() { Name = "Who decides what" });
}

/// <summary>A person's home on a product (/p/{key}).</summary>
public sealed class HomePage(IPage page)
{
    public async Task<IResponse?> OpenAsync(string key) => await page.GotoAsync($"/p/{key}");

    public ILocator ProductName => page.GetByTestId("product-name");
    public ILocator MyRoles => page.GetByTestId("my-roles");
    public ILocator Awaiting => page.GetByTestId("awaiting");
    public ILocator NoRole => page.GetByTestId("no-role");
    public ILocator NotFound => page.GetByTestId("not-found");
}

/// <summary>"Who decides what" for a product.</summary>
public sealed class WhoDecidesPage(IPage page)
{
    public async Task OpenAsync(string key) => await page.GotoAsync($"/p/{key}/decision-rights");

    public ILocator Warnings => page.GetByTestId("warning");
    public ILocator AreaRows => page.GetByTestId("area-row");
}

/// <summary>The admin's people page: invite someone and get their set-password link.</summary>
public sealed class AdminPeoplePage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/admin/people");

    public async Task<string> InviteAsync(string email, string name)
    {
        await page.GetByTestId("invite-email").FillAsync(email);
        await page.GetByTestId("invite-name").FillAsync(name);
        await page.GetByTestId("invite-submit").ClickAsync();
        var link = page.GetByTestId("set-password-link");
        await Expect(link).ToBeVisibleAsync();
        return await link.InputValueAsync();
    }
}

/// <summary>The admin's page for one product's people and roles.</summary>
public sealed class AdminProductRolesPage(IPage page)
{
    public async Task<IResponse?> OpenAsync(string key) => await page.GotoAsync($"/admin/products/{key}");

    public async Task AssignAsync(string personLabelContains, string roleLabel)
    {
        var person = page.GetByTestId("assign-person");
        var value = await person.Locator("option", new() { HasTextString = personLabelContains }).GetAttributeAsync("value");
        await person.SelectOptionAsync(value!);
        await page.GetByTestId("assign-role").SelectOptionAsync(new SelectOptionValue { Label = roleLabel });
        await page.GetByTestId("assign-submit").ClickAsync();
    }

    public ILocator Notice => page.GetByTestId("notice");
    public ILocator Refusal => page.GetByTestId("refused");
    public ILocator Warnings => page.GetByTestId("warning");
    public ILocator MemberRow(string email) => page.Locator($"[data-testid=member-row][data-person='{email}']");
}

/// <summary>The first-run set-up page.</summary>
public sealed class SetupPage(IPage page)
{
    public async Task CreateWorkspaceAsync(string workspace, string name, string email, string password)
    {
        await page.GetByTestId("workspace-name").FillAsync(workspace);
        await page.GetByTestId("admin-name").FillAsync(name);
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync(password);
        await page.RunAndWaitForResponseAsync(
            () => page.GetByTestId("create-workspace").ClickAsync(),
            response => response.Request.Method == "POST" && response.Url.Contains("/setup", StringComparison.Ordinal));
        await Outcome.SettledAsync(page);
    }
}

/// <summary>Personal access tokens.</summary>
public sealed class TokensPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/account/tokens");

    public async Task<string> CreateAsync(string name, int days = 7)
    {
        await page.GetByTestId("token-name").FillAsync(name);
        await page.GetByTestId("token-days").FillAsync(days.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("create-token").ClickAsync();
        var secret = page.GetByTestId("token-secret");
        await Expect(secret).ToBeVisibleAsync();
        return await secret.InputValueAsync();
    }
}
