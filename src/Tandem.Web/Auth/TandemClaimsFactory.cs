using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Tandem.Application.Identity;

namespace Tandem.Web.Auth;

/// <summary>Puts the workspace, display name and admin flag into every sign-in (cookie, bearer, token).</summary>
public sealed class TandemClaimsFactory(UserManager<TandemUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<TandemUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(TandemUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        AddTandemClaims(identity, user);
        return identity;
    }

    public static void AddTandemClaims(ClaimsIdentity identity, TandemUser user)
    {
        identity.AddClaim(new Claim(TandemClaims.Workspace, user.WorkspaceId.ToString()));
        identity.AddClaim(new Claim(TandemClaims.DisplayName, user.DisplayName));
        if (user.IsWorkspaceAdmin) identity.AddClaim(new Claim(TandemClaims.WorkspaceAdmin, "true"));
    }
}
