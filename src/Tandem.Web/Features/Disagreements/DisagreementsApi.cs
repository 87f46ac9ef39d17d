using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Disagreements;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Disagreements;

public static class DisagreementsApi
{
    public static void MapDisagreementsApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/items/{itemKey}/disagreements", async Task<Results<Created<DisagreementDto>, ProblemHttpResult>> (string itemKey, RaiseDisagreementRequest request, DisagreementsFeature disagreements, HttpContext context, CancellationToken ct) =>
            (await disagreements.RaiseOnItemAsync(itemKey, request, ct)).ToCreated(d => $"/api/v1/disagreements/{d.Id}", context))
            .WithTags("Technical disagreements").RequireAuthorization()
            .Performs(Operations.Technical.RaiseDisagreement).WithSummary("Raise a technical disagreement on a backlog item (anyone on the team); the Tech Lead is notified");

        api.MapPost("/adrs/{id:guid}/disagreements", async Task<Results<Created<DisagreementDto>, ProblemHttpResult>> (Guid id, RaiseDisagreementRequest request, DisagreementsFeature disagreements, HttpContext context, CancellationToken ct) =>
            (await disagreements.RaiseOnAdrAsync(id, request, ct)).ToCreated(d => $"/api/v1/disagreements/{d.Id}", context))
            .WithTags("Technical disagreements").RequireAuthorization()
            .Performs(Operations.Technical.RaiseDisagreement).WithSummary("Raise a technical disagreement on a decision record (anyone on the team); the Tech Lead is notified");

        api.MapGet("/products/{key}/disagreements", async Task<Results<Ok<DisagreementsPage>, ProblemHttpResult>> (string key, string? status, string? item, Guid? adr, int? limit, string? cursor, DisagreementsFeature disagreements, CancellationToken ct) =>
            (await disagreements.ListAsync(key, status, item, adr, limit, cursor, ct)).ToOk())
            .WithTags("Technical disagreements").RequireAuthorization()
            .Performs(Operations.Products.Read).WithSummary("The product's disagreements, newest first, with the open count; filters status (open, resolved), item (key) and adr (id); paged by cursor");

        var one = api.MapGroup("/disagreements/{id:guid}").WithTags("Technical disagreements").RequireAuthorization();

        one.MapGet("/", async Task<Results<Ok<DisagreementDto>, ProblemHttpResult>> (Guid id, DisagreementsFeature disagreements, HttpContext context, CancellationToken ct) =>
            (await disagreements.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One disagreement with its resolution");

        one.MapPost("/resolve", async Task<Results<Ok<DisagreementDto>, ProblemHttpResult>> (Guid id, ResolveDisagreementRequest request, DisagreementsFeature disagreements, HttpContext context, CancellationToken ct) =>
            (await disagreements.ResolveAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Technical.ResolveDisagreement).WithSummary("Resolve with an outcome (upheld, changed, compromise, withdrawn) and a resolution (Tech Lead; logged, the raiser is notified; a resolved one answers 409)");
    }
}
