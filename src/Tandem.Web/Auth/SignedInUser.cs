using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Tandem.Application.Identity;

namespace Tandem.Web.Auth;

public static class SignedInUser
{
    /// <summary>
    /// After authentication: a cookie or login bearer whose session has ended (the account's security stamp
    /// moved on, the account is locked or gone) counts as nobody, so the request meets the usual 401 or the
    /// sign-in page; a dead cookie is also deleted. Then <see cref="CurrentUser"/> is set for the request.
    /// Personal access tokens are checked by their own handler (ADR 0022).
    /// </summary>
    public static IApplicationBuilder UseSignedInUser(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity is { IsAuthenticated: true, AuthenticationType: not AccessTokenHandler.SchemeName }
            && !await context.RequestServices.GetRequiredService<AccountSecurity>().IsSessionCurrentAsync(context.User, context.RequestAborted))
        {
            if (context.Request.Cookies.ContainsKey(AuthSetup.CookieName)) await context.SignOutAsync(IdentityConstants.ApplicationScheme);
            context.User = new ClaimsPrincipal(new ClaimsIdentity());
        }
        context.RequestServices.GetRequiredService<CurrentUser>().Set(context.User);
        await next(context);
    });
}
