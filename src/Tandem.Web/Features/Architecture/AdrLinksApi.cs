using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Architecture;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Architecture;

public static class AdrLinksApi
{
    public static void MapAdrLinksApi(this IEndpointRouteBuilder api)
    {
        var links = api.MapGroup("/adrs/{id:guid}/links").WithTags("Architecture decisions").RequireAuthorization();

        links.MapGet("/", async Task<Results<Ok<AdrLinksDto>, ProblemHttpResult>> (Guid id, AdrLinksFeature adrLinks, HttpContext context, CancellationToken ct) =>
            (await adrLinks.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("What the record shapes: its items and systems or components, and the interfaces that link to it");

        links.MapPost("/", async Task<Results<Ok<AdrLinksDto>, ProblemHttpResult>> (Guid id, AdrLinkRequest request, AdrLinksFeature adrLinks, HttpContext context, CancellationToken ct) =>
            (await adrLinks.AddAsync(id, request, ct)).ToOk(context))
            .Performs(Operations.ArchitectureDecisions.Propose).WithSummary("Link an item (itemKey) or a system or component (systemId); also to a decided record, which is logged");

        links.MapDelete("/items/{itemKey}", async Task<Results<Ok<AdrLinksDto>, ProblemHttpResult>> (Guid id, string itemKey, AdrLinksFeature adrLinks, HttpContext context, CancellationToken ct) =>
            (await adrLinks.RemoveItemAsync(id, itemKey, ct)).ToOk(context))
            .Performs(Operations.ArchitectureDecisions.Propose).WithSummary("Unlink an item; from a decided record only the Tech Lead unlinks (logged)");

        links.MapDelete("/systems/{systemId:guid}", async Task<Results<Ok<AdrLinksDto>, ProblemHttpResult>> (Guid id, Guid systemId, AdrLinksFeature adrLinks, HttpContext context, CancellationToken ct) =>
            (await adrLinks.RemoveSystemAsync(id, systemId, ct)).ToOk(context))
            .Performs(Operations.ArchitectureDecisions.Propose).WithSummary("Unlink a system or component; from a decided record only the Tech Lead unlinks (logged)");
    }

    /// <summary>The item side of the links: the records that shape an item and the interfaces it touches.</summary>
    public static void MapItemShapingApi(this IEndpointRouteBuilder api) =>
        api.MapGet("/items/{itemKey}/shaped-by", async Task<Results<Ok<ItemShapingDto>, ProblemHttpResult>> (string itemKey, AdrLinksFeature adrLinks, CancellationToken ct) =>
            (await adrLinks.ShapingAsync(itemKey, ct)).ToOk())
            .WithTags("Architecture decisions").RequireAuthorization()
            .Performs(Operations.Products.Read).WithSummary("The decision records that shape an item (newest first) and the interfaces it is linked to");
}
