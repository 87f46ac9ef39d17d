using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Webhooks;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Webhooks;

/// <summary>
/// A product's outgoing webhooks (issue 16, ADR 35): subscriptions by its Product Owner or the workspace admin, the
/// delivery log, redelivery and a test ping. Deliveries are signed with <c>Tandem-Signature</c>; see docs/integrations.md.
/// </summary>
public static class WebhooksApi
{
    public static void MapWebhooksApi(this IEndpointRouteBuilder api)
    {
        var hooks = api.MapGroup("/products/{key}/webhooks").WithTags("Webhooks").RequireAuthorization();

        hooks.MapGet("/", async Task<Results<Ok<IReadOnlyList<WebhookDto>>, ProblemHttpResult>> (string key, WebhooksFeature webhooks, CancellationToken ct) =>
            (await webhooks.ListAsync(key, ct)).ToOk())
            .Performs(Operations.Webhooks.Read).WithSummary("The product's webhook subscriptions (Product Owner or workspace admin); secrets are never shown again");

        hooks.MapPost("/", async Task<Results<Created<WebhookCreatedDto>, ProblemHttpResult>> (string key, CreateWebhookRequest request, WebhooksFeature webhooks, HttpContext context, CancellationToken ct) =>
            (await webhooks.CreateAsync(key, request, ct)).ToCreated(w => $"/api/v1/products/{w.Product}/webhooks/{w.Id}", context))
            .Performs(Operations.Webhooks.Manage)
            .WithSummary("Subscribe a receiver {url, events: [item.created, item.changed, item.moved, item.accepted, item.rejected, decision.recorded, sprint.started, sprint.closed, release.published]}; answers its id and signing secret, shown this once (logged)");

        hooks.MapGet("/{id:guid}", async Task<Results<Ok<WebhookDto>, ProblemHttpResult>> (string key, Guid id, WebhooksFeature webhooks, HttpContext context, CancellationToken ct) =>
            (await webhooks.GetAsync(key, id, ct)).ToOk(context))
            .Performs(Operations.Webhooks.Read).WithSummary("One webhook subscription");

        hooks.MapPatch("/{id:guid}", async Task<Results<Ok<WebhookDto>, ProblemHttpResult>> (string key, Guid id, PatchWebhookRequest request, WebhooksFeature webhooks, HttpContext context, CancellationToken ct) =>
            (await webhooks.PatchAsync(key, id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Webhooks.Manage).WithSummary("Change a webhook's url, events or enabled (enabling clears its failures; logged; honours If-Match)");

        hooks.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (string key, Guid id, WebhooksFeature webhooks, HttpContext context, CancellationToken ct) =>
            (await webhooks.DeleteAsync(key, id, ETags.IfMatch(context), ct)).ToNoContent())
            .Performs(Operations.Webhooks.Manage).WithSummary("Remove a webhook and its delivery log (logged; honours If-Match)");

        hooks.MapGet("/{id:guid}/deliveries", async Task<Results<Ok<IReadOnlyList<WebhookDeliveryDto>>, ProblemHttpResult>> (string key, Guid id, int? limit, WebhooksFeature webhooks, CancellationToken ct) =>
            (await webhooks.DeliveriesAsync(key, id, limit, ct)).ToOk())
            .Performs(Operations.Webhooks.Read).WithSummary("The delivery log, newest first (limit 1–200, default 50): event id and type, status, attempts, last response code, duration and error");

        hooks.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redeliver", async Task<Results<Accepted<WebhookDeliveryDto>, ProblemHttpResult>> (string key, Guid id, Guid deliveryId, WebhooksFeature webhooks, CancellationToken ct) =>
            (await webhooks.RedeliverAsync(key, id, deliveryId, ct)).Failed(out var error, out var delivery)
                ? error.ToProblem()
                : TypedResults.Accepted($"/api/v1/products/{key}/webhooks/{id}/deliveries", delivery))
            .Performs(Operations.Webhooks.Deliver).WithSummary("Send a delivery's event again (same event id and body) as a new delivery, at the sender's next pass");

        hooks.MapPost("/{id:guid}/ping", async Task<Results<Accepted<WebhookDeliveryDto>, ProblemHttpResult>> (string key, Guid id, WebhooksFeature webhooks, CancellationToken ct) =>
            (await webhooks.PingAsync(key, id, ct)).Failed(out var error, out var delivery)
                ? error.ToProblem()
                : TypedResults.Accepted($"/api/v1/products/{key}/webhooks/{id}/deliveries", delivery))
            .Performs(Operations.Webhooks.Deliver).WithSummary("Queue a signed ping event to this receiver, to test it");
    }
}
