using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Common;
using Tandem.Application.Vision;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Vision;

public static class VisionApi
{
    public static void MapVisionApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/products/{key}").WithTags("Vision and goals").RequireAuthorization();

        group.MapGet("/vision", async Task<Results<Ok<VisionDto>, ProblemHttpResult>> (string key, VisionFeature vision, HttpContext context, CancellationToken ct) =>
            Respond(await vision.GetAsync(key, ct), context))
            .Performs(Operations.Products.Read).WithSummary("Vision statement, target users, problem and goals");

        group.MapPut("/vision", async Task<Results<Ok<VisionDto>, ProblemHttpResult>> (string key, VisionRequest request, VisionFeature vision, HttpContext context, CancellationToken ct) =>
            Respond(await vision.RewriteAsync(key, request, ETags.IfMatch(context), ct), context))
            .Performs(Operations.Vision.Edit).WithSummary("Rewrite the vision (Product Owner; honours If-Match)");

        group.MapPost("/goals", async Task<Results<Ok<VisionDto>, ProblemHttpResult>> (string key, GoalRequest request, VisionFeature vision, HttpContext context, CancellationToken ct) =>
            Respond(await vision.AddGoalAsync(key, request, ct), context))
            .Performs(Operations.Vision.Edit).WithSummary("Add a goal with a measurable outcome and target date (Product Owner)");

        group.MapPut("/goals/{id:guid}", async Task<Results<Ok<VisionDto>, ProblemHttpResult>> (string key, Guid id, GoalRequest request, VisionFeature vision, HttpContext context, CancellationToken ct) =>
            Respond(await vision.ChangeGoalAsync(key, id, request, ct), context))
            .Performs(Operations.Vision.Edit).WithSummary("Change a goal or its status (Product Owner)");

        group.MapDelete("/goals/{id:guid}", async Task<Results<Ok<VisionDto>, ProblemHttpResult>> (string key, Guid id, VisionFeature vision, HttpContext context, CancellationToken ct) =>
            Respond(await vision.RemoveGoalAsync(key, id, ct), context))
            .Performs(Operations.Vision.Edit).WithSummary("Remove a goal (Product Owner)");
    }

    private static Results<Ok<VisionDto>, ProblemHttpResult> Respond(Result<VisionDto> result, HttpContext context)
    {
        if (!result.IsSuccess) return result.Error!.ToProblem();
        ETags.Set(context, result.Value!.Version);
        return TypedResults.Ok(result.Value);
    }
}
