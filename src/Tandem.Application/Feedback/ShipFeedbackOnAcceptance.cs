using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Domain.Backlog;
using Tandem.Domain.Feedback;
using Tandem.Domain.Products;

namespace Tandem.Application.Feedback;

/// <summary>When an item is accepted its linked feedback ships, and each sender hears about it; saved with the acceptance.</summary>
public sealed class ShipFeedbackOnAcceptance(TandemDbContext db, IPageLinks links) : IItemAccepted
{
    public async Task OnAcceptedAsync(Product product, BacklogItem item, DateTimeOffset at, CancellationToken ct)
    {
        var linked = await db.Feedback.Where(f => f.LinkedItemId == item.Id && f.Status == FeedbackStatus.Linked).ToListAsync(ct);
        foreach (var entry in linked)
        {
            entry.Ship();
            db.Notifications.Add(Notification.To(product.WorkspaceId, entry.SubmittedById,
                $"Shipped: your feedback \"{entry.Title}\" is done ({item.Key} was accepted).", links.Feedback(product.Key, entry.Number), at));
        }
    }
}
