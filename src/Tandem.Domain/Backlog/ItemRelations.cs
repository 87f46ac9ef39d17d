using Tandem.Domain.Common;

namespace Tandem.Domain.Backlog;

public enum LinkKind
{
    /// <summary>The source blocks the target (the target shows "blocked by").</summary>
    Blocks,
    RelatesTo,
    /// <summary>The source duplicates the target.</summary>
    Duplicates,
}

/// <summary>A directed link between two items of one product.</summary>
public sealed class ItemLink : ITenantOwned
{
    private ItemLink() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid SourceId { get; private set; }
    public Guid TargetId { get; private set; }
    public LinkKind Kind { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static ItemLink Between(BacklogItem source, BacklogItem target, LinkKind kind, DateTimeOffset now)
    {
        if (source.Id == target.Id) throw new DomainException("target", "An item cannot be linked to itself.");
        if (source.ProductId != target.ProductId) throw new DomainException("target", $"{target.Key} belongs to another product; links stay within a product.");
        return new ItemLink { Id = Guid.CreateVersion7(now), WorkspaceId = source.WorkspaceId, SourceId = source.Id, TargetId = target.Id, Kind = kind, CreatedAt = now };
    }
}

public sealed class ItemLabel : IProductOwned
{
    public const int MaxLength = 40;

    private ItemLabel() { }

    public Guid ItemId { get; private set; }
    public string Label { get; private set; } = "";
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }

    public static ItemLabel On(BacklogItem item, string label)
    {
        label = Normalize(label);
        if (label.Length == 0) throw new DomainException("label", "A label needs some text.");
        if (label.Length > MaxLength) throw new DomainException("label", $"A label has at most {MaxLength} characters.");
        return new ItemLabel { ItemId = item.Id, Label = label, WorkspaceId = item.WorkspaceId, ProductId = item.ProductId };
    }

    /// <summary>Labels are lower-case words joined by dashes, so "Tech Debt" and "tech-debt" are one label.</summary>
    public static string Normalize(string? label) =>
        string.Join('-', (label ?? "").Trim().ToLowerInvariant().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
}

public sealed class ItemComment : ITenantOwned
{
    public const int TextMaxLength = 10_000;

    private ItemComment() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ItemId { get; private set; }
    public Guid AuthorId { get; private set; }
    public string Text { get; private set; } = "";
    public DateTimeOffset At { get; private set; }

    public static ItemComment Write(BacklogItem item, Guid authorId, string? text, DateTimeOffset now)
    {
        text = (text ?? "").Trim();
        if (text.Length == 0) throw new DomainException("text", "A comment needs some text.");
        if (text.Length > TextMaxLength) throw new DomainException("text", $"A comment has at most {TextMaxLength} characters.");
        return new ItemComment { Id = Guid.CreateVersion7(now), WorkspaceId = item.WorkspaceId, ItemId = item.Id, AuthorId = authorId, Text = text, At = now };
    }
}

/// <summary>One line of an item's history: who did what, when. Written by the handlers that change items.</summary>
public sealed class ItemActivity : ITenantOwned
{
    private ItemActivity() { }

    public long Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ItemId { get; private set; }
    public Guid ActorId { get; private set; }
    public string Text { get; private set; } = "";
    public DateTimeOffset At { get; private set; }

    public static ItemActivity Record(BacklogItem item, Guid actorId, string text, DateTimeOffset now) =>
        new() { WorkspaceId = item.WorkspaceId, ItemId = item.Id, ActorId = actorId, Text = text.Length > 500 ? text[..500] : text, At = now };
}
