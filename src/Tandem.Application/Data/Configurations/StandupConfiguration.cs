using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Application.Identity;
using Tandem.Domain.Events;
using Tandem.Domain.Products;
using Tandem.Domain.Standups;
using Tandem.Domain.Teams;

namespace Tandem.Application.Data.Configurations;

internal sealed class StandupEntryConfiguration : IEntityTypeConfiguration<StandupEntry>
{
    public void Configure(EntityTypeBuilder<StandupEntry> builder)
    {
        builder.ToTable("standup_entries");
        builder.HasKey(s => s.Id);
        builder.Ignore(s => s.HasBlocker);
        builder.Ignore(s => s.Keys);
        builder.Property(s => s.Yesterday).HasMaxLength(StandupEntry.AnswerMaxLength).IsRequired();
        builder.Property(s => s.Today).HasMaxLength(StandupEntry.AnswerMaxLength).IsRequired();
        builder.Property(s => s.Blockers).HasMaxLength(StandupEntry.AnswerMaxLength);
        builder.Property(s => s.ItemKeys).HasMaxLength(StandupEntry.ItemKeysMaxLength).IsRequired();
        builder.Property(s => s.SearchText).HasMaxLength(3 * StandupEntry.AnswerMaxLength + StandupEntry.ItemKeysMaxLength + 3).IsRequired();
        builder.Property(s => s.Version).IsConcurrencyToken();
        // One answer per member per day: two posts at the same instant cannot both insert.
        builder.HasIndex(s => new { s.TeamId, s.Date, s.UserId }).IsUnique();
        builder.HasOne<Team>().WithMany().HasForeignKey(s => s.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamEventConfiguration : IEntityTypeConfiguration<TeamEvent>
{
    public void Configure(EntityTypeBuilder<TeamEvent> builder)
    {
        builder.ToTable("team_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Recurrence).HasConversion<string>().HasMaxLength(12);
        builder.Property(e => e.Title).HasMaxLength(TeamEvent.TitleMaxLength).IsRequired();
        builder.Property(e => e.VideoLink).HasMaxLength(TeamEvent.VideoLinkMaxLength);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasIndex(e => new { e.TeamId, e.Date });
        builder.HasOne<Team>().WithMany().HasForeignKey(e => e.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Product>().WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamCalendarFeedConfiguration : IEntityTypeConfiguration<TeamCalendarFeed>
{
    public void Configure(EntityTypeBuilder<TeamCalendarFeed> builder)
    {
        builder.ToTable("team_calendar_feeds");
        builder.HasKey(f => f.TeamId);
        builder.Property(f => f.Token).HasMaxLength(64).IsRequired();
        builder.HasOne<Team>().WithOne().HasForeignKey<TeamCalendarFeed>(f => f.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
