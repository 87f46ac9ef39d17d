using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Tandem.Application.AccessTokens;
using Tandem.Application.Identity;

namespace Tandem.Web.Auth;

/// <summary>Authenticates "Authorization: Bearer tdm_…" personal access tokens.</summary>
public sealed class AccessTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AccessToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        var holder = await Context.RequestServices.GetRequiredService<AccessTokenAuthenticator>().AuthenticateAsync(secret, Context.RequestAborted);
        if (holder is null) return AuthenticateResult.Fail("The access token is unknown, revoked or expired.");

        // The same claims a cookie sign-in carries (TandemClaimsFactory), built fresh per request: a principal is not shared.
        var identity = new ClaimsIdentity(SchemeName);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, holder.UserId.ToString()));
        identity.AddClaim(new Claim(ClaimTypes.Name, holder.Name));
        identity.AddClaim(new Claim(TandemClaims.Workspace, holder.WorkspaceId.ToString()));
        identity.AddClaim(new Claim(TandemClaims.DisplayName, holder.DisplayName));
        if (holder.IsWorkspaceAdmin) identity.AddClaim(new Claim(TandemClaims.WorkspaceAdmin, "true"));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
