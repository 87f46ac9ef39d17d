namespace Tandem.Application.Mail;

/// <summary>How a connection to the SMTP server is secured (<c>Tandem:Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>STARTTLS after connecting, required (port 587 by default).</summary>
    StartTls,
    /// <summary>TLS from the first byte, "implicit TLS" (port 465 by default).</summary>
    Tls,
    /// <summary>No encryption (port 25 by default): only for a relay on the same host or a test server.</summary>
    None,
}

/// <summary>
/// The SMTP settings (<c>Tandem:Smtp</c>, ADR 0037). With no <see cref="Host"/>, Tandem sends no mail at all: no outbox
/// row is written and the delivery job does not run.
/// </summary>
public sealed class MailOptions
{
    public const string Section = "Tandem:Smtp";

    public string? Host { get; set; }

    /// <summary>0 picks the security's usual port: 587, 465 or 25.</summary>
    public int Port { get; set; }

    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>Tandem &lt;tandem@example.com&gt;</c>.</summary>
    public string From { get; set; } = "Tandem <tandem@localhost>";

    public string Security { get; set; } = "starttls";

    /// <summary>Where people reach Tandem (e.g. <c>https://tandem.example.com</c>), the base of every link in a mail; required with a host.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The hour (UTC, 0–23) at which daily digests go out.</summary>
    public int DigestHourUtc { get; set; } = 7;

    /// <summary>How often the delivery job looks for due mail.</summary>
    public int PollSeconds { get; set; } = 15;

    /// <summary>The first retry's delay after an SMTP failure; each further one doubles it, up to six hours.</summary>
    public int RetrySeconds { get; set; } = 60;

    /// <summary>Attempts before a mail is given up (and its reason kept): 10 spans about 17 hours at the default delay.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Seconds to wait for the SMTP server on connect and on each command.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public SmtpSecurity ParsedSecurity => Security.Trim().ToLowerInvariant() switch
    {
        "none" => SmtpSecurity.None,
        "tls" or "ssl" => SmtpSecurity.Tls,
        "starttls" or "" => SmtpSecurity.StartTls,
        _ => throw new InvalidOperationException($"{Section}:Security is '{Security}'; use none, starttls or tls."),
    };

    public int EffectivePort => Port > 0 ? Port : ParsedSecurity switch { SmtpSecurity.Tls => 465, SmtpSecurity.None => 25, _ => 587 };

    /// <summary>The public base address without a trailing slash.</summary>
    public string BaseUrl => (PublicUrl ?? "").TrimEnd('/');

    /// <summary>Refuses settings that cannot work, at start rather than at the first mail.</summary>
    public void Validate()
    {
        if (!IsConfigured) return;
        _ = ParsedSecurity;
        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            throw new InvalidOperationException($"{Section}:PublicUrl must be the absolute address people reach Tandem at (e.g. https://tandem.example.com): every mail links to it.");
        if (!IsMailbox(From))
            throw new InvalidOperationException($"{Section}:From '{From}' is not a mail address such as \"Tandem <tandem@example.com>\".");
        if (DigestHourUtc is < 0 or > 23) throw new InvalidOperationException($"{Section}:DigestHourUtc is an hour from 0 to 23.");
    }

    // In its own method, so that MimeKit loads only when mail is configured (ADR 26).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool IsMailbox(string? from) => MimeKit.MailboxAddress.TryParse(from, out _);
}
