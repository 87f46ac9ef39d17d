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

/// <summary>What a generated request talks about: the product, and a person in its workspace to act on.</summary>
public sealed record RequestContext(string ProductKey, Guid TargetUserId);

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
        };

    public static HttpRequestMessage Request(ApiEndpoint endpoint, RequestContext context) =>
        Samples.TryGetValue(endpoint.Id, out var factory)
            ? factory(context)
            : throw new InvalidOperationException($"No sample request for {endpoint}; add one to {nameof(ApiEndpoints)}.{nameof(Samples)}.");

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage Send(HttpMethod method, string url, object? body = null) =>
        new(method, url) { Content = body is null ? null : JsonContent.Create(body) };
}
