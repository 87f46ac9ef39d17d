using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Sprints;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Sprints;

/// <summary>
/// A team's sprints: plan, change, goal, commitment, scope, start, close, scope-change requests and the review.
/// Adding or removing an item of an active sprint directly answers 409 and points to a scope-change request:
/// the developers decide those, and the endpoint that pulls items at planning stays one decision with one meaning.
/// </summary>
public static class SprintsApi
{
    public static void MapSprintsApi(this IEndpointRouteBuilder api)
    {
        var team = api.MapGroup("/teams/{teamId:guid}/sprints").WithTags("Sprints").RequireAuthorization();

        team.MapGet("/", async Task<Results<Ok<IReadOnlyList<SprintSummary>>, ProblemHttpResult>> (Guid teamId, SprintsFeature sprints, CancellationToken ct) =>
            (await sprints.ListAsync(teamId, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The team's sprints, newest first, with state, dates, committed and completed points");

        team.MapPost("/", async Task<Results<Created<SprintDto>, ProblemHttpResult>> (Guid teamId, PlanSprintRequest request, SprintsFeature sprints, HttpContext context, CancellationToken ct) =>
            (await sprints.PlanAsync(teamId, request, ct)).ToCreated(s => $"/api/v1/sprints/{s.Id}", context))
            .Performs(Operations.Sprints.Run).WithSummary("Plan a sprint (Scrum Master; logged): name, goal, start and end as YYYY-MM-DD (inclusive); no overlap with another sprint of the team");

        var one = api.MapGroup("/sprints/{id:guid}").WithTags("Sprints").RequireAuthorization();

        one.MapGet("/", async Task<Results<Ok<SprintDto>, ProblemHttpResult>> (Guid id, SprintsFeature sprints, HttpContext context, CancellationToken ct) =>
            (await sprints.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One sprint with its items, capacity, planning warnings and scope-change requests");

        one.MapPatch("/", async Task<Results<Ok<SprintDto>, ProblemHttpResult>> (Guid id, ChangeSprintRequest request, SprintsFeature sprints, HttpContext context, CancellationToken ct) =>
            (await sprints.ChangeAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Sprints.Run).WithSummary("Rename or move a planned sprint (Scrum Master; logged)");

        one.MapGet("/capacity", async Task<Results<Ok<CapacityDto>, ProblemHttpResult>> (Guid id, SprintsFeature sprints, CancellationToken ct) =>
            (await sprints.CapacityAsync(id, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("Capacity per member in focus hours and points (from the team's velocity), with the agreed debt share reserved");

        one.MapPut("/goal", async Task<Results<Ok<SprintDto>, ProblemHttpResult>> (Guid id, SprintGoalRequest request, SprintsFeature sprints, HttpContext context, CancellationToken ct) =>
            (await sprints.ProposeGoalAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Sprints.ProposeGoal).WithSummary("Propose the sprint goal (Product Owner); the team commits to it at planning");

        one.MapPost("/commit", async Task<Results<Ok<SprintDto>, ProblemHttpResult>> (Guid id, SprintsFeature sprints, HttpContext context, CancellationToken ct) =>
            (await sprints.CommitAsync(id, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Sprints.CommitScope).WithSummary("Commit to the goal and scope (Developers and Tech Lead; logged)");

        one.MapPost("/items", async Task<Results<Ok<SprintDto>, ProblemHttpResult>> (Guid id, SprintItemRequest request, SprintsFeature sprints, HttpContext context, CancellationToken ct) =>
            (await sprints.AddItemAsync(id, request, ct)).ToOk(context))
            .Performs(Operations.Sprints.CommitScope).WithSummary("Pull an item of the team's products into a planned sprint (Developers and Tech Lead; logged); an active sprint answers 409: ask with a scope-change request");

        one.MapDelete("/items/{itemKey}", async Task<Results<Ok<SprintDto>, ProblemHttpResult>> (Guid id, string itemKey, SprintsFeature sprints, HttpContext context, CancellationToken ct) =>
            (await sprints.RemoveItemAsync(id, itemKey, ct)).ToOk(context))
            .Performs(Operations.Sprints.CommitScope).WithSummary("Take an item out of a planned sprint (Developers and Tech Lead; logged)");

        one.MapPost("/start", async Task<Results<Ok<SprintDto>, ProblemHttpResult>> (Guid id, SprintsFeature sprints, HttpContext context, CancellationToken ct) =>
            (await sprints.StartAsync(id, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Sprints.Run).WithSummary("Start a planned sprint (Scrum Master; logged): its items and points become the commitment");

        one.MapPost("/close", async Task<Results<Ok<SprintDto>, ProblemHttpResult>> (Guid id, CloseSprintRequest? request, SprintsFeature sprints, HttpContext context, CancellationToken ct) =>
            (await sprints.CloseAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Sprints.Run).WithSummary("Close the active sprint (Scrum Master; logged): items in carryOver move to the next sprint, other unfinished items go back to the backlog at their rank");

        one.MapPost("/scope-requests", async Task<Results<Ok<ScopeRequestDto>, ProblemHttpResult>> (Guid id, AskScopeChangeRequest request, SprintsFeature sprints, HttpContext context, CancellationToken ct) =>
            (await sprints.AskScopeChangeAsync(id, request, ct)).ToOk(context))
            .Performs(Operations.Sprints.RequestScopeChange).WithSummary("Ask to add or remove an item of the running sprint (anyone on the product); the developers decide");

        one.MapGet("/review", async Task<Results<Ok<SprintReviewDto>, ProblemHttpResult>> (Guid id, SprintsFeature sprints, HttpContext context, CancellationToken ct) =>
            (await sprints.ReviewAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("The sprint review: the increment with each item's acceptance, what was not finished, the goal and the feedback");

        one.MapPut("/review", async Task<Results<Ok<SprintReviewDto>, ProblemHttpResult>> (Guid id, SprintReviewRequest request, SprintsFeature sprints, HttpContext context, CancellationToken ct) =>
            (await sprints.RecordReviewAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Sprints.Review).WithSummary("Record whether the goal was met and the review notes (Scrum Master or Product Owner; logged)");

        one.MapPost("/review/feedback", async Task<Results<Ok<ReviewFeedbackDto>, ProblemHttpResult>> (Guid id, ReviewFeedbackRequest request, SprintsFeature sprints, CancellationToken ct) =>
            (await sprints.ReviewFeedbackAsync(id, request, ct)).ToOk())
            .Performs(Operations.Feedback.Submit).WithSummary("Give feedback on an item of the increment: it goes to the Product Owner's feedback inbox, naming the item");

        one.MapGet("/review.md", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (Guid id, SprintsFeature sprints, CancellationToken ct) =>
            (await sprints.ReviewMarkdownAsync(id, ct)).Failed(out var error, out var file)
                ? error.ToProblem()
                : TypedResults.File(Encoding.UTF8.GetBytes(file.Markdown), "text/markdown; charset=utf-8", file.FileName))
            .Performs(Operations.Products.Read).WithSummary("The review summary as Markdown");

        var requests = api.MapGroup("/scope-requests/{id:guid}").WithTags("Sprints").RequireAuthorization();

        requests.MapPost("/accept", async Task<Results<Ok<ScopeRequestDto>, ProblemHttpResult>> (Guid id, ScopeDecisionRequest? request, SprintsFeature sprints, HttpContext context, CancellationToken ct) =>
            (await sprints.DecideScopeChangeAsync(id, accept: true, request ?? new ScopeDecisionRequest(null), ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Sprints.CommitScope).WithSummary("Accept a scope-change request (Developers and Tech Lead; logged): the item comes in or goes out");

        requests.MapPost("/decline", async Task<Results<Ok<ScopeRequestDto>, ProblemHttpResult>> (Guid id, ScopeDecisionRequest? request, SprintsFeature sprints, HttpContext context, CancellationToken ct) =>
            (await sprints.DecideScopeChangeAsync(id, accept: false, request ?? new ScopeDecisionRequest(null), ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Sprints.CommitScope).WithSummary("Decline a scope-change request with a reason (Developers and Tech Lead; logged)");

        requests.MapPost("/withdraw", async Task<Results<Ok<ScopeRequestDto>, ProblemHttpResult>> (Guid id, SprintsFeature sprints, HttpContext context, CancellationToken ct) =>
            (await sprints.WithdrawScopeChangeAsync(id, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Sprints.RequestScopeChange).WithSummary("Withdraw your own pending scope-change request");
    }
}
