using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tandem.Application.Jobs;

/// <summary>
/// Which node runs a cluster job, until when, and when the job last ran (ADR 0033). One row per job, written only
/// by the atomic statements in <see cref="JobLeases"/>. A lease with an expiry, not a lock: a node that dies simply
/// stops renewing, and another takes the job once <see cref="ExpiresAt"/> has passed.
/// </summary>
public sealed class JobLease
{
    public const string Table = "job_leases";

    private JobLease() { }

    /// <summary>The job's name, such as "dependency-reassessment".</summary>
    public string Job { get; private set; } = "";

    /// <summary>The node holding the lease (<c>Tandem:NodeName</c>, by default host, process id and a random suffix).</summary>
    public string Holder { get; private set; } = "";

    /// <summary>UTC ticks when the lease ends unless renewed; ticks on both databases, so one SQL text serves both.</summary>
    public long ExpiresAt { get; private set; }

    /// <summary>UTC ticks when the last run began, on whichever node: the next run is due one period later.</summary>
    public long RanAt { get; private set; }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> builder)
    {
        builder.ToTable(JobLease.Table);
        builder.HasKey(l => l.Job);
        builder.Property(l => l.Job).HasColumnName("job").HasMaxLength(100);
        builder.Property(l => l.Holder).HasColumnName("holder").HasMaxLength(200).IsRequired();
        builder.Property(l => l.ExpiresAt).HasColumnName("expires_at");
        builder.Property(l => l.RanAt).HasColumnName("ran_at");
    }
}
