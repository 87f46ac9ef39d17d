using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Impediments;
using Tandem.Application.Standups;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Standups;

public static class StandupsApi
{
    public static void MapStandupsApi(this IEndpointRouteBuilder api)
    {
        var team = api.MapGroup("/teams/{teamId:guid}/standups").WithTags("Stand-ups").RequireAuthorization();

        team.MapPost("/", async Task<Results<Ok<StandupEntryDto>, ProblemHttpResult>> (Guid teamId, PostStandupRequest request, StandupsFeature standups, HttpContext context, CancellationToken ct) =>
            (await standups.PostAsync(teamId, request, ct)).ToOk(context))
            .Performs(Operations.Process.PostStandUp)
            .WithSummary("Answer today's stand-up (team members, before the cut-off in the team's time zone): yesterday, today, blockers and the item keys it talks about; posting again replaces the answer");

        team.MapGet("/", async Task<Results<Ok<StandupDigest>, ProblemHttpResult>> (Guid teamId, string? date, StandupsFeature standups, CancellationToken ct) =>
            (await standups.DigestAsync(teamId, date, ct)).ToOk())
            .Performs(Operations.Products.Read)
            .WithSummary("One day's digest (date YYYY-MM-DD, default the team's today): the answers, who has not answered, the blockers, and whether it still takes answers");

        team.MapGet("/search", async Task<Results<Ok<StandupSearchPage>, ProblemHttpResult>> (Guid teamId, string? q, int? limit, string? cursor, StandupsFeature standups, CancellationToken ct) =>
            (await standups.SearchAsync(teamId, q, limit, cursor, ct)).ToOk())
            .Performs(Operations.Products.Read)
            .WithSummary("Past answers containing q (case-insensitive, in any answer or item key), newest first; paged by cursor");

        api.MapPost("/standups/{entryId:guid}/impediment", async Task<Results<Created<ImpedimentDto>, ProblemHttpResult>> (Guid entryId, BlockerToImpedimentRequest request, StandupsFeature standups, HttpContext context, CancellationToken ct) =>
            (await standups.BlockerToImpedimentAsync(entryId, request, ct)).ToCreated(i => $"/api/v1/impediments/{i.Id}", context))
            .WithTags("Stand-ups").RequireAuthorization()
            .Performs(Operations.ImpedimentLog.Raise)
            .WithSummary("Make an answer's blocker an impediment of the team, linked to the answer's items (anyone; once per answer)");
    }
}
