using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Roadmap;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Roadmap;

public static class RoadmapApi
{
    public static void MapRoadmapApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/products/{key}").WithTags("Roadmap and releases").RequireAuthorization();

        group.MapGet("/roadmap", async Task<Results<Ok<RoadmapDto>, ProblemHttpResult>> (string key, RoadmapFeature roadmap, CancellationToken ct) =>
            (await roadmap.GetAsync(key, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("Epics in now / next / later with their progress (readable by stakeholders)");

        api.MapPut("/items/{itemKey}/roadmap", async Task<Results<Ok<RoadmapDto>, ProblemHttpResult>> (string itemKey, LaneRequest request, RoadmapFeature roadmap, CancellationToken ct) =>
            (await roadmap.PlaceAsync(itemKey, request, ct)).ToOk())
            .RequireAuthorization().WithTags("Roadmap and releases").Performs(Operations.Vision.EditRoadmap)
          .WithSummary("Put an epic in now, next or later, or take it off the roadmap with none (Product Owner)");

        group.MapGet("/release-notes", ReleaseNotesAsync)
            .Performs(Operations.Products.Read).WithSummary("Release notes in Markdown for chosen accepted items (items=PAY-1,PAY-2; download=true for a .md file)");
    }

    /// <summary>The notes as JSON, or with download=true as the Markdown file itself.</summary>
    private static async Task<Results<Ok<ReleaseNotesDto>, FileContentHttpResult, ProblemHttpResult>> ReleaseNotesAsync(
        string key, string[]? items, string? title, bool? download, RoadmapFeature roadmap, CancellationToken ct)
    {
        if ((await roadmap.ReleaseNotesAsync(key, title, items, ct)).Failed(out var error, out var notes)) return error.ToProblem();
        if (download == true)
            return TypedResults.File(Encoding.UTF8.GetBytes(notes.Markdown), "text/markdown; charset=utf-8", $"{key.ToUpperInvariant()}-release-notes.md");
        return TypedResults.Ok(notes);
    }
}
