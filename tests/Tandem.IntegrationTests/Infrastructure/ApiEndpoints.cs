using Microsoft.AspNetCore.Routing;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.IntegrationTests.Infrastructure;

/// <summary>One API endpoint as routing sees it: method, route pattern, and the operation it performs (if any).</summary>
public sealed record ApiEndpoint(string Method, string Pattern, Operation? Operation)
{
    public string Id => $"{Method} {Pattern}";

    public override string ToString() => Id;
}

/// <summary>What a generated request talks about: the product, a person in its workspace, an item of the product, an open suggestion on it and a proposed decision record.</summary>
public sealed record RequestContext(string ProductKey, Guid TargetUserId, string ItemKey, Guid SuggestionId, Guid AdrId)
{
    /// <summary>A registered debt of the product, for the debt-scoped endpoints; a debt that does not exist still answers 404 everywhere.</summary>
    public Guid DebtId { get; init; }

    /// <summary>An NFR of the product and one of its releases, for the NFR- and release-scoped endpoints.</summary>
    public Guid NfrId { get; init; }
    public Guid ReleaseId { get; init; }
    /// <summary>An open evaluation of the product (with an option and a criterion) and an open disagreement, for their endpoints.</summary>
    public Guid EvaluationId { get; init; }
    public Guid OptionId { get; init; }
    public Guid CriterionId { get; init; }
    public Guid DisagreementId { get; init; }
    /// <summary>A system with a component and an interface between them, for the integration-map endpoints.</summary>
    public Guid SystemId { get; init; }
    public Guid ComponentId { get; init; }
    public Guid InterfaceId { get; init; }

    /// <summary>A record that stays proposed, for the link endpoints (the matrix accepts <see cref="AdrId"/>); falls back to it.</summary>
    public Guid LinkAdrId { get; init; }

    /// <summary>A dry-run import of the product (issue 16), for the job endpoint.</summary>
    public Guid ImportId { get; init; }

    /// <summary>A webhook of the product to a closed loopback port (issue 16); the samples change it only with a stale If-Match.</summary>
    public Guid WebhookId { get; init; }

    public Guid LinkAdr => LinkAdrId == Guid.Empty ? AdrId : LinkAdrId;
    /// <summary>An open planning-poker session of the product, for the session-scoped endpoints.</summary>
    public Guid PokerId { get; init; }

    /// <summary>A team whose home product is <see cref="ProductKey"/>, with every role holder on it, for the team-scoped endpoints.</summary>
    public Guid TeamId { get; init; }

    /// <summary>A planned sprint of <see cref="TeamId"/> with a goal, and a pending scope-change request on the team's running sprint.</summary>
    public Guid SprintId { get; init; }
    public Guid ScopeRequestId { get; init; }
    /// <summary>A retrospective of <see cref="TeamId"/> in the write phase with a card, an action of an earlier one, an adopted agreement and an open health check.</summary>
    public Guid RetroId { get; init; }
    public Guid RetroCardId { get; init; }
    public Guid RetroActionId { get; init; }
    public Guid AgreementId { get; init; }
    public Guid HealthRoundId { get; init; }
    // Issue 10 (stand-ups, impediments, calendar, disagreements on sprints).
    /// <summary>A stand-up answer with a blocker, by a developer of <see cref="TeamId"/>.</summary>
    public Guid StandupEntryId { get; init; }
    /// <summary>An open impediment of the product; the samples never resolve it (a stale If-Match answers 412).</summary>
    public Guid ImpedimentId { get; init; }
    // ---- Issue 11, milestones and trade-offs: a milestone with a go/no-go gate (one checklist line) and an open trade-off;
    // the samples change them only with a stale If-Match (412), and a second trade-off answers 409.
    public Guid MilestoneId { get; init; }
    public Guid GateId { get; init; }
    public Guid GateLineId { get; init; }
    public Guid TradeOffId { get; init; }

    // ---- Issue 11, capacity: an allocation on the product that the samples never remove (a stale If-Match answers 412).
    public Guid AllocationId { get; init; }
    /// <summary>A weekday event of the team; the samples change and delete it only with a stale If-Match.</summary>
    public Guid EventId { get; init; }
    /// <summary>A planned sprint of the team, for raising disagreements on it.</summary>
    public Guid DisagreementSprintId { get; init; }
    // ---- Issue 10, the board.
    /// <summary>A planned sprint of <see cref="TeamId"/> with the item's card, and a column of the team's board, for the board endpoints.</summary>
    public Guid BoardSprintId { get; init; }
    public Guid BoardColumnId { get; init; }
    // ---- Issue 11, dependencies.
    /// <summary>A requested dependency of the product on its own team (so the product's roles answer it); the samples change it only with a stale If-Match.</summary>
    public Guid DependencyId { get; init; }
    // ---- Issue 11, status reports.
    /// <summary>A published status report of the product: reads answer 200, narratives and publishing again 409.</summary>
    public Guid StatusReportId { get; init; }
    // ---- Issue 11, the RAID log.
    /// <summary>A risk, an open assumption and an open issue of the product; the samples change them only with a stale If-Match.</summary>
    public Guid RiskId { get; init; }
    public Guid AssumptionId { get; init; }
    public Guid RaidIssueId { get; init; }
    // ---- Issue 11, the schedule.
    /// <summary>A dependency on the product's schedule; the samples remove it only with a stale If-Match (412).</summary>
    public Guid ScheduleLinkId { get; init; }
}

/// <summary>
/// Every API endpoint from the app's own <see cref="EndpointDataSource"/>, and one sample request per
/// endpoint that performs an operation. The matrix and tenancy tests use both; a coverage test fails
/// when an endpoint has no sample request, so a new endpoint cannot escape them.
/// </summary>
public static class ApiEndpoints
{
    public static IReadOnlyList<ApiEndpoint> All(EndpointDataSource source) =>
        source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/", StringComparison.Ordinal) && !raw.Contains("{*", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new ApiEndpoint(m, Normalize(e.RoutePattern.RawText!), e.Metadata.GetMetadata<PerformsOperation>()?.Operation)))
            .DistinctBy(e => e.Id)
            .OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToList();

    /// <summary>Group prefixes and trailing slashes joined as routing prints them; "/api/v1/products/" and "/api/v1/products" are one route.</summary>
    private static string Normalize(string raw) => raw.Length > 1 ? raw.TrimEnd('/') : raw;

    /// <summary>Sample requests by "METHOD pattern". Bodies are valid, so a refusal can only come from the rights.</summary>
    public static readonly IReadOnlyDictionary<string, Func<RequestContext, HttpRequestMessage>> Samples =
        new Dictionary<string, Func<RequestContext, HttpRequestMessage>>(StringComparer.Ordinal)
        {
            ["GET /api/v1/products/{key}"] = c => Get($"/api/v1/products/{c.ProductKey}"),
            ["PATCH /api/v1/products/{key}"] = c => Send(HttpMethod.Patch, $"/api/v1/products/{c.ProductKey}", new { name = $"Renamed {c.ProductKey}" }),
            ["POST /api/v1/products"] = _ => Send(HttpMethod.Post, "/api/v1/products", new { key = TandemApp.NewKey(), name = "Matrix product" }),
            ["GET /api/v1/products/{key}/members"] = c => Get($"/api/v1/products/{c.ProductKey}/members"),
            ["POST /api/v1/products/{key}/members"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/members", new { userId = c.TargetUserId, role = "stakeholder" }),
            ["DELETE /api/v1/products/{key}/members/{userId:guid}"] = c => Send(HttpMethod.Delete, $"/api/v1/products/{c.ProductKey}/members/{c.TargetUserId}"),
            ["DELETE /api/v1/products/{key}/members/{userId:guid}/roles/{role}"] = c => Send(HttpMethod.Delete, $"/api/v1/products/{c.ProductKey}/members/{c.TargetUserId}/roles/stakeholder"),
            ["GET /api/v1/products/{key}/decision-rights"] = c => Get($"/api/v1/products/{c.ProductKey}/decision-rights"),
            ["GET /api/v1/products/{key}/permissions"] = c => Get($"/api/v1/products/{c.ProductKey}/permissions"),
            ["GET /api/v1/products/{key}/decision-log"] = c => Get($"/api/v1/products/{c.ProductKey}/decision-log"),
            // Issue 16: exports for audits; reads, so nothing is logged.
            ["GET /api/v1/products/{key}/decision-log/export"] = c => Get($"/api/v1/products/{c.ProductKey}/decision-log/export?format=jsonl"),
            ["GET /api/v1/products/{key}/backlog/export"] = c => Get($"/api/v1/products/{c.ProductKey}/backlog/export?format=json"),
            // Issue 16: a dry run changes nothing (and never waits for another import); the job is the context's dry run.
            ["POST /api/v1/products/{key}/imports"] = c => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/imports?source=jira-csv&dryRun=true")
            {
                Content = new StringContent("Issue key,Summary\nJRA-1,Matrix\n", System.Text.Encoding.UTF8, "text/csv"),
            },
            ["GET /api/v1/imports/{id:guid}"] = c => Get($"/api/v1/imports/{c.ImportId}"),
            // Issue 16, GitHub and GitLab (ADR 36): connecting makes a connection (logged); disconnecting one that does not exist is a 404 after the rights.
            ["GET /api/v1/products/{key}/repositories"] = c => Get($"/api/v1/products/{c.ProductKey}/repositories"),
            ["POST /api/v1/products/{key}/repositories"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/repositories", new { host = "github", repository = "octo-org/matrix", mergeMovesToDone = false }),
            ["DELETE /api/v1/products/{key}/repositories/{id:guid}"] = c => Send(HttpMethod.Delete, $"/api/v1/products/{c.ProductKey}/repositories/{Guid.NewGuid()}"),
            ["GET /api/v1/items/{key}/code-links"] = c => Get($"/api/v1/items/{c.ItemKey}/code-links"),
            // Issue 16, webhooks: a new subscription per allowed actor; changes only with a stale If-Match; an unknown delivery is a 404 after the rights.
            ["GET /api/v1/products/{key}/webhooks"] = c => Get($"/api/v1/products/{c.ProductKey}/webhooks"),
            ["POST /api/v1/products/{key}/webhooks"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/webhooks", new { url = "http://127.0.0.1:9/matrix", events = new[] { "release.published" } }),
            ["GET /api/v1/products/{key}/webhooks/{id:guid}"] = c => Get($"/api/v1/products/{c.ProductKey}/webhooks/{c.WebhookId}"),
            ["PATCH /api/v1/products/{key}/webhooks/{id:guid}"] = c => IfMatch(Send(HttpMethod.Patch, $"/api/v1/products/{c.ProductKey}/webhooks/{c.WebhookId}", new { enabled = false }), 999),
            ["DELETE /api/v1/products/{key}/webhooks/{id:guid}"] = c => IfMatch(Send(HttpMethod.Delete, $"/api/v1/products/{c.ProductKey}/webhooks/{c.WebhookId}"), 999),
            ["GET /api/v1/products/{key}/webhooks/{id:guid}/deliveries"] = c => Get($"/api/v1/products/{c.ProductKey}/webhooks/{c.WebhookId}/deliveries"),
            ["POST /api/v1/products/{key}/webhooks/{id:guid}/deliveries/{deliveryId:guid}/redeliver"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/webhooks/{c.WebhookId}/deliveries/{Guid.NewGuid()}/redeliver"),
            ["POST /api/v1/products/{key}/webhooks/{id:guid}/ping"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/webhooks/{c.WebhookId}/ping"),
            ["GET /api/v1/products/{key}/home"] = c => Get($"/api/v1/products/{c.ProductKey}/home"),
            ["POST /api/v1/people"] = _ => Send(HttpMethod.Post, "/api/v1/people", new { email = $"{Guid.NewGuid():N}@test.tandem", displayName = TandemApp.Unique("Matrix") }),
            // Nobody: removing the team's own people would end their sessions for the rest of the matrix.
            ["DELETE /api/v1/people/{id:guid}"] = _ => Send(HttpMethod.Delete, $"/api/v1/people/{Guid.NewGuid()}"),
            // An invalid limit: the right is checked before the value, and the workspace's real limit stays as it is.
            ["PUT /api/v1/auth/token-policy"] = _ => Send(HttpMethod.Put, "/api/v1/auth/token-policy", new { maxDays = 0 }),
            // Issue 13: the workspace admin's security audit (ADR 0027); a read, so nothing is logged.
            ["GET /api/v1/security-events"] = _ => Get("/api/v1/security-events?limit=5"),

            // Product Owner workspace. Ids that do not exist are fine where the right is checked before the lookup.
            ["GET /api/v1/products/{key}/backlog"] = c => Get($"/api/v1/products/{c.ProductKey}/backlog?limit=10"),
            ["POST /api/v1/products/{key}/items"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/items", new { type = "story", title = "Matrix story" }),
            ["GET /api/v1/products/{key}/backlog/rank-by-score"] = c => Get($"/api/v1/products/{c.ProductKey}/backlog/rank-by-score?method=wsjf"),
            ["POST /api/v1/products/{key}/backlog/rank-by-score"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/backlog/rank-by-score", new { method = "wsjf", keys = new[] { c.ItemKey } }),
            ["GET /api/v1/products/{key}/backlog/value-effort"] = c => Get($"/api/v1/products/{c.ProductKey}/backlog/value-effort"),
            ["POST /api/v1/products/{key}/backlog/bulk"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/backlog/bulk", new { action = "add-label", keys = new[] { c.ItemKey }, label = "matrix" }),
            ["GET /api/v1/products/{key}/suggestions"] = c => Get($"/api/v1/products/{c.ProductKey}/suggestions"),
            ["POST /api/v1/suggestions/{id:guid}/decision"] = c => Send(HttpMethod.Post, $"/api/v1/suggestions/{c.SuggestionId}/decision", new { decision = "decline", reason = "Matrix" }),
            // Technical-debt register.
            ["GET /api/v1/products/{key}/debt"] = c => Get($"/api/v1/products/{c.ProductKey}/debt"),
            ["POST /api/v1/products/{key}/debt"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/debt", new { title = "Matrix debt", kind = "code", principal = 1, interest = 0.5 }),
            ["GET /api/v1/products/{key}/debt/trend"] = c => Get($"/api/v1/products/{c.ProductKey}/debt/trend"),
            ["GET /api/v1/products/{key}/debt/capacity"] = c => Get($"/api/v1/products/{c.ProductKey}/debt/capacity"),
            ["POST /api/v1/products/{key}/debt/capacity"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/debt/capacity", new { sharePercent = 20 }),
            ["POST /api/v1/products/{key}/debt/capacity/agree"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/debt/capacity/agree"),
            ["GET /api/v1/debt/{id:guid}"] = c => Get($"/api/v1/debt/{c.DebtId}"),
            ["PATCH /api/v1/debt/{id:guid}"] = c => Send(HttpMethod.Patch, $"/api/v1/debt/{c.DebtId}", new { interest = 1 }),
            ["POST /api/v1/debt/{id:guid}/register"] = c => Send(HttpMethod.Post, $"/api/v1/debt/{c.DebtId}/register"),
            // Non-functional requirements and releases.
            ["GET /api/v1/products/{key}/nfrs"] = c => Get($"/api/v1/products/{c.ProductKey}/nfrs?limit=10"),
            ["POST /api/v1/products/{key}/nfrs"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/nfrs", new { category = "performance", statement = "Matrix quality", metric = "p95 latency" }),
            ["GET /api/v1/products/{key}/nfrs/compliance"] = c => Get($"/api/v1/products/{c.ProductKey}/nfrs/compliance"),
            ["GET /api/v1/nfrs/{id:guid}"] = c => Get($"/api/v1/nfrs/{c.NfrId}"),
            ["PATCH /api/v1/nfrs/{id:guid}"] = c => Send(HttpMethod.Patch, $"/api/v1/nfrs/{c.NfrId}", new { category = "performance" }),
            ["PUT /api/v1/nfrs/{id:guid}/target"] = c => Send(HttpMethod.Put, $"/api/v1/nfrs/{c.NfrId}/target", new { metric = "p95 latency", target = "≤ 200 ms", threshold = "≤ 300 ms", verification = "load test" }),
            ["POST /api/v1/nfrs/{id:guid}/agree"] = c => Send(HttpMethod.Post, $"/api/v1/nfrs/{c.NfrId}/agree", new { reason = "Matrix" }),
            ["POST /api/v1/nfrs/{id:guid}/links"] = c => Send(HttpMethod.Post, $"/api/v1/nfrs/{c.NfrId}/links", new { kind = "item", target = c.ItemKey }),
            ["DELETE /api/v1/nfrs/{id:guid}/links/{linkId:guid}"] = c => Send(HttpMethod.Delete, $"/api/v1/nfrs/{c.NfrId}/links/{Guid.NewGuid()}"),
            ["GET /api/v1/nfrs/{id:guid}/verifications"] = c => Get($"/api/v1/nfrs/{c.NfrId}/verifications"),
            ["POST /api/v1/nfrs/{id:guid}/verifications"] = c => Send(HttpMethod.Post, $"/api/v1/nfrs/{c.NfrId}/verifications", new { release = c.ReleaseId.ToString(), result = "met", measuredValue = "180 ms", evidenceUrl = "https://ci.example.com/1" }),
            ["GET /api/v1/products/{key}/releases"] = c => Get($"/api/v1/products/{c.ProductKey}/releases"),
            ["POST /api/v1/products/{key}/releases"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/releases", new { name = TandemApp.Unique("Matrix"), plannedOn = "2026-12-15" }),
            ["GET /api/v1/releases/{id:guid}"] = c => Get($"/api/v1/releases/{c.ReleaseId}"),
            ["PATCH /api/v1/releases/{id:guid}"] = c => Send(HttpMethod.Patch, $"/api/v1/releases/{c.ReleaseId}", new { plannedOn = "2026-12-20" }),
            // Technology evaluations and technical disagreements.
            ["GET /api/v1/products/{key}/evaluations"] = c => Get($"/api/v1/products/{c.ProductKey}/evaluations?limit=10"),
            ["POST /api/v1/products/{key}/evaluations"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/evaluations", new { question = "Matrix question?", options = new[] { new { name = "A" } } }),
            ["GET /api/v1/evaluations/{id:guid}"] = c => Get($"/api/v1/evaluations/{c.EvaluationId}"),
            ["PATCH /api/v1/evaluations/{id:guid}"] = c => Send(HttpMethod.Patch, $"/api/v1/evaluations/{c.EvaluationId}", new { context = "Matrix context" }),
            ["POST /api/v1/evaluations/{id:guid}/options"] = c => Send(HttpMethod.Post, $"/api/v1/evaluations/{c.EvaluationId}/options", new { name = $"Option {Guid.NewGuid():N}"[..20] }),
            ["DELETE /api/v1/evaluations/{id:guid}/options/{optionId:guid}"] = c => Send(HttpMethod.Delete, $"/api/v1/evaluations/{c.EvaluationId}/options/{Guid.NewGuid()}"),
            ["POST /api/v1/evaluations/{id:guid}/criteria"] = c => Send(HttpMethod.Post, $"/api/v1/evaluations/{c.EvaluationId}/criteria", new { name = $"Criterion {Guid.NewGuid():N}"[..20], weight = 1 }),
            ["PATCH /api/v1/evaluations/{id:guid}/criteria/{criterionId:guid}"] = c => Send(HttpMethod.Patch, $"/api/v1/evaluations/{c.EvaluationId}/criteria/{c.CriterionId}", new { weight = 4 }),
            ["DELETE /api/v1/evaluations/{id:guid}/criteria/{criterionId:guid}"] = c => Send(HttpMethod.Delete, $"/api/v1/evaluations/{c.EvaluationId}/criteria/{Guid.NewGuid()}"),
            ["PUT /api/v1/evaluations/{id:guid}/scores"] = c => Send(HttpMethod.Put, $"/api/v1/evaluations/{c.EvaluationId}/scores", new { scores = new[] { new { option = c.OptionId, criterion = c.CriterionId, score = 3 } } }),
            ["POST /api/v1/evaluations/{id:guid}/decide"] = c => Send(HttpMethod.Post, $"/api/v1/evaluations/{c.EvaluationId}/decide", new { option = c.OptionId, rationale = "Matrix" }),
            ["POST /api/v1/items/{itemKey}/disagreements"] = c => Send(HttpMethod.Post, $"/api/v1/items/{c.ItemKey}/disagreements", new { concern = "Matrix concern" }),
            ["POST /api/v1/adrs/{id:guid}/disagreements"] = c => Send(HttpMethod.Post, $"/api/v1/adrs/{c.AdrId}/disagreements", new { concern = "Matrix concern" }),
            ["GET /api/v1/products/{key}/disagreements"] = c => Get($"/api/v1/products/{c.ProductKey}/disagreements?status=open"),
            ["GET /api/v1/disagreements/{id:guid}"] = c => Get($"/api/v1/disagreements/{c.DisagreementId}"),
            ["POST /api/v1/disagreements/{id:guid}/resolve"] = c => Send(HttpMethod.Post, $"/api/v1/disagreements/{c.DisagreementId}/resolve", new { outcome = "upheld", resolution = "Matrix" }),

            // Planning poker.
            ["GET /api/v1/products/{key}/poker"] = c => Get($"/api/v1/products/{c.ProductKey}/poker"),
            ["GET /api/v1/products/{key}/poker/candidates"] = c => Get($"/api/v1/products/{c.ProductKey}/poker/candidates"),
            ["POST /api/v1/products/{key}/poker"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/poker", new { items = new[] { c.ItemKey } }),
            ["GET /api/v1/poker/{id:guid}"] = c => Get($"/api/v1/poker/{c.PokerId}"),
            ["PUT /api/v1/poker/{id:guid}/vote"] = c => Send(HttpMethod.Put, $"/api/v1/poker/{c.PokerId}/vote", new { points = 3 }),
            ["POST /api/v1/poker/{id:guid}/reveal"] = c => Send(HttpMethod.Post, $"/api/v1/poker/{c.PokerId}/reveal"),
            ["POST /api/v1/poker/{id:guid}/revote"] = c => Send(HttpMethod.Post, $"/api/v1/poker/{c.PokerId}/revote"),
            ["POST /api/v1/poker/{id:guid}/accept"] = c => Send(HttpMethod.Post, $"/api/v1/poker/{c.PokerId}/accept"),
            ["POST /api/v1/poker/{id:guid}/settle"] = c => Send(HttpMethod.Post, $"/api/v1/poker/{c.PokerId}/settle", new { points = 5, reason = "Matrix settle" }),
            ["POST /api/v1/poker/{id:guid}/next"] = c => Send(HttpMethod.Post, $"/api/v1/poker/{c.PokerId}/next"),
            ["POST /api/v1/poker/{id:guid}/close"] = c => Send(HttpMethod.Post, $"/api/v1/poker/{c.PokerId}/close"),
            ["GET /api/v1/products/{key}/definitions"] = c => Get($"/api/v1/products/{c.ProductKey}/definitions"),
            ["PUT /api/v1/products/{key}/definitions/{kind}"] = c => Send(HttpMethod.Put, $"/api/v1/products/{c.ProductKey}/definitions/done", new { entries = new[] { "Reviewed" } }),
            ["GET /api/v1/items/{itemKey}"] = c => Get($"/api/v1/items/{c.ItemKey}"),
            ["PATCH /api/v1/items/{itemKey}"] = c => Send(HttpMethod.Patch, $"/api/v1/items/{c.ItemKey}", new { description = "Matrix edit" }),
            ["POST /api/v1/items/{itemKey}/move"] = c => Send(HttpMethod.Post, $"/api/v1/items/{c.ItemKey}/move", new { position = "top" }),
            ["POST /api/v1/items/{itemKey}/acceptance"] = c => Send(HttpMethod.Post, $"/api/v1/items/{c.ItemKey}/acceptance", new { decision = "reject", reason = "Matrix" }),
            ["PUT /api/v1/items/{itemKey}/prioritisation"] = c => Send(HttpMethod.Put, $"/api/v1/items/{c.ItemKey}/prioritisation", new { businessValue = 5 }),
            ["POST /api/v1/items/{itemKey}/suggestions"] = c => Send(HttpMethod.Post, $"/api/v1/items/{c.ItemKey}/suggestions", new { kind = "rank", position = "bottom" }),
            ["POST /api/v1/items/{itemKey}/criteria"] = c => Send(HttpMethod.Post, $"/api/v1/items/{c.ItemKey}/criteria", new { given = "g", when = "w", then = "t" }),
            ["PUT /api/v1/items/{itemKey}/criteria/{id:guid}"] = c => Send(HttpMethod.Put, $"/api/v1/items/{c.ItemKey}/criteria/{Guid.NewGuid()}", new { given = "g", when = "w", then = "t" }),
            ["DELETE /api/v1/items/{itemKey}/criteria/{id:guid}"] = c => Send(HttpMethod.Delete, $"/api/v1/items/{c.ItemKey}/criteria/{Guid.NewGuid()}"),
            ["POST /api/v1/items/{itemKey}/criteria/{id:guid}/tick"] = c => Send(HttpMethod.Post, $"/api/v1/items/{c.ItemKey}/criteria/{Guid.NewGuid()}/tick", new { met = true }),
            ["POST /api/v1/items/{itemKey}/criteria/{id:guid}/verify"] = c => Send(HttpMethod.Post, $"/api/v1/items/{c.ItemKey}/criteria/{Guid.NewGuid()}/verify"),
            ["POST /api/v1/items/{itemKey}/labels"] = c => Send(HttpMethod.Post, $"/api/v1/items/{c.ItemKey}/labels", new { label = "matrix" }),
            ["DELETE /api/v1/items/{itemKey}/labels/{label}"] = c => Send(HttpMethod.Delete, $"/api/v1/items/{c.ItemKey}/labels/no-such-label"),
            ["POST /api/v1/items/{itemKey}/links"] = c => Send(HttpMethod.Post, $"/api/v1/items/{c.ItemKey}/links", new { kind = "relates-to", target = c.ItemKey }),
            ["DELETE /api/v1/items/{itemKey}/links/{linkId:guid}"] = c => Send(HttpMethod.Delete, $"/api/v1/items/{c.ItemKey}/links/{Guid.NewGuid()}"),
            ["POST /api/v1/items/{itemKey}/comments"] = c => Send(HttpMethod.Post, $"/api/v1/items/{c.ItemKey}/comments", new { text = "Matrix comment" }),
            ["GET /api/v1/items/{itemKey}/follow"] = c => Send(HttpMethod.Get, $"/api/v1/items/{c.ItemKey}/follow"),
            ["PUT /api/v1/items/{itemKey}/follow"] = c => Send(HttpMethod.Put, $"/api/v1/items/{c.ItemKey}/follow"),
            ["DELETE /api/v1/items/{itemKey}/follow"] = c => Send(HttpMethod.Delete, $"/api/v1/items/{c.ItemKey}/follow"),
            ["PUT /api/v1/items/{itemKey}/roadmap"] = c => Send(HttpMethod.Put, $"/api/v1/items/{c.ItemKey}/roadmap", new { lane = "now" }),
            // Tech Lead workspace: estimation and technical assessment.
            ["GET /api/v1/products/{key}/estimation-scale"] = c => Get($"/api/v1/products/{c.ProductKey}/estimation-scale"),
            ["PUT /api/v1/products/{key}/estimation-scale"] = c => Send(HttpMethod.Put, $"/api/v1/products/{c.ProductKey}/estimation-scale", new { values = new[] { "0", "1", "2", "3", "5", "8", "13", "21", "?" } }),
            ["GET /api/v1/items/{itemKey}/estimates"] = c => Get($"/api/v1/items/{c.ItemKey}/estimates"),
            ["PUT /api/v1/items/{itemKey}/estimate"] = c => Send(HttpMethod.Put, $"/api/v1/items/{c.ItemKey}/estimate", new { points = 3 }),
            ["PUT /api/v1/items/{itemKey}/assessment"] = c => Send(HttpMethod.Put, $"/api/v1/items/{c.ItemKey}/assessment", new { feasibility = "feasible", risk = "low", confidence = "high" }),
            ["GET /api/v1/products/{key}/vision"] = c => Get($"/api/v1/products/{c.ProductKey}/vision"),
            ["PUT /api/v1/products/{key}/vision"] = c => Send(HttpMethod.Put, $"/api/v1/products/{c.ProductKey}/vision", new { statement = "Matrix vision" }),
            ["POST /api/v1/products/{key}/goals"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/goals", new { title = "Matrix goal", outcome = "Measured", targetDate = "2030-01-01" }),
            ["PUT /api/v1/products/{key}/goals/{id:guid}"] = c => Send(HttpMethod.Put, $"/api/v1/products/{c.ProductKey}/goals/{Guid.NewGuid()}", new { title = "Matrix goal", outcome = "Measured", targetDate = "2030-01-01" }),
            ["DELETE /api/v1/products/{key}/goals/{id:guid}"] = c => Send(HttpMethod.Delete, $"/api/v1/products/{c.ProductKey}/goals/{Guid.NewGuid()}"),
            ["GET /api/v1/products/{key}/feedback"] = c => Get($"/api/v1/products/{c.ProductKey}/feedback"),
            ["POST /api/v1/products/{key}/feedback"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/feedback", new { title = "Matrix feedback" }),
            ["GET /api/v1/products/{key}/feedback/{number:int}"] = c => Get($"/api/v1/products/{c.ProductKey}/feedback/999999"),
            ["PUT /api/v1/products/{key}/feedback/{number:int}/vote"] = c => Send(HttpMethod.Put, $"/api/v1/products/{c.ProductKey}/feedback/999999/vote"),
            ["DELETE /api/v1/products/{key}/feedback/{number:int}/vote"] = c => Send(HttpMethod.Delete, $"/api/v1/products/{c.ProductKey}/feedback/999999/vote"),
            ["POST /api/v1/products/{key}/feedback/{number:int}/comments"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/feedback/999999/comments", new { text = "Matrix" }),
            ["POST /api/v1/products/{key}/feedback/{number:int}/triage"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/feedback/999999/triage", new { action = "decline", reason = "Matrix" }),
            ["GET /api/v1/products/{key}/roadmap"] = c => Get($"/api/v1/products/{c.ProductKey}/roadmap"),
            ["GET /api/v1/products/{key}/release-notes"] = c => Get($"/api/v1/products/{c.ProductKey}/release-notes?items={c.ItemKey}"),

            // Tech Lead workspace: decision records. Deciding the same record twice is a 409, never a 403, for those allowed.
            ["GET /api/v1/products/{key}/adrs"] = c => Get($"/api/v1/products/{c.ProductKey}/adrs?status=proposed"),
            ["POST /api/v1/products/{key}/adrs"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/adrs", new { title = "Matrix decision", context = "c", decision = "d", consequences = "q" }),
            ["GET /api/v1/products/{key}/adrs/export.zip"] = c => Get($"/api/v1/products/{c.ProductKey}/adrs/export.zip"),
            ["GET /api/v1/adrs/{id:guid}"] = c => Get($"/api/v1/adrs/{c.AdrId}"),
            ["PATCH /api/v1/adrs/{id:guid}"] = c => Send(HttpMethod.Patch, $"/api/v1/adrs/{c.AdrId}", new { context = "Matrix context" }),
            ["GET /api/v1/adrs/{id:guid}/markdown"] = c => Get($"/api/v1/adrs/{c.AdrId}/markdown"),
            ["POST /api/v1/adrs/{id:guid}/accept"] = c => Send(HttpMethod.Post, $"/api/v1/adrs/{c.AdrId}/accept", new { }),
            ["POST /api/v1/adrs/{id:guid}/reject"] = c => Send(HttpMethod.Post, $"/api/v1/adrs/{c.AdrId}/reject", new { reason = "Matrix" }),
            ["POST /api/v1/adrs/{id:guid}/supersede"] = c => Send(HttpMethod.Post, $"/api/v1/adrs/{c.AdrId}/supersede", new { by = c.AdrId }),
            ["POST /api/v1/adrs/{id:guid}/deprecate"] = c => Send(HttpMethod.Post, $"/api/v1/adrs/{c.AdrId}/deprecate", new { reason = "Matrix" }),

            // Integration map and decision-record links. Deletes never remove the shared samples: the system still has an
            // interface (409), the interface delete carries a stale If-Match (412), the links do not exist (404).
            ["GET /api/v1/products/{key}/integration-map"] = c => Get($"/api/v1/products/{c.ProductKey}/integration-map"),
            ["GET /api/v1/products/{key}/integration-map.svg"] = c => Get($"/api/v1/products/{c.ProductKey}/integration-map.svg"),
            ["POST /api/v1/products/{key}/systems"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/systems", new { name = "Matrix system", external = true }),
            ["POST /api/v1/products/{key}/interfaces"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/interfaces", new { name = "Matrix interface", providerId = c.SystemId, consumerId = c.ComponentId, protocol = "grpc" }),
            ["GET /api/v1/systems/{id:guid}"] = c => Get($"/api/v1/systems/{c.SystemId}"),
            ["PATCH /api/v1/systems/{id:guid}"] = c => Send(HttpMethod.Patch, $"/api/v1/systems/{c.SystemId}", new { owner = "Matrix team" }),
            ["DELETE /api/v1/systems/{id:guid}"] = c => Send(HttpMethod.Delete, $"/api/v1/systems/{c.SystemId}"),
            ["POST /api/v1/systems/{id:guid}/components"] = c => Send(HttpMethod.Post, $"/api/v1/systems/{c.SystemId}/components", new { name = "Matrix part" }),
            ["GET /api/v1/interfaces/{id:guid}"] = c => Get($"/api/v1/interfaces/{c.InterfaceId}"),
            ["PATCH /api/v1/interfaces/{id:guid}"] = c => Send(HttpMethod.Patch, $"/api/v1/interfaces/{c.InterfaceId}", new { status = "live" }),
            ["DELETE /api/v1/interfaces/{id:guid}"] = c => IfMatch(Send(HttpMethod.Delete, $"/api/v1/interfaces/{c.InterfaceId}"), 999_999),
            ["POST /api/v1/interfaces/{id:guid}/links"] = c => Send(HttpMethod.Post, $"/api/v1/interfaces/{c.InterfaceId}/links", new { itemKey = c.ItemKey }),
            ["DELETE /api/v1/interfaces/{id:guid}/links/{linkId:guid}"] = c => Send(HttpMethod.Delete, $"/api/v1/interfaces/{c.InterfaceId}/links/{Guid.NewGuid()}"),
            ["GET /api/v1/items/{itemKey}/shaped-by"] = c => Get($"/api/v1/items/{c.ItemKey}/shaped-by"),
            ["GET /api/v1/adrs/{id:guid}/links"] = c => Get($"/api/v1/adrs/{c.LinkAdr}/links"),
            ["POST /api/v1/adrs/{id:guid}/links"] = c => Send(HttpMethod.Post, $"/api/v1/adrs/{c.LinkAdr}/links", new { itemKey = c.ItemKey }),
            ["DELETE /api/v1/adrs/{id:guid}/links/items/{itemKey}"] = c => Send(HttpMethod.Delete, $"/api/v1/adrs/{c.LinkAdr}/links/items/{c.ProductKey}-999999"),
            ["DELETE /api/v1/adrs/{id:guid}/links/systems/{systemId:guid}"] = c => Send(HttpMethod.Delete, $"/api/v1/adrs/{c.LinkAdr}/links/systems/{Guid.NewGuid()}"),

            // Teams. Deletes never remove the shared samples: the target is not a member (404), the home product stays (409).
            ["GET /api/v1/products/{key}/teams"] = c => Get($"/api/v1/products/{c.ProductKey}/teams"),
            ["POST /api/v1/teams"] = c => Send(HttpMethod.Post, "/api/v1/teams", new { name = $"Matrix team {Guid.NewGuid():N}", productKey = c.ProductKey }),
            ["GET /api/v1/teams/{teamId:guid}"] = c => Get($"/api/v1/teams/{c.TeamId}"),
            ["PUT /api/v1/teams/{teamId:guid}"] = c => Send(HttpMethod.Put, $"/api/v1/teams/{c.TeamId}", new { name = $"Matrix team of {c.ProductKey}" }),
            ["PUT /api/v1/teams/{teamId:guid}/members/{userId:guid}"] = c => Send(HttpMethod.Put, $"/api/v1/teams/{c.TeamId}/members/{c.TargetUserId}", new { allocationPercent = 50 }),
            ["DELETE /api/v1/teams/{teamId:guid}/members/{userId:guid}"] = c => Send(HttpMethod.Delete, $"/api/v1/teams/{c.TeamId}/members/{Guid.NewGuid()}"),
            ["PUT /api/v1/teams/{teamId:guid}/products/{key}"] = c => Send(HttpMethod.Put, $"/api/v1/teams/{c.TeamId}/products/{c.ProductKey}"),
            ["DELETE /api/v1/teams/{teamId:guid}/products/{key}"] = c => Send(HttpMethod.Delete, $"/api/v1/teams/{c.TeamId}/products/{c.ProductKey}"),
            ["PUT /api/v1/teams/{teamId:guid}/rhythm"] = c => Send(HttpMethod.Put, $"/api/v1/teams/{c.TeamId}/rhythm", new { focusFactor = 0.75 }),
            ["POST /api/v1/teams/{teamId:guid}/absences"] = c => Send(HttpMethod.Post, $"/api/v1/teams/{c.TeamId}/absences", new { from = "2027-01-04", to = "2027-01-05" }),
            ["DELETE /api/v1/teams/{teamId:guid}/absences/{absenceId:guid}"] = c => Send(HttpMethod.Delete, $"/api/v1/teams/{c.TeamId}/absences/{Guid.NewGuid()}"),
            // Sprints. The shared sprint stays planned and the request pending: start, close, changes and decisions carry a
            // stale If-Match (412), items and feedback name an item that does not exist, a new sprint lands on random far dates.
            ["GET /api/v1/teams/{teamId:guid}/sprints"] = c => Get($"/api/v1/teams/{c.TeamId}/sprints"),
            ["POST /api/v1/teams/{teamId:guid}/sprints"] = c => Send(HttpMethod.Post, $"/api/v1/teams/{c.TeamId}/sprints", FarSprint()),
            ["GET /api/v1/sprints/{id:guid}"] = c => Get($"/api/v1/sprints/{c.SprintId}"),
            ["PATCH /api/v1/sprints/{id:guid}"] = c => IfMatch(Send(HttpMethod.Patch, $"/api/v1/sprints/{c.SprintId}", new { name = "Matrix sprint renamed" }), 999_999),
            ["GET /api/v1/sprints/{id:guid}/capacity"] = c => Get($"/api/v1/sprints/{c.SprintId}/capacity"),
            ["PUT /api/v1/sprints/{id:guid}/goal"] = c => IfMatch(Send(HttpMethod.Put, $"/api/v1/sprints/{c.SprintId}/goal", new { goal = "Matrix goal again" }), 999_999),
            ["POST /api/v1/sprints/{id:guid}/commit"] = c => Send(HttpMethod.Post, $"/api/v1/sprints/{c.SprintId}/commit"),
            ["POST /api/v1/sprints/{id:guid}/items"] = c => Send(HttpMethod.Post, $"/api/v1/sprints/{c.SprintId}/items", new { itemKey = "NOPE-999999" }),
            ["DELETE /api/v1/sprints/{id:guid}/items/{itemKey}"] = c => Send(HttpMethod.Delete, $"/api/v1/sprints/{c.SprintId}/items/NOPE-999999"),
            ["POST /api/v1/sprints/{id:guid}/start"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/sprints/{c.SprintId}/start"), 999_999),
            ["POST /api/v1/sprints/{id:guid}/close"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/sprints/{c.SprintId}/close", new { carryOver = Array.Empty<string>() }), 999_999),
            ["POST /api/v1/sprints/{id:guid}/scope-requests"] = c => Send(HttpMethod.Post, $"/api/v1/sprints/{c.SprintId}/scope-requests", new { itemKey = c.ItemKey, kind = "add" }),
            ["GET /api/v1/sprints/{id:guid}/review"] = c => Get($"/api/v1/sprints/{c.SprintId}/review"),
            ["PUT /api/v1/sprints/{id:guid}/review"] = c => IfMatch(Send(HttpMethod.Put, $"/api/v1/sprints/{c.SprintId}/review", new { goalMet = true }), 999_999),
            ["POST /api/v1/sprints/{id:guid}/review/feedback"] = c => Send(HttpMethod.Post, $"/api/v1/sprints/{c.SprintId}/review/feedback", new { itemKey = "NOPE-999999", text = "Matrix" }),
            ["GET /api/v1/sprints/{id:guid}/review.md"] = c => Get($"/api/v1/sprints/{c.SprintId}/review.md"),
            ["POST /api/v1/scope-requests/{id:guid}/accept"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/scope-requests/{c.ScopeRequestId}/accept"), 999_999),
            ["POST /api/v1/scope-requests/{id:guid}/decline"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/scope-requests/{c.ScopeRequestId}/decline", new { reason = "Matrix" }), 999_999),
            ["POST /api/v1/scope-requests/{id:guid}/withdraw"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/scope-requests/{c.ScopeRequestId}/withdraw"), 999_999),

            // Team metrics, charts and coach hints (issue 10, metrics). A dismissal names a hint the matrix team does not have: 404 when allowed.
            ["GET /api/v1/teams/{teamId:guid}/metrics"] = c => Get($"/api/v1/teams/{c.TeamId}/metrics"),
            ["GET /api/v1/teams/{teamId:guid}/charts/{chart}.svg"] = c => Get($"/api/v1/teams/{c.TeamId}/charts/velocity.svg"),
            ["GET /api/v1/teams/{teamId:guid}/charts/{chart}.csv"] = c => Get($"/api/v1/teams/{c.TeamId}/charts/burndown.csv"),
            ["GET /api/v1/teams/{teamId:guid}/coach-hints"] = c => Get($"/api/v1/teams/{c.TeamId}/coach-hints"),
            ["POST /api/v1/teams/{teamId:guid}/coach-hints/dismiss"] = c => Send(HttpMethod.Post, $"/api/v1/teams/{c.TeamId}/coach-hints/dismiss", new { key = "matrix-no-such-hint", reason = "Matrix sample" }),

            // Retrospectives, working agreements and the health check. The matrix retrospective stays in the write
            // phase (grouping, voting and actions answer 400 there); writes that would change shared records carry a
            // stale If-Match (412); converting the matrix action works once, then answers 409.
            ["POST /api/v1/teams/{teamId:guid}/retros"] = c => Send(HttpMethod.Post, $"/api/v1/teams/{c.TeamId}/retros", new { title = "Matrix retro", format = "mad-sad-glad" }),
            ["GET /api/v1/teams/{teamId:guid}/retros"] = c => Get($"/api/v1/teams/{c.TeamId}/retros"),
            ["GET /api/v1/teams/{teamId:guid}/retro-actions"] = c => Get($"/api/v1/teams/{c.TeamId}/retro-actions?status=open"),
            ["GET /api/v1/retros/{id:guid}"] = c => Get($"/api/v1/retros/{c.RetroId}"),
            ["POST /api/v1/retros/{id:guid}/phase"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/retros/{c.RetroId}/phase", new { phase = "group" }), 999_999),
            ["POST /api/v1/retros/{id:guid}/cards"] = c => Send(HttpMethod.Post, $"/api/v1/retros/{c.RetroId}/cards", new { column = "Start", text = "Matrix card" }),
            ["POST /api/v1/retros/{id:guid}/groups"] = c => Send(HttpMethod.Post, $"/api/v1/retros/{c.RetroId}/groups", new { title = "Matrix group", cardIds = new[] { c.RetroCardId } }),
            ["POST /api/v1/retros/{id:guid}/votes"] = c => Send(HttpMethod.Post, $"/api/v1/retros/{c.RetroId}/votes", new { cardId = c.RetroCardId }),
            ["DELETE /api/v1/retros/{id:guid}/votes"] = c => Send(HttpMethod.Delete, $"/api/v1/retros/{c.RetroId}/votes?cardId={c.RetroCardId}"),
            ["POST /api/v1/retros/{id:guid}/actions"] = c => Send(HttpMethod.Post, $"/api/v1/retros/{c.RetroId}/actions", new { text = "Matrix action" }),
            ["PATCH /api/v1/retro-cards/{id:guid}"] = c => IfMatch(Send(HttpMethod.Patch, $"/api/v1/retro-cards/{c.RetroCardId}", new { text = "Matrix edit" }), 999_999),
            ["DELETE /api/v1/retro-cards/{id:guid}"] = c => IfMatch(Send(HttpMethod.Delete, $"/api/v1/retro-cards/{c.RetroCardId}"), 999_999),
            ["PATCH /api/v1/retro-actions/{id:guid}"] = c => IfMatch(Send(HttpMethod.Patch, $"/api/v1/retro-actions/{c.RetroActionId}", new { status = "done" }), 999_999),
            ["POST /api/v1/retro-actions/{id:guid}/to-backlog"] = c => Send(HttpMethod.Post, $"/api/v1/retro-actions/{c.RetroActionId}/to-backlog"),
            ["POST /api/v1/retro-actions/{id:guid}/to-agreement"] = c => Send(HttpMethod.Post, $"/api/v1/retro-actions/{c.RetroActionId}/to-agreement"),
            ["GET /api/v1/teams/{teamId:guid}/agreements"] = c => Get($"/api/v1/teams/{c.TeamId}/agreements"),
            ["POST /api/v1/teams/{teamId:guid}/agreements"] = c => Send(HttpMethod.Post, $"/api/v1/teams/{c.TeamId}/agreements", new { text = "Matrix agreement" }),
            ["PATCH /api/v1/agreements/{id:guid}"] = c => IfMatch(Send(HttpMethod.Patch, $"/api/v1/agreements/{c.AgreementId}", new { text = "Matrix edit" }), 999_999),
            ["DELETE /api/v1/agreements/{id:guid}"] = c => IfMatch(Send(HttpMethod.Delete, $"/api/v1/agreements/{c.AgreementId}"), 999_999),
            ["POST /api/v1/teams/{teamId:guid}/health-checks"] = c => Send(HttpMethod.Post, $"/api/v1/teams/{c.TeamId}/health-checks", new { dimensions = new[] { "fun", "pace" } }),
            ["POST /api/v1/health-checks/{id:guid}/answers"] = c => Send(HttpMethod.Post, $"/api/v1/health-checks/{c.HealthRoundId}/answers", new { scores = new { fun = 4, pace = 3 } }),
            ["GET /api/v1/teams/{teamId:guid}/health"] = c => Get($"/api/v1/teams/{c.TeamId}/health"),

            // Stand-ups, impediments and the calendar (issue 10). The shared impediment is never resolved or escalated
            // (stale If-Match: 412); the blocker becomes an impediment once (then 409); the event is changed only when stale.
            ["POST /api/v1/teams/{teamId:guid}/standups"] = c => Send(HttpMethod.Post, $"/api/v1/teams/{c.TeamId}/standups", new { today = "Matrix answer" }),
            ["GET /api/v1/teams/{teamId:guid}/standups"] = c => Get($"/api/v1/teams/{c.TeamId}/standups"),
            ["GET /api/v1/teams/{teamId:guid}/standups/search"] = c => Get($"/api/v1/teams/{c.TeamId}/standups/search?q=matrix"),
            ["POST /api/v1/standups/{entryId:guid}/impediment"] = c => Send(HttpMethod.Post, $"/api/v1/standups/{c.StandupEntryId}/impediment", new { impact = "low" }),
            ["POST /api/v1/products/{key}/impediments"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/impediments", new { title = "Matrix impediment" }),
            ["GET /api/v1/products/{key}/impediments"] = c => Get($"/api/v1/products/{c.ProductKey}/impediments?status=unresolved"),
            ["GET /api/v1/impediments/{id:guid}"] = c => Get($"/api/v1/impediments/{c.ImpedimentId}"),
            ["POST /api/v1/impediments/{id:guid}/start"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/impediments/{c.ImpedimentId}/start"), 999_999),
            ["POST /api/v1/impediments/{id:guid}/resolve"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/impediments/{c.ImpedimentId}/resolve", new { resolution = "Matrix" }), 999_999),
            ["POST /api/v1/impediments/{id:guid}/escalate"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/impediments/{c.ImpedimentId}/escalate", new { reason = "Matrix" }), 999_999),
            // ---- Issue 11, milestones, gates and trade-offs (stale If-Match: 412; the shared trade-off stays open).
            ["GET /api/v1/products/{key}/milestones"] = c => Get($"/api/v1/products/{c.ProductKey}/milestones"),
            ["POST /api/v1/products/{key}/milestones"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/milestones", new { name = "Matrix milestone", date = "2099-06-01" }),
            ["GET /api/v1/milestones/{id:guid}"] = c => Get($"/api/v1/milestones/{c.MilestoneId}"),
            ["PUT /api/v1/milestones/{id:guid}"] = c => IfMatch(Send(HttpMethod.Put, $"/api/v1/milestones/{c.MilestoneId}", new { name = "Matrix" }), 999_999),
            ["PUT /api/v1/milestones/{id:guid}/date"] = c => IfMatch(Send(HttpMethod.Put, $"/api/v1/milestones/{c.MilestoneId}/date", new { date = "2099-07-01" }), 999_999),
            ["POST /api/v1/milestones/{id:guid}/scope"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/milestones/{c.MilestoneId}/scope", new { itemKeys = new[] { c.ItemKey } }), 999_999),
            ["DELETE /api/v1/milestones/{id:guid}/scope/{itemKey}"] = c => IfMatch(Send(HttpMethod.Delete, $"/api/v1/milestones/{c.MilestoneId}/scope/{c.ItemKey}"), 999_999),
            ["POST /api/v1/milestones/{id:guid}/prerequisites"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/milestones/{c.MilestoneId}/prerequisites", new { kind = "decision", id = c.AdrId }), 999_999),
            ["DELETE /api/v1/milestones/{id:guid}/prerequisites/{targetId:guid}"] = c => IfMatch(Send(HttpMethod.Delete, $"/api/v1/milestones/{c.MilestoneId}/prerequisites/{c.AdrId}"), 999_999),
            ["POST /api/v1/milestones/{id:guid}/gates"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/milestones/{c.MilestoneId}/gates", new { kind = "design-review", dueOn = "2099-05-01" }), 999_999),
            ["POST /api/v1/milestones/{id:guid}/trade-offs"] = c => Send(HttpMethod.Post, $"/api/v1/milestones/{c.MilestoneId}/trade-offs", new { moveDate = "2099-09-01" }),
            ["POST /api/v1/gates/{gateId:guid}/decision"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/gates/{c.GateId}/decision", new { status = "no-go", note = "Matrix" }), 999_999),
            ["PUT /api/v1/gates/{gateId:guid}/checklist/{lineId:guid}"] = c => Send(HttpMethod.Put, $"/api/v1/gates/{c.GateId}/checklist/{c.GateLineId}", new { done = false }),
            ["GET /api/v1/trade-offs/{id:guid}"] = c => Get($"/api/v1/trade-offs/{c.TradeOffId}"),
            ["POST /api/v1/trade-offs/{id:guid}/scope"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/trade-offs/{c.TradeOffId}/scope", new { noChange = true }), 999_999),
            ["POST /api/v1/trade-offs/{id:guid}/date"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/trade-offs/{c.TradeOffId}/date", new { noChange = true }), 999_999),
            ["GET /api/v1/releases/{id:guid}/scope"] = c => Get($"/api/v1/releases/{c.ReleaseId}/scope"),
            ["PUT /api/v1/releases/{id:guid}/scope"] = c => IfMatch(Send(HttpMethod.Put, $"/api/v1/releases/{c.ReleaseId}/scope", new { itemKeys = new[] { c.ItemKey } }), 999_999),
            ["GET /api/v1/teams/{teamId:guid}/events"] = c => Get($"/api/v1/teams/{c.TeamId}/events"),
            ["POST /api/v1/teams/{teamId:guid}/events"] = c => Send(HttpMethod.Post, $"/api/v1/teams/{c.TeamId}/events", new { kind = "other", title = "Matrix event", date = "2027-02-01", start = "10:00", durationMinutes = 30 }),
            ["PUT /api/v1/events/{id:guid}"] = c => IfMatch(Send(HttpMethod.Put, $"/api/v1/events/{c.EventId}", new { title = "Matrix renamed" }), 999_999),
            ["DELETE /api/v1/events/{id:guid}"] = c => IfMatch(Send(HttpMethod.Delete, $"/api/v1/events/{c.EventId}"), 999_999),
            ["GET /api/v1/teams/{teamId:guid}/calendar/feed"] = c => Get($"/api/v1/teams/{c.TeamId}/calendar/feed"),
            ["POST /api/v1/teams/{teamId:guid}/calendar/feed/rotate"] = c => Send(HttpMethod.Post, $"/api/v1/teams/{c.TeamId}/calendar/feed/rotate"),
            ["POST /api/v1/sprints/{id:guid}/disagreements"] = c => Send(HttpMethod.Post, $"/api/v1/sprints/{c.DisagreementSprintId}/disagreements", new { concern = "Matrix concern" }),
            ["POST /api/v1/products/{key}/disagreements"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/disagreements", new { area = "priority-scope", subjectKind = "item", subjectKey = c.ItemKey, concern = "Matrix concern" }),
            // ---- Issue 10, the board: reads, and writes that miss (unknown card → 404, stale workflow → 412), so nothing changes.
            ["GET /api/v1/sprints/{id:guid}/board"] = c => Get($"/api/v1/sprints/{c.BoardSprintId}/board?swimlane=assignee"),
            ["POST /api/v1/sprints/{id:guid}/board/moves"] = c => Send(HttpMethod.Post, $"/api/v1/sprints/{c.BoardSprintId}/board/moves", new { itemKey = $"{c.ProductKey}-99999", columnId = c.BoardColumnId }),
            ["POST /api/v1/sprints/{id:guid}/board/cards/{itemKey}/block"] = c => Send(HttpMethod.Post, $"/api/v1/sprints/{c.BoardSprintId}/board/cards/{c.ProductKey}-99999/block", new { reason = "Waiting for the bank" }),
            ["POST /api/v1/sprints/{id:guid}/board/cards/{itemKey}/unblock"] = c => Send(HttpMethod.Post, $"/api/v1/sprints/{c.BoardSprintId}/board/cards/{c.ProductKey}-99999/unblock"),
            ["GET /api/v1/teams/{teamId:guid}/board"] = c => Get($"/api/v1/teams/{c.TeamId}/board"),
            ["PUT /api/v1/teams/{teamId:guid}/workflow"] = c => IfMatch(Send(HttpMethod.Put, $"/api/v1/teams/{c.TeamId}/workflow",
                new { columns = new object[] { new { name = "To do", status = "ready" }, new { name = "Done", status = "done" } } }), 0),
            // ---- Issue 11, dependencies: the TPM records one (an external party, so nothing else moves); the shared one changes only when stale (412).
            ["POST /api/v1/dependencies"] = c => Send(HttpMethod.Post, "/api/v1/dependencies", new
            {
                needingProduct = c.ProductKey, provider = new { kind = "external", externalName = "Matrix partner", externalKind = "partner" },
                title = "Matrix dependency", neededBy = "2099-06-01", owners = new { provider = c.TargetUserId },
            }),
            ["GET /api/v1/dependencies/{id:guid}"] = c => Get($"/api/v1/dependencies/{c.DependencyId}"),
            ["PUT /api/v1/dependencies/{id:guid}"] = c => IfMatch(Send(HttpMethod.Put, $"/api/v1/dependencies/{c.DependencyId}", new
            {
                provider = new { kind = "team", teamId = c.TeamId }, title = "Matrix dependency renamed", neededBy = "2099-06-01", owners = new { provider = c.TargetUserId },
            }), 999_999),
            ["PUT /api/v1/dependencies/{id:guid}/status"] = c => IfMatch(Send(HttpMethod.Put, $"/api/v1/dependencies/{c.DependencyId}/status", new { status = "committed", note = "Matrix" }), 999_999),

            // ---- Issue 11, status reports. The shared report is published: narratives and publishing answer 409 once allowed;
            // starting a draft succeeds once for the TPM (logged), then answers 409 (one open draft per product).
            ["POST /api/v1/products/{key}/status-reports"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/status-reports"),
            ["GET /api/v1/products/{key}/status-reports"] = c => Get($"/api/v1/products/{c.ProductKey}/status-reports?limit=10"),
            ["GET /api/v1/status-reports/{id:guid}"] = c => Get($"/api/v1/status-reports/{c.StatusReportId}"),
            ["GET /api/v1/status-reports/{id:guid}.md"] = c => Get($"/api/v1/status-reports/{c.StatusReportId}.md"),
            ["PUT /api/v1/status-reports/{id:guid}/delivery-narrative"] = c => Send(HttpMethod.Put, $"/api/v1/status-reports/{c.StatusReportId}/delivery-narrative", new { text = "Matrix" }),
            ["PUT /api/v1/status-reports/{id:guid}/product-narrative"] = c => Send(HttpMethod.Put, $"/api/v1/status-reports/{c.StatusReportId}/product-narrative", new { text = "Matrix" }),
            ["POST /api/v1/status-reports/{id:guid}/publish"] = c => Send(HttpMethod.Post, $"/api/v1/status-reports/{c.StatusReportId}/publish"),
            // ---- Issue 11, the RAID log: raises create; the TPM's writes are stale (412), links miss (400/404), and the
            // shared impediment is not escalated (409), so the shared records never change.
            ["POST /api/v1/products/{key}/risks"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/risks", new { title = "Matrix risk", probability = 2, impact = 3 }),
            ["GET /api/v1/products/{key}/risks"] = c => Get($"/api/v1/products/{c.ProductKey}/risks?status=live&minScore=1"),
            ["GET /api/v1/products/{key}/risks/heatmap"] = c => Get($"/api/v1/products/{c.ProductKey}/risks/heatmap"),
            ["GET /api/v1/products/{key}/risks/heatmap.svg"] = c => Get($"/api/v1/products/{c.ProductKey}/risks/heatmap.svg"),
            ["GET /api/v1/products/{key}/assumptions"] = c => Get($"/api/v1/products/{c.ProductKey}/assumptions"),
            ["POST /api/v1/products/{key}/assumptions"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/assumptions", new { statement = "Matrix assumption", validateBy = "2099-01-01" }),
            ["GET /api/v1/products/{key}/raid-issues"] = c => Get($"/api/v1/products/{c.ProductKey}/raid-issues"),
            ["POST /api/v1/products/{key}/raid-issues"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/raid-issues", new { title = "Matrix issue", priority = "low" }),
            ["GET /api/v1/risks/{id:guid}"] = c => Get($"/api/v1/risks/{c.RiskId}"),
            ["PUT /api/v1/risks/{id:guid}"] = c => IfMatch(Send(HttpMethod.Put, $"/api/v1/risks/{c.RiskId}", new { probability = 5, impact = 5 }), 999_999),
            ["PUT /api/v1/risks/{id:guid}/status"] = c => IfMatch(Send(HttpMethod.Put, $"/api/v1/risks/{c.RiskId}/status", new { status = "accepted" }), 999_999),
            ["GET /api/v1/risks/{id:guid}/history"] = c => Get($"/api/v1/risks/{c.RiskId}/history"),
            ["POST /api/v1/risks/{id:guid}/links"] = c => Send(HttpMethod.Post, $"/api/v1/risks/{c.RiskId}/links", new { kind = "item", @ref = $"{c.ProductKey}-99999" }),
            ["DELETE /api/v1/risks/{id:guid}/links/{linkId:guid}"] = c => Send(HttpMethod.Delete, $"/api/v1/risks/{c.RiskId}/links/{Guid.NewGuid()}"),
            ["GET /api/v1/assumptions/{id:guid}"] = c => Get($"/api/v1/assumptions/{c.AssumptionId}"),
            ["PUT /api/v1/assumptions/{id:guid}"] = c => IfMatch(Send(HttpMethod.Put, $"/api/v1/assumptions/{c.AssumptionId}", new { statement = "Matrix reworded" }), 999_999),
            ["POST /api/v1/assumptions/{id:guid}/validate"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/assumptions/{c.AssumptionId}/validate"), 999_999),
            ["POST /api/v1/assumptions/{id:guid}/invalidate"] = c => IfMatch(Send(HttpMethod.Post, $"/api/v1/assumptions/{c.AssumptionId}/invalidate", new { probability = 3, impact = 3 }), 999_999),
            ["POST /api/v1/assumptions/{id:guid}/links"] = c => Send(HttpMethod.Post, $"/api/v1/assumptions/{c.AssumptionId}/links", new { kind = "milestone", @ref = "99999" }),
            ["DELETE /api/v1/assumptions/{id:guid}/links/{linkId:guid}"] = c => Send(HttpMethod.Delete, $"/api/v1/assumptions/{c.AssumptionId}/links/{Guid.NewGuid()}"),
            ["GET /api/v1/raid-issues/{id:guid}"] = c => Get($"/api/v1/raid-issues/{c.RaidIssueId}"),
            ["PUT /api/v1/raid-issues/{id:guid}"] = c => IfMatch(Send(HttpMethod.Put, $"/api/v1/raid-issues/{c.RaidIssueId}", new { priority = "high" }), 999_999),
            ["PUT /api/v1/raid-issues/{id:guid}/status"] = c => IfMatch(Send(HttpMethod.Put, $"/api/v1/raid-issues/{c.RaidIssueId}/status", new { status = "resolved" }), 999_999),
            ["POST /api/v1/raid-issues/{id:guid}/links"] = c => Send(HttpMethod.Post, $"/api/v1/raid-issues/{c.RaidIssueId}/links", new { kind = "decision", @ref = "99999" }),
            ["DELETE /api/v1/raid-issues/{id:guid}/links/{linkId:guid}"] = c => Send(HttpMethod.Delete, $"/api/v1/raid-issues/{c.RaidIssueId}/links/{Guid.NewGuid()}"),
            ["POST /api/v1/impediments/{id:guid}/promote"] = c => Send(HttpMethod.Post, $"/api/v1/impediments/{c.ImpedimentId}/promote", new { @as = "risk", probability = 2, impact = 2 }),
            // ---- Issue 11, forecasts, capacity and budget. The matrix team has no throughput, so a forecast answers 409 (saying so);
            // the allocation is removed only when stale (412); a budget and a rate on the matrix product are harmless.
            ["GET /api/v1/products/{key}/forecast"] = c => Get($"/api/v1/products/{c.ProductKey}/forecast?items=5&seed=1"),
            ["GET /api/v1/products/{key}/forecast/histogram.svg"] = c => Get($"/api/v1/products/{c.ProductKey}/forecast/histogram.svg?items=5&seed=1"),
            ["POST /api/v1/products/{key}/allocations"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/allocations", new { userId = c.TargetUserId, percent = 10, from = "2026-01-05", to = "2026-01-11" }),
            ["DELETE /api/v1/allocations/{id:guid}"] = c => IfMatch(Send(HttpMethod.Delete, $"/api/v1/allocations/{c.AllocationId}"), 999_999),
            ["GET /api/v1/products/{key}/budget"] = c => Get($"/api/v1/products/{c.ProductKey}/budget"),
            ["PUT /api/v1/products/{key}/budget"] = c => Send(HttpMethod.Put, $"/api/v1/products/{c.ProductKey}/budget", new { amount = 1000, currency = "EUR" }),
            ["PUT /api/v1/products/{key}/budget/rates"] = c => Send(HttpMethod.Put, $"/api/v1/products/{c.ProductKey}/budget/rates", new { role = "developer", hourly = 80 }),
            ["GET /api/v1/products/{key}/budget/burn.svg"] = c => Get($"/api/v1/products/{c.ProductKey}/budget/burn.svg"),
            // ---- Issue 11, the schedule: reads; the item goes on the schedule once (then 409); date shifts only when stale (412);
            // removals and links name nothing that exists (404/400); a baseline is a harmless snapshot.
            ["GET /api/v1/products/{key}/schedule"] = c => Get($"/api/v1/products/{c.ProductKey}/schedule"),
            ["GET /api/v1/products/{key}/schedule/gantt.svg"] = c => Get($"/api/v1/products/{c.ProductKey}/schedule/gantt.svg"),
            ["POST /api/v1/products/{key}/schedule/items"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/schedule/items", new { itemKey = c.ItemKey }),
            ["PUT /api/v1/products/{key}/schedule/items/{itemKey}"] = c => IfMatch(Send(HttpMethod.Put, $"/api/v1/products/{c.ProductKey}/schedule/items/{c.ItemKey}", new { start = "2027-01-04", end = "2027-01-08" }), 999_999),
            ["DELETE /api/v1/products/{key}/schedule/items/{itemKey}"] = c => Send(HttpMethod.Delete, $"/api/v1/products/{c.ProductKey}/schedule/items/{c.ProductKey}-99999"),
            ["POST /api/v1/products/{key}/schedule/links"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/schedule/links", new { predecessor = $"{c.ProductKey}-99999", successor = c.ItemKey, type = "finish-to-start", lag = "0" }),
            ["DELETE /api/v1/schedule/links/{id:guid}"] = c => IfMatch(Send(HttpMethod.Delete, $"/api/v1/schedule/links/{c.ScheduleLinkId}"), 999_999),
            ["POST /api/v1/products/{key}/schedule/baselines"] = c => Send(HttpMethod.Post, $"/api/v1/products/{c.ProductKey}/schedule/baselines", new { name = "Matrix baseline" }),
            ["GET /api/v1/products/{key}/schedule/baselines"] = c => Get($"/api/v1/products/{c.ProductKey}/schedule/baselines"),
            ["GET /api/v1/products/{key}/schedule/baselines/{id:guid}"] = c => Get($"/api/v1/products/{c.ProductKey}/schedule/baselines/{Guid.NewGuid()}"),
        };

    public static HttpRequestMessage Request(ApiEndpoint endpoint, RequestContext context) =>
        Samples.TryGetValue(endpoint.Id, out var factory)
            ? factory(context)
            : throw new InvalidOperationException($"No sample request for {endpoint}; add one to {nameof(ApiEndpoints)}.{nameof(Samples)}.");

    /// <summary>A one-week sprint somewhere in the far future, so the matrix's repeated plans do not overlap (one in a few thousand).</summary>
    private static object FarSprint()
    {
        var start = new DateOnly(2200, 1, 1).AddDays(Random.Shared.Next(0, 50_000) * 7);
        return new { name = "Matrix planned", start = start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), end = start.AddDays(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
    }

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage IfMatch(HttpRequestMessage request, int version)
    {
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        return request;
    }

    private static HttpRequestMessage Send(HttpMethod method, string url, object? body = null) =>
        new(method, url) { Content = body is null ? null : JsonContent.Create(body) };
}
