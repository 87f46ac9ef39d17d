using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Agreements;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Agreements;

public static class AgreementsApi
{
    public static void MapAgreementsApi(this IEndpointRouteBuilder api)
    {
        var team = api.MapGroup("/teams/{teamId:guid}/agreements").WithTags("Working agreements").RequireAuthorization();

        team.MapGet("/", async Task<Results<Ok<IReadOnlyList<AgreementDto>>, ProblemHttpResult>> (Guid teamId, AgreementsFeature agreements, CancellationToken ct) =>
            (await agreements.ListAsync(teamId, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The team's working agreements: adopted, then suggested, then retired");

        team.MapPost("/", async Task<Results<Created<AgreementDto>, ProblemHttpResult>> (Guid teamId, AgreementRequest request, AgreementsFeature agreements, HttpContext context, CancellationToken ct) =>
            (await agreements.CreateAsync(teamId, request, ct)).ToCreated(a => $"/api/v1/agreements/{a.Id}", context))
            .Performs(Operations.Process.Suggest)
            .WithSummary("Add a working agreement: the Scrum Master's is adopted at once (logged); anyone else's is a suggestion the Scrum Master adopts");

        var one = api.MapGroup("/agreements/{id:guid}").WithTags("Working agreements").RequireAuthorization();

        one.MapPatch("/", async Task<Results<Ok<AgreementDto>, ProblemHttpResult>> (Guid id, PatchAgreementRequest request, AgreementsFeature agreements, HttpContext context, CancellationToken ct) =>
            (await agreements.PatchAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Process.Edit).WithSummary("Edit an agreement's text, adopt a suggestion or retire an agreement (Scrum Master; logged; honours If-Match)");

        one.MapDelete("/", async Task<Results<Ok<AgreementDto>, ProblemHttpResult>> (Guid id, AgreementsFeature agreements, HttpContext context, CancellationToken ct) =>
            (await agreements.RetireAsync(id, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Process.Edit).WithSummary("Retire an agreement; it stays listed as retired (Scrum Master; logged; honours If-Match)");
    }
}
