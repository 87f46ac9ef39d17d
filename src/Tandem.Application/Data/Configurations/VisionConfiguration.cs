using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Products;
using Tandem.Domain.Vision;

namespace Tandem.Application.Data.Configurations;

internal sealed class ProductVisionConfiguration : IEntityTypeConfiguration<ProductVision>
{
    public void Configure(EntityTypeBuilder<ProductVision> builder)
    {
        builder.ToTable("product_visions");
        builder.HasKey(v => v.ProductId);
        builder.Property(v => v.Statement).HasMaxLength(ProductVision.StatementMaxLength).IsRequired();
        builder.Property(v => v.TargetUsers).HasMaxLength(ProductVision.TextMaxLength).IsRequired();
        builder.Property(v => v.Problem).HasMaxLength(ProductVision.TextMaxLength).IsRequired();
        builder.Property(v => v.Version).IsConcurrencyToken();
        builder.HasOne<Product>().WithOne().HasForeignKey<ProductVision>(v => v.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProductGoalConfiguration : IEntityTypeConfiguration<ProductGoal>
{
    public void Configure(EntityTypeBuilder<ProductGoal> builder)
    {
        builder.ToTable("product_goals");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Title).HasMaxLength(ProductGoal.TitleMaxLength).IsRequired();
        builder.Property(g => g.Outcome).HasMaxLength(ProductGoal.OutcomeMaxLength).IsRequired();
        builder.Property(g => g.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.HasIndex(g => new { g.ProductId, g.TargetDate });
        builder.HasOne<Product>().WithMany().HasForeignKey(g => g.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
