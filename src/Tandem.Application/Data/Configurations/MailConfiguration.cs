using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Application.Identity;
using Tandem.Application.Mail;

namespace Tandem.Application.Data.Configurations;

/// <summary>The mail outbox (ADR 0037). Not tenant-filtered: the delivery job reads it for every workspace, always by person.</summary>
internal sealed class OutgoingMailConfiguration : IEntityTypeConfiguration<OutgoingMail>
{
    public void Configure(EntityTypeBuilder<OutgoingMail> builder)
    {
        builder.ToTable("mail_outbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Secret).HasMaxLength(2000);
        builder.Property(m => m.LastError).HasMaxLength(OutgoingMail.ErrorMaxLength);
        // The job's one question: what is pending and due, oldest first.
        builder.HasIndex(m => new { m.Status, m.DueAt });
        builder.HasIndex(m => m.UserId);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MailPreferenceConfiguration : IEntityTypeConfiguration<MailPreference>
{
    public void Configure(EntityTypeBuilder<MailPreference> builder)
    {
        builder.ToTable("mail_preferences");
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.Mode).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<TandemUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
