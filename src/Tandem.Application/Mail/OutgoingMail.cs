namespace Tandem.Application.Mail;

/// <summary>What an outgoing mail carries.</summary>
public enum MailKind
{
    /// <summary>An in-app notification, sent as the person's preference says (immediately, in the daily digest, or not at all).</summary>
    Notification,
    /// <summary>A one-time set-password link: always sent at once, whatever the preference, since it is not a notification.</summary>
    SetPassword,
}

/// <summary>Where a mail is in its life.</summary>
public enum MailStatus
{
    Pending,
    Sent,
    /// <summary>Not sent on purpose: the person turned mail off, has no address, or was removed.</summary>
    Dropped,
    /// <summary>Given up after the last attempt, or refused for good by the server; <see cref="OutgoingMail.LastError"/> says why.</summary>
    Failed,
}

/// <summary>
/// A row of the mail outbox (ADR 0037): the intent to mail one person, saved in the same transaction as the change that
/// caused it, so a node that dies after the commit loses no mail. The delivery job renders and sends it later.
/// </summary>
public sealed class OutgoingMail
{
    public const int ErrorMaxLength = 500;

    private OutgoingMail() { }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public MailKind Kind { get; private set; }
    /// <summary>The notification to mail (for <see cref="MailKind.Notification"/>).</summary>
    public Guid? NotificationId { get; private set; }
    /// <summary>The set-password link, encrypted with data protection, and erased once sent or given up.</summary>
    public string? Secret { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>When the job next looks at it: now, after a failure's back-off, or at the next digest.</summary>
    public DateTimeOffset DueAt { get; private set; }
    public MailStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }

    public static OutgoingMail ForNotification(Guid userId, Guid notificationId, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(now), UserId = userId, Kind = MailKind.Notification, NotificationId = notificationId, CreatedAt = now, DueAt = now };

    public static OutgoingMail ForSetPassword(Guid userId, string protectedLink, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(now), UserId = userId, Kind = MailKind.SetPassword, Secret = protectedLink, CreatedAt = now, DueAt = now };

    public void Sent(DateTimeOffset now)
    {
        Status = MailStatus.Sent;
        SentAt = now;
        Attempts++;
        Secret = null;
        LastError = null;
    }

    public void Drop(string why)
    {
        Status = MailStatus.Dropped;
        Secret = null;
        LastError = Cut(why);
    }

    /// <summary>Waits for the digest that goes out at <paramref name="digestAt"/>.</summary>
    public void WaitFor(DateTimeOffset digestAt) => DueAt = digestAt;

    /// <summary>
    /// An attempt failed: retried after a delay that doubles each time (capped at six hours), or given up after
    /// <paramref name="maxAttempts"/>, or at once when <paramref name="permanent"/> (the server refused the address).
    /// </summary>
    public void Failed(string why, bool permanent, DateTimeOffset now, TimeSpan firstDelay, int maxAttempts)
    {
        Attempts++;
        LastError = Cut(why);
        if (permanent || Attempts >= maxAttempts)
        {
            Status = MailStatus.Failed;
            Secret = null;
            return;
        }
        var delay = firstDelay * Math.Pow(2, Math.Min(Attempts - 1, 20));
        DueAt = now + (delay > MaxDelay ? MaxDelay : delay);
    }

    private static readonly TimeSpan MaxDelay = TimeSpan.FromHours(6);

    private static string Cut(string text) => text.Length > ErrorMaxLength ? text[..ErrorMaxLength] : text;
}

/// <summary>How a person wants their notifications by mail.</summary>
public enum MailMode
{
    Immediately,
    /// <summary>One mail a day listing the notifications since the last one.</summary>
    Digest,
    Off,
}

/// <summary>A person's mail preference; a person without a row gets mail immediately.</summary>
public sealed class MailPreference
{
    private MailPreference() { }

    public Guid UserId { get; private set; }
    public MailMode Mode { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static MailPreference For(Guid userId, MailMode mode, DateTimeOffset now) => new() { UserId = userId, Mode = mode, UpdatedAt = now };

    public void Set(MailMode mode, DateTimeOffset now)
    {
        Mode = mode;
        UpdatedAt = now;
    }
}
