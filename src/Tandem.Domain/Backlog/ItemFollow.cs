using Tandem.Domain.Common;

namespace Tandem.Domain.Backlog;

/// <summary>
/// One person following one item: it shows under "what I follow" on their "My work". Following is personal and
/// decides nothing, so anyone who may read the item may follow it; once per person and item.
/// </summary>
public sealed class ItemFollow : IProductOwned
{
    private ItemFollow() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid ItemId { get; private set; }
    public Guid UserId { get; private set; }
    public DateTimeOffset FollowedAt { get; private set; }

    public static ItemFollow Start(BacklogItem item, Guid userId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        WorkspaceId = item.WorkspaceId,
        ProductId = item.ProductId,
        ItemId = item.Id,
        UserId = userId,
        FollowedAt = now,
    };
}
