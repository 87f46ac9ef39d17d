using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;

namespace Tandem.Application.Data.Configurations;

internal sealed class ItemLinkConfiguration : IEntityTypeConfiguration<ItemLink>
{
    public void Configure(EntityTypeBuilder<ItemLink> builder)
    {
        builder.ToTable("item_links");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(l => new { l.SourceId, l.TargetId, l.Kind }).IsUnique();
        builder.HasIndex(l => l.TargetId);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(l => l.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(l => l.TargetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ItemLabelConfiguration : IEntityTypeConfiguration<ItemLabel>
{
    public void Configure(EntityTypeBuilder<ItemLabel> builder)
    {
        builder.ToTable("item_labels");
        builder.HasKey(l => new { l.ItemId, l.Label });
        builder.Property(l => l.Label).HasMaxLength(ItemLabel.MaxLength);
        // Filtering the backlog by label goes label → items within a product.
        builder.HasIndex(l => new { l.ProductId, l.Label });
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ItemCommentConfiguration : IEntityTypeConfiguration<ItemComment>
{
    public void Configure(EntityTypeBuilder<ItemComment> builder)
    {
        builder.ToTable("item_comments");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Text).HasMaxLength(ItemComment.TextMaxLength).IsRequired();
        builder.HasIndex(c => new { c.ItemId, c.At });
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(c => c.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ItemActivityConfiguration : IEntityTypeConfiguration<ItemActivity>
{
    public void Configure(EntityTypeBuilder<ItemActivity> builder)
    {
        builder.ToTable("item_activity");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedOnAdd();
        builder.Property(a => a.Text).HasMaxLength(500).IsRequired();
        builder.HasIndex(a => new { a.ItemId, a.Id });
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(a => a.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
