using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Security;

namespace Tandem.Application.Security;

/// <summary>One line of the audit, with the people named (a removed person keeps their name).</summary>
public sealed record SecurityEventDto(
    long Id, DateTimeOffset At, string Kind, string What,
    Guid? ActorId, string? ActorName, Guid? SubjectId, string? SubjectName, string? SubjectEmail,
    string? Address, string Detail);

/// <summary>The filters of the audit view; every one optional. Dates are UTC days, both ends included.</summary>
public sealed record SecurityEventQuery(string? Kind = null, string? Person = null, string? From = null, string? To = null, int? Limit = null, string? Cursor = null);

/// <summary>The workspace admin's security audit (ADR 0027): newest first, filtered, keyset-paged.</summary>
public sealed class SecurityAuditFeature(TandemDbContext db, DecisionRightsService rights)
{
    public async Task<Result<Page<SecurityEventDto>>> ListAsync(SecurityEventQuery query, CancellationToken ct)
    {
        if (await rights.AuthorizeWorkspaceAsync(Operations.Security.Audit, ct) is { } refused) return refused;

        var validation = new Validation().Include(Paging.ValidateLimit(query.Limit));
        var kind = EnumText.Optional<SecurityEventKind>(query.Kind, "kind", validation);
        Guid? person = null;
        if (!string.IsNullOrWhiteSpace(query.Person))
        {
            if (Guid.TryParse(query.Person.Trim(), out var id)) person = id;
            else validation.Add("person", "Give the person's id, as the people list shows it.");
        }
        var from = Day(query.From, "from", validation);
        var to = Day(query.To, "to", validation);
        if (from is not null && to is not null && to < from) validation.Add("to", "The last day comes on or after the first.");
        long afterId = 0;
        DateTimeOffset afterAt = default;
        if (query.Cursor is not null && !(Paging.TryDecode(query.Cursor, out var after) && TrySplit(after, out afterAt, out afterId)))
            validation.Include(Paging.BadCursor);
        if (validation.Result is { } invalid) return invalid;

        // The tenant filter keeps this to the admin's own workspace.
        var events = db.Set<SecurityEvent>().AsNoTracking();
        if (kind is { } k) events = events.Where(e => e.Kind == k);
        if (person is { } p) events = events.Where(e => e.ActorId == p || e.SubjectId == p);
        if (from is { } start) events = events.Where(e => e.At >= start);
        if (to is { } end)
        {
            var before = end.AddDays(1);
            events = events.Where(e => e.At < before);
        }
        if (query.Cursor is not null) events = events.Where(e => e.At < afterAt || (e.At == afterAt && e.Id < afterId));

        var take = query.Limit ?? Paging.DefaultLimit;
        var rows = await events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(take + 1).ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var ids = page.SelectMany(e => new[] { e.ActorId, e.SubjectId }).OfType<Guid>().Distinct().ToList();
        var workspaceId = page.Count > 0 ? page[0].WorkspaceId : Guid.Empty;
        var people = await db.Users.AsNoTracking()
            .Where(u => u.WorkspaceId == workspaceId && ids.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToDictionaryAsync(u => u.Id, ct);

        var items = page.Select(e => new SecurityEventDto(e.Id, e.At, EnumText.Slug(e.Kind), What(e.Kind),
            e.ActorId, e.ActorId is { } a && people.TryGetValue(a, out var actor) ? actor.DisplayName : null,
            e.SubjectId, e.SubjectId is { } s && people.TryGetValue(s, out var subject) ? subject.DisplayName : null,
            e.SubjectId is { } s2 && people.TryGetValue(s2, out var whose) ? whose.Email : null,
            e.Address, e.Detail)).ToList();
        var next = rows.Count > take ? Paging.Encode($"{page[^1].At.UtcTicks.ToString(CultureInfo.InvariantCulture)}\n{page[^1].Id.ToString(CultureInfo.InvariantCulture)}") : null;
        return new Page<SecurityEventDto>(items, next);
    }

    /// <summary>What each kind reads as in the view.</summary>
    public static string What(SecurityEventKind kind) => kind switch
    {
        SecurityEventKind.SignInFailed => "Sign-in failed",
        SecurityEventKind.LockedOut => "Account locked out",
        SecurityEventKind.SignInThrottled => "Sign-in attempts limited (429)",
        SecurityEventKind.SignedOut => "Signed out everywhere",
        SecurityEventKind.PasswordChanged => "Password changed",
        SecurityEventKind.PasswordSet => "Password set by link",
        SecurityEventKind.AccessTokenCreated => "Access token created",
        SecurityEventKind.AccessTokenRevoked => "Access token revoked",
        SecurityEventKind.TokenPolicyChanged => "Token policy changed",
        SecurityEventKind.RoleGranted => "Role granted",
        SecurityEventKind.RoleRevoked => "Role removed",
        SecurityEventKind.PersonAdded => "Person added",
        SecurityEventKind.PersonRemoved => "Person removed",
        SecurityEventKind.WorkspaceAdminGranted => "Made workspace admin",
        SecurityEventKind.SingleSignOnLinked => "Single sign-on linked",
        SecurityEventKind.SingleSignOnRefused => "Single sign-on refused",
        _ => kind.ToString(),
    };

    private static DateTimeOffset? Day(string? value, string field, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        validation.Add(field, "Give a day as yyyy-mm-dd (UTC).");
        return null;
    }

    private static bool TrySplit(string value, out DateTimeOffset at, out long id)
    {
        at = default;
        id = 0;
        var parts = value.Split('\n');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out id)) return false;
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
        at = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}
