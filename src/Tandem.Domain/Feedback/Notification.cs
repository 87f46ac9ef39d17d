using Tandem.Domain.Common;

namespace Tandem.Domain.Feedback;

/// <summary>Something Tandem tells one person inside the app, e.g. that the feedback they sent has shipped.</summary>
public sealed class Notification : ITenantOwned
{
    private Notification() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid UserId { get; private set; }
    public string Text { get; private set; } = "";
    public string Link { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }

    public static Notification To(Guid workspaceId, Guid userId, string text, string link, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, UserId = userId, Text = text.Length > 500 ? text[..500] : text, Link = link, CreatedAt = now };

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}
