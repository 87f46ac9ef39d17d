using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Integrations;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Integrations;

public static class IntegrationApi
{
    public static void MapIntegrationApi(this IEndpointRouteBuilder api)
    {
        var products = api.MapGroup("/products/{key}").WithTags("Integration map").RequireAuthorization();

        products.MapGet("/integration-map", async Task<Results<Ok<IntegrationMapDto>, ProblemHttpResult>> (string key, IntegrationFeature map, CancellationToken ct) =>
            (await map.MapAsync(key, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The product's integration map in one document: systems, their components, and the interfaces between any of them");

        products.MapGet("/integration-map.svg", async Task<Results<ContentHttpResult, ProblemHttpResult>> (string key, IntegrationFeature map, CancellationToken ct) =>
        {
            if ((await map.MapAsync(key, ct)).Failed(out var error, out var found)) return error.ToProblem();
            return TypedResults.Text(IntegrationMapSvg.Render(found), "image/svg+xml", Encoding.UTF8);
        }).Performs(Operations.Products.Read).WithSummary("The same map drawn as SVG; every system, component and interface links to its page");

        products.MapPost("/systems", async Task<Results<Created<SystemDto>, ProblemHttpResult>> (string key, SystemRequest request, IntegrationFeature map, HttpContext context, CancellationToken ct) =>
            (await map.AddSystemAsync(key, request, ct)).ToCreated(s => $"/api/v1/systems/{s.Id}", context))
            .Performs(Operations.Integration.Edit).WithSummary("Add a system, ours or an external partner's (Tech Lead)");

        products.MapPost("/interfaces", async Task<Results<Created<InterfaceDto>, ProblemHttpResult>> (string key, InterfaceRequest request, IntegrationFeature map, HttpContext context, CancellationToken ct) =>
            (await map.AddInterfaceAsync(key, request, ct)).ToCreated(i => $"/api/v1/interfaces/{i.Id}", context))
            .Performs(Operations.Integration.Edit).WithSummary("Add an interface between two different systems or components of the product (Tech Lead)");

        var systems = api.MapGroup("/systems/{id:guid}").WithTags("Integration map").RequireAuthorization();

        systems.MapGet("/", async Task<Results<Ok<SystemDto>, ProblemHttpResult>> (Guid id, IntegrationFeature map, HttpContext context, CancellationToken ct) =>
            (await map.GetSystemAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One system or component with its components, interfaces and decision records");

        systems.MapPatch("/", async Task<Results<Ok<SystemDto>, ProblemHttpResult>> (Guid id, SystemRequest request, IntegrationFeature map, HttpContext context, CancellationToken ct) =>
            (await map.PatchSystemAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Integration.Edit).WithSummary("Change a system or component (Tech Lead; honours If-Match)");

        systems.MapDelete("/", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, IntegrationFeature map, HttpContext context, CancellationToken ct) =>
            (await map.DeleteSystemAsync(id, ETags.IfMatch(context), ct)).ToNoContent())
            .Performs(Operations.Integration.Edit).WithSummary("Remove a system (with its components) or a component; refused (409) while interfaces still attach to it (Tech Lead; honours If-Match)");

        systems.MapPost("/components", async Task<Results<Created<SystemDto>, ProblemHttpResult>> (Guid id, SystemRequest request, IntegrationFeature map, HttpContext context, CancellationToken ct) =>
            (await map.AddComponentAsync(id, request, ct)).ToCreated(s => $"/api/v1/systems/{s.Id}", context))
            .Performs(Operations.Integration.Edit).WithSummary("Add a component inside a system (Tech Lead)");

        var interfaces = api.MapGroup("/interfaces/{id:guid}").WithTags("Integration map").RequireAuthorization();

        interfaces.MapGet("/", async Task<Results<Ok<InterfaceDto>, ProblemHttpResult>> (Guid id, IntegrationFeature map, HttpContext context, CancellationToken ct) =>
            (await map.GetInterfaceAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One interface with its ends, risk and linked items, decision records and debt");

        interfaces.MapPatch("/", async Task<Results<Ok<InterfaceDto>, ProblemHttpResult>> (Guid id, InterfaceRequest request, IntegrationFeature map, HttpContext context, CancellationToken ct) =>
            (await map.PatchInterfaceAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Integration.Edit).WithSummary("Change an interface, its status or risk (Tech Lead; honours If-Match)");

        interfaces.MapDelete("/", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, IntegrationFeature map, HttpContext context, CancellationToken ct) =>
            (await map.DeleteInterfaceAsync(id, ETags.IfMatch(context), ct)).ToNoContent())
            .Performs(Operations.Integration.Edit).WithSummary("Remove an interface and its links (Tech Lead; honours If-Match)");

        interfaces.MapPost("/links", async Task<Results<Ok<InterfaceDto>, ProblemHttpResult>> (Guid id, InterfaceLinkRequest request, IntegrationFeature map, HttpContext context, CancellationToken ct) =>
            (await map.AddLinkAsync(id, request, ct)).ToOk(context))
            .Performs(Operations.Integration.Edit).WithSummary("Link the interface to a backlog item, a decision record or a technical debt (Tech Lead)");

        interfaces.MapDelete("/links/{linkId:guid}", async Task<Results<Ok<InterfaceDto>, ProblemHttpResult>> (Guid id, Guid linkId, IntegrationFeature map, HttpContext context, CancellationToken ct) =>
            (await map.RemoveLinkAsync(id, linkId, ct)).ToOk(context))
            .Performs(Operations.Integration.Edit).WithSummary("Remove one of the interface's links (Tech Lead)");
    }
}
