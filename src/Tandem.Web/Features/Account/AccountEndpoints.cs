using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Tandem.Application.Identity;
using Tandem.Domain.Products;

namespace Tandem.Web.Features.Account;

/// <summary>The browser's non-page endpoints: sign-out, the product switcher, and OpenID Connect sign-in.</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // Signing out ends every session of the person, on every device, and their login bearer tokens (ADR 0022).
        app.MapPost("/logout", async (SignInManager<TandemUser> signIn, AccountSecurity security, CancellationToken ct) =>
        {
            await security.SignOutEverywhereAsync(ct);
            await signIn.SignOutAsync();
            return Results.Redirect("/login");
        }).ExcludeFromDescription();

        app.MapGet("/switch", (string? key) =>
            Results.Redirect(Product.IsValidKey(key) ? $"/p/{Product.NormalizeKey(key)}" : "/"))
            .ExcludeFromDescription();

        app.MapGet("/login/oidc", (string? returnUrl, SignInManager<TandemUser> signIn) =>
        {
            var properties = signIn.ConfigureExternalAuthenticationProperties(OpenIdConnectDefaults.AuthenticationScheme,
                $"/login/oidc/callback?returnUrl={Uri.EscapeDataString(LocalOnly(returnUrl))}");
            return Results.Challenge(properties, [OpenIdConnectDefaults.AuthenticationScheme]);
        }).ExcludeFromDescription();

        // Single sign-on signs in people the workspace admin already added: the identity provider's
        // verified email is matched to a Tandem account and the login remembered (docs/operations.md).
        app.MapGet("/login/oidc/callback", async (string? returnUrl, SignInManager<TandemUser> signIn, UserManager<TandemUser> users) =>
        {
            var info = await signIn.GetExternalLoginInfoAsync();
            if (info is null) return Results.Redirect("/login?error=sso");
            var result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: true, bypassTwoFactor: true);
            if (result.Succeeded) return Results.LocalRedirect(LocalOnly(returnUrl));
            if (result.IsLockedOut) return Results.Redirect("/login?error=sso");

            var email = info.Principal.FindFirstValue("email") ?? info.Principal.FindFirstValue(ClaimTypes.Email);
            var user = email is null ? null : await users.FindByEmailAsync(email);
            if (user is null) return Results.Redirect("/login?error=sso-unknown");
            // A removed or locked-out person does not get in through the email match either (ADR 0022).
            if (await users.IsLockedOutAsync(user)) return Results.Redirect("/login?error=sso");
            await users.AddLoginAsync(user, info);
            await signIn.SignInAsync(user, isPersistent: true);
            return Results.LocalRedirect(LocalOnly(returnUrl));
        }).ExcludeFromDescription();
    }

    public static string LocalOnly(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
