using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Products;

namespace Tandem.Application.Data.Configurations;

internal sealed class BacklogItemConfiguration : IEntityTypeConfiguration<BacklogItem>
{
    public void Configure(EntityTypeBuilder<BacklogItem> builder)
    {
        builder.ToTable("backlog_items");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Key).HasMaxLength(24).IsRequired();
        builder.Property(i => i.Title).HasMaxLength(BacklogItem.TitleMaxLength).IsRequired();
        builder.Property(i => i.Description).HasMaxLength(BacklogItem.DescriptionMaxLength).IsRequired();
        builder.Property(i => i.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        // Ranks compare ordinally: SQLite's default BINARY collation does; PostgreSQL gets "C" in TandemDbContext.
        builder.Property(i => i.Rank).HasMaxLength(Rank.MaxLength).IsRequired();
        builder.Property(i => i.Estimate).HasPrecision(6, 1);
        builder.Property(i => i.RejectionReason).HasMaxLength(2000);
        builder.Property(i => i.Impact).HasPrecision(4, 2);
        builder.Property(i => i.Effort).HasPrecision(8, 2);
        builder.Property(i => i.MoSCoW).HasConversion<string>().HasMaxLength(8);
        builder.Property(i => i.Lane).HasConversion<string>().HasMaxLength(8);
        builder.Ignore(i => i.Wsjf);
        builder.Ignore(i => i.Rice);
        builder.Property(i => i.Version).IsConcurrencyToken();
        // Key first: every query here also carries the tenant filter (WorkspaceId = ?), and an index led by
        // WorkspaceId tempts SQLite into scanning the whole workspace instead of using the primary key.
        builder.HasIndex(i => new { i.Key, i.WorkspaceId }).IsUnique();
        builder.HasIndex(i => new { i.ProductId, i.Number }).IsUnique();
        // The backlog is read in rank order; equal ranks (two moves that raced) fall back to the id.
        builder.HasIndex(i => new { i.ProductId, i.Rank, i.Id });
        // The backlog page lists a product's epics (for its filter and bulk "set epic") in rank order.
        builder.HasIndex(i => new { i.ProductId, i.Type, i.Rank });
        // The backlog page hides finished items by default and says how many it hides ("Show done (N)", ADR 29):
        // counted from this index alone.
        builder.HasIndex(i => new { i.ProductId, i.Status });
        builder.HasIndex(i => i.EpicId);
        builder.HasIndex(i => i.AssigneeId);
        builder.HasOne<Product>().WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(i => i.EpicId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(i => i.AssigneeId).OnDelete(DeleteBehavior.SetNull);
    }
}
