using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Health;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Health;

public static class HealthApi
{
    public static void MapHealthCheckApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/teams/{teamId:guid}/health-checks", async Task<Results<Created<HealthRoundDto>, ProblemHttpResult>> (Guid teamId, OpenHealthCheckRequest request, HealthFeature health, CancellationToken ct) =>
            (await health.OpenAsync(teamId, request, ct)).ToCreated(r => $"/api/v1/teams/{teamId}/health"))
            .WithTags("Team health").RequireAuthorization().Performs(Operations.Process.Edit)
            .WithSummary("Open a health-check round on some dimensions (default fun, pace, learning, teamwork, delivering value, easy to release, health of codebase, support); closes the previous round (Scrum Master; logged)");

        api.MapPost("/health-checks/{id:guid}/answers", async Task<Results<Ok<HealthRoundDto>, ProblemHttpResult>> (Guid id, HealthAnswerRequest request, HealthFeature health, CancellationToken ct) =>
            (await health.AnswerAsync(id, request, ct)).ToOk())
            .WithTags("Team health").RequireAuthorization().Performs(Operations.Process.AnswerHealthCheck)
            .WithSummary("Answer the open round anonymously: 1–5 for every dimension; answering again replaces your answer");

        api.MapGet("/teams/{teamId:guid}/health", async Task<Results<Ok<HealthTrendDto>, ProblemHttpResult>> (Guid teamId, HealthFeature health, CancellationToken ct) =>
            (await health.TrendAsync(teamId, ct)).ToOk())
            .WithTags("Team health").RequireAuthorization().Performs(Operations.Products.Read)
            .WithSummary("The team's health trend: averages per dimension and round, shown only from three answers on, never per person");
    }
}
