using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Application.Identity;
using Tandem.Application.Security;
using Tandem.Domain.Security;

namespace Tandem.Web.Auth;

/// <summary>The <c>Authentication:OpenIdConnect</c> settings that decide who single sign-on lets in (ADR 0038).</summary>
public sealed class SingleSignOnOptions
{
    public const string Section = "Authentication:OpenIdConnect";

    /// <summary>
    /// Treat the provider's <c>email</c> as verified even without <c>email_verified: true</c>. Only for a
    /// provider whose addresses are all set by the organisation's own admins (a single-tenant Entra ID,
    /// which does not send the claim); never for one where people type their own address.
    /// </summary>
    public bool TrustEmailWithoutVerification { get; set; }
}

/// <summary>Why single sign-on turned a person away; the slug is the refused page's <c>reason</c>.</summary>
public enum SingleSignOnRefusal
{
    /// <summary>The provider's answer lacked an issuer or a subject.</summary>
    Incomplete,
    /// <summary>No Tandem account has the provider's email (or the provider sent none).</summary>
    Unknown,
    /// <summary>The provider did not say it verified the email, and the identity is not linked yet.</summary>
    Unverified,
    /// <summary>The account is locked out or removed.</summary>
    Locked,
    /// <summary>The account is already linked to another identity at the same provider.</summary>
    OtherIdentity,
}

/// <summary>The account single sign-on signs in, or why it does not; <see cref="Linked"/> when this was the first use.</summary>
public sealed record SingleSignOnOutcome(TandemUser? User, SingleSignOnRefusal? Refusal, bool Linked = false);

/// <summary>
/// Who an OpenID Connect sign-in is (ADR 0038). The provider's identity is its issuer and subject, stored as an
/// Identity external login (LoginProvider = issuer, ProviderKey = subject); the email is only a way to find the
/// account on the first use. Then the identity is linked when the provider vouches for the email
/// (<c>email_verified: true</c>) and exactly one account has it, that account can sign in, and it is not linked
/// to another subject of the same issuer (an address handed on to a new colleague must not open the old one's
/// account). Every later sign-in goes by the link alone, so changing the email at the provider changes nothing.
/// No account is ever created: who belongs to a workspace is its admin's decision.
/// </summary>
public sealed class SingleSignOn(UserManager<TandemUser> users, SecurityEvents events, IOptions<SingleSignOnOptions> options, ILogger<SingleSignOn> log)
{
    public async Task<SingleSignOnOutcome> ResolveAsync(ClaimsPrincipal external, string providerName, CancellationToken ct)
    {
        var subject = external.FindFirst("sub") ?? external.FindFirst(ClaimTypes.NameIdentifier);
        var issuer = external.FindFirstValue("iss") ?? subject?.Issuer;
        if (subject is null || string.IsNullOrEmpty(subject.Value) || string.IsNullOrEmpty(issuer) || issuer == ClaimsIdentity.DefaultIssuer)
            return new SingleSignOnOutcome(null, SingleSignOnRefusal.Incomplete);

        var linked = await users.FindByLoginAsync(issuer, subject.Value);
        if (linked is not null)
        {
            if (!await CanSignInAsync(linked))
                return await RefuseAsync(linked, SingleSignOnRefusal.Locked, "Single sign-on refused: the account is locked or removed", ct);
            return new SingleSignOnOutcome(linked, null);
        }

        var email = external.FindFirstValue("email") ?? external.FindFirstValue(ClaimTypes.Email);
        var normalized = users.NormalizeEmail(email);
        if (string.IsNullOrEmpty(normalized)) return Unknown(issuer);
        // Exactly one: a second account with the address (which the unique-email rule should prevent) is no match at all.
        var matches = await users.Users.Where(u => u.NormalizedEmail == normalized).Take(2).ToListAsync(ct);
        var user = matches.Count == 1 ? matches[0] : null;

        // An unverified address is refused alike whether an account has it or not, so the answer does not tell.
        var verified = string.Equals(external.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase)
            || options.Value.TrustEmailWithoutVerification;
        if (!verified)
        {
            if (user is null) return new SingleSignOnOutcome(null, SingleSignOnRefusal.Unverified);
            return await RefuseAsync(user, SingleSignOnRefusal.Unverified, "Single sign-on refused: the provider did not verify the email, so it was not linked", ct);
        }
        if (user is null) return Unknown(issuer);
        if (!await CanSignInAsync(user))
            return await RefuseAsync(user, SingleSignOnRefusal.Locked, "Single sign-on refused: the account is locked or removed", ct);
        if ((await users.GetLoginsAsync(user)).Any(l => l.LoginProvider == issuer))
            return await RefuseAsync(user, SingleSignOnRefusal.OtherIdentity, "Single sign-on refused: the account is linked to another identity at this provider", ct);

        // The event is staged first, so the link and its record are one save.
        await events.StageAsync(user.WorkspaceId, SecurityEventKind.SingleSignOnLinked, user.Id, user.Id, $"Linked to {providerName} on first use (verified email)", ct);
        var added = await users.AddLoginAsync(user, new UserLoginInfo(issuer, subject.Value, providerName));
        if (!added.Succeeded) throw new InvalidOperationException("Linking the single sign-on identity failed: " + string.Join("; ", added.Errors.Select(e => e.Description)));
        return new SingleSignOnOutcome(user, null, Linked: true);
    }

    private async Task<bool> CanSignInAsync(TandemUser user) => !user.IsRemoved && !await users.IsLockedOutAsync(user);

    private async Task<SingleSignOnOutcome> RefuseAsync(TandemUser user, SingleSignOnRefusal refusal, string detail, CancellationToken ct)
    {
        await events.RecordAsync(user.WorkspaceId, SecurityEventKind.SingleSignOnRefused, null, user.Id, detail, ct);
        return new SingleSignOnOutcome(null, refusal);
    }

    /// <summary>No account, so no workspace to record it in (as an unknown email at the password form): the log says it.</summary>
    private SingleSignOnOutcome Unknown(string issuer)
    {
        log.LogWarning("Single sign-on from {Issuer} refused: no Tandem account has the provider's email", issuer);
        return new SingleSignOnOutcome(null, SingleSignOnRefusal.Unknown);
    }
}
