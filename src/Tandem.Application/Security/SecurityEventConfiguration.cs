using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Security;

namespace Tandem.Application.Security;

internal sealed class SecurityEventConfiguration : IEntityTypeConfiguration<SecurityEvent>
{
    public void Configure(EntityTypeBuilder<SecurityEvent> builder)
    {
        builder.ToTable("security_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Address).HasMaxLength(SecurityEvent.AddressMaxLength);
        builder.Property(e => e.Detail).HasMaxLength(SecurityEvent.DetailMaxLength).IsRequired();
        // The view pages newest first within a workspace, and the prune deletes the oldest: both walk this index.
        builder.HasIndex(e => new { e.WorkspaceId, e.At });
    }
}

/// <summary>
/// One fixed window of sign-in attempts under a hashed key ("address:…" or "account:…"), shared by every
/// web node through the database (ADR 0022, amended). Written only by raw upserts in <c>SignInThrottle</c>.
/// </summary>
public sealed class SignInWindow
{
    public const string Table = "sign_in_windows";

    private SignInWindow() { }

    /// <summary>SHA-256 of the key, in hex: no email or address is stored in clear.</summary>
    public string Key { get; private set; } = "";

    /// <summary>UTC ticks when the window began; ticks on both databases, so one SQL text serves both.</summary>
    public long WindowStart { get; private set; }

    public int Attempts { get; private set; }
}

internal sealed class SignInWindowConfiguration : IEntityTypeConfiguration<SignInWindow>
{
    public void Configure(EntityTypeBuilder<SignInWindow> builder)
    {
        builder.ToTable(SignInWindow.Table);
        builder.HasKey(w => w.Key);
        builder.Property(w => w.Key).HasColumnName("window_key").HasMaxLength(64);
        builder.Property(w => w.WindowStart).HasColumnName("window_start");
        builder.Property(w => w.Attempts).HasColumnName("attempts");
        builder.HasIndex(w => w.WindowStart);
    }
}
