using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Backlog;
using Tandem.Domain.Delivery;
using Tandem.Domain.Releases;

namespace Tandem.Application.Data.Configurations;

internal sealed class GateConfiguration : IEntityTypeConfiguration<Gate>
{
    public void Configure(EntityTypeBuilder<Gate> builder)
    {
        builder.ToTable("milestone_gates");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(g => g.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(g => g.Note).HasMaxLength(Gate.NoteMaxLength).IsRequired();
        builder.Property(g => g.Version).IsConcurrencyToken();
        // One gate of each kind per milestone; the TPM's home reads the undecided ones by product and date.
        builder.HasIndex(g => new { g.MilestoneId, g.Kind }).IsUnique();
        builder.HasIndex(g => new { g.ProductId, g.Status, g.DueOn });
        builder.HasOne<Milestone>().WithMany().HasForeignKey(g => g.MilestoneId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GateChecklistItemConfiguration : IEntityTypeConfiguration<GateChecklistItem>
{
    public void Configure(EntityTypeBuilder<GateChecklistItem> builder)
    {
        builder.ToTable("milestone_gate_checklist");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Text).HasMaxLength(GateChecklistItem.TextMaxLength).IsRequired();
        builder.HasIndex(c => new { c.GateId, c.Position });
        builder.HasOne<Gate>().WithMany().HasForeignKey(c => c.GateId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MilestoneLinkConfiguration : IEntityTypeConfiguration<MilestoneLink>
{
    public void Configure(EntityTypeBuilder<MilestoneLink> builder)
    {
        builder.ToTable("milestone_links");
        builder.HasKey(l => new { l.MilestoneId, l.Kind, l.TargetId });
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(12);
        builder.HasIndex(l => l.TargetId);
        builder.HasOne<Milestone>().WithMany().HasForeignKey(l => l.MilestoneId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TradeOffConfiguration : IEntityTypeConfiguration<TradeOff>
{
    public void Configure(EntityTypeBuilder<TradeOff> builder)
    {
        builder.ToTable("trade_offs");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Reason).HasMaxLength(TradeOff.TextMaxLength).IsRequired();
        builder.Property(t => t.ScopeReason).HasMaxLength(TradeOff.TextMaxLength);
        builder.Property(t => t.DateReason).HasMaxLength(TradeOff.TextMaxLength);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(8);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasIndex(t => new { t.MilestoneId, t.Status });
        builder.HasOne<Milestone>().WithMany().HasForeignKey(t => t.MilestoneId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TradeOffItemConfiguration : IEntityTypeConfiguration<TradeOffItem>
{
    public void Configure(EntityTypeBuilder<TradeOffItem> builder)
    {
        builder.ToTable("trade_off_items");
        builder.HasKey(i => new { i.TradeOffId, i.ItemId });
        builder.HasIndex(i => i.ItemId);
        builder.HasOne<TradeOff>().WithMany().HasForeignKey(i => i.TradeOffId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(i => i.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReleaseScopeConfiguration : IEntityTypeConfiguration<ReleaseScope>
{
    public void Configure(EntityTypeBuilder<ReleaseScope> builder)
    {
        builder.ToTable("release_scope");
        builder.HasKey(s => new { s.ReleaseId, s.ItemId });
        builder.HasIndex(s => s.ItemId);
        builder.HasOne<Release>().WithMany().HasForeignKey(s => s.ReleaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(s => s.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
