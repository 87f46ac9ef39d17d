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
            .WithTags("Disagreements").RequireAuthorization()
            .Performs(Operations.Technical.RaiseDisagreement).WithSummary("Raise a technical disagreement on a backlog item (anyone on the team); the Tech Lead is notified");

        api.MapPost("/adrs/{id:guid}/disagreements", async Task<Results<Created<DisagreementDto>, ProblemHttpResult>> (Guid id, RaiseDisagreementRequest request, DisagreementsFeature disagreements, HttpContext context, CancellationToken ct) =>
            (await disagreements.RaiseOnAdrAsync(id, request, ct)).ToCreated(d => $"/api/v1/disagreements/{d.Id}", context))
            .WithTags("Disagreements").RequireAuthorization()
            .Performs(Operations.Technical.RaiseDisagreement).WithSummary("Raise a technical disagreement on a decision record (anyone on the team); the Tech Lead is notified");

        api.MapPost("/sprints/{id:guid}/disagreements", async Task<Results<Created<DisagreementDto>, ProblemHttpResult>> (Guid id, RaiseDisagreementRequest request, DisagreementsFeature disagreements, HttpContext context, CancellationToken ct) =>
            (await disagreements.RaiseOnSprintAsync(id, request, ct)).ToCreated(d => $"/api/v1/disagreements/{d.Id}", context))
            .WithTags("Disagreements").RequireAuthorization()
            .Performs(Operations.Technical.RaiseDisagreement).WithSummary("Raise a disagreement on a sprint (anyone on the team); area defaults to process (the Scrum Master), who is notified");

        api.MapPost("/products/{key}/disagreements", async Task<Results<Created<DisagreementDto>, ProblemHttpResult>> (string key, RaiseProductDisagreementRequest request, DisagreementsFeature disagreements, HttpContext context, CancellationToken ct) =>
            (await disagreements.RaiseOnProductAsync(key, request, ct)).ToCreated(d => $"/api/v1/disagreements/{d.Id}", context))
            .WithTags("Disagreements").RequireAuthorization()
            .Performs(Operations.Technical.RaiseDisagreement).WithSummary("Raise a disagreement on an item, decision record, sprint or working agreement (subjectKind, subjectId or subjectKey) in an area (priority-scope, technical, dates-dependencies, process); its decider is notified");

        api.MapGet("/products/{key}/disagreements", async Task<Results<Ok<DisagreementsPage>, ProblemHttpResult>> (string key, string? status, string? area, string? item, Guid? adr, int? limit, string? cursor, DisagreementsFeature disagreements, CancellationToken ct) =>
            (await disagreements.ListAsync(key, status, item, adr, limit, cursor, ct, area)).ToOk())
            .WithTags("Disagreements").RequireAuthorization()
            .Performs(Operations.Products.Read).WithSummary("The product's disagreements, newest first, with the open count, each with its area, decider, age and flag; filters status (open, resolved), area, item (key) and adr (id); paged by cursor");

        var one = api.MapGroup("/disagreements/{id:guid}").WithTags("Disagreements").RequireAuthorization();

        one.MapGet("/", async Task<Results<Ok<DisagreementDto>, ProblemHttpResult>> (Guid id, DisagreementsFeature disagreements, HttpContext context, CancellationToken ct) =>
            (await disagreements.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One disagreement with its resolution");

        one.MapPost("/resolve", async Task<Results<Ok<DisagreementDto>, ProblemHttpResult>> (Guid id, ResolveDisagreementRequest request, DisagreementsFeature disagreements, HttpContext context, CancellationToken ct) =>
            (await disagreements.ResolveAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .PerformsOneOf(DisagreementsFeature.ResolveOperations).WithSummary("Resolve with an outcome (upheld, changed, compromise, withdrawn) and a resolution (the area's decider: Product Owner, Tech Lead, Technical Project Manager or Scrum Master; logged, the raiser is notified; a resolved one answers 409)");
    }
}
