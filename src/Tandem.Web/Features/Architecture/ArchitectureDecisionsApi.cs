using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Architecture;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Architecture;

public static class ArchitectureDecisionsApi
{
    public static void MapArchitectureDecisionsApi(this IEndpointRouteBuilder api)
    {
        var products = api.MapGroup("/products/{key}/adrs").WithTags("Architecture decisions").RequireAuthorization();

        products.MapGet("/", async Task<Results<Ok<Page<AdrSummary>>, ProblemHttpResult>> (string key, string? status, int? limit, string? cursor, ArchitectureDecisionsFeature adrs, CancellationToken ct) =>
            (await adrs.ListAsync(key, status, ct, limit, cursor)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The product's decision records, newest first, a page at a time (limit, cursor); status filters (proposed, accepted, rejected, superseded, deprecated)");

        products.MapPost("/", async Task<Results<Created<AdrDto>, ProblemHttpResult>> (string key, AdrRequest request, ArchitectureDecisionsFeature adrs, HttpContext context, CancellationToken ct) =>
            (await adrs.ProposeAsync(key, request, ct)).ToCreated(a => $"/api/v1/adrs/{a.Id}", context))
            .Performs(Operations.ArchitectureDecisions.Propose).WithSummary("Propose a decision record (anyone on the team)");

        products.MapGet("/export.zip", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (string key, ArchitectureDecisionsFeature adrs, CancellationToken ct) =>
            ToFile(await adrs.ZipAsync(key, ct), "application/zip"))
            .Performs(Operations.Products.Read).WithSummary("Every record as NNNN-title.md Markdown files in one zip");

        var records = api.MapGroup("/adrs/{id:guid}").WithTags("Architecture decisions").RequireAuthorization();

        records.MapGet("/", async Task<Results<Ok<AdrDto>, ProblemHttpResult>> (Guid id, ArchitectureDecisionsFeature adrs, HttpContext context, CancellationToken ct) =>
            (await adrs.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One decision record, with its supersession chain both ways and its status history");

        records.MapPatch("/", async Task<Results<Ok<AdrDto>, ProblemHttpResult>> (Guid id, AdrRequest request, ArchitectureDecisionsFeature adrs, HttpContext context, CancellationToken ct) =>
            (await adrs.EditAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.ArchitectureDecisions.Propose).WithSummary("Change a proposed record (honours If-Match); a decided record keeps its text (409)");

        records.MapPost("/accept", async Task<Results<Ok<AdrDto>, ProblemHttpResult>> (Guid id, AdrDecisionRequest? request, ArchitectureDecisionsFeature adrs, HttpContext context, CancellationToken ct) =>
            (await adrs.AcceptAsync(id, request ?? new AdrDecisionRequest(null), ct)).ToOk(context))
            .Performs(Operations.ArchitectureDecisions.Decide).WithSummary("Accept a proposed record (Tech Lead)");

        records.MapPost("/reject", async Task<Results<Ok<AdrDto>, ProblemHttpResult>> (Guid id, AdrDecisionRequest request, ArchitectureDecisionsFeature adrs, HttpContext context, CancellationToken ct) =>
            (await adrs.RejectAsync(id, request, ct)).ToOk(context))
            .Performs(Operations.ArchitectureDecisions.Decide).WithSummary("Reject a proposed record with a reason (Tech Lead)");

        records.MapPost("/supersede", async Task<Results<Ok<AdrDto>, ProblemHttpResult>> (Guid id, SupersedeRequest request, ArchitectureDecisionsFeature adrs, HttpContext context, CancellationToken ct) =>
            (await adrs.SupersedeAsync(id, request, ct)).ToOk(context))
            .Performs(Operations.ArchitectureDecisions.Decide).WithSummary("Supersede an accepted record by another of the same product, which is accepted with it (Tech Lead)");

        records.MapPost("/deprecate", async Task<Results<Ok<AdrDto>, ProblemHttpResult>> (Guid id, AdrDecisionRequest request, ArchitectureDecisionsFeature adrs, HttpContext context, CancellationToken ct) =>
            (await adrs.DeprecateAsync(id, request, ct)).ToOk(context))
            .Performs(Operations.ArchitectureDecisions.Decide).WithSummary("Deprecate an accepted record with a reason (Tech Lead)");

        records.MapGet("/markdown", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (Guid id, ArchitectureDecisionsFeature adrs, CancellationToken ct) =>
            ToFile(await adrs.MarkdownAsync(id, ct), "text/markdown; charset=utf-8"))
            .Performs(Operations.Products.Read).WithSummary("One record as Markdown in the common ADR layout, named NNNN-title.md");
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> ToFile(Result<AdrFile> result, string contentType) =>
        result.Failed(out var error, out var file) ? error.ToProblem() : TypedResults.File(file.Content, contentType, file.FileName);
}
