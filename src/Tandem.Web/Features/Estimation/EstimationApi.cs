using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Backlog;
using Tandem.Application.Estimation;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Estimation;

/// <summary>
/// points is a number of the product's scale (5, or "5") or "?" for "cannot size it yet"; JSON gives
/// it as either a number or a string, so it is read as an element and turned into the scale's text.
/// </summary>
public sealed record EstimateRequest(JsonElement? Points, string? Reason);

public static class EstimationApi
{
    public static void MapEstimationApi(this IEndpointRouteBuilder api)
    {
        var products = api.MapGroup("/products/{key}").WithTags("Estimation").RequireAuthorization();

        products.MapGet("/estimation-scale", async Task<Results<Ok<EstimationScaleDto>, ProblemHttpResult>> (string key, EstimationFeature estimation, CancellationToken ct) =>
            (await estimation.GetScaleAsync(key, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The product's story-point scale (default 0, 1, 2, 3, 5, 8, 13, 21, ?)");

        products.MapPut("/estimation-scale", async Task<Results<Ok<EstimationScaleDto>, ProblemHttpResult>> (string key, EstimationScaleRequest request, EstimationFeature estimation, CancellationToken ct) =>
            (await estimation.SetScaleAsync(key, request, ct)).ToOk())
            .Performs(Operations.Estimation.Estimate).WithSummary("Replace the story-point scale: numbers smallest first, optionally \"?\" last (developers and Tech Lead)");

        var items = api.MapGroup("/items/{itemKey}").WithTags("Estimation").RequireAuthorization();

        items.MapGet("/estimates", async Task<Results<Ok<EstimatesDto>, ProblemHttpResult>> (string itemKey, EstimationFeature estimation, CancellationToken ct) =>
            (await estimation.GetEstimatesAsync(itemKey, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The item's current estimate, the scale and the estimate history, newest first");

        items.MapPut("/estimate", async Task<Results<Ok<BacklogItemDto>, ProblemHttpResult>> (string itemKey, EstimateRequest request, EstimationFeature estimation, HttpContext context, CancellationToken ct) =>
            (await estimation.EstimateAsync(itemKey, PointsText(request.Points), request.Reason, ETags.IfMatch(context), ct)).ToOk(context))
          .Performs(Operations.Estimation.Estimate)
          .WithSummary("Estimate an item with a value of the product's scale, or \"?\" for unknown (developers and Tech Lead; honours If-Match)");

        items.MapPut("/assessment", async Task<Results<Ok<BacklogItemDto>, ProblemHttpResult>> (string itemKey, AssessmentRequest request, EstimationFeature estimation, HttpContext context, CancellationToken ct) =>
            (await estimation.AssessAsync(itemKey, request, ct)).ToOk(context))
          .Performs(Operations.Technical.Assess)
          .WithSummary("Set feasibility (feasible, needs-spike, not-feasible-now), risk, confidence (low, medium, high), components and notes (Tech Lead); needs-spike creates a linked spike once");
    }

    private static string? PointsText(JsonElement? points) => points switch
    {
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { } other => other.GetRawText(),
    };
}
