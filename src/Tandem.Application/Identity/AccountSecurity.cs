using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.People;
using Tandem.Application.Security;
using Tandem.Domain.Security;

namespace Tandem.Application.Identity;

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>
/// When sessions end (ADR 0022). A signed-in session (the browser's cookie or a bearer token from the
/// login) carries the account's security stamp from the moment it began. Sign-out, a password change, a
/// lockout and an admin's removal rotate the stamp, and every request compares: one primary-key read per
/// request, on every node, so a session ends at once everywhere (<see cref="AccessTokens.SessionCheck"/>, from
/// memory while the account is unchanged, ADR 0042). Personal access tokens carry no stamp:
/// they are revoked one by one, all at once on a password change or a removal, and refused while the
/// account is locked.
/// </summary>
public sealed class AccountSecurity(TandemDbContext db, UserManager<TandemUser> users, CurrentUser me, TimeProvider clock, SecurityEvents events)
{
    /// <summary>Sign-out: ends every cookie and bearer session of the current person, on every device. Their personal access tokens stay.</summary>
    public async Task SignOutEverywhereAsync(CancellationToken ct)
    {
        if (!me.IsAuthenticated) return;
        // Saved with the new security stamp, by the same SaveChanges.
        await events.StageAsync(SecurityEventKind.SignedOut, me.UserId, "Every session ended; access tokens stay", ct);
        await EndSessionsAsync(me.UserId, revokeAccessTokens: false, ct);
    }

    /// <summary>Ends every session of the person and, when asked, revokes all their personal access tokens.</summary>
    public async Task EndSessionsAsync(Guid userId, bool revokeAccessTokens, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return;
        await users.UpdateSecurityStampAsync(user);
        if (revokeAccessTokens) await RevokeAccessTokensAsync(userId, ct);
    }

    private async Task RevokeAccessTokensAsync(Guid userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await db.AccessTokens.IgnoreQueryFilters([TandemDbContext.TenantFilter])
            .Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        // Past the change tracker: the cached tokens (ADR 0042) must hear of it before the request answers.
        db.AccountsChanged();
    }

    /// <summary>
    /// A new password ends every session, this one included, and revokes every personal access token:
    /// someone who changes their password may be shutting out whoever learnt the old one.
    /// </summary>
    public async Task<Result<Unit>> ChangePasswordAsync(ChangePasswordRequest request, CancellationToken ct)
    {
        var current = request.CurrentPassword ?? "";
        var next = request.NewPassword ?? "";
        var validation = new Validation()
            .Require(current.Length > 0, "currentPassword", "Give your current password.")
            .Require(next.Length > 0, "newPassword", "Choose a new password.");
        if (validation.Result is { } invalid) return invalid;
        var user = await users.FindByIdAsync(me.UserId.ToString());
        if (user is null) return Error.Unauthorized("Sign in again to change your password.");
        var staged = await events.StageAsync(SecurityEventKind.PasswordChanged, user.Id, "Every session ended and every access token revoked", ct);
        var changed = await users.ChangePasswordAsync(user, current, next);
        if (!changed.Succeeded)
        {
            events.Discard(staged);
            return changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch))
                ? Error.Invalid("currentPassword", "That is not your current password.")
                : Rename(IdentityErrors.ToError(changed, "newPassword"));
        }
        // ChangePasswordAsync has rotated the stamp, which ends the sessions; the tokens go too.
        await RevokeAccessTokensAsync(user.Id, ct);
        return Unit.Value;
    }

    private static Error Rename(Error error) =>
        error.Fields is { } fields && fields.ContainsKey("password")
            ? Error.Invalid(fields.ToDictionary(f => f.Key == "password" ? "newPassword" : f.Key, f => f.Value))
            : error;
}
