using System.Linq.Expressions;

namespace Tandem.Domain.Backlog;

/// <summary>
/// Open work: items not yet done (new, ready or in progress). The backlog's "needs an estimate" and "needs an
/// assessment" filters and the home's queues count the same items, so the rule is written once, here.
/// </summary>
public static class ItemStatuses
{
    /// <summary>For queries: translated to SQL as the three comparisons.</summary>
    public static readonly Expression<Func<BacklogItem, bool>> OpenItem =
        i => i.Status == ItemStatus.New || i.Status == ItemStatus.Ready || i.Status == ItemStatus.InProgress;
}
