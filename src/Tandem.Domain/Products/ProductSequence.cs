using Tandem.Domain.Common;

namespace Tandem.Domain.Products;

/// <summary>
/// The last number handed out in one of a product's numbered series (items PAY-1, PAY-2…, decision
/// records, feedback…). One row per product and series, incremented in the transaction that saves the
/// numbered row, so two creates at the same instant get consecutive numbers and a failed create gives
/// its number back (ADR 21).
/// </summary>
public sealed class ProductSequence : IProductOwned
{
    private ProductSequence()
    {
    }

    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public string Name { get; private set; } = "";
    public int Last { get; private set; }
}
