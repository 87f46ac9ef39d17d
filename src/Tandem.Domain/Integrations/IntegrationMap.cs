using Tandem.Domain.Common;

namespace Tandem.Domain.Integrations;

public enum InterfaceProtocol
{
    Rest,
    Grpc,
    Messaging,
    File,
    Database,
    Webhook,
    Other,
}

public enum InterfaceStatus
{
    Planned,
    InDevelopment,
    Live,
    Deprecated,
    Retired,
}

/// <summary>No risk register exists yet (the TPM's RAID log comes later), so an interface carries its own level and note.</summary>
public enum InterfaceRisk
{
    None,
    Low,
    Medium,
    High,
}

/// <summary>
/// A box on the integration map: a system (ours or an external partner's) or, when it has a parent,
/// a component inside one. One table for both because interfaces connect either, and a component is
/// only a system seen at a finer grain; components belong to one system and do not nest further.
/// </summary>
public sealed class IntegrationSystem : IProductOwned
{
    public const int NameMaxLength = 120;
    public const int OwnerMaxLength = 120;
    public const int DescriptionMaxLength = 4000;

    private IntegrationSystem() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid? ParentId { get; private set; }
    public string Name { get; private set; } = "";
    public string Owner { get; private set; } = "";
    public string Description { get; private set; } = "";
    public bool External { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public bool IsComponent => ParentId is not null;

    public static IntegrationSystem Create(Guid workspaceId, Guid productId, IntegrationSystem? parent, string? name, string? owner, string? description, bool external, DateTimeOffset now)
    {
        if (parent is { IsComponent: true }) throw new DomainException("parent", "Components sit inside a system, not inside another component.");
        // A component is as external as the system it belongs to.
        var system = new IntegrationSystem
        {
            Id = Guid.CreateVersion7(now),
            WorkspaceId = workspaceId,
            ProductId = productId,
            ParentId = parent?.Id,
            External = parent?.External ?? external,
            CreatedAt = now,
        };
        system.Change(name, owner, description, system.External, now);
        system.Version = 1;
        return system;
    }

    /// <summary>Changes the box; every broken rule is reported at once. A component's side follows its system (<see cref="FollowSystem"/>).</summary>
    public void Change(string? name, string? owner, string? description, bool external, DateTimeOffset now)
    {
        new RuleCheck()
            .Require(!string.IsNullOrWhiteSpace(name) && name.Trim().Length <= NameMaxLength, "name", $"A name has 1 to {NameMaxLength} characters.")
            .Require(owner is null || owner.Trim().Length <= OwnerMaxLength, "owner", $"An owner has at most {OwnerMaxLength} characters.")
            .Require(description is not { Length: > DescriptionMaxLength }, "description", $"A description has at most {DescriptionMaxLength} characters.")
            .Require(!IsComponent || external == External, "external", "A component is as external as its system; change the system instead.")
            .ThrowIfBroken();
        (Name, Owner, Description, External) = (name!.Trim(), owner?.Trim() ?? "", description?.Trim() ?? "", external);
        UpdatedAt = now;
        Version++;
    }

    /// <summary>A component takes its system's side when the system moves between ours and external.</summary>
    public void FollowSystem(IntegrationSystem system, DateTimeOffset now)
    {
        if (ParentId != system.Id || External == system.External) return;
        External = system.External;
        UpdatedAt = now;
        Version++;
    }
}

/// <summary>
/// An arrow on the map: the provider offers it, the consumer calls or reads it. Provider and consumer are
/// systems or components of the same product and differ. Whether it crosses to an external partner
/// follows from its ends, so it is not stored twice.
/// </summary>
public sealed class IntegrationInterface : IProductOwned
{
    public const int NameMaxLength = 120;
    public const int OwnerMaxLength = 120;
    public const int DescriptionMaxLength = 4000;
    public const int RiskNoteMaxLength = 2000;

    private IntegrationInterface() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid ProviderId { get; private set; }
    public Guid ConsumerId { get; private set; }
    public string Name { get; private set; } = "";
    public InterfaceProtocol Protocol { get; private set; }
    public InterfaceStatus Status { get; private set; }
    public string Owner { get; private set; } = "";
    public string Description { get; private set; } = "";
    public InterfaceRisk Risk { get; private set; }
    public string RiskNote { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public static IntegrationInterface Create(Guid workspaceId, Guid productId, IntegrationSystem provider, IntegrationSystem consumer, string? name,
        InterfaceProtocol protocol, InterfaceStatus status, string? owner, string? description, InterfaceRisk risk, string? riskNote, DateTimeOffset now)
    {
        var face = new IntegrationInterface { Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, CreatedAt = now };
        face.Change(provider, consumer, name, protocol, status, owner, description, risk, riskNote, now);
        face.Version = 1;
        return face;
    }

    public void Change(IntegrationSystem provider, IntegrationSystem consumer, string? name, InterfaceProtocol protocol, InterfaceStatus status,
        string? owner, string? description, InterfaceRisk risk, string? riskNote, DateTimeOffset now)
    {
        Check(name, owner, description, riskNote)
            .Require(provider.ProductId == ProductId, "provider", "The provider belongs to another product.")
            .Require(consumer.ProductId == ProductId, "consumer", "The consumer belongs to another product.")
            .Require(provider.Id != consumer.Id, "consumer", "Provider and consumer are the same; an interface connects two different systems or components.")
            .ThrowIfBroken();
        (ProviderId, ConsumerId, Name, Protocol, Status) = (provider.Id, consumer.Id, name!.Trim(), protocol, status);
        (Owner, Description, Risk, RiskNote) = (owner?.Trim() ?? "", description?.Trim() ?? "", risk, riskNote?.Trim() ?? "");
        UpdatedAt = now;
        Version++;
    }

    /// <summary>The rules of the interface's own text, all at once; a handler reports them before it has the two ends.</summary>
    public static RuleCheck Check(string? name, string? owner, string? description, string? riskNote) => new RuleCheck()
        .Require(!string.IsNullOrWhiteSpace(name) && name.Trim().Length <= NameMaxLength, "name", $"A name has 1 to {NameMaxLength} characters.")
        .Require(owner is null || owner.Trim().Length <= OwnerMaxLength, "owner", $"An owner has at most {OwnerMaxLength} characters.")
        .Require(description is not { Length: > DescriptionMaxLength }, "description", $"A description has at most {DescriptionMaxLength} characters.")
        .Require(riskNote is not { Length: > RiskNoteMaxLength }, "riskNote", $"A risk note has at most {RiskNoteMaxLength} characters.");
}

public enum LinkTarget
{
    Item,
    Adr,
    Debt,
    System,
}

/// <summary>
/// A navigation link of the map: an interface to a backlog item, a decision record or a technical debt,
/// or a decision record to the system or component it shapes. Exactly one subject (interface or record)
/// and one target; links carry no content, so they can be added to a decided record.
/// </summary>
public sealed class IntegrationLink : IProductOwned
{
    private IntegrationLink() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid? InterfaceId { get; private set; }
    /// <summary>The decision record: the subject of a record→system link, or the target of an interface→record link.</summary>
    public Guid? AdrId { get; private set; }
    public Guid? ItemId { get; private set; }
    public Guid? DebtId { get; private set; }
    public Guid? SystemId { get; private set; }
    public LinkTarget Target { get; private set; }
    public Guid CreatedById { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static IntegrationLink FromInterface(IntegrationInterface face, LinkTarget target, Guid targetId, Guid by, DateTimeOffset now)
    {
        if (target == LinkTarget.System) throw new DomainException("target", "An interface already names its systems; link it to an item, a record or a debt.");
        var link = New(face.WorkspaceId, face.ProductId, target, by, now);
        link.InterfaceId = face.Id;
        switch (target)
        {
            case LinkTarget.Item: link.ItemId = targetId; break;
            case LinkTarget.Adr: link.AdrId = targetId; break;
            default: link.DebtId = targetId; break;
        }
        return link;
    }

    public static IntegrationLink FromAdrToSystem(Guid workspaceId, Guid productId, Guid adrId, Guid systemId, Guid by, DateTimeOffset now)
    {
        var link = New(workspaceId, productId, LinkTarget.System, by, now);
        (link.AdrId, link.SystemId) = (adrId, systemId);
        return link;
    }

    private static IntegrationLink New(Guid workspaceId, Guid productId, LinkTarget target, Guid by, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, Target = target, CreatedById = by, CreatedAt = now };
}
