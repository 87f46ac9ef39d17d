using Microsoft.AspNetCore.Http.HttpResults;
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
            (await vision.GetAsync(key, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("Vision statement, target users, problem and goals");

        group.MapPut("/vision", async Task<Results<Ok<VisionDto>, ProblemHttpResult>> (string key, VisionRequest request, VisionFeature vision, HttpContext context, CancellationToken ct) =>
            (await vision.RewriteAsync(key, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Vision.Edit).WithSummary("Rewrite the vision (Product Owner; honours If-Match)");

        group.MapPost("/goals", async Task<Results<Ok<VisionDto>, ProblemHttpResult>> (string key, GoalRequest request, VisionFeature vision, HttpContext context, CancellationToken ct) =>
            (await vision.AddGoalAsync(key, request, ct)).ToOk(context))
            .Performs(Operations.Vision.Edit).WithSummary("Add a goal with a measurable outcome and target date (Product Owner)");

        group.MapPut("/goals/{id:guid}", async Task<Results<Ok<VisionDto>, ProblemHttpResult>> (string key, Guid id, GoalRequest request, VisionFeature vision, HttpContext context, CancellationToken ct) =>
            (await vision.ChangeGoalAsync(key, id, request, ct)).ToOk(context))
            .Performs(Operations.Vision.Edit).WithSummary("Change a goal or its status (Product Owner)");

        group.MapDelete("/goals/{id:guid}", async Task<Results<Ok<VisionDto>, ProblemHttpResult>> (string key, Guid id, VisionFeature vision, HttpContext context, CancellationToken ct) =>
            (await vision.RemoveGoalAsync(key, id, ct)).ToOk(context))
            .Performs(Operations.Vision.Edit).WithSummary("Remove a goal (Product Owner)");
    }
}
