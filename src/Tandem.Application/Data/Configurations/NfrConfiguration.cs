using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Nfrs;
using Tandem.Domain.Products;
using Tandem.Domain.Releases;

namespace Tandem.Application.Data.Configurations;

internal sealed class NfrConfiguration : IEntityTypeConfiguration<Nfr>
{
    public void Configure(EntityTypeBuilder<Nfr> builder)
    {
        builder.ToTable("nfrs");
        builder.HasKey(n => n.Id);
        builder.Ignore(n => n.Code);
        builder.Property(n => n.Category).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.LatestResult).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.Statement).HasMaxLength(Nfr.StatementMaxLength).IsRequired();
        builder.Property(n => n.Metric).HasMaxLength(Nfr.MetricMaxLength).IsRequired();
        builder.Property(n => n.Target).HasMaxLength(Nfr.TargetMaxLength).IsRequired();
        builder.Property(n => n.Threshold).HasMaxLength(Nfr.TargetMaxLength).IsRequired();
        builder.Property(n => n.Verification).HasMaxLength(Nfr.VerificationMaxLength).IsRequired();
        builder.Property(n => n.Version).IsConcurrencyToken();
        // The catalogue is read in number order, whole or filtered by category or status, a page at a time.
        builder.HasIndex(n => new { n.ProductId, n.Number }).IsUnique();
        builder.HasIndex(n => new { n.ProductId, n.Category, n.Number });
        builder.HasIndex(n => new { n.ProductId, n.Status, n.Number });
        // "NFRs not met" for the Tech Lead's home.
        builder.HasIndex(n => new { n.ProductId, n.LatestResult });
        builder.HasOne<Product>().WithMany().HasForeignKey(n => n.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NfrLinkConfiguration : IEntityTypeConfiguration<NfrLink>
{
    public void Configure(EntityTypeBuilder<NfrLink> builder)
    {
        builder.ToTable("nfr_links");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(l => new { l.NfrId, l.Kind, l.TargetId }).IsUnique();
        // An item's Definition of Done reads the NFRs linked to it.
        builder.HasIndex(l => new { l.TargetId, l.Kind });
        builder.HasOne<Nfr>().WithMany().HasForeignKey(l => l.NfrId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NfrVerificationConfiguration : IEntityTypeConfiguration<NfrVerification>
{
    public void Configure(EntityTypeBuilder<NfrVerification> builder)
    {
        builder.ToTable("nfr_verifications");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Result).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.MeasuredValue).HasMaxLength(NfrVerification.MeasuredMaxLength).IsRequired();
        builder.Property(v => v.EvidenceUrl).HasMaxLength(NfrVerification.EvidenceMaxLength);
        builder.Property(v => v.Note).HasMaxLength(NfrVerification.NoteMaxLength).IsRequired();
        builder.HasIndex(v => new { v.NfrId, v.RecordedAt });
        // The compliance grid reads the current result of each NFR for the product's releases.
        builder.HasIndex(v => new { v.ProductId, v.IsCurrent, v.NfrId });
        builder.HasOne<Nfr>().WithMany().HasForeignKey(v => v.NfrId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Release>().WithMany().HasForeignKey(v => v.ReleaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReleaseConfiguration : IEntityTypeConfiguration<Release>
{
    public void Configure(EntityTypeBuilder<Release> builder)
    {
        builder.ToTable("releases");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).HasMaxLength(Release.NameMaxLength).IsRequired();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.ProductId, r.Name }).IsUnique();
        builder.HasIndex(r => new { r.ProductId, r.PlannedOn });
        builder.HasOne<Product>().WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
