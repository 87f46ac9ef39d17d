using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using System.Globalization;
using Tandem.Application.Identity;
using Tandem.Web.Auth;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Account;

public partial class LoginPage : TandemPage
{
    [Inject] private SignInManager<TandemUser> SignIn { get; set; } = default!;
    [Inject] private PasswordSignIn Passwords { get; set; } = default!;
    [Inject] private IConfiguration Configuration { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "returnUrl")] private string? ReturnUrlQuery { get; set; }
    [SupplyParameterFromQuery(Name = "error")] private string? SsoError { get; set; }
    [SupplyParameterFromQuery(Name = "notice")] private string? NoticeQuery { get; set; }

    [SupplyParameterFromForm(FormName = "login")] private string? Email { get; set; }
    [SupplyParameterFromForm(FormName = "login")] private string? Password { get; set; }
    [SupplyParameterFromForm(FormName = "login", Name = "ReturnUrl")] private string? ReturnUrlForm { get; set; }

    private string? ReturnUrl => ReturnUrlForm ?? ReturnUrlQuery;

    private Error? error;
    private string? oidcName;
    private string? notice;
    private bool demo;

    protected override void OnInitialized()
    {
        demo = Configuration.GetValue<bool>("Tandem:Demo");
        var oidc = Configuration.GetSection("Authentication:OpenIdConnect");
        if (!string.IsNullOrWhiteSpace(oidc["Authority"])) oidcName = oidc["DisplayName"] ?? "single sign-on";

        notice = NoticeQuery switch
        {
            "password-changed" => "Your password is changed and you are signed out everywhere. Sign in with the new password.",
            "signed-out" => "You are signed out of Tandem, on every device, and of your single sign-on provider.",
            _ => null,
        };
        error = SsoError switch
        {
            "sso" => Error.Unauthorized("Single sign-on did not complete. Try again, or sign in with your password."),
            _ => null,
        };
    }

    private async Task SignInAsync()
    {
        var outcome = await Passwords.CheckAsync(Email?.Trim() ?? "", Password ?? "", HttpContext?.Connection.RemoteIpAddress);
        if (outcome.User is { } user)
        {
            await SignIn.SignInAsync(user, isPersistent: true);
            Navigation.NavigateTo(AccountEndpoints.LocalOnly(ReturnUrl));
            return;
        }
        error = outcome.Refusal ?? Error.Unauthorized(PasswordSignIn.Refused);
        if (outcome.RetryAfterSeconds > 0 && HttpContext is { Response.HasStarted: false } context)
            context.Response.Headers.RetryAfter = outcome.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        SetStatus(HttpContext, StatusFor(error));
    }
}
