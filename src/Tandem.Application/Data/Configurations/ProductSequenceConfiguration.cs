using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Products;

namespace Tandem.Application.Data.Configurations;

internal sealed class ProductSequenceConfiguration : IEntityTypeConfiguration<ProductSequence>
{
    public void Configure(EntityTypeBuilder<ProductSequence> builder)
    {
        builder.ToTable("product_sequences");
        builder.HasKey(s => new { s.ProductId, s.Name });
        builder.Property(s => s.Name).HasMaxLength(48);
        builder.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
