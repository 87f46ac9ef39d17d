using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Impediments;
using Tandem.Domain.Products;
using Tandem.Domain.Raid;

namespace Tandem.Application.Data.Configurations;

internal sealed class RiskHistoryConfiguration : IEntityTypeConfiguration<RiskHistory>
{
    public void Configure(EntityTypeBuilder<RiskHistory> builder)
    {
        builder.ToTable("risk_history");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Status).HasConversion<string>().HasMaxLength(12);
        builder.HasIndex(h => new { h.RiskId, h.At });
        builder.HasOne<Risk>().WithMany().HasForeignKey(h => h.RiskId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AssumptionConfiguration : IEntityTypeConfiguration<Assumption>
{
    public void Configure(EntityTypeBuilder<Assumption> builder)
    {
        builder.ToTable("assumptions");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Statement).HasMaxLength(Assumption.StatementMaxLength).IsRequired();
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.ProductId, a.Number }).IsUnique();
        builder.HasOne<Product>().WithMany().HasForeignKey(a => a.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Risk>().WithMany().HasForeignKey(a => a.RiskId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class RaidIssueConfiguration : IEntityTypeConfiguration<RaidIssue>
{
    public void Configure(EntityTypeBuilder<RaidIssue> builder)
    {
        builder.ToTable("raid_issues");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Title).HasMaxLength(RaidIssue.TitleMaxLength).IsRequired();
        builder.Property(i => i.Description).HasMaxLength(RaidIssue.TextMaxLength).IsRequired();
        builder.Property(i => i.Resolution).HasMaxLength(RaidIssue.TextMaxLength);
        builder.Property(i => i.Priority).HasConversion<string>().HasMaxLength(12);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => new { i.ProductId, i.Number }).IsUnique();
        builder.HasIndex(i => new { i.ProductId, i.Status });
        builder.HasOne<Product>().WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RaidLinkConfiguration : IEntityTypeConfiguration<RaidLink>
{
    public void Configure(EntityTypeBuilder<RaidLink> builder)
    {
        builder.ToTable("raid_links");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.SourceKind).HasConversion<string>().HasMaxLength(12);
        builder.Property(l => l.TargetKind).HasConversion<string>().HasMaxLength(12);
        // One link per pair; the target index reads the links back from an item, milestone, record or impediment.
        builder.HasIndex(l => new { l.SourceId, l.TargetKind, l.TargetId }).IsUnique();
        builder.HasIndex(l => new { l.TargetId, l.TargetKind });
        builder.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImpedimentPromotionConfiguration : IEntityTypeConfiguration<ImpedimentPromotion>
{
    public void Configure(EntityTypeBuilder<ImpedimentPromotion> builder)
    {
        builder.ToTable("impediment_promotions");
        // The key is the impediment: the second of two promotions at the same instant fails on it (409).
        builder.HasKey(p => p.ImpedimentId);
        builder.HasOne<Impediment>().WithMany().HasForeignKey(p => p.ImpedimentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Risk>().WithMany().HasForeignKey(p => p.RiskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<RaidIssue>().WithMany().HasForeignKey(p => p.IssueId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.ProductId);
    }
}
