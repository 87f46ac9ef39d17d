using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.DecisionLog;
using Tandem.Application.DecisionRights;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.DecisionRights;

public static class DecisionRightsApi
{
    public static void MapDecisionRightsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/products/{key}").WithTags("Decision rights and log").RequireAuthorization();

        group.MapGet("/decision-rights", async Task<Results<Ok<DecisionRightsDto>, ProblemHttpResult>> (string key, DecisionRightsFeature feature, CancellationToken ct) =>
            (await feature.GetAsync(key, ct)).ToOk())
            .Performs(Operations.Products.ReadDecisionRights).WithSummary("Who decides what on this product, who holds each role, and the warnings");

        group.MapGet("/permissions", async Task<Results<Ok<IReadOnlyList<PermissionDto>>, ProblemHttpResult>> (string key, string? operation, DecisionRightsFeature feature, CancellationToken ct) =>
            (await feature.PermissionsAsync(key, operation, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("Every operation, whether you may perform it, and if not who may");

        group.MapGet("/decision-log", async Task<Results<Ok<Page<DecisionLogEntryDto>>, ProblemHttpResult>> (
            string key, string? area, Guid? person, string? subject, string? from, string? to, int? limit, string? cursor, DecisionLogFeature log, CancellationToken ct) =>
            (await log.ListAsync(key, new DecisionLogQuery(area, person, subject, limit, cursor, from, to), ct)).ToOk())
            .Performs(Operations.Products.ReadDecisionLog).WithSummary("The append-only decision log, newest first, filterable by area, person, days (from/to, UTC) and subject");
    }
}
