using Tandem.Domain.Common;

namespace Tandem.Domain.Backlog;

public enum SuggestionKind
{
    /// <summary>Move an item: top, bottom, before or after another item.</summary>
    Rank,
    /// <summary>Add a Given/When/Then acceptance criterion.</summary>
    Criterion,
    /// <summary>Change an item's title and/or description.</summary>
    Edit,
}

public enum SuggestionStatus
{
    Open,
    Accepted,
    Declined,
}

/// <summary>
/// Others suggest, the Product Owner decides: a proposed rank change, criterion or edit waits in the
/// PO's inbox until accepted (and applied) or declined with a reason.
/// </summary>
public sealed class Suggestion : IProductOwned
{
    public const int NoteMaxLength = 2000;

    private Suggestion() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid ItemId { get; private set; }
    public string ItemKey { get; private set; } = "";
    public SuggestionKind Kind { get; private set; }
    public string? Position { get; private set; }
    public string? Before { get; private set; }
    public string? After { get; private set; }
    public string? Given { get; private set; }
    public string? When { get; private set; }
    public string? Then { get; private set; }
    public string? Title { get; private set; }
    public string? Description { get; private set; }
    public string? Note { get; private set; }
    public Guid ProposedById { get; private set; }
    public DateTimeOffset ProposedAt { get; private set; }
    public SuggestionStatus Status { get; private set; }
    public Guid? DecidedById { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionReason { get; private set; }

    public static Suggestion ForRank(BacklogItem item, string? position, string? before, string? after, string? note, Guid by, DateTimeOffset now)
    {
        var given = new[] { position, before, after }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given != 1) throw new DomainException("position", "Suggest exactly one of position (top or bottom), before or after.");
        if (position is not null and not ("top" or "bottom")) throw new DomainException("position", "position is \"top\" or \"bottom\".");
        var s = New(item, SuggestionKind.Rank, note, by, now);
        s.Position = position;
        s.Before = before?.Trim().ToUpperInvariant();
        s.After = after?.Trim().ToUpperInvariant();
        if (s.Before == item.Key || s.After == item.Key) throw new DomainException(s.Before is not null ? "before" : "after", $"{item.Key} cannot move relative to itself.");
        return s;
    }

    public static Suggestion ForCriterion(BacklogItem item, string? given, string? when, string? then, string? note, Guid by, DateTimeOffset now)
    {
        // Validates the parts the same way a criterion would.
        _ = AcceptanceCriterion.Create(item, 0, given ?? "", when ?? "", then ?? "", now);
        var s = New(item, SuggestionKind.Criterion, note, by, now);
        (s.Given, s.When, s.Then) = (given!.Trim(), when!.Trim(), then!.Trim());
        return s;
    }

    public static Suggestion ForEdit(BacklogItem item, string? title, string? description, string? note, Guid by, DateTimeOffset now)
    {
        if (title is null && description is null) throw new DomainException("title", "Suggest a new title, a new description, or both.");
        if (title is not null && (title.Trim().Length == 0 || title.Trim().Length > BacklogItem.TitleMaxLength))
            throw new DomainException("title", $"A title has 1 to {BacklogItem.TitleMaxLength} characters.");
        if (description is { Length: > BacklogItem.DescriptionMaxLength })
            throw new DomainException("description", $"A description has at most {BacklogItem.DescriptionMaxLength} characters.");
        var s = New(item, SuggestionKind.Edit, note, by, now);
        (s.Title, s.Description) = (title?.Trim(), description);
        return s;
    }

    public void Accept(Guid by, string? reason, DateTimeOffset now) => Decide(SuggestionStatus.Accepted, by, reason, now);

    public void Decline(Guid by, string? reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason", "Say why you decline it, so the person who suggested it knows.");
        Decide(SuggestionStatus.Declined, by, reason, now);
    }

    private void Decide(SuggestionStatus status, Guid by, string? reason, DateTimeOffset now)
    {
        if (Status != SuggestionStatus.Open) throw new DomainException("decision", $"This suggestion was already {Status.ToString().ToLowerInvariant()}.");
        if (reason is { Length: > NoteMaxLength }) throw new DomainException("reason", $"A reason has at most {NoteMaxLength} characters.");
        Status = status;
        DecidedById = by;
        DecidedAt = now;
        DecisionReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
    }

    private static Suggestion New(BacklogItem item, SuggestionKind kind, string? note, Guid by, DateTimeOffset now)
    {
        if (note is { Length: > NoteMaxLength }) throw new DomainException("note", $"A note has at most {NoteMaxLength} characters.");
        return new Suggestion
        {
            Id = Guid.CreateVersion7(now),
            WorkspaceId = item.WorkspaceId,
            ProductId = item.ProductId,
            ItemId = item.Id,
            ItemKey = item.Key,
            Kind = kind,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            ProposedById = by,
            ProposedAt = now,
            Status = SuggestionStatus.Open,
        };
    }
}
