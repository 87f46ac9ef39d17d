using Tandem.Application.Mail;

namespace Tandem.UnitTests.Mail;

public class OutgoingMailTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_failed_send_waits_twice_as_long_each_time_and_is_given_up_after_the_last_attempt_with_its_reason()
    {
        var mail = OutgoingMail.ForSetPassword(Guid.NewGuid(), "sealed", Now);
        var delay = TimeSpan.FromMinutes(1);

        mail.Failed("Cannot reach the SMTP server", permanent: false, Now, delay, maxAttempts: 3);
        Assert.Equal((MailStatus.Pending, Now.AddMinutes(1)), (mail.Status, mail.DueAt));
        mail.Failed("Cannot reach the SMTP server", permanent: false, Now, delay, maxAttempts: 3);
        Assert.Equal((MailStatus.Pending, Now.AddMinutes(2)), (mail.Status, mail.DueAt));
        Assert.Equal("sealed", mail.Secret);

        mail.Failed("Cannot reach the SMTP server again", permanent: false, Now, delay, maxAttempts: 3);
        Assert.Equal(MailStatus.Failed, mail.Status);
        Assert.Equal(3, mail.Attempts);
        Assert.Equal("Cannot reach the SMTP server again", mail.LastError);
        Assert.Null(mail.Secret); // the link is not kept once it can no longer be sent
    }

    [Fact]
    public void The_delay_stops_growing_at_six_hours_and_a_refusal_for_good_is_not_retried()
    {
        var mail = OutgoingMail.ForNotification(Guid.NewGuid(), Guid.NewGuid(), Now);
        for (var i = 0; i < 12; i++) mail.Failed("down", permanent: false, Now, TimeSpan.FromMinutes(1), maxAttempts: 100);
        Assert.Equal(Now.AddHours(6), mail.DueAt);

        var refused = OutgoingMail.ForNotification(Guid.NewGuid(), Guid.NewGuid(), Now);
        refused.Failed("The SMTP server answered 550: no such mailbox", permanent: true, Now, TimeSpan.FromMinutes(1), maxAttempts: 100);
        Assert.Equal((MailStatus.Failed, 1), (refused.Status, refused.Attempts));
    }

    [Theory]
    [InlineData(null, "address people reach Tandem at")]
    [InlineData("tandem.example.com", "address people reach Tandem at")]
    public void Smtp_without_a_public_address_refuses_to_start(string? publicUrl, string words)
    {
        var options = new MailOptions { Host = "smtp.example.com", PublicUrl = publicUrl };
        Assert.Contains(words, Assert.Throws<InvalidOperationException>(options.Validate).Message, StringComparison.Ordinal);
        new MailOptions().Validate(); // no host: no mail, nothing to check
    }

    [Theory]
    [InlineData("starttls", 0, 587)]
    [InlineData("tls", 0, 465)]
    [InlineData("none", 0, 25)]
    [InlineData("none", 2525, 2525)]
    public void The_port_follows_the_security_unless_given(string security, int port, int expected) =>
        Assert.Equal(expected, new MailOptions { Host = "h", Security = security, Port = port }.EffectivePort);

    [Fact]
    public void An_unknown_security_is_refused() =>
        Assert.Throws<InvalidOperationException>(new MailOptions { Host = "h", PublicUrl = "https://t.example", Security = "ssl3" }.Validate);
}
