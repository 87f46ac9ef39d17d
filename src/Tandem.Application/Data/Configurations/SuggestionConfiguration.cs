using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;

namespace Tandem.Application.Data.Configurations;

internal sealed class SuggestionConfiguration : IEntityTypeConfiguration<Suggestion>
{
    public void Configure(EntityTypeBuilder<Suggestion> builder)
    {
        builder.ToTable("suggestions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.ItemKey).HasMaxLength(24).IsRequired();
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Position).HasMaxLength(8);
        builder.Property(s => s.Before).HasMaxLength(24);
        builder.Property(s => s.After).HasMaxLength(24);
        builder.Property(s => s.Given).HasMaxLength(AcceptanceCriterion.PartMaxLength);
        builder.Property(s => s.When).HasMaxLength(AcceptanceCriterion.PartMaxLength);
        builder.Property(s => s.Then).HasMaxLength(AcceptanceCriterion.PartMaxLength);
        builder.Property(s => s.Title).HasMaxLength(BacklogItem.TitleMaxLength);
        builder.Property(s => s.Description).HasMaxLength(BacklogItem.DescriptionMaxLength);
        builder.Property(s => s.Note).HasMaxLength(Suggestion.NoteMaxLength);
        builder.Property(s => s.DecisionReason).HasMaxLength(Suggestion.NoteMaxLength);
        builder.HasIndex(s => new { s.ProductId, s.Status, s.ProposedAt });
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(s => s.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(s => s.ProposedById).OnDelete(DeleteBehavior.Restrict);
    }
}
