using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Identity;
using Tandem.Application.Identity;
using Tandem.Domain.Products;
using Tandem.Web.Auth;

namespace Tandem.Web.Features.Account;

/// <summary>The browser's non-page endpoints: sign-out, the product switcher, and OpenID Connect sign-in.</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // Signing out ends every session of the person, on every device, and their login bearer tokens (ADR 0022).
        // A session opened by single sign-on also ends at the provider when it offers RP-initiated logout (ADR 0038).
        app.MapPost("/logout", async (HttpContext context, SignInManager<TandemUser> signIn, AccountSecurity security, CancellationToken ct) =>
        {
            var session = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
            var idToken = session.Properties?.GetTokenValue("id_token");
            await security.SignOutEverywhereAsync(ct);
            await signIn.SignOutAsync();
            if (idToken is not null && await ProviderEndsSessionsAsync(context, ct))
            {
                var properties = new AuthenticationProperties { RedirectUri = "/login?notice=signed-out" };
                properties.Items[AuthSetup.IdTokenHint] = idToken;
                return Results.SignOut(properties, [OpenIdConnectDefaults.AuthenticationScheme]);
            }
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

        // Who the provider's identity is, by its stored link or, on first use, its verified email (ADR 0038).
        app.MapGet("/login/oidc/callback", async (string? returnUrl, HttpContext context, SignInManager<TandemUser> signIn, SingleSignOn sso,
            IAuthenticationSchemeProvider schemes, CancellationToken ct) =>
        {
            var external = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
            if (!external.Succeeded) return Results.Redirect("/login?error=sso");
            // The external cookie has done its work either way: it never outlives this request.
            await context.SignOutAsync(IdentityConstants.ExternalScheme);
            var name = (await schemes.GetSchemeAsync(OpenIdConnectDefaults.AuthenticationScheme))?.DisplayName ?? "single sign-on";
            var outcome = await sso.ResolveAsync(external.Principal, name, ct);
            if (outcome.User is not { } user) return Results.Redirect($"/login/refused?reason={EnumText.Slug(outcome.Refusal ?? SingleSignOnRefusal.Incomplete)}");

            var properties = new AuthenticationProperties { IsPersistent = true };
            if (external.Properties?.GetTokenValue("id_token") is { } idToken)
                properties.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
            await signIn.SignInAsync(user, properties, OpenIdConnectDefaults.AuthenticationScheme);
            return Results.LocalRedirect(LocalOnly(returnUrl));
        }).ExcludeFromDescription();
    }

    /// <summary>Whether single sign-on is on and its provider's discovery document names an end_session_endpoint.</summary>
    private static async Task<bool> ProviderEndsSessionsAsync(HttpContext context, CancellationToken ct)
    {
        if (await context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(OpenIdConnectDefaults.AuthenticationScheme) is null)
            return false;
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);
        if (options.ConfigurationManager is null) return false;
        try
        {
            var configuration = await options.ConfigurationManager.GetConfigurationAsync(ct);
            return !string.IsNullOrEmpty(configuration.EndSessionEndpoint);
        }
        catch (InvalidOperationException)
        {
            // The provider cannot be reached (IDX20803): the Tandem sessions are already ended; the sign-out must still answer.
            return false;
        }
    }

    public static string LocalOnly(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
