using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Domain.Common;

namespace Tandem.Application.Imports;

/// <summary>
/// One import of a file into a product, run in the background on the node that received it. The row holds its status
/// and counts so any node can answer a poll; <see cref="HeartbeatAt"/> tells a live job from one whose node died.
/// </summary>
public sealed class ImportJob : ITenantOwned
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid ProductId { get; set; }
    public string ProductKey { get; set; } = "";
    public string Source { get; set; } = "";
    public bool DryRun { get; set; }
    public string Status { get; set; } = Queued;
    public int RowsTotal { get; set; }
    public int RowsDone { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Skipped { get; set; }

    /// <summary>The problems found, by row, as JSON (<see cref="ImportProblem"/>s); at most <see cref="MaxProblems"/>.</summary>
    public string Problems { get; set; } = "[]";
    public Guid RequestedById { get; set; }
    public string Node { get; set; } = "";
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset HeartbeatAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    public const int MaxProblems = 1000;

    public bool IsActive => Status is Queued or Running;
}

/// <summary>An item that came from another tool: re-importing the same source key updates it instead of adding a copy.</summary>
public sealed class ImportMapping : ITenantOwned
{
    public Guid ProductId { get; set; }
    public string Source { get; set; } = "";
    public string SourceKey { get; set; } = "";
    public Guid ItemId { get; set; }
    public Guid WorkspaceId { get; set; }
}

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.ToTable("import_jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.ProductKey).HasMaxLength(16).IsRequired();
        builder.Property(j => j.Source).HasMaxLength(32).IsRequired();
        builder.Property(j => j.Status).HasMaxLength(16).IsRequired();
        builder.Property(j => j.Node).HasMaxLength(200).IsRequired();
        builder.Property(j => j.Problems).IsRequired();
        builder.Ignore(j => j.IsActive);
        builder.HasIndex(j => new { j.ProductId, j.Status });
    }
}

internal sealed class ImportMappingConfiguration : IEntityTypeConfiguration<ImportMapping>
{
    public void Configure(EntityTypeBuilder<ImportMapping> builder)
    {
        builder.ToTable("import_mappings");
        builder.HasKey(m => new { m.ProductId, m.Source, m.SourceKey });
        builder.Property(m => m.Source).HasMaxLength(32);
        builder.Property(m => m.SourceKey).HasMaxLength(100);
        builder.HasIndex(m => m.ItemId);
        builder.HasOne<Tandem.Domain.Backlog.BacklogItem>().WithMany().HasForeignKey(m => m.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
