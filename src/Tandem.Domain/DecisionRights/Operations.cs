using System.Reflection;
using static Tandem.Domain.DecisionRights.DecisionArea;
using static Tandem.Domain.DecisionRights.OperationKind;
using static Tandem.Domain.Workspaces.Role;

namespace Tandem.Domain.DecisionRights;

/// <summary>
/// Every operation of every decision area. Where an operation's deciders differ from its area's row
/// (the Tech Lead's final say on estimates, the two halves of NFRs and status reports), the override
/// says so here, next to the operation.
/// </summary>
public static class Operations
{
    private static readonly Holders TeamOnly = new([ProductOwner, TechLead, ScrumMaster, TechnicalProjectManager, Developer], WorkspaceAdmin: true);
    private static readonly Holders AnyTeamMember = new([ProductOwner, TechLead, ScrumMaster, TechnicalProjectManager, Developer]);

    public static class Products
    {
        public static readonly Operation Read = new("product.read", ProductVision, OperationKind.Read, "see this product");
        public static readonly Operation ReadDecisionRights = new("decision-rights.read", ProductVision, OperationKind.Read, "see who decides what");
        public static readonly Operation ReadDecisionLog = new("decision-log.read", ProductVision, OperationKind.Read, "read the decision log", TeamOnly);
    }

    public static class Vision
    {
        public static readonly Operation Edit = new("vision.edit", ProductVision, Decide, "change the product vision and goals", Instead: "comment on the vision instead");
        public static readonly Operation EditRoadmap = new("roadmap.edit", ProductVision, Decide, "change the roadmap", Instead: "comment on the roadmap instead");
        public static readonly Operation Comment = new("vision.comment", ProductVision, Contribute, "comment on the vision, goals and roadmap");
    }

    public static class Backlog
    {
        public static readonly Operation Reorder = new("backlog.reorder", BacklogOrder, Decide, "reorder the backlog", Instead: "suggest a change instead");
        public static readonly Operation SetBusinessValue = new("backlog.set-business-value", BacklogOrder, Decide, "set business value and prioritisation inputs", Instead: "suggest a change instead");
        public static readonly Operation AddItem = new("backlog.add-item", BacklogOrder, Contribute, "add items to the backlog");
        public static readonly Operation EditItem = new("backlog.edit-item", BacklogOrder, Contribute, "edit backlog items");
        public static readonly Operation Suggest = new("backlog.suggest", BacklogOrder, Contribute, "suggest a rank or edit to the Product Owner");
        public static readonly Operation DecideSuggestion = new("backlog.decide-suggestion", BacklogOrder, Decide, "accept or decline suggestions");
    }

    public static class AcceptanceCriteria
    {
        public static readonly Operation Edit = new("criteria.edit", DecisionArea.AcceptanceCriteria, Decide, "change acceptance criteria", Instead: "propose a criterion instead");
        public static readonly Operation Propose = new("criteria.propose", DecisionArea.AcceptanceCriteria, Contribute, "propose acceptance criteria");
        public static readonly Operation Tick = new("criteria.tick", DecisionArea.AcceptanceCriteria, Contribute, "tick acceptance criteria as met", AnyTeamMember);
        public static readonly Operation Verify = new("criteria.verify", DecisionArea.AcceptanceCriteria, Decide, "verify acceptance criteria");
    }

    public static class Work
    {
        public static readonly Operation AcceptOrReject = new("work.accept", WorkAcceptance, Decide, "accept or reject finished work", Instead: "mark it done and let the Product Owner decide");

        /// <remarks>The brief has the PO edit the Definitions of Ready and Done "with the team": the PO decides, the team proposes through suggestions and comments.</remarks>
        public static readonly Operation EditDefinitions = new("work.edit-definitions", WorkAcceptance, Decide, "change the Definition of Ready and the Definition of Done");
    }

    public static class Feedback
    {
        public static readonly Operation Submit = new("feedback.submit", FeedbackTriage, Contribute, "submit feedback or a request");
        public static readonly Operation Vote = new("feedback.vote", FeedbackTriage, Contribute, "vote and comment on feedback");
        public static readonly Operation Triage = new("feedback.triage", FeedbackTriage, Decide, "triage feedback", Instead: "vote or comment on it instead");
    }

    public static class Estimation
    {
        public static readonly Operation Estimate = new("estimate.set", Estimates, Decide, "estimate items");
        public static readonly Operation Settle = new("estimate.settle", Estimates, Decide, "set the final estimate where the team disagrees", new Holders([TechLead]), "vote in planning poker instead");
        public static readonly Operation RunPoker = new("estimate.run-poker", Estimates, Decide, "open and reveal planning poker sessions", new Holders([TechLead, ScrumMaster]));
        public static readonly Operation Clarify = new("estimate.clarify", Estimates, Contribute, "clarify items during estimation");
        /// <remarks>A card in planning poker is a contribution to the estimate, not the decision, so it is not logged; the estimate the session reaches is.</remarks>
        public static readonly Operation Vote = new("estimate.vote", Estimates, Contribute, "vote in planning poker", new Holders([Developer, TechLead]));
        /// <remarks>Revealing the cards, calling a re-vote or moving on runs the session; what it decides (opening, the estimates, closing) is <see cref="RunPoker"/> and logged.</remarks>
        public static readonly Operation Facilitate = new("estimate.facilitate", Estimates, Contribute, "reveal, re-vote and move on in planning poker", new Holders([TechLead, ScrumMaster]));
    }

    public static class Technical
    {
        public static readonly Operation Assess = new("assessment.set", TechnicalAssessment, Decide, "set feasibility, technical risk and technical notes", Instead: "comment on the assessment instead");
        public static readonly Operation Comment = new("assessment.comment", TechnicalAssessment, Contribute, "comment on technical assessments");
        public static readonly Operation RaiseDisagreement = new("technical.raise-disagreement", TechnicalAssessment, Contribute, "raise a technical disagreement", AnyTeamMember);
        public static readonly Operation ResolveDisagreement = new("technical.resolve-disagreement", TechnicalAssessment, Decide, "resolve a technical disagreement");
    }

    public static class ArchitectureDecisions
    {
        public static readonly Operation Propose = new("adr.propose", DecisionArea.Architecture, Contribute, "propose architecture decision records");
        public static readonly Operation Decide = new("adr.decide", DecisionArea.Architecture, OperationKind.Decide, "accept, reject or supersede architecture decisions", Instead: "propose or comment instead");
        public static readonly Operation ScoreEvaluation = new("evaluation.score", DecisionArea.Architecture, Contribute, "score technology evaluations");
        public static readonly Operation DecideEvaluation = new("evaluation.decide", DecisionArea.Architecture, OperationKind.Decide, "decide technology evaluations");
    }

    /// <remarks>
    /// Changing the integration map is an architecture decision: the Tech Lead edits it (systems, components,
    /// interfaces and their links); the rest of the team reads it and contributes through decision records
    /// and their links, which <see cref="ArchitectureDecisions.Propose"/> covers.
    /// </remarks>
    public static class Integration
    {
        public static readonly Operation Edit = new("integration.edit", DecisionArea.Architecture, Decide, "change the integration map", Instead: "propose the change as a decision record instead");
    }

    /// <remarks>
    /// Issue 16, ADR 36: connecting a repository (GitHub or GitLab) to a product chooses how the team's code reaches
    /// its items, a technology choice that is the Tech Lead's; the Product Owner may too, because the connection can
    /// move merged work to done, which is the product's workflow. The connection's secret is the team's to read about,
    /// never shown again after it is made. Each delivery acts as the person who connected it (linking needs
    /// <see cref="Backlog.EditItem"/>, as moving an item to done does).
    /// </remarks>
    public static class Repositories
    {
        public static readonly Operation Connect = new("repository.connect", DecisionArea.Architecture, Decide, "connect and disconnect GitHub and GitLab repositories",
            new Holders([TechLead, ProductOwner]), "ask the Tech Lead or the Product Owner to connect it");
        public static readonly Operation Read = new("repository.read", DecisionArea.Architecture, OperationKind.Read, "see the product's repository connections", TeamOnly);
    }

    public static class Debt
    {
        public static readonly Operation Propose = new("debt.propose", TechnicalDebt, Contribute, "propose technical debt");
        public static readonly Operation Register = new("debt.register", TechnicalDebt, Decide, "register and change technical debt", Instead: "propose it instead");
        public static readonly Operation ProposeCapacityShare = new("debt.propose-capacity", TechnicalDebt, Decide, "propose the debt capacity share", new Holders([TechLead, ProductOwner]));
        public static readonly Operation AgreeCapacityShare = new("debt.agree-capacity", TechnicalDebt, Decide, "agree the debt capacity share", new Holders([ProductOwner, TechLead]));
    }

    public static class Nfrs
    {
        public static readonly Operation Propose = new("nfr.propose", NonFunctionalRequirements, Contribute, "propose non-functional requirements");
        public static readonly Operation SetTarget = new("nfr.set-target", NonFunctionalRequirements, Decide, "set NFR targets", new Holders([TechLead]), "propose a target instead");
        public static readonly Operation AgreeNeed = new("nfr.agree-need", NonFunctionalRequirements, Decide, "agree the need for an NFR", new Holders([ProductOwner]));
        public static readonly Operation Verify = new("nfr.verify", NonFunctionalRequirements, Decide, "record NFR verification results", new Holders([TechLead]));
    }

    public static class Process
    {
        /// <remarks>The team's rhythm (cadence, focus factor, stand-up cut-off, time zone), its board's workflow and WIP limits, its events and its working agreements.</remarks>
        public static readonly Operation Edit = new("process.edit", WorkingAgreements, Decide, "change the sprint cadence, events and working agreements", Instead: "suggest a change instead");
        public static readonly Operation Suggest = new("process.suggest", WorkingAgreements, Contribute, "suggest process changes");
        public static readonly Operation PostStandUp = new("process.stand-up", WorkingAgreements, Contribute, "post stand-up updates", AnyTeamMember);
        /// <remarks>Days off are each person's own to record (or the Scrum Master's for them): a fact, not a decision.</remarks>
        public static readonly Operation RecordAvailability = new("process.availability", WorkingAgreements, Contribute, "record days off", AnyTeamMember);
        /// <remarks>Health-check answers are anonymous and never shown per person.</remarks>
        public static readonly Operation AnswerHealthCheck = new("process.health-check", WorkingAgreements, Contribute, "answer the team health check", AnyTeamMember);
        public static readonly Operation DismissHint = new("process.dismiss-hint", WorkingAgreements, Decide, "dismiss coach hints");
    }

    public static class Sprints
    {
        /// <remarks>Planning, starting and closing a sprint runs the team's cadence; what goes into it is <see cref="CommitScope"/>.</remarks>
        public static readonly Operation Run = new("sprint.run", WorkingAgreements, Decide, "plan, start and close sprints", Instead: "ask the Scrum Master");
        /// <remarks>The review's record (goal met, notes) is the Scrum Master's as facilitator, with the Product Owner, who accepts the increment.</remarks>
        public static readonly Operation Review = new("sprint.review", WorkingAgreements, Decide, "record the sprint review", new Holders([ScrumMaster, ProductOwner]));
        public static readonly Operation CommitScope = new("sprint.commit-scope", SprintScope, Decide, "decide the sprint scope", Instead: "ask the developers with a scope-change request instead");
        public static readonly Operation ProposeGoal = new("sprint.propose-goal", SprintScope, Contribute, "propose the sprint goal", new Holders([ProductOwner]));
        /// <remarks>Anyone may ask for a running sprint's scope to change, stakeholders included; nobody may force it.</remarks>
        public static readonly Operation RequestScopeChange = new("sprint.request-scope-change", SprintScope, Contribute, "ask for a change to a running sprint's scope",
            new Holders([ProductOwner, TechLead, ScrumMaster, TechnicalProjectManager, Developer, Stakeholder]));
        /// <remarks>Moving cards is doing the work, not deciding it; the Product Owner accepts work through the acceptance decision instead.</remarks>
        public static readonly Operation MoveCard = new("sprint.move-card", SprintScope, Contribute, "move cards on the board and flag them blocked", new Holders([Developer, TechLead, ScrumMaster]));
    }

    /// <remarks>Issue 10: anyone raises an impediment; the Scrum Master works on it, resolves it or escalates it to the TPM.</remarks>
    public static class ImpedimentLog
    {
        public static readonly Operation Raise = new("impediment.raise", DecisionArea.Impediments, Contribute, "raise impediments");
        public static readonly Operation Resolve = new("impediment.resolve", DecisionArea.Impediments, Decide, "work on, resolve and escalate impediments", Instead: "raise another impediment or tell the Scrum Master instead");
    }

    /// <remarks>
    /// Disagreements go to whoever decides their area (issue 10); technical ones stay with
    /// <see cref="Technical.ResolveDisagreement"/>, and raising any of them is <see cref="Technical.RaiseDisagreement"/>.
    /// </remarks>
    public static class Disagreements
    {
        public static readonly Operation ResolveProduct = new("disagreement.resolve-product", BacklogOrder, Decide, "resolve disagreements about priority and scope");
        public static readonly Operation ResolveDelivery = new("disagreement.resolve-delivery", Schedule, Decide, "resolve disagreements about dates and dependencies");
        public static readonly Operation ResolveProcess = new("disagreement.resolve-process", WorkingAgreements, Decide, "resolve disagreements about process and working agreements");
    }

    public static class Retrospectives
    {
        /// <remarks>Starting a retrospective and moving it through its phases is the Scrum Master's; what the team writes and decides to do is the team's.</remarks>
        public static readonly Operation Facilitate = new("retro.facilitate", Retrospective, Decide, "start retrospectives and move them through their phases", Instead: "write cards and vote instead");
        public static readonly Operation Contribute = new("retro.contribute", Retrospective, OperationKind.Contribute, "write, group and vote on retrospective cards");
        /// <remarks>The team owns the actions: anyone on it adds them, takes them on, converts them and marks them done, not done or dropped.</remarks>
        public static readonly Operation OwnActions = new("retro.own-actions", Retrospective, OperationKind.Contribute, "add and follow up retrospective actions");
    }

    public static class Delivery
    {
        public static readonly Operation EditSchedule = new("schedule.edit", Schedule, Decide, "change milestones, the schedule, dependencies or the budget", Instead: "suggest a change instead");
        public static readonly Operation SuggestSchedule = new("schedule.suggest", Schedule, Contribute, "suggest sequencing or scope changes to the schedule");
    }

    public static class Raid
    {
        public static readonly Operation Raise = new("risk.raise", Risks, Contribute, "raise risks");
        public static readonly Operation Manage = new("risk.manage", Risks, Decide, "assess, assign and close risks", Instead: "raise or comment instead");
    }

    public static class Reports
    {
        public static readonly Operation PublishDelivery = new("report.delivery", StatusReports, Decide, "publish delivery status reports", new Holders([TechnicalProjectManager]));
        public static readonly Operation WriteNarrative = new("report.narrative", StatusReports, Decide, "write the product narrative of status reports", new Holders([ProductOwner]));
    }

    public static class Members
    {
        public static readonly Operation AssignRoles = new("membership.assign-roles", Membership, Decide, "assign and remove roles");
        public static readonly Operation CreateProduct = new("membership.create-product", Membership, Decide, "create and rename products");
        public static readonly Operation InvitePeople = new("membership.invite", Membership, Decide, "add and remove people in the workspace");
        public static readonly Operation AccessTokenPolicy = new("membership.token-policy", Membership, Decide, "set how long personal access tokens may live");
        /// <remarks>Teams are the workspace's: the admin creates them and sets who is on them; the Scrum Master of the home product runs them.</remarks>
        public static readonly Operation ManageTeams = new("membership.teams", Membership, Decide, "create teams and change their members and products");
    }

    /// <remarks>
    /// Issue 11, cross-team dependencies: the needing product's TPM creates and changes a dependency
    /// (<see cref="Delivery.EditSchedule"/>); the providing side answers it. That answer is a decision of the
    /// providing product (a team's home product), so it is logged there, and it is its Technical Project Manager's
    /// (the date) or Tech Lead's (the engineering work); an external party's answer is recorded by the needing
    /// product's TPM under <see cref="Delivery.EditSchedule"/>.
    /// </remarks>
    public static class Dependencies
    {
        public static readonly Operation Respond = new("dependency.respond", Schedule, Decide, "commit to, deliver or decline what another team needs",
            new Holders([TechnicalProjectManager, TechLead]), "tell the providing team's Tech Lead or Technical Project Manager instead");
    }

    /// <remarks>
    /// Issue 11, status reports: a draft shows live data and narratives still being written, so it is the team's;
    /// stakeholders read published reports only (through <see cref="Products.Read"/>).
    /// </remarks>
    public static class StatusReportDrafts
    {
        public static readonly Operation Read = new("report.read-draft", StatusReports, OperationKind.Read, "read draft status reports", TeamOnly);
    }

    /// <remarks>
    /// Issue 11: the gates before a milestone each have their own decider, so each is an operation. The design
    /// and security reviews are the Tech Lead's (architecture); QA sign-off is the Tech Lead's or a developer's
    /// (Tandem has no QA role, and the developers test); the go/no-go is the Technical Project Manager's
    /// (schedule). Anyone on the team ticks a gate's checklist.
    /// </remarks>
    public static class Gates
    {
        public static readonly Operation DesignReview = new("gate.design-review", DecisionArea.Architecture, Decide, "decide the design review gate", new Holders([TechLead]));
        public static readonly Operation QaSignOff = new("gate.qa-sign-off", DecisionArea.Architecture, Decide, "decide the QA sign-off gate", new Holders([TechLead, Developer]));
        public static readonly Operation SecurityReview = new("gate.security-review", DecisionArea.Architecture, Decide, "decide the security review gate", new Holders([TechLead]));
        public static readonly Operation GoNoGo = new("gate.go-no-go", Schedule, Decide, "decide the go/no-go gate", new Holders([TechnicalProjectManager]));
        public static readonly Operation TickChecklist = new("gate.checklist", Schedule, Contribute, "tick a gate's checklist", AnyTeamMember);
    }

    /// <remarks>
    /// Issue 11: in a scope–date trade-off the Product Owner decides which items leave the milestone (the
    /// what), while the date side stays <see cref="Delivery.EditSchedule"/> (the TPM's when).
    /// </remarks>
    public static class TradeOffs
    {
        public static readonly Operation DecideScope = new("trade-off.scope", BacklogOrder, Decide, "decide which items leave a milestone in a trade-off", Instead: "propose options in the trade-off instead");
    }

    /// <remarks>
    /// Issue 13: the security audit (sign-in failures, lockouts, tokens, roles, people; ADR 0027) names who
    /// signed in from where across the whole workspace, so only the workspace admin reads it; product roles do not.
    /// </remarks>
    public static class Security
    {
        public static readonly Operation Audit = new("security.audit", Membership, OperationKind.Read, "read the workspace's security events",
            new Holders([], WorkspaceAdmin: true));
    }

    /// <remarks>
    /// Issue 16: outgoing webhooks send the product's events to another system, so subscribing one is the Product
    /// Owner's decision (the workspace admin may too, for the workspace's integrations); it is logged. Reading the
    /// subscriptions and their delivery log, redelivering and pinging are the same people's, and not decisions.
    /// </remarks>
    public static class Webhooks
    {
        private static readonly Holders Owners = new([ProductOwner], WorkspaceAdmin: true);
        public static readonly Operation Manage = new("webhook.manage", ProductVision, Decide, "subscribe, change and remove webhooks", Owners, "ask the Product Owner");
        public static readonly Operation Read = new("webhook.read", ProductVision, OperationKind.Read, "see the product's webhooks and their deliveries", Owners);
        public static readonly Operation Deliver = new("webhook.deliver", ProductVision, Contribute, "redeliver webhook events and send a test ping", Owners);
    }

    /// <summary>Every operation above, found once by reflection so a new one cannot be left out of the matrix test.</summary>
    /// <remarks>
    /// Lazy on purpose: the nested classes read this class's static fields while they initialise, and an
    /// eager list here would read their fields mid-initialisation and see nulls.
    /// </remarks>
    public static IReadOnlyList<Operation> All => AllOperations.Value;

    private static readonly Lazy<IReadOnlyList<Operation>> AllOperations = new(() => typeof(Operations)
        .GetNestedTypes()
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => f.FieldType == typeof(Operation))
        .Select(f => (Operation)f.GetValue(null)!)
        .ToList());

    public static Operation? Find(string name) => All.FirstOrDefault(o => o.Name == name);
}
