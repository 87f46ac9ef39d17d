using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Backlog;
using Tandem.Domain.Products;
using Tandem.Domain.Scheduling;

namespace Tandem.Application.Data.Configurations;

internal sealed class ScheduleEntryConfiguration : IEntityTypeConfiguration<ScheduleEntry>
{
    public void Configure(EntityTypeBuilder<ScheduleEntry> builder)
    {
        builder.ToTable("schedule_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Version).IsConcurrencyToken();
        // One entry per item: two TPMs adding it at the same instant get one entry and a 409.
        builder.HasIndex(e => e.ItemId).IsUnique();
        builder.HasIndex(e => e.ProductId);
        builder.HasOne<Product>().WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(e => e.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScheduleLinkConfiguration : IEntityTypeConfiguration<ScheduleLink>
{
    public void Configure(EntityTypeBuilder<ScheduleLink> builder)
    {
        builder.ToTable("schedule_links");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Type).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(l => new { l.PredecessorId, l.SuccessorId }).IsUnique();
        builder.HasIndex(l => l.SuccessorId);
        builder.HasIndex(l => l.ProductId);
        builder.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(l => l.PredecessorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(l => l.SuccessorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScheduleBaselineConfiguration : IEntityTypeConfiguration<ScheduleBaseline>
{
    public void Configure(EntityTypeBuilder<ScheduleBaseline> builder)
    {
        builder.ToTable("schedule_baselines");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Name).HasMaxLength(ScheduleBaseline.NameMaxLength).IsRequired();
        builder.HasIndex(b => new { b.ProductId, b.CreatedAt });
        builder.HasOne<Product>().WithMany().HasForeignKey(b => b.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScheduleBaselineEntryConfiguration : IEntityTypeConfiguration<ScheduleBaselineEntry>
{
    public void Configure(EntityTypeBuilder<ScheduleBaselineEntry> builder)
    {
        builder.ToTable("schedule_baseline_entries");
        builder.HasKey(e => new { e.BaselineId, e.ItemId });
        builder.HasOne<ScheduleBaseline>().WithMany().HasForeignKey(e => e.BaselineId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(e => e.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
