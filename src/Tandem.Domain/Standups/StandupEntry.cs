using Tandem.Domain.Common;

namespace Tandem.Domain.Standups;

/// <summary>
/// One member's answer to one day's asynchronous stand-up: yesterday, today and what blocks them, for the
/// team's calendar date (in the team's time zone). One answer per member per day: posting again before the
/// cut-off replaces it. It belongs to the team's home product, whose Scrum Master reads the digest (ADR 23).
/// </summary>
public sealed class StandupEntry : IProductOwned
{
    public const int AnswerMaxLength = 2000;
    public const int MaxItemKeys = 10;
    public const int ItemKeysMaxLength = 300;

    private StandupEntry() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid TeamId { get; private set; }
    public Guid UserId { get; private set; }
    /// <summary>The team's calendar date the answer is for.</summary>
    public DateOnly Date { get; private set; }
    public string Yesterday { get; private set; } = "";
    public string Today { get; private set; } = "";
    /// <summary>What is in the way; null when nothing is.</summary>
    public string? Blockers { get; private set; }
    /// <summary>The item keys the answer talks about, space-separated ("PAY-12 MOB-3"), for linking.</summary>
    public string ItemKeys { get; private set; } = "";
    /// <summary>The three answers and the keys in lower case, so a search is one portable <c>Contains</c>.</summary>
    public string SearchText { get; private set; } = "";
    public DateTimeOffset PostedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public bool HasBlocker => Blockers is not null;

    public IReadOnlyList<string> Keys => ItemKeys.Length == 0 ? [] : ItemKeys.Split(' ');

    public static StandupEntry Post(Guid workspaceId, Guid productId, Guid teamId, Guid userId, DateOnly date,
        string? yesterday, string? today, string? blockers, IReadOnlyList<string> itemKeys, DateTimeOffset now)
    {
        var entry = new StandupEntry
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, TeamId = teamId, UserId = userId, Date = date,
            PostedAt = now, Version = 0,
        };
        entry.Replace(yesterday, today, blockers, itemKeys, now);
        return entry;
    }

    /// <summary>The member changed their answer before the cut-off: the new one replaces it whole.</summary>
    public void Replace(string? yesterday, string? today, string? blockers, IReadOnlyList<string> itemKeys, DateTimeOffset now)
    {
        var y = (yesterday ?? "").Trim();
        var t = (today ?? "").Trim();
        var b = string.IsNullOrWhiteSpace(blockers) ? null : blockers.Trim();
        var keys = string.Join(' ', itemKeys);
        new RuleCheck()
            .Require(y.Length > 0 || t.Length > 0 || b is not null, "today", "Say at least what you did yesterday, what you do today or what blocks you.")
            .Require(y.Length <= AnswerMaxLength, "yesterday", $"An answer has at most {AnswerMaxLength} characters.")
            .Require(t.Length <= AnswerMaxLength, "today", $"An answer has at most {AnswerMaxLength} characters.")
            .Require(b is not { Length: > AnswerMaxLength }, "blockers", $"An answer has at most {AnswerMaxLength} characters.")
            .Require(itemKeys.Count <= MaxItemKeys && keys.Length <= ItemKeysMaxLength, "itemKeys", $"Name at most {MaxItemKeys} items.")
            .ThrowIfBroken();
        (Yesterday, Today, Blockers, ItemKeys, UpdatedAt) = (y, t, b, keys, now);
        SearchText = string.Join('\n', y, t, b ?? "", keys).ToLowerInvariant();
        Version++;
    }

    /// <summary>
    /// Whether a stand-up of <paramref name="date"/> still takes answers at <paramref name="localNow"/> (the
    /// team's local time): only today's, and only before the cut-off.
    /// </summary>
    public static bool IsOpen(DateOnly date, DateTime localNow, TimeOnly cutoff) =>
        date == DateOnly.FromDateTime(localNow) && TimeOnly.FromDateTime(localNow) < cutoff;
}
