using Tandem.Domain.Workspaces;
using static Tandem.Domain.Workspaces.Role;

namespace Tandem.Domain.DecisionRights;

/// <summary>One row of the product brief's decision-rights table.</summary>
public sealed record AreaRule(
    DecisionArea Area,
    string Title,
    string DecidesText,
    Holders Decides,
    string ContributesText,
    Holders Contributes);

/// <summary>
/// Who decides what. This file is the product brief's decision-rights table in code: the areas with
/// their deciders and contributors, then every operation attached to an area. Endpoints and Blazor pages
/// all ask <see cref="IsAllowed"/>; the authorization-matrix test is generated
/// from the same data, so the table, the server and the tests cannot drift apart.
/// </summary>
public static class DecisionRightsTable
{
    private static readonly Role[] Team = [ProductOwner, TechLead, ScrumMaster, TechnicalProjectManager, Developer];
    private static readonly Role[] Everyone = [.. Team, Stakeholder];
    private static readonly Holders Nobody = new([]);

    public static readonly IReadOnlyList<AreaRule> Areas =
    [
        //   area                                      title                                                   decides (text)                                     decides                   contributes (text)                                                   contributes
        Row(DecisionArea.ProductVision,             "Product vision, goals, roadmap",                       "Product Owner",                                   [ProductOwner],            "everyone on the team; stakeholders via feedback",                   Team),
        Row(DecisionArea.BacklogOrder,              "Backlog order, business value, MoSCoW/WSJF inputs",    "Product Owner",                                   [ProductOwner],            "Tech Lead (feasibility, risk, estimates), TPM (dates, dependencies), team", Team),
        Row(DecisionArea.AcceptanceCriteria,        "Acceptance criteria",                                  "Product Owner",                                   [ProductOwner],            "team, Tech Lead",                                                   Team),
        Row(DecisionArea.WorkAcceptance,            "Accept / reject finished work",                        "Product Owner",                                   [ProductOwner],            "—",                                                                 []),
        Row(DecisionArea.FeedbackTriage,            "Triage of stakeholder feedback",                       "Product Owner",                                   [ProductOwner],            "everyone",                                                          Everyone),
        Row(DecisionArea.Estimates,                 "Effort estimates",                                     "Developers and Tech Lead; the Tech Lead has the final say", [Developer, TechLead], "Product Owner clarifies",                                        [ProductOwner]),
        Row(DecisionArea.TechnicalAssessment,       "Feasibility, technical risk, technical notes",         "Tech Lead",                                       [TechLead],                "developers",                                                        [Developer]),
        Row(DecisionArea.Architecture,              "Architecture decisions (ADRs), technology choices",    "Tech Lead",                                       [TechLead],                "developers, TPM (cost, time); anyone on the team may propose a record", [Developer, TechnicalProjectManager, ProductOwner, ScrumMaster]),
        Row(DecisionArea.TechnicalDebt,             "Technical-debt register",                              "Tech Lead",                                       [TechLead],                "developers; the Product Owner agrees the capacity share",           [Developer, ProductOwner]),
        Row(DecisionArea.NonFunctionalRequirements, "NFR targets",                                          "Tech Lead sets measurable targets, Product Owner agrees the need", [TechLead, ProductOwner], "team",                                            Team),
        Row(DecisionArea.WorkingAgreements,         "Sprint cadence, events, working agreements",           "Scrum Master",                                    [ScrumMaster],             "team",                                                              Team),
        Row(DecisionArea.SprintScope,               "Sprint scope at planning",                             "Developers (with the Tech Lead)",                 [Developer, TechLead],     "Product Owner (goal), Scrum Master (facilitates)",                  [ProductOwner, ScrumMaster]),
        Row(DecisionArea.Impediments,               "Impediments: resolution and escalation",               "Scrum Master",                                    [ScrumMaster],             "anyone raises one",                                                 Everyone),
        Row(DecisionArea.Retrospective,             "Retrospective",                                        "Scrum Master facilitates; the team owns the actions", [ScrumMaster],         "team",                                                              Team),
        Row(DecisionArea.Schedule,                  "Milestones, schedule, dependencies, budget",           "Technical Project Manager",                       [TechnicalProjectManager], "Tech Lead (sequencing), Product Owner (scope)",                     [TechLead, ProductOwner]),
        Row(DecisionArea.Risks,                     "Risks (RAID)",                                         "Technical Project Manager; each risk has an owner", [TechnicalProjectManager], "anyone raises one",                                                Everyone),
        Row(DecisionArea.StatusReports,             "Status reports to stakeholders",                       "TPM (delivery), Product Owner (product narrative)", [TechnicalProjectManager, ProductOwner], "—",                                              []),
        new(DecisionArea.Membership,                "Membership and role assignment",                       "Workspace admin",                                 new Holders([], WorkspaceAdmin: true), "—",                                      Nobody),
    ];

    public static AreaRule Rule(DecisionArea area) => AreasByKey[area];

    /// <summary>
    /// Who may perform an operation: deciders decide; contributors and deciders contribute; reads are
    /// open to every member (or only the team, for team-only reads) and to the workspace admin.
    /// </summary>
    public static Holders WhoMay(Operation operation) => operation.Kind switch
    {
        OperationKind.Decide => operation.DecidersOverride ?? Rule(operation.Area).Decides,
        OperationKind.Contribute => operation.DecidersOverride ?? Union(Rule(operation.Area).Contributes, Rule(operation.Area).Decides),
        OperationKind.Read => operation.DecidersOverride ?? new Holders(Everyone, WorkspaceAdmin: true),
        _ => Nobody,
    };

    public static bool IsAllowed(Operation operation, Actor actor) => WhoMay(operation).Includes(actor);

    private static readonly Dictionary<DecisionArea, AreaRule> AreasByKey = Areas.ToDictionary(a => a.Area);

    private static AreaRule Row(DecisionArea area, string title, string decidesText, Role[] decides, string contributesText, Role[] contributes) =>
        new(area, title, decidesText, new Holders(decides), contributesText, new Holders(contributes));

    private static Holders Union(Holders a, Holders b) =>
        new(a.Roles.Concat(b.Roles).Distinct().ToList(), a.WorkspaceAdmin || b.WorkspaceAdmin);
}
