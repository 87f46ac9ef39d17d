using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Imports;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Imports;

/// <summary>
/// Imports from other tools (issue 16, ADR 34): the file is the body, the answer a job to poll. Rights are checked
/// before the job exists; the work runs in the background on this node and commits whole or not at all.
/// </summary>
public static class ImportsApi
{
    /// <summary>The largest file an import takes: Jira's CSV of 50,000 issues with descriptions is about 30 MB.</summary>
    public const long MaxFileBytes = 50L * 1024 * 1024;

    public static void MapImportsApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/products/{key}/imports", async Task<Results<Accepted<ImportStarted>, ProblemHttpResult>> (
            string key, string? source, bool? dryRun, HttpRequest request, ImportsFeature imports, CancellationToken ct) =>
        {
            using var file = new MemoryStream();
            await request.Body.CopyToAsync(file, ct);
            if ((await imports.StartAsync(key, source, dryRun ?? false, file.ToArray(), ct)).Failed(out var error, out var started))
                return error.ToProblem();
            return TypedResults.Accepted($"/api/v1/imports/{started.Id}", started);
        })
        .WithTags("Imports").RequireAuthorization()
        .Accepts<string>("text/csv")
        .WithMetadata(new BodySizeLimit(MaxFileBytes))
        .Performs(Operations.Backlog.AddItem)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .WithSummary("Imports a file into the product's backlog in the background (source=jira-csv, dryRun=true to only report); poll the job it answers");

        api.MapGet("/imports/{id:guid}", async (Guid id, ImportsFeature imports, CancellationToken ct) => (await imports.GetAsync(id, ct)).ToOk())
            .WithTags("Imports").RequireAuthorization()
            .Performs(Operations.Products.Read)
            .WithSummary("An import's status (queued, running, succeeded, failed), progress, counts and problems by row");
    }
}
