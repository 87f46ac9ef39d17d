using Tandem.Domain.Workspaces;

namespace Tandem.Domain.DecisionRights;

/// <summary>The decision areas of the product brief's table, in its order.</summary>
public enum DecisionArea
{
    ProductVision,
    BacklogOrder,
    AcceptanceCriteria,
    WorkAcceptance,
    FeedbackTriage,
    Estimates,
    TechnicalAssessment,
    Architecture,
    TechnicalDebt,
    NonFunctionalRequirements,
    WorkingAgreements,
    SprintScope,
    Impediments,
    Retrospective,
    Schedule,
    Risks,
    StatusReports,
    Membership,
}

public enum OperationKind
{
    /// <summary>Looking; every member of the product (or only the team, where the operation says so).</summary>
    Read,
    /// <summary>Proposing, commenting, suggesting: the area's contributors and its deciders.</summary>
    Contribute,
    /// <summary>Deciding: only the operation's deciders. Every decision is written to the decision log.</summary>
    Decide,
}

/// <summary>Who is allowed: a set of product roles, and/or the workspace admin.</summary>
public sealed record Holders(IReadOnlyList<Workspaces.Role> Roles, bool WorkspaceAdmin = false)
{
    public bool Includes(Actor actor) =>
        (WorkspaceAdmin && actor.IsWorkspaceAdmin) || Roles.Any(actor.Roles.Contains);
}

/// <summary>The person asking, as the decision rights see them on one product.</summary>
public sealed record Actor(Guid UserId, bool IsWorkspaceAdmin, IReadOnlySet<Workspaces.Role> Roles)
{
    public bool IsMember => Roles.Count > 0;
    public bool IsTeamMember => Roles.Any(r => r.IsTeamRole());
}

/// <summary>
/// A named thing one can do in Tandem. Endpoints and pages name the operation they
/// perform; <see cref="DecisionRightsTable"/> says who may.
/// </summary>
public sealed record Operation(string Name, DecisionArea Area, OperationKind Kind, string Describe, Holders? DecidersOverride = null, string? Instead = null)
{
    public override string ToString() => Name;
}
