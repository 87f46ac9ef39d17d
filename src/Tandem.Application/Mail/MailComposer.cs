using System.Globalization;
using System.Net;
using System.Text;
using MimeKit;

namespace Tandem.Application.Mail;

/// <summary>One line of a mail: what happened and the page it links to (relative to Tandem's address).</summary>
public sealed record MailLine(string Text, string Link, DateTimeOffset At);

/// <summary>
/// Builds the messages (ADR 0037): a plain-text and an HTML body, the person's own text HTML-encoded, an unsubscribe
/// link in the footer, and the <c>List-Unsubscribe</c> / <c>List-Unsubscribe-Post</c> headers of RFC 8058 so a mail
/// client's one-click "unsubscribe" turns the mail off without signing in.
/// </summary>
public sealed class MailComposer(MailOptions options, MailTokens tokens)
{
    private const int SubjectMax = 120;

    public MimeMessage Notification(Recipient to, MailLine line) =>
        Compose(to, Cut($"Tandem: {line.Text.ReplaceLineEndings(" ")}", SubjectMax),
            "Tandem has news for you:",
            [line], "Turn off these mails");

    public MimeMessage Digest(Recipient to, IReadOnlyList<MailLine> lines, DateTimeOffset since) =>
        Compose(to, $"Tandem: {lines.Count} notification{(lines.Count == 1 ? "" : "s")} since {since.UtcDateTime.ToString("d MMM HH:mm", CultureInfo.InvariantCulture)} UTC",
            "Your daily digest from Tandem:",
            lines, "Turn off these mails");

    public MimeMessage SetPassword(Recipient to, string link) =>
        Compose(to, "Choose your Tandem password",
            "You have an account on Tandem. Follow this link once to choose your password (it works once; ask your workspace admin for a new one if it has expired):",
            [new MailLine("Choose your password", link, default)], "Turn off Tandem's notification mails");

    private MimeMessage Compose(Recipient to, string subject, string intro, IReadOnlyList<MailLine> lines, string unsubscribeText)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(new MailboxAddress(to.DisplayName, to.Email));
        message.Subject = subject;
        var unsubscribe = $"{options.BaseUrl}/unsubscribe?token={Uri.EscapeDataString(tokens.Unsubscribe(to.UserId))}";
        var oneClick = $"{options.BaseUrl}/api/v1/mail/unsubscribe?token={Uri.EscapeDataString(tokens.Unsubscribe(to.UserId))}";
        message.Headers.Add("List-Unsubscribe", $"<{oneClick}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        // RFC 3834: no auto-replies ("out of office") to a machine's mail.
        message.Headers.Add("Auto-Submitted", "auto-generated");

        var text = new StringBuilder();
        text.Append("Hello ").Append(to.DisplayName).Append(",\n\n").Append(intro).Append("\n\n");
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.4\">");
        html.Append("<p>Hello ").Append(Encode(to.DisplayName)).Append(",</p><p>").Append(Encode(intro)).Append("</p><ul>");
        foreach (var line in lines)
        {
            var url = Absolute(line.Link);
            text.Append("- ").Append(line.Text).Append('\n').Append("  ").Append(url).Append('\n');
            html.Append("<li><a href=\"").Append(Encode(url)).Append("\">").Append(Encode(line.Text)).Append("</a></li>");
        }
        text.Append("\n-- \n").Append(unsubscribeText).Append(" (one click, no sign-in): ").Append(unsubscribe)
            .Append("\nOr choose immediately, a daily digest or off on your account page: ").Append(options.BaseUrl).Append("/account/email\n");
        html.Append("</ul><hr><p style=\"font-size:smaller;color:#555\"><a href=\"").Append(Encode(unsubscribe)).Append("\">").Append(Encode(unsubscribeText))
            .Append("</a> (one click, no sign-in), or choose immediately, a daily digest or off on <a href=\"").Append(Encode(options.BaseUrl + "/account/email"))
            .Append("\">your account page</a>.</p></body></html>");

        message.Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
        return message;
    }

    private string Absolute(string link) => link.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || link.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        ? link
        : options.BaseUrl + (link.StartsWith('/') ? link : "/" + link);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Cut(string text, int max) => text.Length > max ? text[..(max - 1)] + "…" : text;
}

/// <summary>Whom a mail goes to.</summary>
public sealed record Recipient(Guid UserId, string Email, string DisplayName);
