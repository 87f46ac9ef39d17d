using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Application.Identity;
using Tandem.Domain.Health;
using Tandem.Domain.Retros;
using Tandem.Domain.Teams;

namespace Tandem.Application.Data.Configurations;

internal sealed class RetrospectiveConfiguration : IEntityTypeConfiguration<Retrospective>
{
    public void Configure(EntityTypeBuilder<Retrospective> builder)
    {
        builder.ToTable("retrospectives");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Title).HasMaxLength(Retrospective.TitleMaxLength).IsRequired();
        builder.Property(r => r.Format).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.Phase).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.ColumnList).HasMaxLength((Retrospective.ColumnMaxLength + 1) * Retrospective.MaxColumns).IsRequired();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Ignore(r => r.Columns);
        builder.HasIndex(r => new { r.TeamId, r.CreatedAt });
        builder.HasOne<Team>().WithMany().HasForeignKey(r => r.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RetroCardConfiguration : IEntityTypeConfiguration<RetroCard>
{
    public void Configure(EntityTypeBuilder<RetroCard> builder)
    {
        builder.ToTable("retro_cards");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Column).HasMaxLength(Retrospective.ColumnMaxLength).IsRequired();
        builder.Property(c => c.Text).HasMaxLength(RetroCard.TextMaxLength).IsRequired();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.RetroId);
        builder.HasOne<Retrospective>().WithMany().HasForeignKey(c => c.RetroId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<RetroGroup>().WithMany().HasForeignKey(c => c.GroupId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class RetroGroupConfiguration : IEntityTypeConfiguration<RetroGroup>
{
    public void Configure(EntityTypeBuilder<RetroGroup> builder)
    {
        builder.ToTable("retro_groups");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Title).HasMaxLength(RetroGroup.TitleMaxLength).IsRequired();
        builder.HasIndex(g => g.RetroId);
        builder.HasOne<Retrospective>().WithMany().HasForeignKey(g => g.RetroId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RetroVoteConfiguration : IEntityTypeConfiguration<RetroVote>
{
    public void Configure(EntityTypeBuilder<RetroVote> builder)
    {
        builder.ToTable("retro_votes");
        builder.HasKey(v => v.Id);
        // One row per dot: two votes at the same instant cannot both take a person's last dot.
        builder.HasIndex(v => new { v.RetroId, v.VoterId, v.Slot }).IsUnique();
        builder.HasOne<Retrospective>().WithMany().HasForeignKey(v => v.RetroId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<RetroCard>().WithMany().HasForeignKey(v => v.CardId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<RetroGroup>().WithMany().HasForeignKey(v => v.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(v => v.VoterId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RetroActionConfiguration : IEntityTypeConfiguration<RetroAction>
{
    public void Configure(EntityTypeBuilder<RetroAction> builder)
    {
        builder.ToTable("retro_actions");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Text).HasMaxLength(RetroAction.TextMaxLength).IsRequired();
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(a => a.ItemKey).HasMaxLength(40);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.TeamId, a.Status });
        builder.HasIndex(a => a.RetroId);
        builder.HasOne<Retrospective>().WithMany().HasForeignKey(a => a.RetroId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class WorkingAgreementConfiguration : IEntityTypeConfiguration<WorkingAgreement>
{
    public void Configure(EntityTypeBuilder<WorkingAgreement> builder)
    {
        builder.ToTable("working_agreements");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Text).HasMaxLength(WorkingAgreement.TextMaxLength).IsRequired();
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.TeamId, a.Status });
        builder.HasOne<Team>().WithMany().HasForeignKey(a => a.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HealthRoundConfiguration : IEntityTypeConfiguration<HealthRound>
{
    public void Configure(EntityTypeBuilder<HealthRound> builder)
    {
        builder.ToTable("health_rounds");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.DimensionList).HasMaxLength((HealthRound.DimensionMaxLength + 1) * HealthRound.MaxDimensions).IsRequired();
        builder.Property(r => r.Salt).HasMaxLength(64);
        builder.Ignore(r => r.Dimensions);
        builder.HasIndex(r => new { r.TeamId, r.Number }).IsUnique();
        builder.HasOne<Team>().WithMany().HasForeignKey(r => r.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HealthParticipationConfiguration : IEntityTypeConfiguration<HealthParticipation>
{
    public void Configure(EntityTypeBuilder<HealthParticipation> builder)
    {
        builder.ToTable("health_participation");
        builder.HasKey(p => new { p.RoundId, p.UserId });
        builder.HasOne<HealthRound>().WithMany().HasForeignKey(p => p.RoundId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HealthAnswerConfiguration : IEntityTypeConfiguration<HealthAnswer>
{
    public void Configure(EntityTypeBuilder<HealthAnswer> builder)
    {
        builder.ToTable("health_answers");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Ballot).HasMaxLength(64).IsRequired();
        builder.Property(a => a.ScoreList).HasMaxLength(HealthRound.MaxDimensions * 2).IsRequired();
        builder.Ignore(a => a.Scores);
        builder.HasIndex(a => new { a.RoundId, a.Ballot }).IsUnique();
        builder.HasOne<HealthRound>().WithMany().HasForeignKey(a => a.RoundId).OnDelete(DeleteBehavior.Cascade);
    }
}
