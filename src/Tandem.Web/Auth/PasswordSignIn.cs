using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Tandem.Application.Identity;
using Tandem.Application.Security;
using Tandem.Domain.Security;

namespace Tandem.Web.Auth;

/// <summary>The account whose password was right, or the refusal (with the seconds to wait when it is a 429).</summary>
public sealed record SignInOutcome(TandemUser? User, Error? Refusal, int RetryAfterSeconds = 0);

/// <summary>
/// The one password check behind the sign-in form and POST /api/v1/auth/login (ADR 0022). It answers
/// an unknown email, a locked account, an account without a password yet and a wrong password alike,
/// with the same words and at the same cost: where there is no password to check, it checks the
/// attempt against a dummy hash, so timing does not tell which emails have accounts.
/// </summary>
/// <remarks>
/// Failed attempts on a real account, and the first attempt each window that the limit turns away, are
/// security events of that account's workspace (ADR 0027). An unknown email records nothing anywhere: there
/// is no workspace to tell, and recording it would only store what strangers typed.
/// </remarks>
public sealed class PasswordSignIn(UserManager<TandemUser> users, SignInManager<TandemUser> signIn, SignInThrottle throttle, SecurityEvents events)
{
    public const string Refused =
        "That email and password do not match an account that can sign in. After five failed attempts an account is locked for 15 minutes.";

    private static string? dummyHash;

    public async Task<SignInOutcome> CheckAsync(string email, string password, IPAddress? address)
    {
        var account = users.NormalizeEmail(email) ?? "";
        var decision = await throttle.EnterAsync(address, account);
        if (!decision.Allowed)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
            // Once per window and key, not per refused attempt: a flood must not become a flood of rows.
            if (decision.FirstRefusal && await users.FindByEmailAsync(email) is { } limited)
                await events.RecordAsync(limited.WorkspaceId, SecurityEventKind.SignInThrottled, null, limited.Id, $"Too many attempts; refused for {seconds} s", CancellationToken.None);
            return new SignInOutcome(null, Error.TooManyRequests($"Too many sign-in attempts. Try again in {seconds} seconds."), seconds);
        }

        var user = await users.FindByEmailAsync(email);
        if (user is null || user.PasswordHash is null || await users.IsLockedOutAsync(user))
        {
            // The same work as checking a real password; the outcome does not matter.
            users.PasswordHasher.VerifyHashedPassword(user ?? new TandemUser(), DummyHash(), password);
            if (user is not null)
                await events.RecordAsync(user.WorkspaceId, SecurityEventKind.SignInFailed, null, user.Id,
                    user.PasswordHash is null ? "The account has no password yet" : "The account is locked", CancellationToken.None);
            return new SignInOutcome(null, Error.Unauthorized(Refused));
        }
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            await events.RecordAsync(user.WorkspaceId, SecurityEventKind.SignInFailed, null, user.Id,
                result.IsLockedOut ? "Wrong password; this attempt locked the account" : "Wrong password", CancellationToken.None);
            return new SignInOutcome(null, Error.Unauthorized(Refused));
        }
        await throttle.ReleaseAsync(address, account);
        return new SignInOutcome(user, null);
    }

    private string DummyHash() =>
        dummyHash ??= users.PasswordHasher.HashPassword(new TandemUser(), Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
}
