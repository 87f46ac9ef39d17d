using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Identity;

namespace Tandem.Application.Mail;

/// <summary>
/// A person's notification mail: <c>immediately</c>, <c>digest</c> (once a day at <paramref name="DigestHourUtc"/> UTC) or <c>off</c>;
/// <paramref name="MailConfigured"/> says whether this deployment sends mail at all.
/// </summary>
public sealed record MailPreferencesDto(string Email, bool MailConfigured, int DigestHourUtc);

public sealed record SetMailPreferencesRequest(string? Email);

/// <summary>Each person's choice of notification mail, set on their account page or by the unsubscribe link in a mail.</summary>
public sealed class MailPreferencesFeature(TandemDbContext db, CurrentUser me, MailOptions options, MailTokens tokens, TimeProvider clock)
{
    public async Task<MailPreferencesDto> GetAsync(CancellationToken ct) => Dto(await ModeOfAsync(me.UserId, ct));

    public async Task<Result<MailPreferencesDto>> SetAsync(SetMailPreferencesRequest request, CancellationToken ct)
    {
        var validation = new Validation();
        var mode = EnumText.Required<MailMode>(request.Email, "email", validation);
        if (validation.Result is { } invalid) return invalid;
        await SetModeAsync(me.UserId, mode!.Value, ct);
        return Dto(mode.Value);
    }

    /// <summary>
    /// The one-click unsubscribe (RFC 8058): the token names the person, so it works without signing in. A token that
    /// was altered or cut is refused and changes nothing.
    /// </summary>
    public async Task<Result<MailPreferencesDto>> UnsubscribeAsync(string? token, CancellationToken ct)
    {
        if (tokens.ReadUnsubscribe(token) is not { } userId || !await db.Users.AnyAsync(u => u.Id == userId, ct))
            return Error.Invalid("token", "This unsubscribe link is not valid: it was changed or cut short. Sign in and choose \"Off\" on your account's e-mail page instead.");
        await SetModeAsync(userId, MailMode.Off, ct);
        return Dto(MailMode.Off);
    }

    /// <summary>Whether a token is genuine, without changing anything (the landing page asks before it turns mail off).</summary>
    public bool IsGenuine(string? token) => tokens.ReadUnsubscribe(token) is not null;

    private async Task<MailMode> ModeOfAsync(Guid userId, CancellationToken ct) =>
        await db.MailPreferences.Where(p => p.UserId == userId).Select(p => (MailMode?)p.Mode).FirstOrDefaultAsync(ct) ?? MailMode.Immediately;

    /// <summary>
    /// One upsert, so two clicks at the same instant both succeed. Mail already waiting for a digest goes at the next
    /// pass once the person chooses "immediately" (or is dropped there once they choose "off").
    /// </summary>
    private async Task SetModeAsync(Guid userId, MailMode mode, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var name = mode.ToString();
        // Raw SQL bypasses the model's converters: SQLite keeps instants as UTC ticks (TandemDbContext.ConfigureConventions).
        object at = db.IsSqlite ? now.UtcTicks : now;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO mail_preferences ("UserId", "Mode", "UpdatedAt") VALUES ({userId}, {name}, {at})
            ON CONFLICT ("UserId") DO UPDATE SET "Mode" = excluded."Mode", "UpdatedAt" = excluded."UpdatedAt"
            """, ct);
        if (mode != MailMode.Digest)
            await db.MailOutbox.Where(m => m.UserId == userId && m.Status == MailStatus.Pending && m.Kind == MailKind.Notification && m.DueAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.DueAt, now), ct);
    }

    private MailPreferencesDto Dto(MailMode mode) => new(EnumText.Slug(mode), options.IsConfigured, options.DigestHourUtc);
}
