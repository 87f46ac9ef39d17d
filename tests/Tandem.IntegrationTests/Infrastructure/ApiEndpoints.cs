using Microsoft.AspNetCore.Http;
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

    /// <summary>An open planning-poker session of the product, for the session-scoped endpoints.</summary>
    public Guid PokerId { get; init; }
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
            ["POST /api/v1/people"] = _ => Send(HttpMethod.Post, "/api/v1/people", new { email = $"{Guid.NewGuid():N}@test.tandem", displayName = TandemApp.Unique("Matrix") }),

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
        };

    public static HttpRequestMessage Request(ApiEndpoint endpoint, RequestContext context) =>
        Samples.TryGetValue(endpoint.Id, out var factory)
            ? factory(context)
            : throw new InvalidOperationException($"No sample request for {endpoint}; add one to {nameof(ApiEndpoints)}.{nameof(Samples)}.");

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage Send(HttpMethod method, string url, object? body = null) =>
        new(method, url) { Content = body is null ? null : JsonContent.Create(body) };
}
