using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Releases;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Releases;

public static class ReleasesApi
{
    public static void MapReleasesApi(this IEndpointRouteBuilder api)
    {
        var products = api.MapGroup("/products/{key}/releases").WithTags("Releases").RequireAuthorization();

        products.MapGet("/", async Task<Results<Ok<IReadOnlyList<ReleaseDto>>, ProblemHttpResult>> (string key, ReleasesFeature releases, CancellationToken ct) =>
            (await releases.ListAsync(key, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The product's releases by planned date");

        products.MapPost("/", async Task<Results<Created<ReleaseDto>, ProblemHttpResult>> (string key, CreateReleaseRequest request, ReleasesFeature releases, HttpContext context, CancellationToken ct) =>
            (await releases.CreateAsync(key, request, ct)).ToCreated(r => $"/api/v1/releases/{r.Id}", context))
            .Performs(Operations.Delivery.EditSchedule).WithSummary("Plan a release {name, plannedOn (yyyy-MM-dd)} (Technical Project Manager)");

        var one = api.MapGroup("/releases/{id:guid}").WithTags("Releases").RequireAuthorization();

        one.MapGet("/", async Task<Results<Ok<ReleaseDto>, ProblemHttpResult>> (Guid id, ReleasesFeature releases, HttpContext context, CancellationToken ct) =>
            (await releases.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One release");

        one.MapPatch("/", async Task<Results<Ok<ReleaseDto>, ProblemHttpResult>> (Guid id, PatchReleaseRequest request, ReleasesFeature releases, HttpContext context, CancellationToken ct) =>
            (await releases.PatchAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Delivery.EditSchedule).WithSummary("Rename, re-date or mark a release released (Technical Project Manager; honours If-Match)");
    }
}
