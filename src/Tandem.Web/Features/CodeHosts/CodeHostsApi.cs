using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.CodeHosts;
using Tandem.Domain.CodeHosts;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.CodeHosts;

/// <summary>
/// GitHub and GitLab (issue 16, ADR 36): a product's repository connections, an item's code links, and the two
/// webhook addresses the hosts post to. The hooks are anonymous; the signature (or GitLab's token) is their credential.
/// </summary>
public static class CodeHostsApi
{
    /// <summary>The largest delivery taken. GitHub caps its payloads at 25 MB, but a push of 200 commits is well under 1 MB.</summary>
    public const long MaxDeliveryBytes = 5L * 1024 * 1024;

    public static void MapCodeHostsApi(this IEndpointRouteBuilder api)
    {
        var repositories = api.MapGroup("/products/{key}/repositories").WithTags("GitHub and GitLab").RequireAuthorization();

        repositories.MapGet("/", async Task<Results<Ok<IReadOnlyList<RepositoryConnectionDto>>, ProblemHttpResult>> (
            string key, RepositoriesFeature feature, HttpRequest request, CancellationToken ct) =>
        {
            if ((await feature.ListAsync(key, ct)).Failed(out var error, out var list)) return error.ToProblem();
            return TypedResults.Ok<IReadOnlyList<RepositoryConnectionDto>>(list.Select(c => WithUrl(c, request)).ToList());
        })
        .Performs(Operations.Repositories.Read)
        .WithSummary("The product's GitHub and GitLab connections with their payload URLs (the team); secrets are never shown again");

        repositories.MapPost("/", async Task<Results<Created<RepositoryConnectionDto>, ProblemHttpResult>> (
            string key, ConnectRepositoryRequest body, RepositoriesFeature feature, HttpRequest request, CancellationToken ct) =>
        {
            if ((await feature.ConnectAsync(key, body, ct)).Failed(out var error, out var connection)) return error.ToProblem();
            return TypedResults.Created($"/api/v1/products/{key}/repositories", WithUrl(connection, request));
        })
        .Performs(Operations.Repositories.Connect)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .WithSummary("Connect a repository (Tech Lead or Product Owner; logged): host github|gitlab, repository, secret (empty: Tandem makes one), mergeMovesToDone. The answer holds the secret, once, and the payload URL");

        repositories.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (
            string key, Guid id, RepositoriesFeature feature, CancellationToken ct) => (await feature.DisconnectAsync(key, id, ct)).ToNoContent())
        .Performs(Operations.Repositories.Connect)
        .WithSummary("Disconnect a repository (Tech Lead or Product Owner; logged): its deliveries are refused from now on; the links it made stay");

        api.MapGet("/items/{key}/code-links", async Task<Results<Ok<ItemCodeLinksDto>, ProblemHttpResult>> (
            string key, RepositoriesFeature feature, CancellationToken ct) => (await feature.LinksAsync(key, ct)).ToOk())
        .WithTags("GitHub and GitLab").RequireAuthorization()
        .Performs(Operations.Products.Read)
        .WithSummary("The pull requests, merge requests and commits that name the item (newest change first, at most 200)");

        MapHook(api, CodeHost.GitHub, "X-GitHub-Event", "X-GitHub-Delivery", "X-Hub-Signature-256",
            "GitHub's webhook (pull_request, push), signed with X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body with the secret>");
        MapHook(api, CodeHost.GitLab, "X-Gitlab-Event", "X-Gitlab-Event-UUID", "X-Gitlab-Token",
            "GitLab's webhook (Merge Request Hook, Push Hook), with the secret in X-Gitlab-Token");
    }

    private static void MapHook(IEndpointRouteBuilder api, CodeHost host, string eventHeader, string deliveryHeader, string signatureHeader, string summary)
    {
        api.MapPost($"/hooks/{CodeLink.HostName(host)}/{{connectionId:guid}}", async Task<Results<Ok<HookOutcome>, Accepted<HookOutcome>, ProblemHttpResult>> (
            Guid connectionId, HttpRequest request, CodeHooksFeature hooks, CancellationToken ct) =>
        {
            // The signature is over the bytes as sent, so the body is read raw, never through a model binder.
            if (await ReadBodyAsync(request, ct) is not { } body)
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"A delivery has at most {MaxDeliveryBytes / 1024 / 1024} MB.");
            var formEncoded = request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
            var delivery = new HookDelivery(host, connectionId, request.Headers[eventHeader], request.Headers[deliveryHeader], request.Headers[signatureHeader], body, formEncoded);
            if ((await hooks.ReceiveAsync(delivery, ct)).Failed(out var error, out var outcome)) return error.ToProblem();
            return outcome.Status == HookOutcome.Ignored ? TypedResults.Accepted((string?)null, outcome) : TypedResults.Ok(outcome);
        })
        .AllowAnonymous()
        .WithTags("GitHub and GitLab")
        .Accepts<JsonElement>("application/json", "application/x-www-form-urlencoded")
        .WithMetadata(new BodySizeLimit(MaxDeliveryBytes))
        .DisableAntiforgery()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .WithSummary(summary);
    }

    /// <summary>The body, or null when it outgrows <see cref="MaxDeliveryBytes"/> (a body sent in chunks declares no length).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxDeliveryBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxDeliveryBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static RepositoryConnectionDto WithUrl(RepositoryConnectionDto connection, HttpRequest request) =>
        connection with { PayloadUrl = $"{request.Scheme}://{request.Host}{request.PathBase}{connection.PayloadPath}" };
}
