using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Budget;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Budget;

public static class BudgetApi
{
    public static void MapBudgetApi(this IEndpointRouteBuilder api)
    {
        var budget = api.MapGroup("/products/{key}/budget").WithTags("Budget").RequireAuthorization();

        budget.MapGet("/", async Task<Results<Ok<BudgetView>, ProblemHttpResult>> (string key, BudgetFeature budgets, CancellationToken ct) =>
            (await budgets.GetAsync(key, ct)).ToOk())
            .Performs(Operations.Products.Read)
            .WithSummary("The product's budget: rates (person rates only for who may set them), planned and actual cost per sprint and milestone, the estimate at completion and the rule behind them");

        budget.MapPut("/", async Task<Results<Ok<BudgetView>, ProblemHttpResult>> (string key, SetBudgetRequest request, BudgetFeature budgets, HttpContext context, CancellationToken ct) =>
            (await budgets.SetBudgetAsync(key, request, ETags.IfMatch(context), ct)).ToOk())
            .Performs(Operations.Delivery.EditSchedule)
            .WithSummary("Set the budget: amount and currency (ISO 4217); If-Match with the budget's version refuses a stale change (Technical Project Manager; logged)");

        budget.MapPut("/rates", async Task<Results<Ok<BudgetView>, ProblemHttpResult>> (string key, SetRateRequest request, BudgetFeature budgets, CancellationToken ct) =>
            (await budgets.SetRateAsync(key, request, ct)).ToOk())
            .Performs(Operations.Delivery.EditSchedule)
            .WithSummary("Set an hourly rate for a role or a person (a person's overrides their role's) in the product's currency (Technical Project Manager; logged)");

        budget.MapGet("/burn.svg", async Task<Results<ContentHttpResult, ProblemHttpResult>> (string key, BudgetFeature budgets, CancellationToken ct) =>
        {
            if ((await budgets.GetAsync(key, ct)).Failed(out var error, out var view)) return error.ToProblem();
            return TypedResults.Text(BudgetChart.BurnSvg(view), "image/svg+xml", Encoding.UTF8);
        }).Performs(Operations.Products.Read)
            .WithSummary("The burn chart as SVG: cumulative planned and actual cost per sprint, the budget line and the estimate at completion");
    }
}
