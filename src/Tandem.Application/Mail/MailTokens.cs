using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Tandem.Application.Mail;

/// <summary>
/// The secrets a mail carries, through ASP.NET Core data protection (keys in the database, shared by every node): the
/// unsubscribe token that names its person and works without signing in, and the set-password link kept encrypted
/// in the outbox until it is sent.
/// </summary>
public sealed class MailTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector _unsubscribe = protection.CreateProtector("Tandem.Mail.Unsubscribe.v1");
    private readonly IDataProtector _outbox = protection.CreateProtector("Tandem.Mail.Outbox.v1");

    /// <summary>A URL-safe token that turns the person's mail off; it does not expire, as a link in an old mail must still work.</summary>
    public string Unsubscribe(Guid userId) => _unsubscribe.Protect(userId.ToString("N"));

    /// <summary>The person a token names, or null when it was altered, cut or made with keys this deployment does not have.</summary>
    public Guid? ReadUnsubscribe(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000) return null;
        try
        {
            return Guid.TryParseExact(_unsubscribe.Unprotect(token), "N", out var userId) ? userId : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public string Seal(string secret) => _outbox.Protect(secret);

    public string Open(string sealedSecret) => _outbox.Unprotect(sealedSecret);
}
