using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tandem.Domain.Common;
using Tandem.Domain.Teams;

namespace Tandem.Domain.Health;

/// <summary>
/// One round of the team health check: the Scrum Master opens it on a few dimensions; each member answers
/// 1–5 on each, anonymously. Opening the next round closes this one.
/// </summary>
/// <remarks>
/// Anonymity by construction: an answer (<see cref="HealthAnswer"/>) has no person and no time, and its id is
/// random, not time-ordered. A participation row says only that someone has answered. So that answering
/// again replaces the earlier answer, the answer carries a ballot: a hash of the person with this round's
/// random salt. The salt is erased when the round closes, after which nothing links a person to a score.
/// </remarks>
public sealed class HealthRound : IProductOwned
{
    public const int DimensionMaxLength = 40;
    public const int MaxDimensions = 12;
    /// <summary>Averages are shown only from this many answers on, so nobody's score can be worked out.</summary>
    public const int MinAnswersToShow = 3;

    public static IReadOnlyList<string> DefaultDimensions { get; } =
        ["fun", "pace", "learning", "teamwork", "delivering value", "easy to release", "health of codebase", "support"];

    private HealthRound() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid TeamId { get; private set; }
    public int Number { get; private set; }
    public string DimensionList { get; private set; } = "";
    public DateTimeOffset OpenedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public string? Salt { get; private set; }

    public IReadOnlyList<string> Dimensions => DimensionList.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public bool IsOpen => ClosedAt is null;

    public static HealthRound Open(Team team, int number, IReadOnlyList<string>? dimensions, DateTimeOffset now)
    {
        var names = (dimensions is { Count: > 0 } ? dimensions : DefaultDimensions).Select(d => (d ?? "").Trim().ToLowerInvariant()).ToList();
        new RuleCheck()
            .Require(names.Count is >= 1 and <= MaxDimensions, "dimensions", $"A health check asks about 1 to {MaxDimensions} dimensions.")
            .Require(names.All(n => n.Length is > 0 and <= DimensionMaxLength && !n.Contains(',')), "dimensions", $"Each dimension has a name of 1 to {DimensionMaxLength} characters, without commas.")
            .Require(names.Distinct(StringComparer.Ordinal).Count() == names.Count, "dimensions", "Each dimension is asked once.")
            .ThrowIfBroken();
        return new HealthRound
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = team.WorkspaceId, ProductId = team.ProductId, TeamId = team.Id, Number = number,
            DimensionList = string.Join('\n', names), OpenedAt = now, Salt = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
        };
    }

    /// <summary>Closes the round and forgets the salt, so its ballots can no longer be tied to anyone.</summary>
    public void Close(DateTimeOffset now)
    {
        (ClosedAt, Salt) = (now, null);
    }

    /// <summary>The ballot of a person in this open round: the same person gets the same ballot, nobody can reverse it once the salt is gone.</summary>
    public string BallotOf(Guid userId)
    {
        if (Salt is null) throw new DomainException("round", "This health check is closed.");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{Salt}:{userId:N}")));
    }

    /// <summary>Checks the scores given (every dimension, 1–5) and answers them in the round's dimension order.</summary>
    public IReadOnlyList<int> CheckScores(IReadOnlyDictionary<string, int?>? scores)
    {
        if (!IsOpen) throw new DomainException("round", "This health check is closed; answer the current one.");
        var check = new RuleCheck();
        var given = (scores ?? new Dictionary<string, int?>()).ToDictionary(s => s.Key.Trim().ToLowerInvariant(), s => s.Value);
        var result = new List<int>();
        foreach (var dimension in Dimensions)
        {
            var ok = given.TryGetValue(dimension, out var score) && score is >= 1 and <= 5;
            check.Require(ok, $"scores.{dimension}", $"Score {dimension} from 1 (bad) to 5 (great).");
            result.Add(score ?? 0);
        }
        foreach (var unknown in given.Keys.Where(k => !Dimensions.Contains(k)))
            check.Require(false, $"scores.{unknown}", $"'{unknown}' is not asked in this round; the dimensions are {string.Join(", ", Dimensions)}.");
        check.ThrowIfBroken();
        return result;
    }
}

/// <summary>That a person has answered a round: no scores here, so the two cannot be joined.</summary>
public sealed class HealthParticipation : ITenantOwned
{
    private HealthParticipation() { }

    public Guid RoundId { get; private set; }
    public Guid UserId { get; private set; }
    public Guid WorkspaceId { get; private set; }

    public static HealthParticipation Of(HealthRound round, Guid userId) => new() { RoundId = round.Id, UserId = userId, WorkspaceId = round.WorkspaceId };
}

/// <summary>One anonymous answer: scores in the round's dimension order, no person, no time.</summary>
public sealed class HealthAnswer : ITenantOwned
{
    private HealthAnswer() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid RoundId { get; private set; }
    /// <summary>See <see cref="HealthRound"/>: replaces a person's earlier answer while the round is open; meaningless after.</summary>
    public string Ballot { get; private set; } = "";
    public string ScoreList { get; private set; } = "";

    public IReadOnlyList<int> Scores => ScoreList.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();

    public static HealthAnswer Give(HealthRound round, string ballot, IReadOnlyList<int> scores) =>
        // A random id on purpose: a time-ordered one would say when, and so perhaps who.
        new() { Id = Guid.NewGuid(), WorkspaceId = round.WorkspaceId, RoundId = round.Id, Ballot = ballot, ScoreList = string.Join(',', scores) };

    public void Replace(IReadOnlyList<int> scores) => ScoreList = string.Join(',', scores);
}
