using Tandem.Domain.Common;

namespace Tandem.Domain.Backlog;

public enum DefinitionKind
{
    Ready,
    Done,
}

/// <summary>One line of a product's Definition of Ready or Definition of Done.</summary>
public sealed class DefinitionEntry : IProductOwned
{
    public const int TextMaxLength = 300;
    public const int MaxEntries = 30;

    private DefinitionEntry() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public DefinitionKind Kind { get; private set; }
    public int Position { get; private set; }
    public string Text { get; private set; } = "";

    public static IReadOnlyList<DefinitionEntry> List(Guid workspaceId, Guid productId, DefinitionKind kind, IReadOnlyList<string>? lines, DateTimeOffset now)
    {
        var cleaned = (lines ?? []).Select(l => (l ?? "").Trim()).Where(l => l.Length > 0).ToList();
        if (cleaned.Count > MaxEntries) throw new DomainException("entries", $"A definition has at most {MaxEntries} lines; keep it short enough to check.");
        if (cleaned.FirstOrDefault(l => l.Length > TextMaxLength) is { } tooLong)
            throw new DomainException("entries", $"Each line has at most {TextMaxLength} characters; \"{tooLong[..40]}…\" is longer.");
        return cleaned.Select((text, i) => new DefinitionEntry
        {
            Id = Guid.CreateVersion7(now),
            WorkspaceId = workspaceId,
            ProductId = productId,
            Kind = kind,
            Position = i + 1,
            Text = text,
        }).ToList();
    }
}

/// <summary>
/// Readiness in two halves: the Product Owner's (story form, acceptance criteria, value) and the Tech
/// Lead's (estimate, feasibility). Ready only when both are.
/// </summary>
public sealed record Readiness(bool StoryForm, bool HasCriteria, bool HasValue, bool HasEstimate, string Feasibility)
{
    public bool ProductOwnerReady => StoryForm && HasCriteria && HasValue;
    public bool TechLeadReady => HasEstimate && Feasibility == "feasible";
    public bool Ready => ProductOwnerReady && TechLeadReady;

    public static Readiness Of(BacklogItem item, int criteriaCount, string feasibility) => new(
        StoryForm: item.Type != ItemType.Story || IsStoryForm(item.Title),
        HasCriteria: item.Type is ItemType.Epic or ItemType.Spike || criteriaCount > 0,
        HasValue: item.BusinessValue is not null,
        HasEstimate: item.Estimate is not null,
        Feasibility: feasibility);

    /// <summary>"As a … I want … so that …", in any case, with each part non-empty.</summary>
    public static bool IsStoryForm(string title)
    {
        var t = title.Trim();
        var iWant = t.IndexOf(" I want ", StringComparison.OrdinalIgnoreCase);
        var soThat = t.IndexOf(" so that ", StringComparison.OrdinalIgnoreCase);
        return (t.StartsWith("As a ", StringComparison.OrdinalIgnoreCase) || t.StartsWith("As an ", StringComparison.OrdinalIgnoreCase))
            && iWant > 5 && soThat > iWant + 8 && soThat + 9 < t.Length;
    }
}
