using System.Text.Json;
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
            var started = string.Equals(source?.Trim(), ImportsFeature.RedmineSourceName, StringComparison.OrdinalIgnoreCase)
                ? await imports.StartRedmineAsync(key, dryRun ?? false, RedmineRequest(file.ToArray()), ct)
                : await imports.StartAsync(key, source, dryRun ?? false, file.ToArray(), ct);
            if (started.Failed(out var error, out var job)) return error.ToProblem();
            return TypedResults.Accepted($"/api/v1/imports/{job.Id}", job);
        })
        .WithTags("Imports").RequireAuthorization()
        // One declaration for both bodies: the request-body rules read the last one (a CSV file, or Redmine's JSON).
        .Accepts<string>("text/csv", "application/json")
        // …and the document still describes each: the JSON body is Redmine's request, not a string.
        .AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            if (operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var json))
                json.Schema = await context.GetOrCreateSchemaAsync(typeof(RedmineImportRequest), null, ct);
        })
        .WithMetadata(new BodySizeLimit(MaxFileBytes))
        .Performs(Operations.Backlog.AddItem)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .WithSummary("Imports into the product's backlog in the background: source=jira-csv with the CSV file as the body, or source=redmine with {\"url\",\"apiKey\",\"project\"}; dryRun=true only reports. Poll the job it answers");

        api.MapGet("/imports/{id:guid}", async (Guid id, ImportsFeature imports, CancellationToken ct) => (await imports.GetAsync(id, ct)).ToOk())
            .WithTags("Imports").RequireAuthorization()
            .Performs(Operations.Products.Read)
            .WithSummary("An import's status (queued, running, succeeded, failed), progress, counts and problems by row");
    }

    /// <summary>The Redmine import's JSON body; one that is not JSON reads as empty, so every field is reported missing.</summary>
    private static RedmineImportRequest? RedmineRequest(byte[] body)
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize<RedmineImportRequest>(body, JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
