using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Raid;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Raid;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Raid;

/// <summary>The RAID log's API (issue 11): risks with their heat map and history, assumptions, issues, links and promoted impediments.</summary>
public static class RaidApi
{
    private const string Tag = "RAID log";

    public static void MapRaidApi(this IEndpointRouteBuilder api)
    {
        var products = api.MapGroup("/products/{key}").WithTags(Tag).RequireAuthorization();

        products.MapPost("/risks", async Task<Results<Created<RiskDto>, ProblemHttpResult>> (string key, RaiseRiskRequest request, RaidFeature raid, HttpContext context, CancellationToken ct) =>
            (await raid.RaiseAsync(key, request, ct)).ToCreated(r => $"/api/v1/risks/{r.Id}", context))
            .Performs(Operations.Raid.Raise)
            .WithSummary("Raise a risk (anyone on the product, stakeholders too): title, probability and impact 1–5, description, proximityOn; the raiser owns it until the TPM names another");

        products.MapGet("/risks", async Task<Results<Ok<RisksPage>, ProblemHttpResult>> (string key, string? status, Guid? owner, int? minScore, int? limit, string? cursor, RaidFeature raid, CancellationToken ct) =>
            (await raid.ListAsync(key, status, owner, minScore, limit, cursor, ct)).ToOk())
            .Performs(Operations.Products.Read)
            .WithSummary("The product's risks, highest score first then nearest proximity, each with its trend over the last 14 days; filters status (a ROAM status or live), owner (id), minScore; paged by cursor");

        products.MapGet("/risks/heatmap", async Task<Results<Ok<RiskHeatMap>, ProblemHttpResult>> (string key, RaidFeature raid, CancellationToken ct) =>
            (await raid.HeatMapAsync(key, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The 5×5 heat map of the live risks (open, owned, accepted): a count per probability and impact");

        products.MapGet("/risks/heatmap.svg", async Task<Results<ContentHttpResult, ProblemHttpResult>> (string key, RaidFeature raid, CancellationToken ct) =>
        {
            if ((await raid.HeatMapAsync(key, ct)).Failed(out var error, out var map)) return error.ToProblem();
            return TypedResults.Text(RiskHeatMapSvg.Render(map), "image/svg+xml", Encoding.UTF8);
        }).Performs(Operations.Products.Read).WithSummary("The same heat map drawn as SVG: every cell labelled with its probability, impact, score and count");

        products.MapGet("/assumptions", async Task<Results<Ok<IReadOnlyList<AssumptionDto>>, ProblemHttpResult>> (string key, string? status, RaidFeature raid, CancellationToken ct) =>
            (await raid.ListAssumptionsAsync(key, status, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The product's assumptions (at most 200), open ones first by validate-by date; filter status (open, validated, invalidated)");

        products.MapPost("/assumptions", async Task<Results<Created<AssumptionDto>, ProblemHttpResult>> (string key, RecordAssumptionRequest request, RaidFeature raid, HttpContext context, CancellationToken ct) =>
            (await raid.RecordAssumptionAsync(key, request, ct)).ToCreated(a => $"/api/v1/assumptions/{a.Id}", context))
            .Performs(Operations.Raid.Raise).WithSummary("Record an assumption (anyone): statement and the date to validate it by");

        products.MapGet("/raid-issues", async Task<Results<Ok<IReadOnlyList<RaidIssueDto>>, ProblemHttpResult>> (string key, string? status, RaidFeature raid, CancellationToken ct) =>
            (await raid.ListIssuesAsync(key, status, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The product's RAID issues (at most 200), open ones first by priority; filter status (open, resolved)");

        products.MapPost("/raid-issues", async Task<Results<Created<RaidIssueDto>, ProblemHttpResult>> (string key, RecordIssueRequest request, RaidFeature raid, HttpContext context, CancellationToken ct) =>
            (await raid.RecordIssueAsync(key, request, ct)).ToCreated(i => $"/api/v1/raid-issues/{i.Id}", context))
            .Performs(Operations.Raid.Raise).WithSummary("Record an issue (anyone): title, description, priority (low, medium, high, critical), dueOn");

        var risks = api.MapGroup("/risks/{id:guid}").WithTags(Tag).RequireAuthorization();

        risks.MapGet("/", async Task<Results<Ok<RiskDto>, ProblemHttpResult>> (Guid id, RaidFeature raid, HttpContext context, CancellationToken ct) =>
            (await raid.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One risk with its owner, handling, trend and links");

        risks.MapPut("/", async Task<Results<Ok<RiskDto>, ProblemHttpResult>> (Guid id, HandleRiskRequest request, RaidFeature raid, HttpContext context, CancellationToken ct) =>
            (await raid.HandleAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Raid.Manage)
            .WithSummary("The TPM's handling: probability, impact, owner, mitigation, contingency, trigger, proximityOn, title, description (omitted fields stay); If-Match; logged");

        risks.MapPut("/status", async Task<Results<Ok<RiskDto>, ProblemHttpResult>> (Guid id, RiskStatusRequest request, RaidFeature raid, HttpContext context, CancellationToken ct) =>
            (await raid.SetStatusAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Raid.Manage).WithSummary("Set the ROAM status: open, resolved, owned, accepted or mitigated (TPM; If-Match; logged; a history row)");

        risks.MapGet("/history", async Task<Results<Ok<IReadOnlyList<RiskHistoryDto>>, ProblemHttpResult>> (Guid id, RaidFeature raid, CancellationToken ct) =>
            (await raid.HistoryAsync(id, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The risk's trend: its score and status after every change, oldest first");

        var assumptions = api.MapGroup("/assumptions/{id:guid}").WithTags(Tag).RequireAuthorization();

        assumptions.MapGet("/", async Task<Results<Ok<AssumptionDto>, ProblemHttpResult>> (Guid id, RaidFeature raid, HttpContext context, CancellationToken ct) =>
            (await raid.GetAssumptionAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One assumption, with the risk it became if it was invalidated");

        assumptions.MapPut("/", async Task<Results<Ok<AssumptionDto>, ProblemHttpResult>> (Guid id, ChangeAssumptionRequest request, RaidFeature raid, HttpContext context, CancellationToken ct) =>
            (await raid.ChangeAssumptionAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Raid.Manage).WithSummary("Change an assumption's statement, owner or validate-by date (TPM; If-Match; logged)");

        assumptions.MapPost("/validate", async Task<Results<Ok<AssumptionDto>, ProblemHttpResult>> (Guid id, RaidFeature raid, HttpContext context, CancellationToken ct) =>
            (await raid.ValidateAssumptionAsync(id, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Raid.Manage).WithSummary("The assumption holds (TPM; logged)");

        assumptions.MapPost("/invalidate", async Task<Results<Created<RiskDto>, ProblemHttpResult>> (Guid id, InvalidateAssumptionRequest request, RaidFeature raid, HttpContext context, CancellationToken ct) =>
            (await raid.InvalidateAssumptionAsync(id, request, ETags.IfMatch(context), ct)).ToCreated(r => $"/api/v1/risks/{r.Id}", context))
            .Performs(Operations.Raid.Manage).WithSummary("The assumption no longer holds: it becomes a risk (probability, impact 1–5, optional title) in one step, linked back; answers the risk (TPM; logged once)");

        var issues = api.MapGroup("/raid-issues/{id:guid}").WithTags(Tag).RequireAuthorization();

        issues.MapGet("/", async Task<Results<Ok<RaidIssueDto>, ProblemHttpResult>> (Guid id, RaidFeature raid, HttpContext context, CancellationToken ct) =>
            (await raid.GetIssueAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One RAID issue with its owner, priority, due date and links");

        issues.MapPut("/", async Task<Results<Ok<RaidIssueDto>, ProblemHttpResult>> (Guid id, ChangeIssueRequest request, RaidFeature raid, HttpContext context, CancellationToken ct) =>
            (await raid.ChangeIssueAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Raid.Manage).WithSummary("Change an issue's title, description, owner, priority or due date (TPM; If-Match; logged)");

        issues.MapPut("/status", async Task<Results<Ok<RaidIssueDto>, ProblemHttpResult>> (Guid id, IssueStatusRequest request, RaidFeature raid, HttpContext context, CancellationToken ct) =>
            (await raid.SetIssueStatusAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Raid.Manage).WithSummary("Resolve (with an optional resolution) or reopen an issue (TPM; If-Match; logged)");

        MapLinks(risks, RaidRecordKind.Risk);
        MapLinks(assumptions, RaidRecordKind.Assumption);
        MapLinks(issues, RaidRecordKind.Issue);

        api.MapPost("/impediments/{id:guid}/promote", async Task<Results<Created<PromotionDto>, ProblemHttpResult>> (Guid id, PromoteImpedimentRequest request, RaidFeature raid, HttpContext context, CancellationToken ct) =>
            (await raid.PromoteAsync(id, request, ct)).ToCreated(p => p.As == "risk" ? $"/api/v1/risks/{p.Id}" : $"/api/v1/raid-issues/{p.Id}", context))
            .WithTags(Tag).RequireAuthorization()
            .Performs(Operations.Raid.Manage)
            .WithSummary("Promote the Scrum Master's escalated impediment into a risk (probability, impact) or an issue (priority, dueOn), linked to it and its items (TPM; logged; twice → 409)");
    }

    private static void MapLinks(RouteGroupBuilder record, RaidRecordKind kind)
    {
        var what = kind == RaidRecordKind.Issue ? "issue" : kind.ToString().ToLowerInvariant();
        record.MapPost("/links", async Task<Results<Created<RaidLinkDto>, ProblemHttpResult>> (Guid id, AddRaidLinkRequest request, RaidFeature raid, CancellationToken ct) =>
            (await raid.AddLinkAsync(kind, id, request, ct)).ToCreated(_ => $"/api/v1/{(kind == RaidRecordKind.Issue ? "raid-issues" : what + "s")}/{id}"))
            .Performs(Operations.Raid.Raise)
            .WithSummary($"Link the {what} to an item (kind item, ref its key) or a milestone, decision record or impediment of its product (ref its number); anyone on the product");

        record.MapDelete("/links/{linkId:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, Guid linkId, RaidFeature raid, CancellationToken ct) =>
            (await raid.RemoveLinkAsync(kind, id, linkId, ct)).ToNoContent())
            .Performs(Operations.Raid.Manage).WithSummary($"Remove a link of the {what} (TPM; logged)");
    }
}
