using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Program;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Program;

public static class ProgramApi
{
    /// <summary>The TPM's home as data. Workspace-wide (no product in the route): it shows only the products the reader can read.</summary>
    public static void MapProgramApi(this IEndpointRouteBuilder api) =>
        api.MapGet("/program", async Task<Results<Ok<ProgramHome>, ProblemHttpResult>> (string? product, Guid? team, ProgramFeature program, CancellationToken ct) =>
            (await program.HomeAsync(product, team, ct)).ToOk())
            .WithTags("Program").RequireAuthorization()
            .WithSummary("The program view across every product you can read: milestones by confidence (lowest first), open risks by score and proximity, dependencies at risk, escalated impediments waiting, gates due in 30 days, and each product's next status report; filters product (key) and team (id)");
}
