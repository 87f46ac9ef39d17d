using Microsoft.AspNetCore.Identity;
using Tandem.Domain.Common;

namespace Tandem.Application.Identity;

/// <summary>
/// A person's account. An account belongs to exactly one workspace (docs/adr/0003): the sign-in
/// decides the tenant, so nothing a user does can reach another workspace's rows.
/// </summary>
public sealed class TandemUser : IdentityUser<Guid>, ITenantOwned
{
    public const int DisplayNameMaxLength = 80;

    public Guid WorkspaceId { get; set; }
    public string DisplayName { get; set; } = "";
    public bool IsWorkspaceAdmin { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// A removed person's lockout ends here, in effect never (ADR 0022). Not DateTimeOffset.MaxValue:
    /// PostgreSQL keeps microseconds, so MaxValue would not read back equal.
    /// </summary>
    public static readonly DateTimeOffset RemovedUntil = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public bool IsRemoved => LockoutEnd >= RemovedUntil;

    /// <summary>True until the person has chosen a password through their one-time link.</summary>
    public bool PasswordPending { get; set; }
}
