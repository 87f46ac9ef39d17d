using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Estimation;
using Tandem.Domain.Products;

namespace Tandem.Application.Data.Configurations;

internal sealed class EstimationScaleConfiguration : IEntityTypeConfiguration<EstimationScale>
{
    public void Configure(EntityTypeBuilder<EstimationScale> builder)
    {
        builder.ToTable("estimation_scales");
        builder.HasKey(s => s.ProductId);
        builder.Property(s => s.Values).HasMaxLength(200).IsRequired();
        builder.Ignore(s => s.List);
        builder.HasOne<Product>().WithOne().HasForeignKey<EstimationScale>(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EstimateChangeConfiguration : IEntityTypeConfiguration<EstimateChange>
{
    public void Configure(EntityTypeBuilder<EstimateChange> builder)
    {
        builder.ToTable("estimate_changes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.From).HasMaxLength(10);
        builder.Property(c => c.To).HasMaxLength(10).IsRequired();
        builder.Property(c => c.Reason).HasMaxLength(EstimateChange.ReasonMaxLength);
        builder.HasIndex(c => new { c.ItemId, c.At });
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(c => c.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(c => c.ActorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TechnicalAssessmentConfiguration : IEntityTypeConfiguration<TechnicalAssessment>
{
    public void Configure(EntityTypeBuilder<TechnicalAssessment> builder)
    {
        builder.ToTable("technical_assessments");
        builder.HasKey(a => a.ItemId);
        builder.Property(a => a.Feasibility).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Risk).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.Confidence).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.RiskReason).HasMaxLength(TechnicalAssessment.RiskReasonMaxLength);
        builder.Property(a => a.Components).HasMaxLength(TechnicalAssessment.MaxComponents * (TechnicalAssessment.ComponentMaxLength + 1)).IsRequired();
        builder.Property(a => a.Notes).HasMaxLength(TechnicalAssessment.NotesMaxLength).IsRequired();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Ignore(a => a.ComponentList);
        // Readiness across a product's backlog reads assessments by product.
        builder.HasIndex(a => new { a.ProductId, a.Feasibility });
        builder.HasOne<BacklogItem>().WithOne().HasForeignKey<TechnicalAssessment>(a => a.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(a => a.SpikeId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(a => a.AssessedById).OnDelete(DeleteBehavior.Restrict);
    }
}
