using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Backlog;
using Tandem.Domain.Products;

namespace Tandem.Application.Data.Configurations;

internal sealed class DefinitionEntryConfiguration : IEntityTypeConfiguration<DefinitionEntry>
{
    public void Configure(EntityTypeBuilder<DefinitionEntry> builder)
    {
        builder.ToTable("definition_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(8);
        builder.Property(e => e.Text).HasMaxLength(DefinitionEntry.TextMaxLength).IsRequired();
        builder.HasIndex(e => new { e.ProductId, e.Kind, e.Position });
        builder.HasOne<Product>().WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
