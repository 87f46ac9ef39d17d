using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Budget;
using Tandem.Domain.Capacity;
using Tandem.Domain.Products;

namespace Tandem.Application.Data.Configurations;

internal sealed class AllocationConfiguration : IEntityTypeConfiguration<Allocation>
{
    public void Configure(EntityTypeBuilder<Allocation> builder)
    {
        builder.ToTable("allocations");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Note).HasMaxLength(Allocation.NoteMaxLength).IsRequired();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.WorkspaceId, a.UserId, a.To });
        builder.HasIndex(a => new { a.ProductId, a.From });
        builder.HasOne<Product>().WithMany().HasForeignKey(a => a.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CostRateConfiguration : IEntityTypeConfiguration<CostRate>
{
    public void Configure(EntityTypeBuilder<CostRate> builder)
    {
        builder.ToTable("cost_rates");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Key).HasMaxLength(60).IsRequired();
        builder.Property(r => r.Role).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Hourly).HasPrecision(12, 2);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.ProductId, r.Key }).IsUnique();
        builder.HasOne<Product>().WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProductBudgetConfiguration : IEntityTypeConfiguration<ProductBudget>
{
    public void Configure(EntityTypeBuilder<ProductBudget> builder)
    {
        builder.ToTable("product_budgets");
        builder.HasKey(b => b.ProductId);
        builder.Property(b => b.Amount).HasPrecision(16, 2);
        builder.Property(b => b.Currency).HasMaxLength(3).IsRequired();
        builder.Property(b => b.Version).IsConcurrencyToken();
        builder.HasOne<Product>().WithMany().HasForeignKey(b => b.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
