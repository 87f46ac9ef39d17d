using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Products;
using Tandem.Domain.Raid;

namespace Tandem.Application.Data.Configurations;

internal sealed class RiskConfiguration : IEntityTypeConfiguration<Risk>
{
    public void Configure(EntityTypeBuilder<Risk> builder)
    {
        builder.ToTable("risks");
        builder.HasKey(r => r.Id);
        builder.Ignore(r => r.IsOpen);
        builder.Property(r => r.Title).HasMaxLength(Risk.TitleMaxLength).IsRequired();
        builder.Property(r => r.Description).HasMaxLength(Risk.TextMaxLength).IsRequired();
        builder.Property(r => r.Mitigation).HasMaxLength(Risk.TextMaxLength).IsRequired();
        builder.Property(r => r.Contingency).HasMaxLength(Risk.TextMaxLength).IsRequired();
        builder.Property(r => r.Trigger).HasMaxLength(Risk.TextMaxLength).IsRequired();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.ProductId, r.Number }).IsUnique();
        builder.HasIndex(r => new { r.ProductId, r.Status, r.Score });
        // An invalidated assumption becomes one risk, even when two people invalidate it at the same instant.
        builder.HasIndex(r => r.AssumptionId).IsUnique();
        builder.HasOne<Product>().WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
