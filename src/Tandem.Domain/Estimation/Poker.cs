using Tandem.Domain.Backlog;
using Tandem.Domain.Common;

namespace Tandem.Domain.Estimation;

public enum PokerStatus
{
    Open,
    Closed,
}

/// <summary>Where one item of a session stands: waiting its turn, being voted on, or decided (or passed over).</summary>
public enum PokerOutcome
{
    Pending,
    /// <summary>Every vote was the same and the facilitator accepted it.</summary>
    Consensus,
    /// <summary>The Tech Lead set the final estimate (the team disagreed, or the TL overrode it), with a reason.</summary>
    Settled,
    /// <summary>The session moved on without an estimate.</summary>
    Skipped,
}

/// <summary>
/// A planning-poker session over a set of one product's backlog items. The facilitator (Tech Lead or
/// Scrum Master) walks the items in order; the team votes on the current one. The whole state lives
/// here and in <see cref="PokerItem"/> and <see cref="PokerVote"/>, so a reload or a restart loses nothing.
/// <see cref="Version"/> moves on every step the facilitator takes; votes do not move it, so voters never
/// collide with each other.
/// </summary>
public sealed class PokerSession : IProductOwned
{
    public const int TitleMaxLength = 200;
    public const int MaxItems = 50;

    private PokerSession() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public string Title { get; private set; } = "";
    public Guid FacilitatorId { get; private set; }
    public PokerStatus Status { get; private set; }
    public DateTimeOffset OpenedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>The position (0-based) of the item being estimated.</summary>
    public int CurrentPosition { get; private set; }
    public int Version { get; private set; }

    public static PokerSession Open(Guid workspaceId, Guid productId, string? title, Guid facilitatorId, DateTimeOffset now)
    {
        title = string.IsNullOrWhiteSpace(title) ? $"Planning poker {now:yyyy-MM-dd HH:mm}" : title.Trim();
        if (title.Length > TitleMaxLength) throw new DomainException("title", $"A title has at most {TitleMaxLength} characters.");
        return new PokerSession
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, Title = title,
            FacilitatorId = facilitatorId, Status = PokerStatus.Open, OpenedAt = now, Version = 1,
        };
    }

    public void MoveTo(int position)
    {
        CurrentPosition = position;
        Touch();
    }

    public void Close(DateTimeOffset now)
    {
        Status = PokerStatus.Closed;
        ClosedAt = now;
        Touch();
    }

    /// <summary>Marks a step of the facilitator (reveal, re-vote, decision), for If-Match and the optimistic check.</summary>
    public void Touch() => Version++;
}

/// <summary>One backlog item on a session's agenda, with its current round and, once decided, the outcome.</summary>
public sealed class PokerItem : ITenantOwned
{
    public const int ReasonMaxLength = EstimateChange.ReasonMaxLength;

    private PokerItem() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid SessionId { get; private set; }
    public Guid ItemId { get; private set; }
    public string ItemKey { get; private set; } = "";
    public int Position { get; private set; }

    /// <summary>The round being voted (1 first; a re-vote starts the next one and leaves the old votes in the record).</summary>
    public int Round { get; private set; }
    public bool Revealed { get; private set; }
    public PokerOutcome Outcome { get; private set; }
    public string? Points { get; private set; }
    public string? Reason { get; private set; }
    public Guid? DecidedById { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }

    public bool IsDecided => Outcome != PokerOutcome.Pending;

    public static PokerItem For(PokerSession session, BacklogItem item, int position) => new()
    {
        Id = Guid.NewGuid(), WorkspaceId = session.WorkspaceId, SessionId = session.Id, ItemId = item.Id, ItemKey = item.Key,
        Position = position, Round = 1, Outcome = PokerOutcome.Pending,
    };

    public void Reveal() => Revealed = true;

    public void Revote()
    {
        Round++;
        Revealed = false;
    }

    public void Decide(PokerOutcome outcome, string? points, string? reason, Guid by, DateTimeOffset now)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > ReasonMaxLength }) throw new DomainException("reason", $"A reason has at most {ReasonMaxLength} characters.");
        Outcome = outcome;
        Points = points;
        Reason = reason;
        DecidedById = by;
        DecidedAt = now;
    }
}

/// <summary>One participant's card in one round of one item. Hidden from everyone else until the round is revealed.</summary>
public sealed class PokerVote : ITenantOwned
{
    private PokerVote() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid SessionId { get; private set; }
    public Guid PokerItemId { get; private set; }
    public int Round { get; private set; }
    public Guid VoterId { get; private set; }

    /// <summary>A value of the product's scale as text ("5", "0.5", "?").</summary>
    public string Value { get; private set; } = "";
    public DateTimeOffset CastAt { get; private set; }

    public static PokerVote Cast(PokerItem item, Guid voterId, string value, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now), WorkspaceId = item.WorkspaceId, SessionId = item.SessionId, PokerItemId = item.Id,
        Round = item.Round, VoterId = voterId, Value = value, CastAt = now,
    };

    public void Change(string value, DateTimeOffset now)
    {
        Value = value;
        CastAt = now;
    }
}

/// <summary>What the revealed cards say: the spread over the scale, the outliers and whether the team agrees.</summary>
public sealed record PokerSpread(string? Min, string? Max, bool Consensus, IReadOnlySet<string> Outliers)
{
    /// <summary>
    /// Consensus when every card shows the same value. An outlier is a card more than one step of the
    /// scale away from the median card, or a "?" among numbers, once there are three cards or more: the
    /// people whose reasoning the team should hear before voting again.
    /// </summary>
    public static PokerSpread Of(IReadOnlyList<string> scale, IReadOnlyCollection<string> votes)
    {
        if (votes.Count == 0) return new PokerSpread(null, null, false, new HashSet<string>());
        var distinct = votes.Distinct().ToList();
        var numeric = votes.Where(v => v != EstimationScale.Unknown).Select(v => Index(scale, v)).Where(i => i >= 0).Order().ToList();
        var min = numeric.Count == 0 ? null : scale[numeric[0]];
        var max = numeric.Count == 0 ? null : scale[numeric[^1]];
        var outliers = new HashSet<string>();
        // With two cards the spread says it all; outliers need a majority to stand out from.
        if (distinct.Count > 1 && numeric.Count >= 3)
        {
            var median = numeric.Count % 2 == 1 ? numeric[numeric.Count / 2] : (numeric[numeric.Count / 2 - 1] + numeric[numeric.Count / 2]) / 2.0;
            foreach (var value in distinct)
            {
                if (value == EstimationScale.Unknown || Math.Abs(Index(scale, value) - median) > 1) outliers.Add(value);
            }
        }
        return new PokerSpread(min, max, distinct.Count == 1, outliers);
    }

    private static int Index(IReadOnlyList<string> scale, string value)
    {
        for (var i = 0; i < scale.Count; i++) if (scale[i] == value) return i;
        return -1;
    }
}
