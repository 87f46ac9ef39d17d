using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.DecisionLog;
using Tandem.Domain.Products;

namespace Tandem.Application.Data.Configurations;

internal sealed class DecisionLogEntryConfiguration : IEntityTypeConfiguration<DecisionLogEntry>
{
    public void Configure(EntityTypeBuilder<DecisionLogEntry> builder)
    {
        builder.ToTable("decision_log");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.ActorName).HasMaxLength(120).IsRequired();
        builder.Property(e => e.Role).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Area).HasConversion<string>().HasMaxLength(40);
        builder.Property(e => e.Operation).HasMaxLength(64).IsRequired();
        builder.Property(e => e.Summary).HasMaxLength(DecisionLogEntry.SummaryMaxLength).IsRequired();
        builder.Property(e => e.Reason).HasMaxLength(DecisionLogEntry.ReasonMaxLength);
        builder.Property(e => e.SubjectType).HasMaxLength(32).IsRequired();
        builder.Property(e => e.SubjectKey).HasMaxLength(64).IsRequired();
        // The log is read newest first, per product, optionally narrowed by area, person or subject.
        builder.HasIndex(e => new { e.ProductId, e.Id });
        builder.HasIndex(e => new { e.ProductId, e.Area, e.Id });
        builder.HasIndex(e => new { e.ProductId, e.ActorId, e.Id });
        builder.HasIndex(e => new { e.ProductId, e.SubjectKey, e.Id });
        // Deleting a product must not silently erase its decisions.
        builder.HasOne<Product>().WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.Restrict);
    }
}
