using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Backlog;
using Tandem.Domain.Delivery;
using Tandem.Domain.Products;
using Tandem.Domain.Raid;
using Tandem.Domain.Releases;

namespace Tandem.Application.Data.Configurations;

internal sealed class MilestoneConfiguration : IEntityTypeConfiguration<Milestone>
{
    public void Configure(EntityTypeBuilder<Milestone> builder)
    {
        builder.ToTable("milestones");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Name).HasMaxLength(Milestone.NameMaxLength).IsRequired();
        builder.Property(m => m.Criteria).HasMaxLength(Milestone.CriteriaMaxLength).IsRequired();
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasIndex(m => new { m.ProductId, m.Number }).IsUnique();
        builder.HasIndex(m => new { m.ProductId, m.Date });
        builder.HasOne<Product>().WithMany().HasForeignKey(m => m.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Release>().WithMany().HasForeignKey(m => m.ReleaseId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class MilestoneScopeConfiguration : IEntityTypeConfiguration<MilestoneScope>
{
    public void Configure(EntityTypeBuilder<MilestoneScope> builder)
    {
        builder.ToTable("milestone_scope");
        builder.HasKey(s => new { s.MilestoneId, s.ItemId });
        builder.HasIndex(s => s.ItemId);
        builder.HasOne<Milestone>().WithMany().HasForeignKey(s => s.MilestoneId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(s => s.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

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
        builder.HasOne<Product>().WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
