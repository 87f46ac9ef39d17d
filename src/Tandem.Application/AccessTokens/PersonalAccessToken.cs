using System.Security.Cryptography;
using System.Text;
using Tandem.Domain.Common;

namespace Tandem.Application.AccessTokens;

/// <summary>
/// A long-lived token for scripts and the command line. Only a SHA-256 hash is stored; the secret is
/// shown once, at creation. Every token expires (ADR 0022): after a number of days the person chooses,
/// up to the maximum the operator configures. A null <see cref="ExpiresAt"/> is only found on rows from
/// before that rule.
/// </summary>
public sealed class PersonalAccessToken : ITenantOwned
{
    public const string SecretPrefix = "tdm_";
    public const int NameMaxLength = 80;

    private PersonalAccessToken() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid UserId { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>The first characters of the secret, so a person can tell their tokens apart.</summary>
    public string Prefix { get; private set; } = "";
    public string Hash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>A new token and its secret, expiring after <paramref name="expiresInDays"/> (at most <paramref name="maxDays"/>).</summary>
    public static (PersonalAccessToken Token, string Secret) Issue(Guid workspaceId, Guid userId, string? name, DateTimeOffset now, int expiresInDays, int maxDays)
    {
        name = (name ?? "").Trim();
        new RuleCheck()
            .Require(name.Length > 0, "name", "Name the token after what will use it, e.g. \"release script\".")
            .Require(name.Length <= NameMaxLength, "name", $"A token name has at most {NameMaxLength} characters.")
            .Require(expiresInDays >= 1 && expiresInDays <= maxDays, "expiresInDays", $"A token expires after 1 to {maxDays} days.")
            .ThrowIfBroken();
        var secret = SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var token = new PersonalAccessToken
        {
            Id = Guid.CreateVersion7(now),
            WorkspaceId = workspaceId,
            UserId = userId,
            Name = name,
            Prefix = secret[..12],
            Hash = HashOf(secret),
            CreatedAt = now,
            ExpiresAt = now.AddDays(expiresInDays),
        };
        return (token, secret);
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    public void MarkUsed(DateTimeOffset now) => LastUsedAt = now;
}
