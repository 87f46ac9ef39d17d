using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Architecture;
using Tandem.Domain.Backlog;
using Tandem.Domain.Debt;
using Tandem.Domain.Integrations;
using Tandem.Domain.Products;

namespace Tandem.Application.Data.Configurations;

internal sealed class IntegrationSystemConfiguration : IEntityTypeConfiguration<IntegrationSystem>
{
    public void Configure(EntityTypeBuilder<IntegrationSystem> builder)
    {
        builder.ToTable("integration_systems");
        builder.HasKey(s => s.Id);
        builder.Ignore(s => s.IsComponent);
        builder.Property(s => s.Name).HasMaxLength(IntegrationSystem.NameMaxLength).IsRequired();
        builder.Property(s => s.Owner).HasMaxLength(IntegrationSystem.OwnerMaxLength).IsRequired();
        builder.Property(s => s.Description).HasMaxLength(IntegrationSystem.DescriptionMaxLength).IsRequired();
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.ProductId, s.ParentId });
        builder.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
        // A system with components is deleted only once they are (the handler explains); NoAction (checked at the end of the statement) still lets a product delete cascade through both.
        builder.HasOne<IntegrationSystem>().WithMany().HasForeignKey(s => s.ParentId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class IntegrationInterfaceConfiguration : IEntityTypeConfiguration<IntegrationInterface>
{
    public void Configure(EntityTypeBuilder<IntegrationInterface> builder)
    {
        builder.ToTable("integration_interfaces");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Name).HasMaxLength(IntegrationInterface.NameMaxLength).IsRequired();
        builder.Property(i => i.Owner).HasMaxLength(IntegrationInterface.OwnerMaxLength).IsRequired();
        builder.Property(i => i.Description).HasMaxLength(IntegrationInterface.DescriptionMaxLength).IsRequired();
        builder.Property(i => i.RiskNote).HasMaxLength(IntegrationInterface.RiskNoteMaxLength).IsRequired();
        builder.Property(i => i.Protocol).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Risk).HasConversion<string>().HasMaxLength(8);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => new { i.ProductId, i.Status });
        builder.HasIndex(i => i.ProviderId);
        builder.HasIndex(i => i.ConsumerId);
        builder.HasOne<Product>().WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Cascade);
        // Deleting a system that still has interfaces is refused with an explanation (409), never cascaded.
        builder.HasOne<IntegrationSystem>().WithMany().HasForeignKey(i => i.ProviderId).OnDelete(DeleteBehavior.NoAction);
        builder.HasOne<IntegrationSystem>().WithMany().HasForeignKey(i => i.ConsumerId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class IntegrationLinkConfiguration : IEntityTypeConfiguration<IntegrationLink>
{
    public void Configure(EntityTypeBuilder<IntegrationLink> builder)
    {
        builder.ToTable("integration_links");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Target).HasConversion<string>().HasMaxLength(8);
        builder.HasIndex(l => new { l.InterfaceId, l.Target });
        builder.HasIndex(l => l.AdrId);
        builder.HasIndex(l => l.ItemId);
        builder.HasIndex(l => l.SystemId);
        builder.HasIndex(l => l.DebtId);
        builder.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Cascade);
        // Links are navigation: when either end goes, the link goes with it.
        builder.HasOne<IntegrationInterface>().WithMany().HasForeignKey(l => l.InterfaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<IntegrationSystem>().WithMany().HasForeignKey(l => l.SystemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ArchitectureDecision>().WithMany().HasForeignKey(l => l.AdrId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<DebtItem>().WithMany().HasForeignKey(l => l.DebtId).OnDelete(DeleteBehavior.Cascade);
    }
}
