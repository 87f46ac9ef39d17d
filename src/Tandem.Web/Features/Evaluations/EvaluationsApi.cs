using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Evaluations;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Evaluations;

public static class EvaluationsApi
{
    public static void MapEvaluationsApi(this IEndpointRouteBuilder api)
    {
        var products = api.MapGroup("/products/{key}/evaluations").WithTags("Technology evaluations").RequireAuthorization();

        products.MapGet("/", async Task<Results<Ok<Page<EvaluationSummary>>, ProblemHttpResult>> (string key, string? status, int? limit, string? cursor, EvaluationsFeature evaluations, CancellationToken ct) =>
            (await evaluations.ListAsync(key, status, limit, cursor, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The product's technology evaluations, newest first, with the leading or chosen option; status filters (open, decided); paged by cursor");

        products.MapPost("/", async Task<Results<Created<EvaluationDto>, ProblemHttpResult>> (string key, StartEvaluationRequest request, EvaluationsFeature evaluations, HttpContext context, CancellationToken ct) =>
            (await evaluations.StartAsync(key, request, ct)).ToCreated(e => $"/api/v1/evaluations/{e.Id}", context))
            .Performs(Operations.ArchitectureDecisions.ScoreEvaluation).WithSummary("Start an evaluation: a question, options and weighted criteria (weights 0–10; the defaults fit, cost, maturity, licence and team skill when criteria are left out)");

        var one = api.MapGroup("/evaluations/{id:guid}").WithTags("Technology evaluations").RequireAuthorization();

        one.MapGet("/", async Task<Results<Ok<EvaluationDto>, ProblemHttpResult>> (Guid id, EvaluationsFeature evaluations, HttpContext context, CancellationToken ct) =>
            (await evaluations.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One evaluation: options, criteria, the score matrix, the computed ranking and the decision");

        one.MapPatch("/", async Task<Results<Ok<EvaluationDto>, ProblemHttpResult>> (Guid id, EditEvaluationRequest request, EvaluationsFeature evaluations, HttpContext context, CancellationToken ct) =>
            (await evaluations.EditAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.ArchitectureDecisions.ScoreEvaluation).WithSummary("Change the question or context of an open evaluation (honours If-Match; a decided one answers 409)");

        one.MapPost("/options", async Task<Results<Ok<EvaluationDto>, ProblemHttpResult>> (Guid id, EvaluationOptionRequest request, EvaluationsFeature evaluations, HttpContext context, CancellationToken ct) =>
            (await evaluations.AddOptionAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.ArchitectureDecisions.ScoreEvaluation).WithSummary("Add a candidate option (name and short description)");

        one.MapDelete("/options/{optionId:guid}", async Task<Results<Ok<EvaluationDto>, ProblemHttpResult>> (Guid id, Guid optionId, EvaluationsFeature evaluations, HttpContext context, CancellationToken ct) =>
            (await evaluations.RemoveOptionAsync(id, optionId, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.ArchitectureDecisions.ScoreEvaluation).WithSummary("Remove an option and its scores");

        one.MapPost("/criteria", async Task<Results<Ok<EvaluationDto>, ProblemHttpResult>> (Guid id, EvaluationCriterionRequest request, EvaluationsFeature evaluations, HttpContext context, CancellationToken ct) =>
            (await evaluations.AddCriterionAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.ArchitectureDecisions.ScoreEvaluation).WithSummary("Add a criterion with its weight (a whole number from 0 to 10)");

        one.MapPatch("/criteria/{criterionId:guid}", async Task<Results<Ok<EvaluationDto>, ProblemHttpResult>> (Guid id, Guid criterionId, ChangeCriterionRequest request, EvaluationsFeature evaluations, HttpContext context, CancellationToken ct) =>
            (await evaluations.ChangeCriterionAsync(id, criterionId, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.ArchitectureDecisions.ScoreEvaluation).WithSummary("Rename a criterion or change its weight");

        one.MapDelete("/criteria/{criterionId:guid}", async Task<Results<Ok<EvaluationDto>, ProblemHttpResult>> (Guid id, Guid criterionId, EvaluationsFeature evaluations, HttpContext context, CancellationToken ct) =>
            (await evaluations.RemoveCriterionAsync(id, criterionId, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.ArchitectureDecisions.ScoreEvaluation).WithSummary("Remove a criterion and its scores");

        one.MapPut("/scores", async Task<Results<Ok<EvaluationDto>, ProblemHttpResult>> (Guid id, ScoresRequest request, EvaluationsFeature evaluations, HttpContext context, CancellationToken ct) =>
            (await evaluations.ScoreAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.ArchitectureDecisions.ScoreEvaluation).WithSummary("Set the cells sent (score 1–5, null clears); one bad cell saves none. Cells not sent keep their score");

        one.MapPost("/decide", async Task<Results<Ok<EvaluationDto>, ProblemHttpResult>> (Guid id, DecideEvaluationRequest request, EvaluationsFeature evaluations, HttpContext context, CancellationToken ct) =>
            (await evaluations.DecideAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.ArchitectureDecisions.DecideEvaluation).WithSummary("Choose an option with a rationale, linking an existing record (adr) or creating an accepted one (Tech Lead); the evaluation closes");
    }
}
