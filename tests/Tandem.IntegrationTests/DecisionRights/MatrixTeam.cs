using Tandem.Application.Common;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Workspaces;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.DecisionRights;

/// <summary>
/// A fresh product created by the admin with one throwaway person per role, a same-workspace person
/// with no role on it, and a person to act on. Built once per app fixture; the matrix tests only read it.
/// </summary>
public sealed class MatrixTeam
{
    public const string WorkspaceAdmin = "WorkspaceAdmin";
    public const string NonMember = "NonMember";
    public const string OtherWorkspace = "OtherWorkspace";

    /// <summary>Every actor of the matrix: each role, the workspace admin (no role), a non-member, another workspace's user.</summary>
    public static IReadOnlyList<string> Actors { get; } =
        [.. Enum.GetNames<Role>(), WorkspaceAdmin, NonMember, OtherWorkspace];

    private readonly Dictionary<string, (string Email, string Password)> _credentials = [];

    private MatrixTeam(string productKey, Guid targetUserId)
    {
        ProductKey = productKey;
        TargetUserId = targetUserId;
    }

    public string ProductKey { get; }
    public Guid TargetUserId { get; }
    public string ItemKey { get; private set; } = "";
    public Guid SuggestionId { get; private set; }
    public Guid AdrId { get; private set; }
    public Guid DebtId { get; private set; }
    public Guid NfrId { get; private set; }
    public Guid ReleaseId { get; private set; }
    public Guid EvaluationId { get; private set; }
    public Guid OptionId { get; private set; }
    public Guid CriterionId { get; private set; }
    public Guid DisagreementId { get; private set; }
    public Guid SystemId { get; private set; }
    public Guid ComponentId { get; private set; }
    public Guid InterfaceId { get; private set; }
    public Guid LinkAdrId { get; private set; }
    public Guid ImportId { get; private set; }
    public Guid WebhookId { get; private set; }
    public RequestContext Context => new(ProductKey, TargetUserId, ItemKey, SuggestionId, AdrId)
    {
        DebtId = DebtId, NfrId = NfrId, ReleaseId = ReleaseId, EvaluationId = EvaluationId, OptionId = OptionId, CriterionId = CriterionId, DisagreementId = DisagreementId,
        SystemId = SystemId, ComponentId = ComponentId, InterfaceId = InterfaceId, LinkAdrId = LinkAdrId, PokerId = PokerId,
        TeamId = TeamId,
        SprintId = SprintId, ScopeRequestId = ScopeRequestId,
        RetroId = RetroId, RetroCardId = RetroCardId, RetroActionId = RetroActionId, AgreementId = AgreementId, HealthRoundId = HealthRoundId,
        // Stand-ups, impediments, calendar and disagreements on sprints (issue 10).
        StandupEntryId = StandupEntryId, ImpedimentId = ImpedimentId, EventId = EventId, DisagreementSprintId = DisagreementSprintId,
        BoardSprintId = BoardSprintId, BoardColumnId = BoardColumnId,
        // ---- Issue 11, dependencies.
        DependencyId = DependencyId,
        // ---- Issue 11, status reports.
        StatusReportId = StatusReportId,
        // ---- Issue 11, the RAID log.
        RiskId = RiskId, AssumptionId = AssumptionId, RaidIssueId = RaidIssueId,
        // ---- Issue 11, milestones and trade-offs.
        MilestoneId = MilestoneId, GateId = GateId, GateLineId = GateLineId, TradeOffId = TradeOffId,
        // Issue 11, capacity.
        AllocationId = AllocationId,
        // ---- Issue 11, the schedule.
        ScheduleLinkId = ScheduleLinkId,
        // Issue 16, imports.
        ImportId = ImportId,
        WebhookId = WebhookId,
    };
    // ---- Issue 11, milestones and trade-offs.
    public Guid MilestoneId { get; private set; }
    public Guid GateId { get; private set; }
    public Guid GateLineId { get; private set; }
    public Guid TradeOffId { get; private set; }
    public Guid ScheduleLinkId { get; private set; }
    public Guid RetroId { get; private set; }
    public Guid RetroCardId { get; private set; }
    public Guid RetroActionId { get; private set; }
    public Guid AgreementId { get; private set; }
    public Guid HealthRoundId { get; private set; }
    public Guid StandupEntryId { get; private set; }
    public Guid ImpedimentId { get; private set; }
    public Guid EventId { get; private set; }
    public Guid DisagreementSprintId { get; private set; }
    public Guid TeamId { get; private set; }
    public Guid PokerId { get; private set; }
    // Sprints: a planned sprint with a goal, and a pending scope-change request on a running one.
    public Guid SprintId { get; private set; }
    public Guid ScopeRequestId { get; private set; }

    // ---- Issue 10, the board: a planned sprint of its own on the matrix team (the sprints area adds SprintId).
    public Guid BoardSprintId { get; private set; }
    public Guid BoardColumnId { get; private set; }

    // ---- Issue 11, dependencies: a requested dependency of the product on its own team.
    public Guid DependencyId { get; private set; }
    // ---- Issue 11, status reports: a published report of the matrix product.
    public Guid StatusReportId { get; private set; }
    // ---- Issue 11, the RAID log: a risk, an open assumption and an open issue raised by the developer.
    public Guid RiskId { get; private set; }
    public Guid AssumptionId { get; private set; }
    public Guid RaidIssueId { get; private set; }
    // ---- Issue 11, capacity: an allocation of the target person on the product, planned by the matrix TPM.
    public Guid AllocationId { get; private set; }

    public static async Task<MatrixTeam> CreateAsync(TandemApp app)
    {
        var key = await app.CreateProductAsync("Authorization matrix");
        var target = await app.CreatePersonAsync("Matrix target");
        var team = new MatrixTeam(key, target.Id);
        var memberIds = new List<Guid>();
        foreach (var role in Enum.GetValues<Role>())
        {
            var person = await app.CreatePersonAsync($"Matrix {role}");
            await app.AssignAsync(key, person.Id, EnumText.Slug(role));
            team._credentials[role.ToString()] = (person.Email, person.Password);
            memberIds.Add(person.Id);
        }
        var outsider = await app.CreatePersonAsync("Matrix non-member");
        team._credentials[NonMember] = (outsider.Email, outsider.Password);
        team._credentials[WorkspaceAdmin] = (TandemApp.Admin, TandemApp.DemoPassword);
        team._credentials[OtherWorkspace] = (TandemApp.GlobexPo, TandemApp.DemoPassword);

        // An item and an open suggestion on it, for the item-scoped endpoints.
        using var developer = await team.SignInAsync(app, nameof(Role.Developer));
        var item = await (await developer.PostAsJsonAsync($"/api/v1/products/{key}/items", new { type = "story", title = "Matrix item" })).Content.ReadFromJsonAsync<JsonObject>();
        team.ItemKey = item!["key"]!.GetValue<string>();
        var suggestion = await (await developer.PostAsJsonAsync($"/api/v1/items/{team.ItemKey}/suggestions", new { kind = "rank", position = "top" })).Content.ReadFromJsonAsync<JsonObject>();
        team.SuggestionId = suggestion!["id"]!.GetValue<Guid>();
        var adr = await (await developer.PostAsJsonAsync($"/api/v1/products/{key}/adrs", new { title = "Matrix record", context = "c", decision = "d", consequences = "q" })).Content.ReadFromJsonAsync<JsonObject>();
        team.AdrId = adr!["id"]!.GetValue<Guid>();

        // A registered debt, for the debt-scoped endpoints.
        using var techLead = await team.SignInAsync(app, nameof(Role.TechLead));
        var debt = await (await techLead.PostAsJsonAsync($"/api/v1/products/{key}/debt", new { title = "Matrix debt", kind = "code", principal = 1, interest = 1 })).Content.ReadFromJsonAsync<JsonObject>();
        team.DebtId = debt!["id"]!.GetValue<Guid>();

        // An NFR and a release, for the NFR- and release-scoped endpoints.
        var nfr = await (await developer.PostAsJsonAsync($"/api/v1/products/{key}/nfrs", new { category = "performance", statement = "Matrix quality", metric = "p95 latency" })).Content.ReadFromJsonAsync<JsonObject>();
        team.NfrId = nfr!["id"]!.GetValue<Guid>();
        using var tpm = await team.SignInAsync(app, nameof(Role.TechnicalProjectManager));
        var release = await (await tpm.PostAsJsonAsync($"/api/v1/products/{key}/releases", new { name = "Matrix 1", plannedOn = "2026-12-15" })).Content.ReadFromJsonAsync<JsonObject>();
        team.ReleaseId = release!["id"]!.GetValue<Guid>();
        // An open evaluation and an open disagreement, for their endpoints.
        var evaluation = await (await developer.PostAsJsonAsync($"/api/v1/products/{key}/evaluations", new { question = "Matrix evaluation?", options = new[] { new { name = "Matrix option" } }, criteria = new[] { new { name = "Fit", weight = 5 } } })).Content.ReadFromJsonAsync<JsonObject>();
        team.EvaluationId = evaluation!["id"]!.GetValue<Guid>();
        team.OptionId = evaluation["options"]![0]!["id"]!.GetValue<Guid>();
        team.CriterionId = evaluation["criteria"]![0]!["id"]!.GetValue<Guid>();
        var disagreement = await (await developer.PostAsJsonAsync($"/api/v1/items/{team.ItemKey}/disagreements", new { concern = "Matrix concern" })).Content.ReadFromJsonAsync<JsonObject>();
        team.DisagreementId = disagreement!["id"]!.GetValue<Guid>();
        // A system with a component and an interface between them, and a record that stays proposed, for the map and link endpoints.
        var system = await (await techLead.PostAsJsonAsync($"/api/v1/products/{key}/systems", new { name = "Matrix system" })).Content.ReadFromJsonAsync<JsonObject>();
        team.SystemId = system!["id"]!.GetValue<Guid>();
        var component = await (await techLead.PostAsJsonAsync($"/api/v1/systems/{team.SystemId}/components", new { name = "Matrix component" })).Content.ReadFromJsonAsync<JsonObject>();
        team.ComponentId = component!["id"]!.GetValue<Guid>();
        var face = await (await techLead.PostAsJsonAsync($"/api/v1/products/{key}/interfaces", new { name = "Matrix interface", providerId = team.SystemId, consumerId = team.ComponentId, protocol = "rest" })).Content.ReadFromJsonAsync<JsonObject>();
        team.InterfaceId = face!["id"]!.GetValue<Guid>();
        var linkAdr = await (await developer.PostAsJsonAsync($"/api/v1/products/{key}/adrs", new { title = "Matrix links record", context = "c", decision = "d", consequences = "q" })).Content.ReadFromJsonAsync<JsonObject>();
        team.LinkAdrId = linkAdr!["id"]!.GetValue<Guid>();
        // An open planning-poker session over the item, for the session-scoped endpoints.
        var poker = await (await techLead.PostAsJsonAsync($"/api/v1/products/{key}/poker", new { items = new[] { team.ItemKey } })).Content.ReadFromJsonAsync<JsonObject>();
        team.PokerId = poker!["id"]!.GetValue<Guid>();
        // A team on the product with every role holder on it, for the team-, sprint- and board-scoped endpoints.
        using var admin = await team.SignInAsync(app, WorkspaceAdmin);
        var created = await admin.PostAsJsonAsync("/api/v1/teams", new
        {
            // A zone where it is morning now: its stand-up (cut-off 23:59 below) is open whenever the suite runs. In
            // Europe/Berlin it closed at 22:59 UTC (winter), and every test built on this team failed for that minute.
            name = $"Matrix team {key}", productKey = key, timeZone = Standups.ScrumTestData.ZoneBeforeCutoff(),
            members = memberIds.Select(id => new { userId = id, allocationPercent = 100 }),
        });
        team.TeamId = (await Expect.Status(HttpStatusCode.Created, created))!["id"]!.GetValue<Guid>();
        // Sprints: a planned sprint with a goal (SprintId), and a running one with a pending request to remove the item.
        using var scrumMaster = await team.SignInAsync(app, nameof(Role.ScrumMaster));
        var planned = await scrumMaster.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/sprints", new { name = "Matrix sprint", goal = "Matrix goal", start = "2099-01-05", end = "2099-01-18" });
        team.SprintId = (await Expect.Status(HttpStatusCode.Created, planned))!["id"]!.GetValue<Guid>();
        var running = await scrumMaster.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/sprints", new { name = "Matrix running sprint", start = "2099-02-02", end = "2099-02-15" });
        var runningId = (await Expect.Status(HttpStatusCode.Created, running))!["id"]!.GetValue<Guid>();
        await Expect.Status(HttpStatusCode.OK, await developer.PostAsJsonAsync($"/api/v1/sprints/{runningId}/items", new { itemKey = team.ItemKey }));
        await Expect.Status(HttpStatusCode.OK, await scrumMaster.PostAsync($"/api/v1/sprints/{runningId}/start", null));
        using var productOwner = await team.SignInAsync(app, nameof(Role.ProductOwner));
        var asked = await productOwner.PostAsJsonAsync($"/api/v1/sprints/{runningId}/scope-requests", new { itemKey = team.ItemKey, kind = "remove", reason = "Matrix request" });
        team.ScopeRequestId = (await Expect.Status(HttpStatusCode.OK, asked))!["id"]!.GetValue<Guid>();

        // Retrospectives: an earlier one taken to its discussion with an action, then the current one in the write
        // phase with a card; an adopted working agreement and an open health check, for their endpoints.
        using var sm = await team.SignInAsync(app, nameof(Role.ScrumMaster));
        var earlier = (await Expect.Status(HttpStatusCode.Created, await sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/retros", new { title = "Matrix earlier retro" })))!;
        foreach (var phase in new[] { "group", "vote", "discuss" })
            await Expect.Status(HttpStatusCode.OK, await sm.PostAsJsonAsync($"/api/v1/retros/{earlier["id"]}/phase", new { phase }));
        var action = await Expect.Status(HttpStatusCode.Created, await sm.PostAsJsonAsync($"/api/v1/retros/{earlier["id"]}/actions", new { text = "Matrix retro action" }));
        team.RetroActionId = action!["id"]!.GetValue<Guid>();
        var retro = (await Expect.Status(HttpStatusCode.Created, await sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/retros", new { title = "Matrix retro" })))!;
        team.RetroId = retro["id"]!.GetValue<Guid>();
        var withCard = await Expect.Status(HttpStatusCode.OK, await developer.PostAsJsonAsync($"/api/v1/retros/{team.RetroId}/cards", new { column = "Start", text = "Matrix card" }));
        team.RetroCardId = withCard!["cards"]![0]!["id"]!.GetValue<Guid>();
        var agreement = await Expect.Status(HttpStatusCode.Created, await sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/agreements", new { text = "Matrix agreement" }));
        team.AgreementId = agreement!["id"]!.GetValue<Guid>();
        var round = await Expect.Status(HttpStatusCode.Created, await sm.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/health-checks", new { dimensions = (string[])["fun", "pace"] }));
        team.HealthRoundId = round!["id"]!.GetValue<Guid>();

        // Issue 10: a stand-up answer with a blocker (the cut-off moved to the end of the day), an open impediment,
        // a scheduled event and a sprint, for the stand-up, impediment, calendar and sprint-disagreement endpoints.
        await Expect.Status(HttpStatusCode.OK, await scrumMaster.PutAsJsonAsync($"/api/v1/teams/{team.TeamId}/rhythm", new { standupCutoff = "23:59" }));
        var entry = await Expect.Status(HttpStatusCode.OK, await developer.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/standups",
            new { yesterday = "Matrix", today = "Matrix", blockers = "Matrix blocker", itemKeys = new[] { team.ItemKey } }));
        team.StandupEntryId = entry!["id"]!.GetValue<Guid>();
        var impediment = await Expect.Status(HttpStatusCode.Created, await developer.PostAsJsonAsync($"/api/v1/products/{key}/impediments",
            new { title = "Matrix impediment", itemKeys = new[] { team.ItemKey }, teamId = team.TeamId }));
        team.ImpedimentId = impediment!["id"]!.GetValue<Guid>();
        // Issue 16: a finished dry-run import, for the job endpoint.
        using (var started = await Imports.JiraImportTests.PostAsync(productOwner, key, "Issue key,Summary\nJRA-1,Matrix\n"u8.ToArray(), dryRun: true))
            team.ImportId = (await Expect.Status(HttpStatusCode.Accepted, started))!["id"]!.GetValue<Guid>();
        // Issue 16: a webhook of the product, to a closed port, for the webhook endpoints.
        var webhook = await Expect.Status(HttpStatusCode.Created, await productOwner.PostAsJsonAsync($"/api/v1/products/{key}/webhooks",
            new { url = "http://127.0.0.1:9/matrix", events = (string[])["release.published"] }));
        team.WebhookId = webhook!["id"]!.GetValue<Guid>();
        var scheduled = await Expect.Status(HttpStatusCode.Created, await scrumMaster.PostAsJsonAsync($"/api/v1/teams/{team.TeamId}/events",
            new { kind = "standup", title = "Matrix stand-up", date = "2027-01-04", start = "09:30", durationMinutes = 15, recurrence = "weekdays" }));
        team.EventId = scheduled!["id"]!.GetValue<Guid>();
        team.DisagreementSprintId = await Standups.ScrumTestData.PlanSprintAsync(app, team.TeamId, new DateOnly(2027, 1, 4), new DateOnly(2027, 1, 15), "Matrix sprint");
        var teamJson = (await Expect.Status(HttpStatusCode.OK, await admin.GetAsync($"/api/v1/teams/{team.TeamId}")))!;
        // ---- Issue 10, the board: a planned sprint with the item's card, and the board's first column.
        team.BoardSprintId = await Board.BoardSprints.CreateAsync(app, team.TeamId, [team.ItemKey], active: false);
        team.BoardColumnId = teamJson["columns"]![0]!["id"]!.GetValue<Guid>();
        // ---- Issue 11, dependencies: the TPM records what the product needs from its own team.
        var dependency = await Expect.Status(HttpStatusCode.Created, await tpm.PostAsJsonAsync("/api/v1/dependencies", new
        {
            needingProduct = key, provider = new { kind = "team", teamId = team.TeamId }, title = "Matrix dependency", neededBy = "2099-06-01",
            owners = new { provider = target.Id },
        }));
        team.DependencyId = dependency!["id"]!.GetValue<Guid>();
        // ---- Issue 11, status reports: the TPM starts and publishes one, so every read answers and every write is refused or 409.
        var report = await Expect.Status(HttpStatusCode.Created, await tpm.PostAsync($"/api/v1/products/{key}/status-reports", null));
        team.StatusReportId = report!["id"]!.GetValue<Guid>();
        await Expect.Status(HttpStatusCode.OK, await tpm.PostAsync($"/api/v1/status-reports/{team.StatusReportId}/publish", null));
        // ---- Issue 11, the RAID log: a risk, an open assumption and an open issue, for their endpoints.
        team.RiskId = (await Expect.Status(HttpStatusCode.Created, await developer.PostAsJsonAsync($"/api/v1/products/{key}/risks", new { title = "Matrix risk", probability = 3, impact = 3 })))!["id"]!.GetValue<Guid>();
        team.AssumptionId = (await Expect.Status(HttpStatusCode.Created, await developer.PostAsJsonAsync($"/api/v1/products/{key}/assumptions", new { statement = "Matrix assumption" })))!["id"]!.GetValue<Guid>();
        team.RaidIssueId = (await Expect.Status(HttpStatusCode.Created, await developer.PostAsJsonAsync($"/api/v1/products/{key}/raid-issues", new { title = "Matrix issue" })))!["id"]!.GetValue<Guid>();
        // ---- Issue 11, milestones and trade-offs: a milestone with the item in scope, a go/no-go gate with one checklist line, an open trade-off.
        using (var matrixTpm = await team.SignInAsync(app, nameof(Role.TechnicalProjectManager)))
        {
            var milestone = (await Expect.Status(HttpStatusCode.Created, await matrixTpm.PostAsJsonAsync($"/api/v1/products/{key}/milestones",
                new { name = "Matrix milestone", date = "2099-06-01", itemKeys = new[] { team.ItemKey } })))!;
            team.MilestoneId = milestone["id"]!.GetValue<Guid>();
            var gated = (await Expect.Status(HttpStatusCode.OK, await matrixTpm.PostAsJsonAsync($"/api/v1/milestones/{team.MilestoneId}/gates",
                new { kind = "go-no-go", dueOn = "2099-05-30", checklist = (string[])["Matrix line"] })))!;
            team.GateId = gated["gates"]![0]!["id"]!.GetValue<Guid>();
            team.GateLineId = gated["gates"]![0]!["checklist"]![0]!["id"]!.GetValue<Guid>();
            var tradeOff = (await Expect.Status(HttpStatusCode.Created, await matrixTpm.PostAsJsonAsync($"/api/v1/milestones/{team.MilestoneId}/trade-offs",
                new { moveDate = "2099-08-01" })))!;
            team.TradeOffId = tradeOff["id"]!.GetValue<Guid>();
        }
        // ---- Issue 11, capacity: an allocation the samples only ever try to remove when stale.
        using (var planner = await team.SignInAsync(app, nameof(Role.TechnicalProjectManager)))
        {
            var allocation = await (await planner.PostAsJsonAsync($"/api/v1/products/{key}/allocations",
                new { userId = target.Id, percent = 20, from = "2026-01-05", to = "2026-02-01", note = "Matrix allocation" })).Content.ReadFromJsonAsync<JsonObject>();
            team.AllocationId = allocation!["id"]!.GetValue<Guid>();
        }
        // ---- Issue 11, the schedule: two items of the product on its schedule, linked by the TPM.
        using (var scheduler = await team.SignInAsync(app, nameof(Role.TechnicalProjectManager)))
        {
            var first = await (await developer.PostAsJsonAsync($"/api/v1/products/{key}/items", new { type = "story", title = "Matrix schedule first" })).Content.ReadFromJsonAsync<JsonObject>();
            var then = await (await developer.PostAsJsonAsync($"/api/v1/products/{key}/items", new { type = "story", title = "Matrix schedule then" })).Content.ReadFromJsonAsync<JsonObject>();
            foreach (var k in new[] { first!["key"]!.GetValue<string>(), then!["key"]!.GetValue<string>() })
                await Expect.Status(HttpStatusCode.Created, await scheduler.PostAsJsonAsync($"/api/v1/products/{key}/schedule/items", new { itemKey = k }));
            var link = await Expect.Status(HttpStatusCode.Created, await scheduler.PostAsJsonAsync($"/api/v1/products/{key}/schedule/links",
                new { predecessor = first["key"]!.GetValue<string>(), successor = then["key"]!.GetValue<string>(), lag = "0" }));
            team.ScheduleLinkId = link!["id"]!.GetValue<Guid>();
        }
        return team;
    }

    public Task<HttpClient> SignInAsync(TandemApp app, string actor)
    {
        var (email, password) = _credentials[actor];
        return app.SignInAsync(email, password);
    }

    /// <summary>How the decision rights see this actor on the matrix product (null for another workspace's user).</summary>
    public static Actor? ActorFor(string actor) => actor switch
    {
        WorkspaceAdmin => new Actor(Guid.NewGuid(), true, new HashSet<Role>()),
        NonMember => new Actor(Guid.NewGuid(), false, new HashSet<Role>()),
        OtherWorkspace => null,
        _ => new Actor(Guid.NewGuid(), false, new HashSet<Role> { Enum.Parse<Role>(actor) }),
    };
}
