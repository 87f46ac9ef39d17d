using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Tandem.Application.Mail;

/// <summary>A failed send: <see cref="Permanent"/> when the server refused it for good (a 5xx reply), so retrying cannot help.</summary>
public sealed class MailSendException(string message, bool permanent, Exception inner) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>One connection to the SMTP server, through MailKit, for one run of the delivery job.</summary>
public sealed class MailSender(MailOptions options)
{
    /// <summary>Connects and signs in; a failure here is never permanent (the server may be back at the next attempt).</summary>
    public async Task<SmtpSession> OpenAsync(CancellationToken ct)
    {
        var client = new SmtpClient { Timeout = Math.Max(1, options.TimeoutSeconds) * 1000 };
        try
        {
            var security = options.ParsedSecurity switch
            {
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(options.Host ?? "", options.EffectivePort, security, ct);
            if (!string.IsNullOrEmpty(options.UserName)) await client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
            return new SmtpSession(client);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            client.Dispose();
            throw new MailSendException($"Cannot reach the SMTP server {options.Host}:{options.EffectivePort}: {e.Message}", permanent: false, e);
        }
    }
}

/// <summary>An open SMTP connection.</summary>
public sealed class SmtpSession(SmtpClient client) : IAsyncDisposable
{
    public bool Connected => client.IsConnected;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        try
        {
            await client.SendAsync(message, ct);
        }
        catch (SmtpCommandException e)
        {
            throw new MailSendException($"The SMTP server answered {(int)e.StatusCode}: {e.Message}", permanent: (int)e.StatusCode >= 500, e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new MailSendException($"Sending failed: {e.Message}", permanent: false, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception e) when (e is ServiceNotConnectedException or IOException or SmtpProtocolException or SmtpCommandException)
        {
            // The connection is already gone; nothing is left to close politely.
        }
        client.Dispose();
    }
}
