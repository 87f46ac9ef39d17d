using Tandem.Domain.Common;

namespace Tandem.Domain.Capacity;

/// <summary>
/// A share of a person's time planned by the Technical Project Manager for a period: on a team (then
/// <see cref="ProductId"/> is the team's home product) or directly on a product. Summed per person and week,
/// more than 100 % is an overload. Replaces the person's team share (their membership) for the days it covers.
/// </summary>
public sealed class Allocation : IProductOwned
{
    public const int NoteMaxLength = 200;
    public const int MaxDays = 3 * 366;

    private Allocation() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid? TeamId { get; private set; }
    public Guid UserId { get; private set; }
    /// <summary>1–100: the share of the person's working time.</summary>
    public int Percent { get; private set; }
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }
    public string Note { get; private set; } = "";
    public Guid PlannedById { get; private set; }
    public DateTimeOffset PlannedAt { get; private set; }
    public int Version { get; private set; }

    public static Allocation Plan(Guid workspaceId, Guid productId, Guid? teamId, Guid userId, int percent, DateOnly from, DateOnly to, string? note, Guid by, DateTimeOffset now)
    {
        var text = (note ?? "").Trim();
        new RuleCheck()
            .Require(percent is >= 1 and <= 100, "percent", "An allocation is 1 to 100 % of a person's time.")
            .Require(from <= to, "to", "The allocation ends on or after the day it starts.")
            .Require(to.DayNumber - from.DayNumber <= MaxDays, "to", "Plan an allocation for at most three years; add another after that.")
            .Require(text.Length <= NoteMaxLength, "note", $"A note has at most {NoteMaxLength} characters.")
            .ThrowIfBroken();
        return new Allocation
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, TeamId = teamId, UserId = userId, Percent = percent,
            From = from, To = to, Note = text, PlannedById = by, PlannedAt = now, Version = 1,
        };
    }

    public bool Covers(DateOnly day) => From <= day && day <= To;
}
