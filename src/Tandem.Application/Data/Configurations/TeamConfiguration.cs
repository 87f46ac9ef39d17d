using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.Impediments;
using Tandem.Domain.Products;
using Tandem.Domain.Sprints;
using Tandem.Domain.Teams;

namespace Tandem.Application.Data.Configurations;

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.ToTable("teams");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(Team.NameMaxLength).IsRequired();
        builder.Property(t => t.TimeZone).HasMaxLength(Team.TimeZoneMaxLength).IsRequired();
        builder.Property(t => t.SprintStartDay).HasConversion<string>().HasMaxLength(12);
        builder.Property(t => t.FocusFactor).HasPrecision(4, 2);
        builder.Property(t => t.HoursPerDay).HasPrecision(4, 1);
        builder.Property(t => t.VideoLink).HasMaxLength(Team.VideoLinkMaxLength);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasIndex(t => new { t.WorkspaceId, t.Name }).IsUnique();
        builder.HasIndex(t => t.ProductId);
        builder.HasOne<Product>().WithMany().HasForeignKey(t => t.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamProductConfiguration : IEntityTypeConfiguration<TeamProduct>
{
    public void Configure(EntityTypeBuilder<TeamProduct> builder)
    {
        builder.ToTable("team_products");
        builder.HasKey(t => new { t.TeamId, t.ProductId });
        builder.HasIndex(t => t.ProductId);
        builder.HasOne<Team>().WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Product>().WithMany().HasForeignKey(t => t.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> builder)
    {
        builder.ToTable("team_members");
        builder.HasKey(m => new { m.TeamId, m.UserId });
        builder.Property(m => m.WorkingDays).HasConversion<int>();
        builder.HasIndex(m => m.UserId);
        builder.HasOne<Team>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamAbsenceConfiguration : IEntityTypeConfiguration<TeamAbsence>
{
    public void Configure(EntityTypeBuilder<TeamAbsence> builder)
    {
        builder.ToTable("team_absences");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Note).HasMaxLength(TeamAbsence.NoteMaxLength);
        builder.HasIndex(a => new { a.TeamId, a.To });
        builder.HasOne<Team>().WithMany().HasForeignKey(a => a.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BoardColumnConfiguration : IEntityTypeConfiguration<BoardColumn>
{
    public void Configure(EntityTypeBuilder<BoardColumn> builder)
    {
        builder.ToTable("board_columns");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(BoardColumn.NameMaxLength).IsRequired();
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(c => new { c.TeamId, c.Position });
        builder.HasOne<Team>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SprintConfiguration : IEntityTypeConfiguration<Sprint>
{
    public void Configure(EntityTypeBuilder<Sprint> builder)
    {
        builder.ToTable("sprints");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(Sprint.NameMaxLength).IsRequired();
        builder.Property(s => s.Goal).HasMaxLength(Sprint.GoalMaxLength);
        builder.Property(s => s.ReviewNotes).HasMaxLength(Sprint.ReviewMaxLength);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(12);
        builder.Property(s => s.CommittedPoints).HasPrecision(10, 1);
        builder.Property(s => s.CompletedPoints).HasPrecision(10, 1);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.TeamId, s.Number }).IsUnique();
        // The team's sprints by date: the overlap check, the calendar and the velocity chart walk this.
        builder.HasIndex(s => new { s.TeamId, s.Start, s.End });
        builder.HasIndex(s => new { s.TeamId, s.State });
        builder.HasOne<Team>().WithMany().HasForeignKey(s => s.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SprintItemConfiguration : IEntityTypeConfiguration<SprintItem>
{
    public void Configure(EntityTypeBuilder<SprintItem> builder)
    {
        builder.ToTable("sprint_items");
        builder.HasKey(s => s.Id);
        builder.Ignore(s => s.InSprint);
        builder.Property(s => s.Points).HasPrecision(8, 1);
        builder.Property(s => s.Order).HasMaxLength(Rank.MaxLength).IsRequired();
        builder.Property(s => s.BlockedReason).HasMaxLength(SprintItem.BlockedReasonMaxLength);
        builder.Property(s => s.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.SprintId, s.ColumnId, s.Order });
        builder.HasIndex(s => new { s.ItemId, s.SprintId }).IsUnique();
        builder.HasIndex(s => new { s.TeamId, s.CompletedAt });
        builder.HasOne<Sprint>().WithMany().HasForeignKey(s => s.SprintId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(s => s.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BoardColumn>().WithMany().HasForeignKey(s => s.ColumnId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class CardMoveConfiguration : IEntityTypeConfiguration<CardMove>
{
    public void Configure(EntityTypeBuilder<CardMove> builder)
    {
        builder.ToTable("card_moves");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedOnAdd();
        builder.HasIndex(m => new { m.TeamId, m.At });
        builder.HasIndex(m => new { m.SprintId, m.At });
        builder.HasOne<Team>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScopeChangeRequestConfiguration : IEntityTypeConfiguration<ScopeChangeRequest>
{
    public void Configure(EntityTypeBuilder<ScopeChangeRequest> builder)
    {
        builder.ToTable("scope_change_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(8);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(r => r.Reason).HasMaxLength(ScopeChangeRequest.ReasonMaxLength);
        builder.Property(r => r.DecisionReason).HasMaxLength(ScopeChangeRequest.ReasonMaxLength);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.SprintId, r.Status });
        builder.HasIndex(r => new { r.TeamId, r.RequestedAt });
        builder.HasOne<Sprint>().WithMany().HasForeignKey(r => r.SprintId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImpedimentConfiguration : IEntityTypeConfiguration<Impediment>
{
    public void Configure(EntityTypeBuilder<Impediment> builder)
    {
        builder.ToTable("impediments");
        builder.HasKey(i => i.Id);
        builder.Ignore(i => i.IsOpen);
        builder.Property(i => i.Title).HasMaxLength(Impediment.TitleMaxLength).IsRequired();
        builder.Property(i => i.Description).HasMaxLength(Impediment.DescriptionMaxLength).IsRequired();
        builder.Property(i => i.Resolution).HasMaxLength(Impediment.ResolutionMaxLength);
        builder.Property(i => i.EscalationReason).HasMaxLength(Impediment.ReasonMaxLength);
        builder.Property(i => i.Impact).HasConversion<string>().HasMaxLength(12);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => new { i.ProductId, i.Number }).IsUnique();
        builder.HasIndex(i => new { i.ProductId, i.Status, i.RaisedAt });
        builder.HasIndex(i => new { i.TeamId, i.Status, i.RaisedAt });
        // One impediment per stand-up blocker; impediments raised directly have none, and NULLs never collide.
        builder.HasIndex(i => i.StandupEntryId).IsUnique();
        builder.HasOne<Product>().WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Team>().WithMany().HasForeignKey(i => i.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ImpedimentItemConfiguration : IEntityTypeConfiguration<ImpedimentItem>
{
    public void Configure(EntityTypeBuilder<ImpedimentItem> builder)
    {
        builder.ToTable("impediment_items");
        builder.HasKey(i => new { i.ImpedimentId, i.ItemId });
        builder.HasIndex(i => i.ItemId);
        builder.HasOne<Impediment>().WithMany().HasForeignKey(i => i.ImpedimentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(i => i.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
