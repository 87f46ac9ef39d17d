using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Coaching;
using Tandem.Domain.Teams;

namespace Tandem.Application.Coaching;

internal sealed class HintDismissalConfiguration : IEntityTypeConfiguration<HintDismissal>
{
    public void Configure(EntityTypeBuilder<HintDismissal> builder)
    {
        builder.ToTable("hint_dismissals");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Key).HasMaxLength(HintDismissal.KeyMaxLength).IsRequired();
        builder.Property(d => d.Reason).HasMaxLength(HintDismissal.ReasonMaxLength).IsRequired();
        // One dismissal per team and hint: dismissing twice at the same instant is a conflict, not two rows.
        builder.HasIndex(d => new { d.TeamId, d.Key }).IsUnique();
        builder.HasOne<Team>().WithMany().HasForeignKey(d => d.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
