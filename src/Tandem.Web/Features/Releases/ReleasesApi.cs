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

        one.MapGet("/scope", async Task<Results<Ok<ReleaseScopeDto>, ProblemHttpResult>> (Guid id, ReleasesFeature releases, HttpContext context, CancellationToken ct) =>
            (await releases.GetScopeAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("A release's target date, scope (epics and items) and the NFRs to verify with their current results");

        one.MapPut("/scope", async Task<Results<Ok<ReleaseScopeDto>, ProblemHttpResult>> (Guid id, ReleaseScopeRequest request, ReleasesFeature releases, HttpContext context, CancellationToken ct) =>
            (await releases.SetScopeAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Delivery.EditSchedule).WithSummary("Replace a release's scope {itemKeys} and NFRs to verify {nfrIds} (Technical Project Manager; logged; honours If-Match)");
    }
}
