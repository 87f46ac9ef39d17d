using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Feedback;
using Tandem.Domain.Products;

namespace Tandem.Application.Data.Configurations;

internal sealed class FeedbackEntryConfiguration : IEntityTypeConfiguration<FeedbackEntry>
{
    public void Configure(EntityTypeBuilder<FeedbackEntry> builder)
    {
        builder.ToTable("feedback");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Title).HasMaxLength(FeedbackEntry.TitleMaxLength).IsRequired();
        builder.Property(f => f.Description).HasMaxLength(FeedbackEntry.DescriptionMaxLength).IsRequired();
        builder.Property(f => f.Area).HasMaxLength(FeedbackEntry.AreaMaxLength).IsRequired();
        builder.Property(f => f.Urgency).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.DeclineReason).HasMaxLength(2000);
        builder.Property(f => f.Version).IsConcurrencyToken();
        builder.HasIndex(f => new { f.ProductId, f.Number }).IsUnique();
        builder.HasIndex(f => new { f.ProductId, f.Status });
        builder.HasIndex(f => f.LinkedItemId);
        builder.HasIndex(f => f.SubmittedById);
        builder.HasOne<Product>().WithMany().HasForeignKey(f => f.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(f => f.LinkedItemId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(f => f.SubmittedById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FeedbackVoteConfiguration : IEntityTypeConfiguration<FeedbackVote>
{
    public void Configure(EntityTypeBuilder<FeedbackVote> builder)
    {
        builder.ToTable("feedback_votes");
        builder.HasKey(v => new { v.FeedbackId, v.UserId });
        builder.HasOne<FeedbackEntry>().WithMany().HasForeignKey(v => v.FeedbackId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FeedbackCommentConfiguration : IEntityTypeConfiguration<FeedbackComment>
{
    public void Configure(EntityTypeBuilder<FeedbackComment> builder)
    {
        builder.ToTable("feedback_comments");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Text).HasMaxLength(FeedbackComment.TextMaxLength).IsRequired();
        builder.HasIndex(c => new { c.FeedbackId, c.At });
        builder.HasOne<FeedbackEntry>().WithMany().HasForeignKey(c => c.FeedbackId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Text).HasMaxLength(500).IsRequired();
        builder.Property(n => n.Link).HasMaxLength(300).IsRequired();
        builder.HasIndex(n => new { n.UserId, n.ReadAt, n.Id });
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
