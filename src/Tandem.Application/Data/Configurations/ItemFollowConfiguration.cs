using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;

namespace Tandem.Application.Data.Configurations;

internal sealed class ItemFollowConfiguration : IEntityTypeConfiguration<ItemFollow>
{
    public void Configure(EntityTypeBuilder<ItemFollow> builder)
    {
        builder.ToTable("item_follows");
        builder.HasKey(f => f.Id);
        // Once per person and item; "what I follow" reads by person, newest first.
        builder.HasIndex(f => new { f.UserId, f.ItemId }).IsUnique();
        builder.HasIndex(f => new { f.UserId, f.FollowedAt });
        builder.HasIndex(f => f.ItemId);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(f => f.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
