using Tandem.Domain.Common;

namespace Tandem.Domain.Dependencies;

/// <summary>
/// Requested until the provider answers; committed when it promises the work (with a date, if it gives one);
/// delivered when it is done. The provider may decline; the needer may cancel. Delivered, declined and
/// cancelled are closed: a closed dependency is never at risk.
/// </summary>
public enum DependencyStatus
{
    Requested,
    Committed,
    Delivered,
    Declined,
    Cancelled,
}

/// <summary>Who provides: one of our teams, one of our products (its teams), or an external party named by text.</summary>
public enum ProviderKind
{
    Team,
    Product,
    External,
}

/// <summary>What kind of external party provides: a partner (a card network), infrastructure, QA, a vendor, something else.</summary>
public enum ExternalKind
{
    Partner,
    Infrastructure,
    Qa,
    Vendor,
    Other,
}

/// <summary>
/// A need of one product (optionally one of its teams) that another team, product or an external party
/// provides by a date. The needing product owns the row: its Technical Project Manager creates and changes
/// it (the schedule's decision); the providing side answers (commits, delivers, declines). For a team or a
/// product the providing side is <see cref="ProviderProductId"/> (a team's home product); for an external
/// party there is none, and the needing product's TPM records the partner's answers, with
/// <see cref="ProviderOwnerId"/> as the internal contact. The at-risk flag and the 85 % forecast of the
/// providing work are stored on the row (<see cref="Assess"/>), so lists and the map read them without forecasting.
/// </summary>
public sealed class Dependency : IProductOwned
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int NameMaxLength = 120;
    public const int NoteMaxLength = 2000;
    public const int ReasonMaxLength = 400;
    public const int MaxItems = 50;

    private Dependency() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    /// <summary>The needing product, whose decision rights govern the dependency.</summary>
    public Guid ProductId { get; private set; }
    public Guid? NeederTeamId { get; private set; }
    public ProviderKind ProviderKind { get; private set; }
    public Guid? ProviderTeamId { get; private set; }
    /// <summary>The providing product: the product named, or the providing team's home product; none for an external party.</summary>
    public Guid? ProviderProductId { get; private set; }
    public string? ExternalName { get; private set; }
    public ExternalKind? ExternalKind { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public DateOnly NeededBy { get; private set; }
    /// <summary>The date the provider committed to (an external party's promise, or a team's when it commits).</summary>
    public DateOnly? ExpectedOn { get; private set; }
    public DependencyStatus Status { get; private set; }
    public Guid NeederOwnerId { get; private set; }
    public Guid ProviderOwnerId { get; private set; }
    /// <summary>The provider's last word: what it committed to, or why it declined; the needer's reason when cancelled.</summary>
    public string? Note { get; private set; }
    public bool AtRisk { get; private set; }
    /// <summary>When the providing work is done at 85 % confidence, from the providing teams' throughput (null without items or history).</summary>
    public DateOnly? ForecastOn { get; private set; }
    /// <summary>Why it is at risk (or why not), in one sentence, with the rule that set the flag.</summary>
    public string RiskReason { get; private set; } = "";
    public DateTimeOffset? AssessedAt { get; private set; }
    public Guid CreatedById { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public bool IsOpen => Status is DependencyStatus.Requested or DependencyStatus.Committed;

    public static Dependency Request(Guid workspaceId, Guid productId, Guid? neederTeamId, Provider provider, string? title, string? description,
        DateOnly neededBy, DateOnly? expectedOn, Guid neederOwnerId, Guid providerOwnerId, Guid by, DateTimeOffset now)
    {
        var dependency = new Dependency
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, Status = DependencyStatus.Requested,
            CreatedById = by, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        dependency.Apply(neederTeamId, provider, title, description, neededBy, expectedOn, neederOwnerId, providerOwnerId);
        return dependency;
    }

    /// <summary>The needing TPM's edit of everything but the status; a provider that changes starts over as requested.</summary>
    public void Change(Guid? neederTeamId, Provider provider, string? title, string? description, DateOnly neededBy, DateOnly? expectedOn,
        Guid neederOwnerId, Guid providerOwnerId, DateTimeOffset now)
    {
        if (!IsOpen) throw new DomainException("status", $"This dependency is {Status.ToString().ToLowerInvariant()}; it changes no more.");
        var samePartner = provider.Kind == ProviderKind && provider.TeamId == ProviderTeamId && provider.ProductId == ProviderProductId
            && string.Equals(provider.ExternalName, ExternalName, StringComparison.OrdinalIgnoreCase);
        Apply(neederTeamId, provider, title, description, neededBy, expectedOn, neederOwnerId, providerOwnerId);
        if (!samePartner) (Status, Note) = (DependencyStatus.Requested, null);
        UpdatedAt = now;
        Version++;
    }

    /// <summary>The provider's answer (or, for an external party, the partner's answer as the needer records it).</summary>
    public void Respond(DependencyStatus status, string? note, DateOnly? expectedOn, DateTimeOffset now)
    {
        var text = (note ?? "").Trim();
        var check = new RuleCheck()
            .Require(status is DependencyStatus.Committed or DependencyStatus.Delivered or DependencyStatus.Declined, "status",
                "The provider commits, delivers or declines; the needer cancels.")
            .Require(IsOpen, "status", $"This dependency is already {Status.ToString().ToLowerInvariant()}.")
            .Require(status != DependencyStatus.Declined || text.Length > 0, "note", "Say why it is declined, so the needer can find another way.")
            .Require(text.Length <= NoteMaxLength, "note", $"A note has at most {NoteMaxLength} characters.");
        check.Require(!(status == DependencyStatus.Committed && Status == DependencyStatus.Committed && expectedOn is null && text.Length == 0), "status",
            "It is already committed; give a new date or a note to change the commitment.");
        check.ThrowIfBroken();
        Status = status;
        if (text.Length > 0 || status == DependencyStatus.Declined) Note = text;
        if (expectedOn is { } on) ExpectedOn = on;
        UpdatedAt = now;
        Version++;
    }

    /// <summary>The needer no longer needs it.</summary>
    public void Cancel(string? reason, DateTimeOffset now)
    {
        var text = (reason ?? "").Trim();
        new RuleCheck()
            .Require(Status is not (DependencyStatus.Delivered or DependencyStatus.Cancelled), "status", $"This dependency is already {Status.ToString().ToLowerInvariant()}.")
            .Require(text.Length <= NoteMaxLength, "note", $"A note has at most {NoteMaxLength} characters.")
            .ThrowIfBroken();
        (Status, UpdatedAt) = (DependencyStatus.Cancelled, now);
        if (text.Length > 0) Note = text;
        Version++;
    }

    /// <summary>
    /// Stores an assessment; true when the dependency has just become at risk (the caller tells both owners).
    /// Changes the row (and its version) only when something changed, so a pass that finds nothing new writes nothing.
    /// </summary>
    public bool Assess(bool atRisk, DateOnly? forecastOn, string reason, DateTimeOffset now)
    {
        var text = reason.Length > ReasonMaxLength ? reason[..ReasonMaxLength] : reason;
        if (!IsOpen) (atRisk, forecastOn) = (false, ForecastOn);
        if (atRisk == AtRisk && forecastOn == ForecastOn && text == RiskReason) return false;
        var became = atRisk && !AtRisk;
        (AtRisk, ForecastOn, RiskReason, AssessedAt) = (atRisk, forecastOn, text, now);
        Version++;
        return became;
    }

    private void Apply(Guid? neederTeamId, Provider provider, string? title, string? description, DateOnly neededBy, DateOnly? expectedOn,
        Guid neederOwnerId, Guid providerOwnerId)
    {
        var (t, d) = ((title ?? "").Trim(), (description ?? "").Trim());
        var name = (provider.ExternalName ?? "").Trim();
        var check = new RuleCheck()
            .Require(t.Length > 0, "title", "Say in a few words what is needed, for example \"Tokenisation API\".")
            .Require(t.Length <= TitleMaxLength, "title", $"A title has at most {TitleMaxLength} characters.")
            .Require(d.Length <= DescriptionMaxLength, "description", $"A description has at most {DescriptionMaxLength} characters.")
            .Require(neededBy != default, "neededBy", "Say when it is needed (YYYY-MM-DD).")
            .Require(neederOwnerId != Guid.Empty, "owners.needer", "Name the owner on the needing side.")
            .Require(providerOwnerId != Guid.Empty, "owners.provider", "Name the owner on the providing side (for an external party, our contact).");
        switch (provider.Kind)
        {
            case ProviderKind.Team:
                check.Require(provider.TeamId is not null && provider.ProductId is not null, "provider.teamId", "Name the providing team.");
                check.Require(provider.TeamId != neederTeamId, "provider.teamId", "A team does not depend on itself.");
                break;
            case ProviderKind.Product:
                check.Require(provider.ProductId is not null, "provider.productKey", "Name the providing product.");
                check.Require(provider.ProductId != ProductId, "provider.productKey", "A product does not depend on itself; name the providing team instead.");
                break;
            default:
                check.Require(name.Length > 0, "provider.externalName", "Name the external party, for example \"Visa\".");
                check.Require(name.Length <= NameMaxLength, "provider.externalName", $"A name has at most {NameMaxLength} characters.");
                check.Require(provider.ExternalKind is not null, "provider.externalKind", "Say what kind of party it is: partner, infrastructure, qa, vendor or other.");
                break;
        }
        check.ThrowIfBroken();
        (NeederTeamId, ProviderKind, Title, Description, NeededBy, ExpectedOn, NeederOwnerId, ProviderOwnerId) =
            (neederTeamId, provider.Kind, t, d, neededBy, expectedOn, neederOwnerId, providerOwnerId);
        var external = provider.Kind == ProviderKind.External;
        ProviderTeamId = provider.Kind == ProviderKind.Team ? provider.TeamId : null;
        ProviderProductId = external ? null : provider.ProductId;
        ExternalName = external ? name : null;
        ExternalKind = external ? provider.ExternalKind : null;
    }
}

/// <summary>The providing side as the needer names it: a team (with its home product), a product, or an external party.</summary>
public sealed record Provider(ProviderKind Kind, Guid? TeamId, Guid? ProductId, string? ExternalName, ExternalKind? ExternalKind);

/// <summary>An item of the providing side's work: its forecast says when the dependency can be met.</summary>
public sealed class DependencyItem : ITenantOwned
{
    private DependencyItem() { }

    public Guid DependencyId { get; private set; }
    public Guid ItemId { get; private set; }
    public Guid WorkspaceId { get; private set; }

    public static DependencyItem Of(Dependency dependency, Guid itemId) => new() { DependencyId = dependency.Id, ItemId = itemId, WorkspaceId = dependency.WorkspaceId };
}
