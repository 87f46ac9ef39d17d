using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Domain.Feedback;

namespace Tandem.Application.Mail;

/// <summary>
/// Puts mail in the outbox by construction (ADR 0037): when SMTP is configured, every <see cref="Notification"/> a save
/// adds gets its <see cref="OutgoingMail"/> row in that same save, so no feature has to remember to queue mail and a
/// node that dies after the commit loses none. Without SMTP it does nothing, and the save pays nothing.
/// </summary>
public sealed class MailOutbox(MailOptions options)
{
    public bool Enabled { get; } = options.IsConfigured;

    /// <summary>Called by <see cref="TandemDbContext"/>'s save, before it writes.</summary>
    internal void Stage(TandemDbContext db)
    {
        if (!Enabled) return;
        // Notifications are added with Add, which marks them at once: no need for a second scan of every tracked entity.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var added = db.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            if (added.Count == 0) return;
            var queued = db.ChangeTracker.Entries<OutgoingMail>().Select(e => e.Entity.NotificationId).ToHashSet();
            foreach (var notification in added)
            {
                if (!queued.Contains(notification.Id)) db.Set<OutgoingMail>().Add(OutgoingMail.ForNotification(notification.UserId, notification.Id, notification.CreatedAt));
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }
}
