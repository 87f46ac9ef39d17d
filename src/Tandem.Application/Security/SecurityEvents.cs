using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Options;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Security;

namespace Tandem.Application.Security;

/// <summary>How long security events are kept (<c>Tandem:Security</c>).</summary>
public sealed class SecurityEventOptions
{
    public const string Section = "Tandem:Security";

    /// <summary>Days an event is kept; older ones are pruned. 400 covers a year's audit with a margin.</summary>
    public int EventDays { get; set; } = 400;
}

/// <summary>When each workspace's old events were last pruned by this process: at most once an hour each.</summary>
public sealed class SecurityEventPruning
{
    internal static readonly TimeSpan Every = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _last = new();

    internal bool IsDue(Guid workspaceId, DateTimeOffset now)
    {
        var due = false;
        _last.AddOrUpdate(workspaceId, _ => { due = true; return now; }, (_, last) =>
        {
            if (now - last < Every) return last;
            due = true;
            return now;
        });
        return due;
    }
}

/// <summary>
/// The one place security events are written (ADR 0027). <see cref="StageAsync(SecurityEventKind, Guid?, string, CancellationToken)"/> adds an event to the
/// change tracker, so it is saved by the same SaveChanges as the change it records (a role, a token, a
/// password) and a change that fails records nothing; <see cref="Discard"/> takes it back when the change
/// is refused after staging. <see cref="RecordAsync"/> writes one on its own, for sign-in attempts, which
/// change nothing else. The first event staged for a workspace each hour also deletes its events older than
/// <see cref="SecurityEventOptions.EventDays"/>, through the (WorkspaceId, At) index.
/// </summary>
public sealed class SecurityEvents(TandemDbContext db, CurrentUser me, TimeProvider clock, IHttpContextAccessor http,
    IOptions<SecurityEventOptions> options, SecurityEventPruning pruning)
{
    /// <summary>Stages an event done by the signed-in person in their workspace.</summary>
    public Task<SecurityEvent> StageAsync(SecurityEventKind kind, Guid? subjectId, string detail, CancellationToken ct) =>
        StageAsync(me.WorkspaceId, kind, me.IsAuthenticated ? me.UserId : null, subjectId, detail, ct);

    /// <summary>Stages an event of a given workspace and actor (an anonymous request, such as a set-password link).</summary>
    public async Task<SecurityEvent> StageAsync(Guid workspaceId, SecurityEventKind kind, Guid? actorId, Guid? subjectId, string detail, CancellationToken ct)
    {
        await PruneAsync(workspaceId, ct);
        var now = clock.GetUtcNow();
        var entry = SecurityEvent.Record(workspaceId, now, kind, actorId, subjectId, ClientAddress(), detail);
        db.Set<SecurityEvent>().Add(entry);
        return entry;
    }

    /// <summary>Takes back a staged event whose change did not happen.</summary>
    public void Discard(SecurityEvent staged)
    {
        EntityEntry entry = db.Entry(staged);
        if (entry.State == EntityState.Added) entry.State = EntityState.Detached;
    }

    /// <summary>Writes an event on its own (sign-in failures, lockouts, throttled attempts).</summary>
    public async Task RecordAsync(Guid workspaceId, SecurityEventKind kind, Guid? actorId, Guid? subjectId, string detail, CancellationToken ct)
    {
        await StageAsync(workspaceId, kind, actorId, subjectId, detail, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Deletes the workspace's events past the retention period, at most once an hour per workspace and process.
    /// A statement of its own, not part of the change being recorded: the old lines go even if that change fails.
    /// </summary>
    private async Task PruneAsync(Guid workspaceId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!pruning.IsDue(workspaceId, now)) return;
        var cutoff = now.AddDays(-Math.Max(1, options.Value.EventDays));
        await db.Set<SecurityEvent>().IgnoreQueryFilters([TandemDbContext.TenantFilter])
            .Where(e => e.WorkspaceId == workspaceId && e.At < cutoff)
            .ExecuteDeleteAsync(ct);
    }

    private string? ClientAddress()
    {
        var address = http.HttpContext?.Connection.RemoteIpAddress;
        if (address is null) return null;
        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }
}
