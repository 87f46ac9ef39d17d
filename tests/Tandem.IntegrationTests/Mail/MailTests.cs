using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Tandem.Application.Mail;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Mail;

/// <summary>
/// Notifications and set-password links by mail (ADR 0037), against a real SMTP server on loopback (aiosmtpd). The host
/// polls for due mail every second; each test makes its own people, so tests only read their own recipients' mail.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MailCollection : ICollectionFixture<MailApp>
{
    public const string Name = "Tandem app with SMTP";
}

[Collection(MailCollection.Name)]
public class MailTests(MailApp mail)
{
    private TandemApp App => mail.App;
    private SmtpServer Smtp => mail.Smtp;

    /// <summary>A product with its Product Owner and a stakeholder; each got their set-password link by mail.</summary>
    private async Task<(string Key, HttpClient Po, Person Stakeholder, HttpClient StakeholderClient)> TeamAsync()
    {
        var key = await App.CreateProductAsync();
        var owner = await App.CreatePersonAsync(TandemApp.Unique("Owner"));
        await App.AssignAsync(key, owner.Id, "product-owner");
        var stakeholder = await App.CreatePersonAsync(TandemApp.Unique("Asker"));
        await App.AssignAsync(key, stakeholder.Id, "stakeholder");
        return (key, await App.SignInAsync(owner.Email, owner.Password), stakeholder, await App.SignInAsync(stakeholder.Email, stakeholder.Password));
    }

    /// <summary>The stakeholder sends feedback and the Product Owner declines it: Tandem notifies the stakeholder.</summary>
    private static async Task DeclinedFeedbackAsync(string key, HttpClient po, HttpClient stakeholder, string title)
    {
        using var sent = await stakeholder.PostAsJsonAsync($"/api/v1/products/{key}/feedback", new { title, description = "Month end", area = "Reports", urgency = "high" });
        var number = (await Expect.Status(HttpStatusCode.Created, sent))!["number"]!.GetValue<int>();
        using var declined = await po.PostAsJsonAsync($"/api/v1/products/{key}/feedback/{number}/triage", new { action = "decline", reason = "Not this year" });
        await Expect.Status(HttpStatusCode.OK, declined);
    }

    private static async Task SetPreferenceAsync(HttpClient client, string mode)
    {
        using var response = await client.PutAsJsonAsync("/api/v1/me/notification-preferences", new { email = mode });
        var body = (await Expect.Status(HttpStatusCode.OK, response))!;
        Assert.Equal(mode, body["email"]!.GetValue<string>());
    }

    private static bool About(MimeMessage message, string words) => message.TextBody?.Contains(words, StringComparison.Ordinal) == true;

    private async Task WaitForOutboxAsync(Guid userId, Func<List<OutgoingMail>, bool> done, int seconds = 30)
    {
        var watch = Stopwatch.StartNew();
        while (!done(await mail.OutboxOfAsync(userId)))
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(seconds)) throw new TimeoutException($"The outbox of {userId} did not reach the expected state in {seconds} s.");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_notification_and_the_set_password_link_arrive_by_mail_with_an_unsubscribe_header_and_encoded_html()
    {
        var (key, po, stakeholder, client) = await TeamAsync();

        var welcome = (await Smtp.WaitForAsync(stakeholder.Email, m => m.Subject == "Choose your Tandem password")).Single();
        Assert.Contains($"{MailApp.PublicUrl}/set-password?user={stakeholder.Id}&token=", welcome.TextBody, StringComparison.Ordinal);
        // Sealed in the outbox until sent, erased after.
        Assert.All((await mail.OutboxOfAsync(stakeholder.Id)).Where(m => m.Kind == MailKind.SetPassword), m => Assert.Null(m.Secret));

        var title = TandemApp.Unique("<b>Refunds</b> & fees");
        await DeclinedFeedbackAsync(key, po, client, title);

        var message = (await Smtp.WaitForAsync(stakeholder.Email, m => About(m, title))).Single();
        Assert.Equal("tandem@tandem.test", message.From.Mailboxes.Single().Address);
        Assert.Equal(stakeholder.DisplayName, message.To.Mailboxes.Single().Name);
        Assert.StartsWith($"Tandem: Your feedback \"{title}\" was declined", message.Subject, StringComparison.Ordinal);
        Assert.Contains($"{MailApp.PublicUrl}/p/{key}/feedback/", message.TextBody, StringComparison.Ordinal);
        // The person's own words are text in the HTML body, never markup.
        Assert.Contains(System.Net.WebUtility.HtmlEncode(title), message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Refunds</b>", message.HtmlBody, StringComparison.Ordinal);
        Assert.StartsWith($"<{MailApp.PublicUrl}/api/v1/mail/unsubscribe?token=", message.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Contains($"{MailApp.PublicUrl}/unsubscribe?token=", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(MailStatus.Sent, (await mail.OutboxOfAsync(stakeholder.Id)).Single(m => m.Kind == MailKind.Notification).Status);
    }

    [Fact]
    public async Task With_mail_off_a_notification_stays_in_tandem_only()
    {
        var (key, po, stakeholder, client) = await TeamAsync();
        await SetPreferenceAsync(client, "off");

        var title = TandemApp.Unique("Quiet");
        await DeclinedFeedbackAsync(key, po, client, title);

        await WaitForOutboxAsync(stakeholder.Id, rows => rows.Any(m => m.Kind == MailKind.Notification && m.Status == MailStatus.Dropped));
        Assert.DoesNotContain(Smtp.To(stakeholder.Email), m => About(m, title));
        using var inbox = await client.GetAsync("/api/v1/notifications");
        Assert.Contains(title, await inbox.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daily_digest_is_one_mail_listing_every_notification_since_the_last_one()
    {
        var (key, po, stakeholder, client) = await TeamAsync();
        await SetPreferenceAsync(client, "digest");

        var titles = Enumerable.Range(1, 3).Select(i => TandemApp.Unique($"Digest{i}")).ToList();
        foreach (var title in titles) await DeclinedFeedbackAsync(key, po, client, title);

        // The job holds them for the next digest hour...
        var now = TimeProvider.System.GetUtcNow();
        await WaitForOutboxAsync(stakeholder.Id, rows => rows.Count(m => m.Kind == MailKind.Notification && m.DueAt > now.AddMinutes(1)) == 3);
        Assert.DoesNotContain(Smtp.To(stakeholder.Email), m => titles.Any(t => About(m, t)));

        // ...and the hour comes: as if they had been made yesterday and today's digest were due.
        await mail.WithDatabaseAsync(db => db.MailOutbox.Where(m => m.UserId == stakeholder.Id && m.Kind == MailKind.Notification)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, now.AddDays(-1).AddHours(-1)).SetProperty(m => m.DueAt, now)));

        var digest = (await Smtp.WaitForAsync(stakeholder.Email, m => titles.Any(t => About(m, t)))).Single();
        Assert.StartsWith("Tandem: 3 notifications since ", digest.Subject, StringComparison.Ordinal);
        Assert.All(titles, t => Assert.Contains(t, digest.TextBody, StringComparison.Ordinal));
        Assert.Equal("List-Unsubscribe=One-Click", digest.Headers["List-Unsubscribe-Post"]);
        await Task.Delay(1500); // another pass: still one mail
        Assert.Single(Smtp.To(stakeholder.Email), m => titles.Any(t => About(m, t)));
    }

    [Fact]
    public async Task When_the_smtp_server_is_down_mail_is_retried_and_arrives_once_it_is_back()
    {
        var (key, po, stakeholder, client) = await TeamAsync();
        await Smtp.WaitForAsync(stakeholder.Email, m => m.Subject == "Choose your Tandem password");

        await Smtp.StopAsync();
        string title;
        try
        {
            title = TandemApp.Unique("Outage");
            await DeclinedFeedbackAsync(key, po, client, title);
            await WaitForOutboxAsync(stakeholder.Id, rows => rows.Any(m => m.Kind == MailKind.Notification && m.Attempts >= 2 && m.Status == MailStatus.Pending));
            var waiting = (await mail.OutboxOfAsync(stakeholder.Id)).Single(m => m.Kind == MailKind.Notification);
            Assert.Contains("Cannot reach the SMTP server", waiting.LastError, StringComparison.Ordinal);
        }
        finally
        {
            await Smtp.StartAgainAsync();
        }

        var arrived = (await Smtp.WaitForAsync(stakeholder.Email, m => About(m, title))).Single();
        Assert.Contains(title, arrived.Subject, StringComparison.Ordinal);
        // The sender records the mail as sent once the server took it (MailDelivery saves after each send): a read
        // between the two found it still pending.
        await WaitForOutboxAsync(stakeholder.Id, rows => rows.Any(m => m.Kind == MailKind.Notification && m.Status != MailStatus.Pending));
        var sent = (await mail.OutboxOfAsync(stakeholder.Id)).Single(m => m.Kind == MailKind.Notification);
        Assert.Equal(MailStatus.Sent, sent.Status);
        Assert.True(sent.Attempts >= 3);
    }

    [Fact]
    public async Task The_one_click_unsubscribe_turns_mail_off_without_signing_in_and_a_tampered_token_is_refused()
    {
        var (key, po, stakeholder, client) = await TeamAsync();
        var title = TandemApp.Unique("Unsub");
        await DeclinedFeedbackAsync(key, po, client, title);
        var message = (await Smtp.WaitForAsync(stakeholder.Email, m => About(m, title))).Single();
        var link = new Uri(message.Headers["List-Unsubscribe"]!.Trim('<', '>'));
        var token = System.Web.HttpUtility.ParseQueryString(link.Query)["token"]!;

        using var anonymous = App.Anonymous();
        var tampered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        using (var refused = await anonymous.PostAsync($"/api/v1/mail/unsubscribe?token={Uri.EscapeDataString(tampered)}", OneClick()))
            await Expect.Status(HttpStatusCode.BadRequest, refused);
        using (var page = await anonymous.GetAsync($"/unsubscribe?token={Uri.EscapeDataString(tampered)}"))
            Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal("immediately", (await client.GetFromJsonAsync<JsonObject>("/api/v1/me/notification-preferences"))!["email"]!.GetValue<string>());

        using (var page = await anonymous.GetAsync($"/unsubscribe?token={Uri.EscapeDataString(token)}"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("confirm-unsubscribe", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var done = await anonymous.PostAsync(link.PathAndQuery, OneClick()))
            Assert.Equal("off", (await Expect.Status(HttpStatusCode.OK, done))!["email"]!.GetValue<string>());
        // A second click (the mail client retrying) is as good as the first.
        using (var again = await anonymous.PostAsync(link.PathAndQuery, OneClick()))
            await Expect.Status(HttpStatusCode.OK, again);
        Assert.Equal("off", (await client.GetFromJsonAsync<JsonObject>("/api/v1/me/notification-preferences"))!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_preference_is_one_of_three_and_names_the_digest_hour()
    {
        var (_, _, _, client) = await TeamAsync();
        var preferences = (await client.GetFromJsonAsync<JsonObject>("/api/v1/me/notification-preferences"))!;
        Assert.Equal("immediately", preferences["email"]!.GetValue<string>());
        Assert.True(preferences["mailConfigured"]!.GetValue<bool>());
        Assert.Equal(7, preferences["digestHourUtc"]!.GetValue<int>());

        using var wrong = await client.PutAsJsonAsync("/api/v1/me/notification-preferences", new { email = "hourly" });
        var problem = (await Expect.Status(HttpStatusCode.BadRequest, wrong))!;
        Assert.Contains("immediately, digest, off", problem.ToJsonString(), StringComparison.Ordinal);
        using var anonymous = App.Anonymous();
        using var unauthenticated = await anonymous.GetAsync("/api/v1/me/notification-preferences");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    private static FormUrlEncodedContent OneClick() => new([new("List-Unsubscribe", "One-Click")]);
}
