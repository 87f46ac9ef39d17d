namespace Tandem.Domain.Common;

/// <summary>A row that belongs to exactly one workspace and is only ever visible inside it.</summary>
public interface ITenantOwned
{
    Guid WorkspaceId { get; }
}

/// <summary>A row that belongs to one product, whose decision rights govern it.</summary>
public interface IProductOwned : ITenantOwned
{
    Guid ProductId { get; }
}
