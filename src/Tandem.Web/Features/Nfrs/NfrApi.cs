using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Nfrs;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Nfrs;

public static class NfrApi
{
    public static void MapNfrApi(this IEndpointRouteBuilder api)
    {
        var products = api.MapGroup("/products/{key}/nfrs").WithTags("Non-functional requirements").RequireAuthorization();

        products.MapGet("/", async Task<Results<Ok<Page<NfrSummary>>, ProblemHttpResult>> (string key, string? category, string? status, int? limit, string? cursor, NfrFeature nfrs, CancellationToken ct) =>
            (await nfrs.ListAsync(key, new NfrQuery(category, status, limit, cursor), ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The NFR catalogue in number order, a page at a time; filters category and status");

        products.MapPost("/", async Task<Results<Created<NfrDto>, ProblemHttpResult>> (string key, ProposeNfrRequest request, NfrFeature nfrs, HttpContext context, CancellationToken ct) =>
            (await nfrs.ProposeAsync(key, request, ct)).ToCreated(n => $"/api/v1/nfrs/{n.Id}", context))
            .Performs(Operations.Nfrs.Propose).WithSummary("Propose an NFR {category, statement, metric, …}; a metric is required");

        products.MapGet("/compliance", async Task<Results<Ok<ComplianceDto>, ProblemHttpResult>> (string key, string? category, int? limit, string? cursor, NfrFeature nfrs, CancellationToken ct) =>
            (await nfrs.ComplianceAsync(key, new NfrQuery(category, null, limit, cursor), ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("NFRs × releases with the current verification result in each cell; filter category");

        var one = api.MapGroup("/nfrs/{id:guid}").WithTags("Non-functional requirements").RequireAuthorization();

        one.MapGet("/", async Task<Results<Ok<NfrDto>, ProblemHttpResult>> (Guid id, NfrFeature nfrs, HttpContext context, CancellationToken ct) =>
            (await nfrs.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One NFR with its links and verification history");

        one.MapPatch("/", async Task<Results<Ok<NfrDto>, ProblemHttpResult>> (Guid id, PatchNfrRequest request, NfrFeature nfrs, HttpContext context, CancellationToken ct) =>
            (await nfrs.PatchAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Nfrs.SetTarget).WithSummary("Change category, statement or owner, retire or reinstate (Tech Lead; honours If-Match)");

        one.MapPut("/target", async Task<Results<Ok<NfrDto>, ProblemHttpResult>> (Guid id, SetNfrTargetRequest request, NfrFeature nfrs, HttpContext context, CancellationToken ct) =>
            (await nfrs.SetTargetAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Nfrs.SetTarget).WithSummary("Set the measurable target {metric, target, threshold, verification} (Tech Lead; honours If-Match)");

        one.MapPost("/agree", async Task<Results<Ok<NfrDto>, ProblemHttpResult>> (Guid id, AgreeNfrNeedRequest? request, NfrFeature nfrs, HttpContext context, CancellationToken ct) =>
            (await nfrs.AgreeNeedAsync(id, request ?? new AgreeNfrNeedRequest(null), ct)).ToOk(context))
            .Performs(Operations.Nfrs.AgreeNeed).WithSummary("Agree the need for the NFR (Product Owner)");

        one.MapPost("/links", async Task<Results<Ok<NfrDto>, ProblemHttpResult>> (Guid id, NfrLinkRequest request, NfrFeature nfrs, HttpContext context, CancellationToken ct) =>
            (await nfrs.AddLinkAsync(id, request, ct)).ToOk(context))
            .Performs(Operations.Nfrs.Propose).WithSummary("Link to an item {kind: item, target: PAY-12} (it joins the item's Definition of Done), a release or a decision record");

        one.MapDelete("/links/{linkId:guid}", async Task<Results<Ok<NfrDto>, ProblemHttpResult>> (Guid id, Guid linkId, NfrFeature nfrs, HttpContext context, CancellationToken ct) =>
            (await nfrs.RemoveLinkAsync(id, linkId, ct)).ToOk(context))
            .Performs(Operations.Nfrs.Propose).WithSummary("Remove a link");

        one.MapGet("/verifications", async Task<Results<Ok<IReadOnlyList<NfrVerificationDto>>, ProblemHttpResult>> (Guid id, NfrFeature nfrs, CancellationToken ct) =>
            (await nfrs.VerificationsAsync(id, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("Every verification result, newest first");

        one.MapPost("/verifications", async Task<Results<Created<NfrVerificationDto>, ProblemHttpResult>> (Guid id, RecordVerificationRequest request, NfrFeature nfrs, CancellationToken ct) =>
            (await nfrs.VerifyAsync(id, request, ct)).ToCreated(_ => $"/api/v1/nfrs/{id}/verifications"))
            .Performs(Operations.Nfrs.Verify).WithSummary("Record a result for a release {release, result: not-verified|met|not-met, measuredValue, evidenceUrl} (Tech Lead)");
    }
}
