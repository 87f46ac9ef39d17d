using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Feedback;

namespace Tandem.Application.Notifications;

public sealed record NotificationDto(Guid Id, string Text, string Link, DateTimeOffset CreatedAt, bool Read);

public sealed record NotificationsPage(IReadOnlyList<NotificationDto> Items, string? NextCursor, int Unread);

/// <summary>The current user's in-app notifications: newest first, with the unread count.</summary>
public sealed class NotificationsFeature(TandemDbContext db, CurrentUser me, TimeProvider clock)
{
    public async Task<Result<NotificationsPage>> ListAsync(bool unreadOnly, int? limit, string? cursor, CancellationToken ct)
    {
        if (Paging.ValidateLimit(limit) is { } bad) return bad;
        var query = db.Notifications.AsNoTracking().Where(n => n.UserId == me.UserId);
        if (unreadOnly) query = query.Where(n => n.ReadAt == null);
        if (cursor is not null)
        {
            if (!Paging.TryDecode(cursor, out var raw) || !Guid.TryParse(raw, out var before)) return Paging.BadCursor;
            query = query.Where(n => n.Id.CompareTo(before) < 0);
        }
        var take = limit ?? Paging.DefaultLimit;
        var rows = await query.OrderByDescending(n => n.Id).Take(take + 1).ToListAsync(ct);
        var items = rows.Take(take).Select(n => new NotificationDto(n.Id, n.Text, n.Link, n.CreatedAt, n.ReadAt is not null)).ToList();
        return new NotificationsPage(items, rows.Count > take ? Paging.Encode(items[^1].Id.ToString()) : null, await UnreadAsync(ct));
    }

    public Task<int> UnreadAsync(CancellationToken ct) => db.Notifications.CountAsync(n => n.UserId == me.UserId && n.ReadAt == null, ct);

    /// <summary>Marks one notification read, or all of them when <paramref name="id"/> is null.</summary>
    public async Task<Result<int>> MarkReadAsync(Guid? id, CancellationToken ct)
    {
        var query = db.Notifications.Where(n => n.UserId == me.UserId && n.ReadAt == null);
        if (id is { } one)
        {
            if (!await db.Notifications.AnyAsync(n => n.Id == one && n.UserId == me.UserId, ct)) return Error.NotFound("You have no such notification.");
            query = query.Where(n => n.Id == one);
        }
        foreach (var notification in await query.ToListAsync(ct)) notification.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return await UnreadAsync(ct);
    }

    /// <summary>
    /// Opens a notification: marks it read together with every other unread one that points to the same
    /// page (a triage notice and a "shipped" notice about one piece of feedback are read by reading it),
    /// and answers the link to follow.
    /// </summary>
    public async Task<Result<string>> OpenAsync(Guid id, CancellationToken ct)
    {
        var link = await db.Notifications.Where(n => n.Id == id && n.UserId == me.UserId).Select(n => n.Link).FirstOrDefaultAsync(ct);
        if (link is null) return Error.NotFound("You have no such notification.");
        await MarkReadByLinkAsync(link, ct);
        return link;
    }

    /// <summary>Marks read the current user's unread notifications that point to <paramref name="link"/>, e.g. when they open that page.</summary>
    public async Task<int> MarkReadByLinkAsync(string link, CancellationToken ct)
    {
        var unread = await db.Notifications.Where(n => n.UserId == me.UserId && n.ReadAt == null && n.Link == link).ToListAsync(ct);
        if (unread.Count == 0) return 0;
        foreach (var notification in unread) notification.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return unread.Count;
    }

    public static Notification Create(Guid workspaceId, Guid userId, string text, string link, DateTimeOffset now) =>
        Notification.To(workspaceId, userId, text, link, now);
}
