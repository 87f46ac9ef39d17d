using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Dependencies;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Dependencies;

public static class DependenciesApi
{
    public static void MapDependenciesApi(this IEndpointRouteBuilder api)
    {
        var all = api.MapGroup("/dependencies").WithTags("Dependencies").RequireAuthorization();

        // Workspace-wide reads: each shows only the dependencies that touch a product the person can read.
        all.MapGet("/", async Task<Results<Ok<DependenciesPage>, ProblemHttpResult>> (string? product, Guid? team, string? status, bool? atRisk, int? limit, string? cursor,
                DependenciesFeature dependencies, CancellationToken ct) =>
            (await dependencies.ListAsync(new DependencyFilter(product, team, status, atRisk), limit, cursor, ct)).ToOk())
            .WithSummary("The dependency register across the workspace: the dependencies touching products you can read, at risk first, then by needed-by date; filters product (key, either side), team (id, either side), status, atRisk; paged by cursor");

        all.MapGet("/map.svg", async Task<Results<ContentHttpResult, ProblemHttpResult>> (string? product, Guid? team, string? status, bool? atRisk, DependenciesFeature dependencies, CancellationToken ct) =>
        {
            if ((await dependencies.MapAsync(new DependencyFilter(product, team, status, atRisk), ct)).Failed(out var error, out var found)) return error.ToProblem();
            return TypedResults.Text(DependencyMapSvg.Render(found), "image/svg+xml", Encoding.UTF8);
        }).WithSummary("The dependency map as SVG (same filters): teams, products and external parties, an arrow from each provider to the needer; at-risk arrows dashed and labelled");

        all.MapPost("/", async Task<Results<Created<DependencyDto>, ProblemHttpResult>> (DependencyRequest request, DependenciesFeature dependencies, HttpContext context, CancellationToken ct) =>
            (await dependencies.CreateAsync(request, ct)).ToCreated(d => $"/api/v1/dependencies/{d.Id}", context))
            .Performs(Operations.Delivery.EditSchedule)
            .WithSummary("Record a dependency (the needing product's Technical Project Manager; logged): needingProduct, needingTeamId, provider {kind: team|product|external, teamId, productKey, externalName, externalKind}, title, description, neededBy, owners {needer, provider}, providingItems, expectedOn");

        var one = all.MapGroup("/{id:guid}");

        one.MapGet("/", async Task<Results<Ok<DependencyDto>, ProblemHttpResult>> (Guid id, DependenciesFeature dependencies, HttpContext context, CancellationToken ct) =>
            (await dependencies.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One dependency with its providing items, at-risk flag, 85 % forecast and the rule that set it (readers of either side)");

        one.MapPut("/", async Task<Results<Ok<DependencyDto>, ProblemHttpResult>> (Guid id, DependencyRequest request, DependenciesFeature dependencies, HttpContext context, CancellationToken ct) =>
            (await dependencies.UpdateAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Delivery.EditSchedule).WithSummary("Change it (the needing product's Technical Project Manager; If-Match; logged); another provider sets it back to requested");

        one.MapPut("/status", async Task<Results<Ok<DependencyDto>, ProblemHttpResult>> (Guid id, DependencyStatusRequest request, DependenciesFeature dependencies, HttpContext context, CancellationToken ct) =>
            (await dependencies.SetStatusAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .PerformsOneOf(DependenciesFeature.StatusOperations)
            .WithSummary("Answer or cancel it: committed, delivered or declined by the providing product's Tech Lead or Technical Project Manager (an external party's answer by the needing TPM), cancelled by the needing TPM; note, expectedOn; If-Match; logged on the deciding product");
    }
}
