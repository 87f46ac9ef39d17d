using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Tandem.Application.AccessTokens;
using Tandem.Application.Identity;

namespace Tandem.Web.Auth;

public static class SignedInUser
{
    /// <summary>
    /// After authentication: a cookie or login bearer whose session has ended (the account's security stamp
    /// moved on, the account is locked or gone) counts as nobody, so the request meets the usual 401 or the
    /// sign-in page; a dead cookie is also deleted. Then <see cref="CurrentUser"/> is set for the request.
    /// Personal access tokens are checked by their own handler (ADR 0022). The account's facts come from
    /// memory while it is unchanged (<see cref="SessionCheck"/>, ADR 0042).
    /// </summary>
    public static IApplicationBuilder UseSignedInUser(this IApplicationBuilder app)
    {
        var sessions = app.ApplicationServices.GetRequiredService<SessionCheck>();
        var stampClaim = app.ApplicationServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        return app.Use(async (context, next) =>
        {
            if (context.User.Identity is { IsAuthenticated: true, AuthenticationType: not AccessTokenHandler.SchemeName }
                && !await IsCurrentAsync(context, sessions, stampClaim))
            {
                if (context.Request.Cookies.ContainsKey(AuthSetup.CookieName)) await context.SignOutAsync(IdentityConstants.ApplicationScheme);
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
            context.RequestServices.GetRequiredService<CurrentUser>().Set(context.User);
            await next(context);
        });
    }

    private static ValueTask<bool> IsCurrentAsync(HttpContext context, SessionCheck sessions, string stampClaim)
    {
        var principal = context.User;
        var stamp = principal.FindFirstValue(stampClaim);
        if (stamp is null || principal.UserId() is not { } userId || principal.WorkspaceId() is not { } workspaceId) return ValueTask.FromResult(false);
        return sessions.IsCurrentAsync(userId, workspaceId, stamp, context.RequestServices, context.RequestAborted);
    }
}
