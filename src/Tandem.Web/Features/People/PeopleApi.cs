using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.People;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.People;

public static class PeopleApi
{
    public static void MapPeopleApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/people").WithTags("People").RequireAuthorization();

        group.MapGet("/", async Task<Results<Ok<Page<PersonDto>>, ProblemHttpResult>> (int? limit, string? cursor, string? search, PeopleFeature people, CancellationToken ct) =>
            (await people.ListAsync(limit, cursor, search, ct)).ToOk())
            .WithSummary("People in your workspace");

        // The link is answered absolute: whoever calls the API passes it on to someone outside Tandem.
        group.MapPost("/", async Task<Results<Created<InvitationDto>, ProblemHttpResult>> (InviteRequest request, PeopleFeature people, HttpContext context, CancellationToken ct) =>
            (await people.InviteAsync(request, ct))
                .Map(invited => invited with { SetPasswordUrl = $"{context.Request.Scheme}://{context.Request.Host}{invited.SetPasswordUrl}" })
                .ToCreated(invited => $"/api/v1/people/{invited.Person.Id}"))
            .Performs(Operations.Members.InvitePeople).WithSummary("Add a person; answers with their one-time set-password link");

        group.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, PeopleFeature people, CancellationToken ct) =>
            (await people.RemoveAsync(id, ct)).ToNoContent())
            .Performs(Operations.Members.InvitePeople).WithSummary("Remove a person: they can no longer sign in, and every session and access token of theirs ends at once (workspace admin)");
    }
}
