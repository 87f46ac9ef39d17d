using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using Tandem.Application.Data;
using Tandem.Application.Jobs;

namespace Tandem.Application.Mail;

/// <summary>
/// The delivery job's one pass (ADR 0037), run once per cluster by the node holding the <c>mail</c> lease: reads the due
/// rows of the outbox, applies each person's preference (mail now, wait for the daily digest, or drop), sends through
/// MailKit, and saves each mail's outcome as soon as it is known — so a node that dies mid-pass re-sends at most the one
/// mail it was sending (delivery is at least once). An SMTP failure is retried with a doubling delay and given up
/// after <see cref="MailOptions.MaxAttempts"/>, the reason kept in the row.
/// </summary>
public sealed partial class MailDelivery(TandemDbContext db, MailSender sender, MailComposer composer, MailTokens tokens, MailOptions options,
    TimeProvider clock, ILogger<MailDelivery> log)
{
    public const int BatchSize = 200;

    /// <summary>Sent, dropped and failed rows are kept this long for the record, then deleted.</summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(30);

    private static long _prunedAt;

    /// <summary>One pass; answers how many mails went out.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        if (!options.IsConfigured) return 0;
        var now = clock.GetUtcNow();
        await PruneAsync(now, ct);
        var due = await db.MailOutbox.Where(m => m.Status == MailStatus.Pending && m.DueAt <= now)
            .OrderBy(m => m.DueAt).ThenBy(m => m.Id).Take(BatchSize).ToListAsync(ct);
        if (due.Count == 0) return 0;

        var work = await PlanAsync(due, now, ct);
        await db.SaveChangesAsync(ct); // what waits for a digest or is dropped
        if (work.Count == 0) return 0;

        SmtpSession session;
        try
        {
            session = await sender.OpenAsync(ct);
        }
        catch (MailSendException e)
        {
            foreach (var mail in work) mail.Rows.ForEach(row => row.Failed(e.Message, permanent: false, now, FirstDelay, options.MaxAttempts));
            await db.SaveChangesAsync(ct);
            CannotConnect(log, e, work.Count);
            return 0;
        }

        var sent = 0;
        await using (session)
        {
            foreach (var mail in work)
            {
                try
                {
                    await session.SendAsync(mail.Build(), ct);
                    mail.Rows.ForEach(row => row.Sent(clock.GetUtcNow()));
                    sent++;
                }
                catch (MailSendException e)
                {
                    mail.Rows.ForEach(row => row.Failed(e.Message, e.Permanent, clock.GetUtcNow(), FirstDelay, options.MaxAttempts));
                    SendFailed(log, e, mail.Rows[0].Id);
                }
                catch (CryptographicException e)
                {
                    // The set-password link was sealed with keys this deployment no longer has: it cannot be sent, ever.
                    mail.Rows.ForEach(row => row.Drop($"The link could not be unsealed: {e.Message}"));
                }
                // Saved mail by mail: a crash re-sends at most the one being sent.
                await db.SaveChangesAsync(ct);
            }
        }
        if (sent > 0) Sent(log, sent);
        return sent;
    }

    private TimeSpan FirstDelay => TimeSpan.FromSeconds(Math.Max(1, options.RetrySeconds));

    /// <summary>The latest digest time at or before <paramref name="now"/>.</summary>
    public DateTimeOffset LastDigestAt(DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(options.DigestHourUtc);
        return today <= now ? today : today.AddDays(-1);
    }

    private sealed record Planned(List<OutgoingMail> Rows, Func<MimeMessage> Build);

    private async Task<List<Planned>> PlanAsync(List<OutgoingMail> due, DateTimeOffset now, CancellationToken ct)
    {
        var userIds = due.Select(m => m.UserId).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.LockoutEnd }).ToDictionaryAsync(u => u.Id, ct);
        var modes = await db.MailPreferences.AsNoTracking().Where(p => userIds.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, p => p.Mode, ct);
        var notificationIds = due.Where(m => m.NotificationId.HasValue).Select(m => m.NotificationId!.Value).ToList();
        // The job acts for every workspace: the notifications are read past the tenant filter, by id.
        var notifications = await db.Notifications.IgnoreQueryFilters([TandemDbContext.TenantFilter]).AsNoTracking()
            .Where(n => notificationIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, ct);

        var lastDigest = LastDigestAt(now);
        var work = new List<Planned>();
        foreach (var group in due.GroupBy(m => m.UserId))
        {
            if (!people.TryGetValue(group.Key, out var person) || string.IsNullOrWhiteSpace(person.Email) || person.LockoutEnd >= Identity.TandemUser.RemovedUntil)
            {
                foreach (var row in group) row.Drop("The person has no mail address or was removed.");
                continue;
            }
            var to = new Recipient(person.Id, person.Email, person.DisplayName);
            var mode = modes.GetValueOrDefault(group.Key, MailMode.Immediately);
            var digest = new List<(OutgoingMail Row, MailLine Line)>();
            foreach (var row in group)
            {
                if (row.Kind == MailKind.SetPassword)
                {
                    var secret = row.Secret;
                    if (secret is null) row.Drop("The link is gone.");
                    else work.Add(new([row], () => composer.SetPassword(to, tokens.Open(secret))));
                    continue;
                }
                if (row.NotificationId is not { } id || !notifications.TryGetValue(id, out var notification))
                {
                    row.Drop("The notification no longer exists.");
                    continue;
                }
                var line = new MailLine(notification.Text, notification.Link, notification.CreatedAt);
                switch (mode)
                {
                    case MailMode.Off:
                        row.Drop("The person turned notification mail off.");
                        break;
                    case MailMode.Digest when row.CreatedAt >= lastDigest:
                        row.WaitFor(lastDigest.AddDays(1));
                        break;
                    case MailMode.Digest:
                        digest.Add((row, line));
                        break;
                    default:
                        work.Add(new([row], () => composer.Notification(to, line)));
                        break;
                }
            }
            if (digest.Count > 0)
            {
                var lines = digest.Select(d => d.Line).OrderBy(l => l.At).ToList();
                work.Add(new(digest.Select(d => d.Row).ToList(), () => composer.Digest(to, lines, lines[0].At)));
            }
        }
        return work;
    }

    /// <summary>Deletes the record of old mail, at most once an hour per node.</summary>
    private async Task PruneAsync(DateTimeOffset now, CancellationToken ct)
    {
        var last = Interlocked.Read(ref _prunedAt);
        if (now.UtcTicks - last < TimeSpan.TicksPerHour || Interlocked.CompareExchange(ref _prunedAt, now.UtcTicks, last) != last) return;
        var before = now - KeepFor;
        await db.MailOutbox.Where(m => m.Status != MailStatus.Pending && m.CreatedAt < before).ExecuteDeleteAsync(ct);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Mail: {Count} sent")]
    private static partial void Sent(ILogger logger, int count);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Mail: the SMTP server cannot be reached; {Count} mails wait for their retry")]
    private static partial void CannotConnect(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Mail {Id} was not sent")]
    private static partial void SendFailed(ILogger logger, Exception exception, Guid id);
}

/// <summary>The delivery job and the mail services (ADR 0037).</summary>
public static class MailRegistration
{
    public const string JobName = "mail";

    public static IServiceCollection AddTandemMail(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IConfiguration>().GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();
            options.Validate();
            return options;
        });
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<MailTokens>();
        services.AddSingleton<MailComposer>();
        services.AddSingleton<MailSender>();
        services.AddScoped<MailDelivery>();
        services.AddScoped<MailPreferencesFeature>();
        // Once per cluster (ADR 0033); without SMTP its period is zero and it never runs.
        services.AddClusterJob(sp =>
        {
            var options = sp.GetRequiredService<MailOptions>();
            return new ClusterJob(JobName, options.IsConfigured ? TimeSpan.FromSeconds(Math.Max(1, options.PollSeconds)) : TimeSpan.Zero,
                (scope, ct) => scope.GetRequiredService<MailDelivery>().RunOnceAsync(ct));
        });
        return services;
    }
}
