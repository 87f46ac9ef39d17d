using Tandem.Domain.Common;
using Tandem.Domain.Workspaces;

namespace Tandem.Domain.Products;

/// <summary>One person holding one role on one product. A person may hold several.</summary>
public sealed class RoleAssignment : IProductOwned
{
    private RoleAssignment() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid UserId { get; private set; }
    public Role Role { get; private set; }
    public DateTimeOffset AssignedAt { get; private set; }

    public static RoleAssignment Create(Product product, Guid userId, Role role, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        WorkspaceId = product.WorkspaceId,
        ProductId = product.Id,
        UserId = userId,
        Role = role,
        AssignedAt = now,
    };
}
