using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Backlog;
using Tandem.Domain.Estimation;
using Tandem.Domain.Products;

namespace Tandem.Application.Data.Configurations;

internal sealed class PokerSessionConfiguration : IEntityTypeConfiguration<PokerSession>
{
    public void Configure(EntityTypeBuilder<PokerSession> builder)
    {
        builder.ToTable("poker_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Title).HasMaxLength(PokerSession.TitleMaxLength).IsRequired();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(8);
        builder.Property(s => s.Version).IsConcurrencyToken();
        // The product's sessions, open ones first and newest first: the list and the TL's home read this.
        builder.HasIndex(s => new { s.ProductId, s.Status, s.OpenedAt });
        builder.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PokerItemConfiguration : IEntityTypeConfiguration<PokerItem>
{
    public void Configure(EntityTypeBuilder<PokerItem> builder)
    {
        builder.ToTable("poker_items");
        builder.HasKey(i => i.Id);
        builder.Ignore(i => i.IsDecided);
        builder.Property(i => i.ItemKey).HasMaxLength(24).IsRequired();
        builder.Property(i => i.Outcome).HasConversion<string>().HasMaxLength(12);
        builder.Property(i => i.Points).HasMaxLength(8);
        builder.Property(i => i.Reason).HasMaxLength(PokerItem.ReasonMaxLength);
        builder.HasIndex(i => new { i.SessionId, i.Position }).IsUnique();
        builder.HasIndex(i => i.ItemId);
        builder.HasOne<PokerSession>().WithMany().HasForeignKey(i => i.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(i => i.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PokerVoteConfiguration : IEntityTypeConfiguration<PokerVote>
{
    public void Configure(EntityTypeBuilder<PokerVote> builder)
    {
        builder.ToTable("poker_votes");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Value).HasMaxLength(8).IsRequired();
        // One card per person per round: a second vote in the same round changes the first.
        builder.HasIndex(v => new { v.PokerItemId, v.Round, v.VoterId }).IsUnique();
        builder.HasIndex(v => v.SessionId);
        builder.HasOne<PokerItem>().WithMany().HasForeignKey(v => v.PokerItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
