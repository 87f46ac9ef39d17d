using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Architecture;
using Tandem.Domain.Disagreements;
using Tandem.Domain.Evaluations;
using Tandem.Domain.Products;

namespace Tandem.Application.Data.Configurations;

internal sealed class TechnologyEvaluationConfiguration : IEntityTypeConfiguration<TechnologyEvaluation>
{
    public void Configure(EntityTypeBuilder<TechnologyEvaluation> builder)
    {
        builder.ToTable("technology_evaluations");
        builder.HasKey(e => e.Id);
        builder.Ignore(e => e.IsOpen);
        builder.HasIndex(e => new { e.ProductId, e.Number }).IsUnique();
        builder.HasIndex(e => new { e.ProductId, e.Status, e.Number });
        builder.HasIndex(e => e.DecisionRecordId);
        builder.Property(e => e.Question).HasMaxLength(TechnologyEvaluation.QuestionMaxLength).IsRequired();
        builder.Property(e => e.Context).HasMaxLength(TechnologyEvaluation.ContextMaxLength).IsRequired();
        builder.Property(e => e.Rationale).HasMaxLength(TechnologyEvaluation.RationaleMaxLength);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasOne<Product>().WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ArchitectureDecision>().WithMany().HasForeignKey(e => e.DecisionRecordId).OnDelete(DeleteBehavior.Restrict);

        builder.OwnsMany(e => e.Options, o =>
        {
            o.ToTable("technology_evaluation_options");
            o.WithOwner().HasForeignKey("EvaluationId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedNever();
            o.Property(x => x.Name).HasMaxLength(EvaluationOption.NameMaxLength).IsRequired();
            o.Property(x => x.Description).HasMaxLength(EvaluationOption.DescriptionMaxLength).IsRequired();
        });
        builder.Navigation(e => e.Options).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(e => e.Criteria, c =>
        {
            c.ToTable("technology_evaluation_criteria");
            c.WithOwner().HasForeignKey("EvaluationId");
            c.HasKey(x => x.Id);
            c.Property(x => x.Id).ValueGeneratedNever();
            c.Property(x => x.Name).HasMaxLength(EvaluationCriterion.NameMaxLength).IsRequired();
        });
        builder.Navigation(e => e.Criteria).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(e => e.Scores, s =>
        {
            s.ToTable("technology_evaluation_scores");
            s.WithOwner().HasForeignKey("EvaluationId");
            s.Property<int>("Id");
            s.HasKey("Id");
            s.HasIndex("EvaluationId", nameof(EvaluationScore.OptionId), nameof(EvaluationScore.CriterionId)).IsUnique();
        });
        builder.Navigation(e => e.Scores).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class TechnicalDisagreementConfiguration : IEntityTypeConfiguration<TechnicalDisagreement>
{
    public void Configure(EntityTypeBuilder<TechnicalDisagreement> builder)
    {
        builder.ToTable("technical_disagreements");
        builder.HasKey(d => d.Id);
        builder.HasIndex(d => new { d.ProductId, d.Number }).IsUnique();
        builder.HasIndex(d => new { d.ProductId, d.Status, d.Number });
        builder.HasIndex(d => new { d.SubjectId, d.Number });
        builder.HasIndex(d => new { d.SubjectKind, d.SubjectKey, d.Number });
        builder.Property(d => d.SubjectKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.SubjectKey).HasMaxLength(TechnicalDisagreement.SubjectKeyMaxLength).IsRequired();
        // Rows from before issue 10 were all technical: the migration's default carries them over unchanged.
        builder.Property(d => d.Area).HasConversion<string>().HasMaxLength(20).HasDefaultValue(DisagreementArea.Technical).HasSentinel((DisagreementArea)(-1));
        builder.HasIndex(d => new { d.ProductId, d.Status, d.RaisedAt });
        builder.Property(d => d.SubjectTitle).HasMaxLength(TechnicalDisagreement.SubjectTitleMaxLength).IsRequired();
        builder.Property(d => d.Concern).HasMaxLength(TechnicalDisagreement.ConcernMaxLength).IsRequired();
        builder.Property(d => d.Alternative).HasMaxLength(TechnicalDisagreement.AlternativeMaxLength);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Resolution).HasMaxLength(TechnicalDisagreement.ResolutionMaxLength);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.HasOne<Product>().WithMany().HasForeignKey(d => d.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
