using System.Security.Claims;

namespace Tandem.Application.Identity;

public static class TandemClaims
{
    public const string Workspace = "tandem:workspace";
    public const string WorkspaceAdmin = "tandem:admin";
    public const string DisplayName = "tandem:name";

    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static Guid? WorkspaceId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(Workspace), out var id) ? id : null;
}
