using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Application.Identity;
using Tandem.Domain.Architecture;
using Tandem.Domain.Products;

namespace Tandem.Application.Data.Configurations;

internal sealed class ArchitectureDecisionConfiguration : IEntityTypeConfiguration<ArchitectureDecision>
{
    public void Configure(EntityTypeBuilder<ArchitectureDecision> builder)
    {
        builder.ToTable("architecture_decisions");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => new { a.ProductId, a.Number }).IsUnique();
        builder.HasIndex(a => new { a.ProductId, a.Status });
        builder.Property(a => a.Title).HasMaxLength(ArchitectureDecision.TitleMaxLength).IsRequired();
        builder.Property(a => a.Context).HasMaxLength(ArchitectureDecision.TextMaxLength).IsRequired();
        builder.Property(a => a.Decision).HasMaxLength(ArchitectureDecision.TextMaxLength).IsRequired();
        builder.Property(a => a.Consequences).HasMaxLength(ArchitectureDecision.TextMaxLength).IsRequired();
        builder.Property(a => a.Deciders).HasMaxLength(ArchitectureDecision.DecidersMaxLength);
        builder.Property(a => a.StatusReason).HasMaxLength(ArchitectureDecision.ReasonMaxLength + 300);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.PrimitiveCollection(a => a.ItemKeys);
        builder.HasOne<Product>().WithMany().HasForeignKey(a => a.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(a => a.ProposedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ArchitectureDecision>().WithMany().HasForeignKey(a => a.SupersededById).OnDelete(DeleteBehavior.Restrict);

        builder.OwnsMany(a => a.Options, o =>
        {
            o.ToTable("architecture_decision_options");
            o.WithOwner().HasForeignKey("DecisionId");
            o.Property<int>("Id");
            o.HasKey("Id");
            o.Property(x => x.Name).HasMaxLength(DecisionOption.NameMaxLength).IsRequired();
            o.Property(x => x.Pros).HasMaxLength(DecisionOption.TextMaxLength).IsRequired();
            o.Property(x => x.Cons).HasMaxLength(DecisionOption.TextMaxLength).IsRequired();
        });
        builder.Navigation(a => a.Options).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.OwnsMany(a => a.History, h =>
        {
            h.ToTable("architecture_decision_history");
            h.WithOwner().HasForeignKey("DecisionId");
            h.Property<int>("Id");
            h.HasKey("Id");
            h.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            h.Property(x => x.Reason).HasMaxLength(ArchitectureDecision.ReasonMaxLength + 300);
        });
        builder.Navigation(a => a.History).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
