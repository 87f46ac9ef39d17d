using System.Security.Claims;

namespace Tandem.Application.Identity;

/// <summary>
/// Who is asking, for the length of one request (or one Blazor circuit). The workspace comes from the
/// signed-in account and from nothing the client sends, and the DbContext's tenant filter reads it.
/// </summary>
public sealed class CurrentUser
{
    public Guid UserId { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public string DisplayName { get; private set; } = "";
    public bool IsWorkspaceAdmin { get; private set; }
    public bool IsAuthenticated => UserId != Guid.Empty;

    public void Set(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return;
        var userId = principal.UserId();
        var workspaceId = principal.WorkspaceId();
        if (userId is null || workspaceId is null) return;
        UserId = userId.Value;
        WorkspaceId = workspaceId.Value;
        DisplayName = principal.FindFirstValue(TandemClaims.DisplayName) ?? principal.Identity.Name ?? "";
        IsWorkspaceAdmin = principal.HasClaim(TandemClaims.WorkspaceAdmin, "true");
    }

    public void Set(TandemUser user)
    {
        UserId = user.Id;
        WorkspaceId = user.WorkspaceId;
        DisplayName = user.DisplayName;
        IsWorkspaceAdmin = user.IsWorkspaceAdmin;
    }

    /// <summary>For system work that is not on anyone's behalf (the first-run setup, the demo seed).</summary>
    public void ActInWorkspace(Guid workspaceId)
    {
        WorkspaceId = workspaceId;
    }
}
