using System.Globalization;
using Tandem.Domain.Common;

namespace Tandem.Domain.Scheduling;

/// <summary>How a successor waits for its predecessor.</summary>
public enum LinkType
{
    /// <summary>The successor starts after the predecessor finishes (plus the lag).</summary>
    FinishToStart,
    /// <summary>The successor starts once the predecessor has started (plus the lag).</summary>
    StartToStart,
    /// <summary>The successor finishes once the predecessor has finished (plus the lag).</summary>
    FinishToFinish,
}

/// <summary>
/// A dependency between two scheduled items: <see cref="PredecessorId"/> → <see cref="SuccessorId"/>, of a
/// <see cref="LinkType"/>, with a lag in calendar days (negative is a lead). The successor's product owns the
/// link; the predecessor may be an item of another product of the workspace.
/// </summary>
public sealed class ScheduleLink : IProductOwned
{
    private ScheduleLink() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid PredecessorId { get; private set; }
    public Guid SuccessorId { get; private set; }
    public LinkType Type { get; private set; }
    public int LagDays { get; private set; }
    public Guid CreatedById { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static ScheduleLink Between(Guid workspaceId, Guid productId, Guid predecessorId, Guid successorId, LinkType type, int lagDays, Guid by, DateTimeOffset now)
    {
        new RuleCheck()
            .Require(predecessorId != successorId, "successor", "An item cannot depend on itself.")
            .Require(Math.Abs(lagDays) <= Lag.MaxDays, "lag", $"A lag is at most {Lag.MaxDays} days either way.")
            .ThrowIfBroken();
        return new ScheduleLink
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, PredecessorId = predecessorId, SuccessorId = successorId,
            Type = type, LagDays = lagDays, CreatedById = by, CreatedAt = now,
        };
    }
}

/// <summary>
/// Lags as people write them: <c>0</c>, <c>2d</c>, <c>-1d</c>, <c>+3d</c>, <c>1w</c> (seven days), <c>5</c> (days).
/// Calendar days, not working days.
/// </summary>
public static class Lag
{
    public const int MaxDays = 365;
    public const string Forms = "a whole number of days or weeks such as \"0\", \"2d\", \"-1d\" or \"1w\"";

    public static bool TryParse(string? text, out int days)
    {
        days = 0;
        var t = (text ?? "").Trim().ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        if (t.Length == 0) return true;
        var unit = 1;
        if (t.EndsWith('w')) { unit = 7; t = t[..^1]; }
        else if (t.EndsWith('d')) t = t[..^1];
        if (t.Length == 0 || t.Length > 6 || !int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return false;
        days = n * unit;
        return Math.Abs(days) <= MaxDays;
    }

    /// <summary>"0", "1w", "2w", "3d", "-1d".</summary>
    public static string Format(int days) =>
        days == 0 ? "0" : days % 7 == 0 ? $"{(days / 7).ToString(CultureInfo.InvariantCulture)}w" : $"{days.ToString(CultureInfo.InvariantCulture)}d";
}
