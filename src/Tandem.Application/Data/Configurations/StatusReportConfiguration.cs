using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Products;
using Tandem.Domain.Reports;

namespace Tandem.Application.Data.Configurations;

internal sealed class StatusReportConfiguration : IEntityTypeConfiguration<StatusReport>
{
    public void Configure(EntityTypeBuilder<StatusReport> builder)
    {
        builder.ToTable("status_reports");
        builder.HasKey(r => r.Id);
        builder.Ignore(r => r.IsPublished);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(r => r.DeliveryNarrative).HasMaxLength(StatusReport.NarrativeMaxLength).IsRequired();
        builder.Property(r => r.ProductNarrative).HasMaxLength(StatusReport.NarrativeMaxLength).IsRequired();
        builder.Property(r => r.Rag).HasMaxLength(8);
        // The frozen content is JSON text of a few kilobytes: unbounded on both engines.
        builder.Property(r => r.Content);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.ProductId, r.Number }).IsUnique();
        // One open draft per product: the column holds the product's id while a draft, null once published (NULLs never collide).
        builder.HasIndex(r => r.DraftOfProductId).IsUnique();
        builder.HasOne<Product>().WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
