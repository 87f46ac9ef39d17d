using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Backlog;

namespace Tandem.Application.Data.Configurations;

internal sealed class AcceptanceCriterionConfiguration : IEntityTypeConfiguration<AcceptanceCriterion>
{
    public void Configure(EntityTypeBuilder<AcceptanceCriterion> builder)
    {
        builder.ToTable("acceptance_criteria");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Given).HasMaxLength(AcceptanceCriterion.PartMaxLength).IsRequired();
        builder.Property(c => c.When).HasMaxLength(AcceptanceCriterion.PartMaxLength).IsRequired();
        builder.Property(c => c.Then).HasMaxLength(AcceptanceCriterion.PartMaxLength).IsRequired();
        builder.HasIndex(c => new { c.ItemId, c.Position });
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(c => c.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
