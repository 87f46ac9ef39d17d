using Tandem.Domain.Common;

namespace Tandem.Domain.Backlog;

/// <summary>
/// One Given / When / Then scenario of an item. The team ticks it when the work meets it; the Product
/// Owner verifies it. Changing its text clears both, because what was checked is no longer what it says.
/// </summary>
public sealed class AcceptanceCriterion : ITenantOwned
{
    public const int PartMaxLength = 1000;

    private AcceptanceCriterion() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ItemId { get; private set; }
    public int Position { get; private set; }
    public string Given { get; private set; } = "";
    public string When { get; private set; } = "";
    public string Then { get; private set; } = "";
    public bool IsMet { get; private set; }
    public Guid? MetById { get; private set; }
    public bool IsVerified { get; private set; }
    public Guid? VerifiedById { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static AcceptanceCriterion Create(BacklogItem item, int position, string given, string when, string then, DateTimeOffset now)
    {
        var criterion = new AcceptanceCriterion
        {
            Id = Guid.CreateVersion7(now),
            WorkspaceId = item.WorkspaceId,
            ItemId = item.Id,
            Position = position,
            CreatedAt = now,
        };
        criterion.Rewrite(given, when, then);
        return criterion;
    }

    public void Rewrite(string? given, string? when, string? then)
    {
        Given = Part(given, "given");
        When = Part(when, "when");
        Then = Part(then, "then");
        IsMet = false;
        MetById = null;
        IsVerified = false;
        VerifiedById = null;
    }

    public void Tick(bool met, Guid by)
    {
        IsMet = met;
        MetById = met ? by : null;
        if (!met)
        {
            IsVerified = false;
            VerifiedById = null;
        }
    }

    public void Verify(Guid by)
    {
        if (!IsMet) throw new DomainException("criterion", "The team has not ticked this criterion as met yet; it cannot be verified.");
        IsVerified = true;
        VerifiedById = by;
    }

    private static string Part(string? text, string field)
    {
        text = (text ?? "").Trim();
        if (text.Length == 0) throw new DomainException(field, $"A criterion needs a '{field}' part.");
        if (text.Length > PartMaxLength) throw new DomainException(field, $"The '{field}' part has at most {PartMaxLength} characters.");
        return text;
    }
}
