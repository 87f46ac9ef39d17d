using Tandem.Domain.Common;

namespace Tandem.Domain.Security;

/// <summary>What happened to an account or to who may do what (ADR 0027).</summary>
public enum SecurityEventKind
{
    SignInFailed,
    LockedOut,
    SignInThrottled,
    SignedOut,
    PasswordChanged,
    PasswordSet,
    AccessTokenCreated,
    AccessTokenRevoked,
    TokenPolicyChanged,
    RoleGranted,
    RoleRevoked,
    PersonAdded,
    PersonRemoved,
    WorkspaceAdminGranted,
    /// <summary>A single sign-on identity (issuer and subject) was linked to the account on its first use (ADR 0038).</summary>
    SingleSignOnLinked,
    /// <summary>Single sign-on named a known account but was turned away: locked, removed, unverified email, another identity linked (ADR 0038).</summary>
    SingleSignOnRefused,
}

/// <summary>
/// One line of the workspace admin's security audit (ADR 0027): when, what, who did it (null for an
/// anonymous sign-in attempt), whose account or rights it concerned, from which client address, and a
/// short detail that never holds a secret. Append-only; old lines are pruned after the retention period.
/// </summary>
public sealed class SecurityEvent : ITenantOwned
{
    public const int DetailMaxLength = 300;
    public const int AddressMaxLength = 64;

    private SecurityEvent() { }

    public long Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public SecurityEventKind Kind { get; private set; }
    public Guid? ActorId { get; private set; }
    public Guid? SubjectId { get; private set; }
    public string? Address { get; private set; }
    public string Detail { get; private set; } = "";

    public static SecurityEvent Record(Guid workspaceId, DateTimeOffset at, SecurityEventKind kind, Guid? actorId, Guid? subjectId, string? address, string? detail)
    {
        new RuleCheck()
            .Require(workspaceId != Guid.Empty, "workspaceId", "A security event belongs to a workspace.")
            .Require(Enum.IsDefined(kind), "kind", "Unknown kind of security event.")
            .ThrowIfBroken();
        return new SecurityEvent
        {
            WorkspaceId = workspaceId,
            At = at,
            Kind = kind,
            ActorId = actorId,
            SubjectId = subjectId,
            Address = Truncate(address, AddressMaxLength),
            // The detail is written by Tandem, not typed by a client, but names (of tokens, people) can be long.
            Detail = Truncate(detail, DetailMaxLength) ?? "",
        };
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
