using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tandem.Application.Data;

namespace Tandem.Application.AccessTokens;

/// <summary>Who presented a personal access token: what the API's claims are built from.</summary>
public sealed record TokenHolder(Guid TokenId, Guid UserId, Guid WorkspaceId, string Name, string DisplayName, bool IsWorkspaceAdmin);

/// <summary>
/// A token as read from the database under one <see cref="ChangeVersions.Accounts"/> version: the token's own
/// state and its holder's, so that whether it is usable is decided again at every request, against the clock.
/// </summary>
internal sealed class CachedToken(long version, TokenHolder holder, DateTimeOffset? expiresAt, DateTimeOffset? revokedAt, Guid userWorkspaceId, DateTimeOffset? lockoutEnd, DateTimeOffset? lastUsedAt)
{
    private long _lastUsedTicks = lastUsedAt?.UtcTicks ?? 0;

    public long Version { get; } = version;
    public TokenHolder Holder { get; } = holder;

    /// <summary>Not revoked, not expired, its holder still in the token's workspace and not locked (nor removed) now.</summary>
    public bool IsUsable(DateTimeOffset now) =>
        revokedAt is null && (expiresAt is null || expiresAt > now) && userWorkspaceId == Holder.WorkspaceId && !(lockoutEnd > now);

    /// <summary>True for the one request per minute that should record the token's use.</summary>
    public bool ClaimUse(DateTimeOffset now)
    {
        var seen = Volatile.Read(ref _lastUsedTicks);
        return now.UtcTicks - seen > AccessTokenAuthenticator.UseRecordedEvery.Ticks
            && Interlocked.CompareExchange(ref _lastUsedTicks, now.UtcTicks, seen) == seen;
    }
}

/// <summary>What a cookie or login bearer session is checked against (ADR 0022), as read under one accounts version.</summary>
internal sealed record CachedAccount(long Version, bool Exists, string? SecurityStamp, Guid WorkspaceId, DateTimeOffset? LockoutEnd);

/// <summary>
/// The authentication caches (ADR 0042): personal access tokens by the hash of their secret, and the account
/// facts a session is checked against by user id, each stamped with the <see cref="ChangeVersions.Accounts"/>
/// version it was read under and served only while that version stands. Every committed write to an account,
/// a token or a workspace moves it, on every node (ADR 0032), so a revocation, lockout, removal, admin change or
/// new security stamp is seen by the next request. Time-bound facts (expiry, the end of a lockout) are kept, not
/// decided, and compared with the clock on every request. Unknown secrets are not cached (anyone can send
/// them). Off with Tandem:ReadCache=false, like the other read caches.
/// </summary>
public sealed class AccountCache(bool enabled)
{
    /// <summary>Past this many entries a cache starts again empty: a bound, not an eviction policy (tokens and people are few).</summary>
    public const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, CachedAccount> _accounts = new();

    public bool Enabled => enabled;

    internal bool TryGetToken(string hash, long version, out CachedToken token) =>
        _tokens.TryGetValue(hash, out token!) && token.Version == version;

    internal void SetToken(string hash, CachedToken token)
    {
        if (!enabled) return;
        if (!_tokens.ContainsKey(hash) && _tokens.Count >= MaxEntries) _tokens.Clear();
        _tokens[hash] = token;
    }

    internal bool TryGetAccount(Guid userId, long version, out CachedAccount account) =>
        _accounts.TryGetValue(userId, out account!) && account.Version == version;

    internal void SetAccount(Guid userId, CachedAccount account)
    {
        if (!enabled) return;
        if (!_accounts.ContainsKey(userId) && _accounts.Count >= MaxEntries) _accounts.Clear();
        _accounts[userId] = account;
    }
}

/// <summary>
/// Records when tokens were last used, off the request's path (ADR 0042): a request hands the token's id to a
/// bounded queue at most once a minute per token, and this service writes it. A full queue drops the entry: the
/// "last used" column is for spotting stale tokens, a minute's or a few minutes' precision is enough.
/// </summary>
public sealed class AccessTokenUses(IServiceScopeFactory scopes, ILogger<AccessTokenUses> log) : BackgroundService
{
    private readonly Channel<(Guid TokenId, DateTimeOffset At)> _queue = Channel.CreateBounded<(Guid, DateTimeOffset)>(
        new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Record(Guid tokenId, DateTimeOffset at) => _queue.Writer.TryWrite((tokenId, at));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (_queue.Reader.TryRead(out var use)) await WriteAsync(use.TokenId, use.At, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(Guid tokenId, DateTimeOffset at, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            // Bypasses the change tracker on purpose: the last use is not something a cached token depends on.
            await db.AccessTokens.IgnoreQueryFilters([TandemDbContext.TenantFilter])
                .Where(t => t.Id == tokenId && (t.LastUsedAt == null || t.LastUsedAt < at))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, at), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not record the use of access token {TokenId}", tokenId);
        }
    }
}

/// <summary>
/// Whether a cookie or login bearer session still stands (ADR 0022): its account exists in its workspace, is
/// not locked and still has the security stamp the session began with. The account's facts come from
/// <see cref="AccountCache"/> under the accounts version (ADR 0042), so sign-out, a password change, a lockout
/// or a removal (each a write to the account, which moves it) end the session at the next request, on every
/// node, and an unchanged account costs no round trip.
/// </summary>
public sealed class SessionCheck(ChangeVersions versions, AccountCache cache, TimeProvider clock)
{
    /// <summary>True while the account still stands as the session knew it; the context is asked for only on a miss.</summary>
    public async ValueTask<bool> IsCurrentAsync(Guid userId, Guid workspaceId, string stamp, IServiceProvider requestServices, CancellationToken ct)
    {
        var version = versions.Accounts;
        if (!cache.TryGetAccount(userId, version, out var account))
        {
            var db = requestServices.GetRequiredService<TandemDbContext>();
            var row = await db.Users.AsNoTracking()
                .Where(u => u.Id == userId)
                .Select(u => new { u.SecurityStamp, u.WorkspaceId, u.LockoutEnd })
                .FirstOrDefaultAsync(ct);
            account = row is null ? new CachedAccount(version, false, null, Guid.Empty, null) : new CachedAccount(version, true, row.SecurityStamp, row.WorkspaceId, row.LockoutEnd);
            cache.SetAccount(userId, account);
        }
        return account.Exists && account.WorkspaceId == workspaceId && account.SecurityStamp == stamp && !(account.LockoutEnd > clock.GetUtcNow());
    }
}
