using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Teams;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Teams;

public static class TeamsApi
{
    public static void MapTeamsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/products/{key}/teams", async Task<Results<Ok<IReadOnlyList<TeamSummary>>, ProblemHttpResult>> (string key, TeamsFeature teams, CancellationToken ct) =>
            (await teams.ForProductAsync(key, ct)).ToOk())
            .WithTags("Teams").RequireAuthorization()
            .Performs(Operations.Products.Read).WithSummary("The teams that work on the product (its home or not), by name, each with its id");

        api.MapGet("/teams", async (TeamsFeature teams, CancellationToken ct) => TypedResults.Ok(await teams.AllAsync(ct)))
            .WithTags("Teams").RequireAuthorization().WithSummary("Every team of the workspace, by name");

        api.MapPost("/teams", async Task<Results<Created<TeamDto>, ProblemHttpResult>> (CreateTeamRequest request, TeamsFeature teams, HttpContext context, CancellationToken ct) =>
            (await teams.CreateAsync(request, ct)).ToCreated(t => $"/api/v1/teams/{t.Id}", context))
            .WithTags("Teams").RequireAuthorization()
            .Performs(Operations.Members.ManageTeams).WithSummary("Create a team (workspace admin) with its home product, further products, time zone and members; it starts with a four-column workflow");

        var one = api.MapGroup("/teams/{teamId:guid}").WithTags("Teams").RequireAuthorization();

        one.MapGet("/", async Task<Results<Ok<TeamDto>, ProblemHttpResult>> (Guid teamId, TeamsFeature teams, HttpContext context, CancellationToken ct) =>
            (await teams.GetAsync(teamId, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One team: members with allocation and working days, products, rhythm, board columns, absences");

        one.MapPut("/", async Task<Results<Ok<TeamDto>, ProblemHttpResult>> (Guid teamId, RenameTeamRequest request, TeamsFeature teams, HttpContext context, CancellationToken ct) =>
            (await teams.RenameAsync(teamId, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Members.ManageTeams).WithSummary("Rename the team (workspace admin)");

        one.MapPut("/members/{userId:guid}", async Task<Results<Ok<TeamDto>, ProblemHttpResult>> (Guid teamId, Guid userId, ChangeMemberRequest request, TeamsFeature teams, HttpContext context, CancellationToken ct) =>
            (await teams.SetMemberAsync(teamId, userId, request, ct)).ToOk(context))
            .Performs(Operations.Members.ManageTeams).WithSummary("Add a person to the team or change their allocation (0–100 %) and working days (workspace admin)");

        one.MapDelete("/members/{userId:guid}", async Task<Results<Ok<TeamDto>, ProblemHttpResult>> (Guid teamId, Guid userId, TeamsFeature teams, HttpContext context, CancellationToken ct) =>
            (await teams.RemoveMemberAsync(teamId, userId, ct)).ToOk(context))
            .Performs(Operations.Members.ManageTeams).WithSummary("Take a person off the team (workspace admin)");

        one.MapPut("/products/{key}", async Task<Results<Ok<TeamDto>, ProblemHttpResult>> (Guid teamId, string key, TeamsFeature teams, HttpContext context, CancellationToken ct) =>
            (await teams.SetProductAsync(teamId, key, remove: false, ct)).ToOk(context))
            .Performs(Operations.Members.ManageTeams).WithSummary("Let the team work on a further product (workspace admin)");

        one.MapDelete("/products/{key}", async Task<Results<Ok<TeamDto>, ProblemHttpResult>> (Guid teamId, string key, TeamsFeature teams, HttpContext context, CancellationToken ct) =>
            (await teams.SetProductAsync(teamId, key, remove: true, ct)).ToOk(context))
            .Performs(Operations.Members.ManageTeams).WithSummary("Stop the team working on a product other than its home (workspace admin)");

        one.MapPut("/rhythm", async Task<Results<Ok<TeamDto>, ProblemHttpResult>> (Guid teamId, TeamRhythmRequest request, TeamsFeature teams, HttpContext context, CancellationToken ct) =>
            (await teams.SetRhythmAsync(teamId, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Process.Edit).WithSummary("Set the cadence (sprint length, start day), focus factor, hours per day, stand-up cut-off, time zone and video-call link (Scrum Master; logged)");

        one.MapPost("/absences", async Task<Results<Ok<TeamDto>, ProblemHttpResult>> (Guid teamId, RecordAbsenceRequest request, TeamsFeature teams, HttpContext context, CancellationToken ct) =>
            (await teams.RecordAbsenceAsync(teamId, request, ct)).ToOk(context))
            .Performs(Operations.Process.RecordAvailability).WithSummary("Record days off (from, to as YYYY-MM-DD, inclusive) for yourself or another member; capacity leaves them out");

        one.MapDelete("/absences/{absenceId:guid}", async Task<Results<Ok<TeamDto>, ProblemHttpResult>> (Guid teamId, Guid absenceId, TeamsFeature teams, HttpContext context, CancellationToken ct) =>
            (await teams.RemoveAbsenceAsync(teamId, absenceId, ct)).ToOk(context))
            .Performs(Operations.Process.RecordAvailability).WithSummary("Remove recorded days off");
    }
}
