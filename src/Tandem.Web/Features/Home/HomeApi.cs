using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Home;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Home;

public static class HomeApi
{
    public static void MapHomeApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/products/{key}/home", async Task<Results<Ok<HomeDto>, ProblemHttpResult>> (string key, HomeFeature homes, CancellationToken ct) =>
            (await homes.GetAsync(key, ct)).Map(HomeDto.From).ToOk())
            .WithTags("Home").RequireAuthorization()
            .Performs(Operations.Products.Read)
            .WithSummary("What waits for your decision on this product, what you decide and contribute to, and recent decisions");
    }
}
