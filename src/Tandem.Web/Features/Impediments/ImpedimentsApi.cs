using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Impediments;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Impediments;

public static class ImpedimentsApi
{
    public static void MapImpedimentsApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/products/{key}/impediments", async Task<Results<Created<ImpedimentDto>, ProblemHttpResult>> (string key, RaiseImpedimentRequest request, ImpedimentsFeature impediments, HttpContext context, CancellationToken ct) =>
            (await impediments.RaiseAsync(key, request, ct)).ToCreated(i => $"/api/v1/impediments/{i.Id}", context))
            .WithTags("Impediments").RequireAuthorization()
            .Performs(Operations.ImpedimentLog.Raise)
            .WithSummary("Raise an impediment (anyone): title, description, impact (low, medium, high, critical), the item keys it holds up, and the team it slows down");

        api.MapGet("/products/{key}/impediments", async Task<Results<Ok<ImpedimentsPage>, ProblemHttpResult>> (string key, string? status, Guid? team, int? limit, string? cursor, ImpedimentsFeature impediments, CancellationToken ct) =>
            (await impediments.ListAsync(key, status, team, limit, cursor, ct)).ToOk())
            .WithTags("Impediments").RequireAuthorization()
            .Performs(Operations.Products.Read)
            .WithSummary("The product's impediments, oldest first, each with its age and old flag; filters status (open, in-progress, escalated, resolved or unresolved) and team (id); paged by cursor");

        var one = api.MapGroup("/impediments/{id:guid}").WithTags("Impediments").RequireAuthorization();

        one.MapGet("/", async Task<Results<Ok<ImpedimentDto>, ProblemHttpResult>> (Guid id, ImpedimentsFeature impediments, HttpContext context, CancellationToken ct) =>
            (await impediments.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One impediment with its items, age, resolution or escalation");

        one.MapPost("/start", async Task<Results<Ok<ImpedimentDto>, ProblemHttpResult>> (Guid id, ImpedimentsFeature impediments, HttpContext context, CancellationToken ct) =>
            (await impediments.StartAsync(id, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.ImpedimentLog.Resolve).WithSummary("Start work on it (Scrum Master; logged)");

        one.MapPost("/resolve", async Task<Results<Ok<ImpedimentDto>, ProblemHttpResult>> (Guid id, ResolveImpedimentRequest request, ImpedimentsFeature impediments, HttpContext context, CancellationToken ct) =>
            (await impediments.ResolveAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.ImpedimentLog.Resolve).WithSummary("Resolve it, saying how (Scrum Master; logged; a resolved one answers 409)");

        one.MapPost("/escalate", async Task<Results<Ok<ImpedimentDto>, ProblemHttpResult>> (Guid id, EscalateImpedimentRequest request, ImpedimentsFeature impediments, HttpContext context, CancellationToken ct) =>
            (await impediments.EscalateAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.ImpedimentLog.Resolve).WithSummary("Escalate it to the Technical Project Manager with a reason (Scrum Master; logged; the product's TPMs are notified and their home lists it)");
    }
}
