using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Backlog;
using Tandem.Domain.Dependencies;
using Tandem.Domain.Products;
using Tandem.Domain.Teams;

namespace Tandem.Application.Data.Configurations;

internal sealed class DependencyConfiguration : IEntityTypeConfiguration<Dependency>
{
    public void Configure(EntityTypeBuilder<Dependency> builder)
    {
        builder.ToTable("dependencies");
        builder.HasKey(d => d.Id);
        builder.Ignore(d => d.IsOpen);
        builder.Property(d => d.Title).HasMaxLength(Dependency.TitleMaxLength).IsRequired();
        builder.Property(d => d.Description).HasMaxLength(Dependency.DescriptionMaxLength).IsRequired();
        builder.Property(d => d.ExternalName).HasMaxLength(Dependency.NameMaxLength);
        builder.Property(d => d.Note).HasMaxLength(Dependency.NoteMaxLength);
        builder.Property(d => d.RiskReason).HasMaxLength(Dependency.ReasonMaxLength).IsRequired();
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(d => d.ProviderKind).HasConversion<string>().HasMaxLength(12);
        builder.Property(d => d.ExternalKind).HasConversion<string>().HasMaxLength(16);
        // The background pass and two web nodes update the same row: the version decides who wins.
        builder.Property(d => d.Version).IsConcurrencyToken();
        // The register reads a workspace's dependencies in one query: by workspace, then needing or providing product.
        builder.HasIndex(d => new { d.WorkspaceId, d.AtRisk, d.NeededBy });
        builder.HasIndex(d => d.ProductId);
        builder.HasIndex(d => d.ProviderProductId);
        builder.HasOne<Product>().WithMany().HasForeignKey(d => d.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Product>().WithMany().HasForeignKey(d => d.ProviderProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Team>().WithMany().HasForeignKey(d => d.NeederTeamId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Team>().WithMany().HasForeignKey(d => d.ProviderTeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DependencyItemConfiguration : IEntityTypeConfiguration<DependencyItem>
{
    public void Configure(EntityTypeBuilder<DependencyItem> builder)
    {
        builder.ToTable("dependency_items");
        builder.HasKey(i => new { i.DependencyId, i.ItemId });
        builder.HasIndex(i => i.ItemId);
        builder.HasOne<Dependency>().WithMany().HasForeignKey(i => i.DependencyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BacklogItem>().WithMany().HasForeignKey(i => i.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
