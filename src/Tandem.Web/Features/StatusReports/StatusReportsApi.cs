using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.StatusReports;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.StatusReports;

public static class StatusReportsApi
{
    public static void MapStatusReportsApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/products/{key}/status-reports", async Task<Results<Created<StatusReportDto>, ProblemHttpResult>> (string key, StatusReportsFeature reports, HttpContext context, CancellationToken ct) =>
            (await reports.StartAsync(key, ct)).ToCreated(r => $"/api/v1/status-reports/{r.Id}", context))
            .WithTags("Status reports").RequireAuthorization()
            .Performs(Operations.Reports.PublishDelivery)
            .WithSummary("Start the draft of the product's next status report (Technical Project Manager; logged). One open draft per product: another answers 409 naming it");

        api.MapGet("/products/{key}/status-reports", async Task<Results<Ok<StatusReportsPage>, ProblemHttpResult>> (string key, int? limit, string? cursor, StatusReportsFeature reports, CancellationToken ct) =>
            (await reports.ListAsync(key, limit, cursor, ct)).ToOk())
            .WithTags("Status reports").RequireAuthorization()
            .Performs(Operations.Products.Read)
            .WithSummary("The product's status reports, newest first, paged by cursor; stakeholders see the published ones only");

        var one = api.MapGroup("/status-reports").WithTags("Status reports").RequireAuthorization();

        one.MapGet("/{id:guid}", async Task<Results<Ok<StatusReportDto>, ProblemHttpResult>> (Guid id, StatusReportsFeature reports, HttpContext context, CancellationToken ct) =>
            (await reports.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read)
            .WithSummary("One status report: a draft built now from live data (the team's only), a published one exactly as it was frozen. RAG per product and milestone with the rule that set it");

        one.MapGet("/{id:guid}.md", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (Guid id, StatusReportsFeature reports, CancellationToken ct) =>
            (await reports.MarkdownAsync(id, ct)).Failed(out var error, out var file)
                ? error.ToProblem()
                : TypedResults.File(Encoding.UTF8.GetBytes(file.Markdown), "text/markdown; charset=utf-8", file.FileName))
            .Performs(Operations.Products.Read).WithSummary("The status report as Markdown");

        one.MapPut("/{id:guid}/delivery-narrative", async Task<Results<Ok<StatusReportDto>, ProblemHttpResult>> (Guid id, NarrativeRequest request, StatusReportsFeature reports, HttpContext context, CancellationToken ct) =>
            (await reports.WriteDeliveryNarrativeAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Reports.PublishDelivery)
            .WithSummary("Write the delivery narrative of a draft (Technical Project Manager; logged; If-Match; a published report answers 409)");

        one.MapPut("/{id:guid}/product-narrative", async Task<Results<Ok<StatusReportDto>, ProblemHttpResult>> (Guid id, NarrativeRequest request, StatusReportsFeature reports, HttpContext context, CancellationToken ct) =>
            (await reports.WriteProductNarrativeAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Reports.WriteNarrative)
            .WithSummary("Write the product narrative of a draft (Product Owner; logged; If-Match; a published report answers 409)");

        one.MapPost("/{id:guid}/publish", async Task<Results<Ok<StatusReportDto>, ProblemHttpResult>> (Guid id, StatusReportsFeature reports, HttpContext context, CancellationToken ct) =>
            (await reports.PublishAsync(id, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Reports.PublishDelivery)
            .WithSummary("Publish the draft (Technical Project Manager; logged once): its content is frozen and the product's stakeholders and team are notified. Publishing again answers 409");
    }
}
