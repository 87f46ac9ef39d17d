using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Backlog;
using Tandem.Domain.Debt;
using Tandem.Domain.Products;

namespace Tandem.Application.Data.Configurations;

internal sealed class DebtItemConfiguration : IEntityTypeConfiguration<DebtItem>
{
    public void Configure(EntityTypeBuilder<DebtItem> builder)
    {
        builder.ToTable("debt_items");
        builder.HasKey(d => d.Id);
        builder.Ignore(d => d.IsOutstanding);
        builder.Property(d => d.Title).HasMaxLength(DebtItem.TitleMaxLength).IsRequired();
        builder.Property(d => d.Description).HasMaxLength(DebtItem.DescriptionMaxLength).IsRequired();
        builder.Property(d => d.Area).HasMaxLength(DebtItem.AreaMaxLength).IsRequired();
        builder.Property(d => d.FoundBy).HasMaxLength(DebtItem.FoundByMaxLength).IsRequired();
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Risk).HasConversion<string>().HasMaxLength(8);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Principal).HasPrecision(8, 1);
        builder.Property(d => d.Interest).HasPrecision(8, 1);
        builder.Property(d => d.BacklogItemKey).HasMaxLength(24);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.HasIndex(d => new { d.ProductId, d.Status });
        // The register's order (highest interest first), walked instead of sorting the whole register for a page.
        builder.HasIndex(d => new { d.ProductId, d.Interest, d.Principal, d.Title, d.Id }).IsDescending(false, true, true, false, false);
        // Totals and counts by status and kind, read from the index alone (the tenant filter's WorkspaceId included).
        builder.HasIndex(d => new { d.ProductId, d.Status, d.Kind, d.WorkspaceId, d.Principal, d.Interest });
        builder.HasIndex(d => d.BacklogItemId).IsUnique();
        builder.HasOne<Product>().WithMany().HasForeignKey(d => d.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(d => d.BacklogItemId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class DebtSnapshotConfiguration : IEntityTypeConfiguration<DebtSnapshot>
{
    public void Configure(EntityTypeBuilder<DebtSnapshot> builder)
    {
        builder.ToTable("debt_snapshots");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Principal).HasPrecision(10, 1);
        builder.Property(s => s.Interest).HasPrecision(10, 1);
        builder.HasIndex(s => new { s.ProductId, s.At });
        builder.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DebtCapacityProposalConfiguration : IEntityTypeConfiguration<DebtCapacityProposal>
{
    public void Configure(EntityTypeBuilder<DebtCapacityProposal> builder)
    {
        builder.ToTable("debt_capacity_proposals");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Reason).HasMaxLength(2000);
        builder.Property(p => p.ProposedByName).HasMaxLength(200).IsRequired();
        builder.Property(p => p.AgreedByName).HasMaxLength(200);
        builder.HasIndex(p => new { p.ProductId, p.ProposedAt });
        builder.HasOne<Product>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
