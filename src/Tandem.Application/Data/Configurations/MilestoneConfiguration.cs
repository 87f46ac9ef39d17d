using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Backlog;
using Tandem.Domain.Delivery;
using Tandem.Domain.Products;
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
