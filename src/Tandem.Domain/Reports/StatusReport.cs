using Tandem.Domain.Common;

namespace Tandem.Domain.Reports;

/// <summary>A draft shows live data; a published report is frozen.</summary>
public enum StatusReportStatus
{
    Draft,
    Published,
}

/// <summary>
/// A status report of a product for its stakeholders (issue 11). While a draft it is built from live data each
/// time it is read and belongs to the team; the Technical Project Manager writes the delivery narrative and
/// publishes it, the Product Owner writes the product narrative. Publishing freezes the rendered content
/// (<see cref="Content"/>, JSON) on the row, so a published report never changes when live data does, and a
/// published report takes no more writes. One open draft per product (<see cref="DraftOfProductId"/> is unique).
/// </summary>
public sealed class StatusReport : IProductOwned
{
    public const int NarrativeMaxLength = 8000;

    private StatusReport() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public int Number { get; private set; }
    public StatusReportStatus Status { get; private set; }
    /// <summary>The product's id while this is its open draft, null once published: a unique index keeps one draft per product.</summary>
    public Guid? DraftOfProductId { get; private set; }
    public string DeliveryNarrative { get; private set; } = "";
    public Guid? DeliveryNarrativeById { get; private set; }
    public DateTimeOffset? DeliveryNarrativeAt { get; private set; }
    public string ProductNarrative { get; private set; } = "";
    public Guid? ProductNarrativeById { get; private set; }
    public DateTimeOffset? ProductNarrativeAt { get; private set; }
    /// <summary>The start of the period the report covers (decisions and finished items since then): the last report's publication, or 14 days before the first.</summary>
    public DateTimeOffset PeriodFrom { get; private set; }
    /// <summary>The rendered content frozen at publication (JSON); null on a draft.</summary>
    public string? Content { get; private set; }
    /// <summary>The overall RAG at publication (green, amber, red), for lists; null on a draft.</summary>
    public string? Rag { get; private set; }
    public Guid CreatedById { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid? PublishedById { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public bool IsPublished => Status == StatusReportStatus.Published;

    public static StatusReport Start(Guid workspaceId, Guid productId, int number, DateTimeOffset periodFrom, Guid by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, Number = number, Status = StatusReportStatus.Draft,
        DraftOfProductId = productId, PeriodFrom = periodFrom, CreatedById = by, CreatedAt = now, UpdatedAt = now, Version = 1,
    };

    /// <summary>The Technical Project Manager's delivery narrative (how and when): only on a draft.</summary>
    public void WriteDeliveryNarrative(string? text, Guid by, DateTimeOffset now)
    {
        var t = Narrative(text, "deliveryNarrative");
        (DeliveryNarrative, DeliveryNarrativeById, DeliveryNarrativeAt, UpdatedAt) = (t, by, now, now);
        Version++;
    }

    /// <summary>The Product Owner's product narrative (what and why): only on a draft.</summary>
    public void WriteProductNarrative(string? text, Guid by, DateTimeOffset now)
    {
        var t = Narrative(text, "productNarrative");
        (ProductNarrative, ProductNarrativeById, ProductNarrativeAt, UpdatedAt) = (t, by, now, now);
        Version++;
    }

    /// <summary>Freezes the rendered content and its overall RAG; a published report cannot be published again.</summary>
    public void Publish(string content, string rag, Guid by, DateTimeOffset now)
    {
        if (IsPublished) throw new DomainException("status", $"Status report {Number} is already published.");
        new RuleCheck().Require(content.Length > 0, "content", "A published report needs its content.").ThrowIfBroken();
        (Status, DraftOfProductId, Content, Rag, PublishedById, PublishedAt, UpdatedAt) = (StatusReportStatus.Published, null, content, rag, by, now, now);
        Version++;
    }

    private string Narrative(string? text, string field)
    {
        if (IsPublished) throw new DomainException("status", $"Status report {Number} is published and frozen; start a new draft to say more.");
        var t = (text ?? "").Trim();
        new RuleCheck().Require(t.Length <= NarrativeMaxLength, field, $"A narrative has at most {NarrativeMaxLength} characters.").ThrowIfBroken();
        return t;
    }
}
