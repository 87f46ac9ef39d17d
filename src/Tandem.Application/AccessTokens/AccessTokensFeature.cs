using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Application.Security;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Security;

namespace Tandem.Application.AccessTokens;

public sealed record AccessTokenDto(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>The only time the secret is visible: in the answer to its creation.</summary>
public sealed record CreatedAccessTokenDto(Guid Id, string Name, string Token, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

public sealed record CreateAccessTokenRequest(string? Name, int? ExpiresInDays);

/// <summary>How long a new token may live here: the workspace admin's limit within the operator's ceiling.</summary>
public sealed record AccessTokenPolicyDto(int DefaultDays, int MaxDays, int? WorkspaceMaxDays, int Ceiling);

public sealed record SetAccessTokenPolicyRequest(int? MaxDays);

/// <summary>How long personal access tokens live (<c>Tandem:AccessTokens</c>).</summary>
public sealed class AccessTokenOptions
{
    public const string Section = "Tandem:AccessTokens";

    /// <summary>The expiry of a token whose creator names none.</summary>
    public int DefaultDays { get; set; } = 90;

    /// <summary>The longest expiry anyone may choose.</summary>
    public int MaxDays { get; set; } = 366;

    public int Default => Math.Clamp(DefaultDays, 1, Max);
    public int Max => Math.Max(1, MaxDays);
}

/// <summary>Personal access tokens of the current user: for scripts and the command line.</summary>
public sealed class AccessTokensFeature(TandemDbContext db, CurrentUser me, TimeProvider clock, IOptions<AccessTokenOptions> options, DecisionRightsService rights, SecurityEvents events)
{
    public const int MaxActiveTokens = 50;

    public async Task<IReadOnlyList<AccessTokenDto>> ListAsync(CancellationToken ct) =>
        await db.AccessTokens.AsNoTracking()
            .Where(t => t.UserId == me.UserId)
            .OrderByDescending(t => t.CreatedAt)
            .Select(t => new AccessTokenDto(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(ct);

    public async Task<Result<CreatedAccessTokenDto>> CreateAsync(CreateAccessTokenRequest request, CancellationToken ct)
    {
        var policy = await PolicyAsync(ct);
        if (Rules.Create(() => PersonalAccessToken.Issue(me.WorkspaceId, me.UserId, request.Name, clock.GetUtcNow(), request.ExpiresInDays ?? policy.DefaultDays, policy.MaxDays))
            .Failed(out var invalid, out var issued)) return invalid;
        var active = await db.AccessTokens.CountAsync(t => t.UserId == me.UserId && t.RevokedAt == null, ct);
        if (active >= MaxActiveTokens)
            return Error.Conflict($"You already have {MaxActiveTokens} active tokens; revoke one you no longer use.");

        var (token, secret) = issued;
        db.AccessTokens.Add(token);
        await events.StageAsync(SecurityEventKind.AccessTokenCreated, me.UserId, $"\"{token.Name}\" ({token.Prefix}…), expires {token.ExpiresAt:yyyy-MM-dd}", ct);
        await db.SaveChangesAsync(ct);
        return new CreatedAccessTokenDto(token.Id, token.Name, secret, token.Prefix, token.CreatedAt, token.ExpiresAt);
    }

    public async Task<AccessTokenPolicyDto> PolicyAsync(CancellationToken ct) =>
        Policy(await db.Workspaces.AsNoTracking().Where(w => w.Id == me.WorkspaceId).Select(w => w.AccessTokenMaxDays).FirstOrDefaultAsync(ct));

    /// <summary>The workspace admin limits how long new tokens may live; tokens already issued keep their expiry.</summary>
    public async Task<Result<AccessTokenPolicyDto>> SetPolicyAsync(SetAccessTokenPolicyRequest request, CancellationToken ct)
    {
        if (await rights.AuthorizeWorkspaceAsync(Operations.Members.AccessTokenPolicy, ct) is { } refused) return refused;
        var workspace = await db.Workspaces.FirstOrDefaultAsync(w => w.Id == me.WorkspaceId, ct);
        if (workspace is null) return Error.NotFound("Your workspace no longer exists.");
        var before = workspace.AccessTokenMaxDays;
        if (Rules.Apply(() => workspace.LimitAccessTokens(request.MaxDays, options.Value.Max)) is { } invalid) return invalid;
        await events.StageAsync(SecurityEventKind.TokenPolicyChanged, null, $"Longest token life: {Days(workspace.AccessTokenMaxDays)} (was {Days(before)})", ct);
        await db.SaveChangesAsync(ct);
        return Policy(workspace.AccessTokenMaxDays);
    }

    private string Days(int? workspaceMax) => workspaceMax is { } days ? $"{days} days" : $"the operator's {options.Value.Max} days";

    private AccessTokenPolicyDto Policy(int? workspaceMax)
    {
        var ceiling = options.Value.Max;
        var max = Math.Min(ceiling, workspaceMax ?? ceiling);
        return new AccessTokenPolicyDto(Math.Min(options.Value.Default, max), max, workspaceMax, ceiling);
    }

    public async Task<Result<Unit>> RevokeAsync(Guid id, CancellationToken ct)
    {
        var token = await db.AccessTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == me.UserId, ct);
        if (token is null) return Error.NotFound("You have no access token with that id.");
        if (token.RevokedAt is null) await events.StageAsync(SecurityEventKind.AccessTokenRevoked, me.UserId, $"\"{token.Name}\" ({token.Prefix}…)", ct);
        token.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}

/// <summary>
/// Turns a presented secret into its holder. Used by the API's token authentication handler. A token once read
/// is served from <see cref="AccountCache"/> until an account, token or workspace write moves
/// <see cref="ChangeVersions.Accounts"/> (ADR 0042): a cached request costs a hash and a dictionary look-up,
/// no round trip. Its last use is recorded at most once a minute, in the background.
/// </summary>
public sealed class AccessTokenAuthenticator(IServiceProvider services, TimeProvider clock, ChangeVersions versions, AccountCache cache, AccessTokenUses uses)
{
    /// <summary>Recording every use would turn each API read into a write; a minute's precision is enough to spot stale tokens.</summary>
    public static readonly TimeSpan UseRecordedEvery = TimeSpan.FromMinutes(1);

    public async Task<TokenHolder?> AuthenticateAsync(string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(PersonalAccessToken.SecretPrefix, StringComparison.Ordinal)) return null;
        var hash = PersonalAccessToken.HashOf(secret);
        var now = clock.GetUtcNow();
        // Read before the query: a write committed meanwhile moves it, so what is read now is never served under it.
        var version = versions.Accounts;
        if (!cache.TryGetToken(hash, version, out var token))
        {
            // The token and its holder in one untracked round trip; the context is made only for it.
            var db = services.GetRequiredService<TandemDbContext>();
            var found = await (
                from t in db.AccessTokens.IgnoreQueryFilters([TandemDbContext.TenantFilter]).AsNoTracking()
                where t.Hash == hash
                join u in db.Users.AsNoTracking() on t.UserId equals u.Id
                select new { t.Id, t.UserId, t.WorkspaceId, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, UserWorkspaceId = u.WorkspaceId, u.UserName, u.Email, u.DisplayName, u.IsWorkspaceAdmin, u.LockoutEnd })
                .FirstOrDefaultAsync(ct);
            // A gone holder's token is refused (a removed person's are revoked); unknown secrets are not cached.
            if (found is null) return null;
            token = new CachedToken(version,
                new TokenHolder(found.Id, found.UserId, found.WorkspaceId, found.UserName ?? found.Email ?? "", found.DisplayName, found.IsWorkspaceAdmin),
                found.ExpiresAt, found.RevokedAt, found.UserWorkspaceId, found.LockoutEnd, found.LastUsedAt);
            cache.SetToken(hash, token);
        }
        // A locked account's tokens are refused for as long as the lockout lasts; a removed person's are revoked.
        if (!token.IsUsable(now)) return null;
        if (token.ClaimUse(now)) uses.Record(token.Holder.TokenId, now);
        return token.Holder;
    }
}
