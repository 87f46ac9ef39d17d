using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Tandem.Application.Identity;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Account;

public partial class LoginPage : TandemPage
{
    [Inject] private SignInManager<TandemUser> SignIn { get; set; } = default!;
    [Inject] private IConfiguration Configuration { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "returnUrl")] private string? ReturnUrlQuery { get; set; }
    [SupplyParameterFromQuery(Name = "error")] private string? SsoError { get; set; }

    [SupplyParameterFromForm(FormName = "login")] private string? Email { get; set; }
    [SupplyParameterFromForm(FormName = "login")] private string? Password { get; set; }
    [SupplyParameterFromForm(FormName = "login", Name = "ReturnUrl")] private string? ReturnUrlForm { get; set; }

    private string? ReturnUrl => ReturnUrlForm ?? ReturnUrlQuery;

    private Error? error;
    private string? oidcName;
    private bool demo;

    protected override void OnInitialized()
    {
        demo = Configuration.GetValue<bool>("Tandem:Demo");
        var oidc = Configuration.GetSection("Authentication:OpenIdConnect");
        if (!string.IsNullOrWhiteSpace(oidc["Authority"])) oidcName = oidc["DisplayName"] ?? "single sign-on";

        error = SsoError switch
        {
            "sso" => Error.Unauthorized("Single sign-on did not complete. Try again, or sign in with your password."),
            "sso-unknown" => Error.Unauthorized("Your single sign-on account is not a member of any Tandem workspace yet. Ask your workspace admin to add your email address."),
            _ => null,
        };
    }

    private async Task SignInAsync()
    {
        var email = Email?.Trim() ?? "";
        var result = await SignIn.PasswordSignInAsync(email, Password ?? "", isPersistent: true, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            Navigation.NavigateTo(AccountEndpoints.LocalOnly(ReturnUrl));
            return;
        }
        error = result.IsLockedOut
            ? Error.Unauthorized("This account is locked after too many failed sign-ins. Wait 15 minutes and try again, or ask your workspace admin.")
            : result.IsNotAllowed
                ? Error.Unauthorized("This account cannot sign in yet. Use the set-password link your workspace admin gave you.")
                : Error.Unauthorized("That email and password do not match an account. Check them and try again.");
        SetStatus(HttpContext, StatusFor(error));
    }
}
