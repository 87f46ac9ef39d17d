using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Capacity;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Capacity;

public static class CapacityApi
{
    public static void MapCapacityApi(this IEndpointRouteBuilder api)
    {
        // Workspace-wide and filtered to the products the caller may read, so it declares no single product's operation.
        api.MapGet("/capacity", async Task<Results<Ok<CapacityView>, ProblemHttpResult>> (string? product, Guid? team, string? from, int? weeks, CapacityFeature capacity, CancellationToken ct) =>
            (await capacity.ProgramAsync(product, team, from, weeks, ct)).ToOk())
            .WithTags("Capacity").RequireAuthorization()
            .WithSummary("Capacity across the products you can read (filters `product` key and `team` id; `from` YYYY-MM-DD, `weeks` 1–26): the allocations, each person's load per week with overloads above 100 %, each open sprint's committed points against its capacity, and the warnings");

        api.MapPost("/products/{key}/allocations", async Task<Results<Created<AllocationDto>, ProblemHttpResult>> (string key, PlanAllocationRequest request, CapacityFeature capacity, HttpContext context, CancellationToken ct) =>
            (await capacity.PlanAsync(key, request, ct)).ToCreated(a => $"/api/v1/allocations/{a.Id}", context))
            .WithTags("Capacity").RequireAuthorization()
            .Performs(Operations.Delivery.EditSchedule)
            .WithSummary("Allocate a person to the product or one of its teams for a period: userId, teamId (optional), percent 1–100, from, to, note (Technical Project Manager; logged)");

        api.MapDelete("/allocations/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, CapacityFeature capacity, HttpContext context, CancellationToken ct) =>
            (await capacity.RemoveAsync(id, ETags.IfMatch(context), ct)).ToNoContent())
            .WithTags("Capacity").RequireAuthorization()
            .Performs(Operations.Delivery.EditSchedule)
            .WithSummary("Remove an allocation; If-Match with its version refuses a stale removal (Technical Project Manager; logged)");
    }
}
