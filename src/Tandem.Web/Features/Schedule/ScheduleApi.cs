using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Schedule;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Schedule;

/// <summary>The schedule's API: read (with drift against a baseline), the Gantt as SVG, and the TPM's changes.</summary>
public static class ScheduleApi
{
    public static void MapScheduleApi(this IEndpointRouteBuilder api)
    {
        var product = api.MapGroup("/products/{key}/schedule").WithTags("Schedule").RequireAuthorization();

        product.MapGet("/", async Task<Results<Ok<ScheduleDto>, ProblemHttpResult>> (string key, Guid? baseline, ScheduleFeature schedule, CancellationToken ct) =>
            (await schedule.GetAsync(key, baseline, ct)).ToOk())
            .Performs(Operations.Products.Read)
            .WithSummary("The product's schedule: items with start/end, early and late dates, slack in days, critical flag and the source of their dates (explicit, sprint, velocity, default); the critical path as item keys in order; the dependencies; with `baseline` (an id) each item's drift in days");

        product.MapGet("/gantt.svg", async Task<Results<ContentHttpResult, ProblemHttpResult>> (string key, Guid? baseline, ScheduleFeature schedule, CancellationToken ct) =>
        {
            if ((await schedule.GetAsync(key, baseline, ct)).Failed(out var error, out var found)) return error.ToProblem();
            return TypedResults.Text(GanttSvg.Draw(found), "image/svg+xml", Encoding.UTF8);
        }).Performs(Operations.Products.Read)
            .WithSummary("The schedule as a Gantt chart (SVG): bars by product and team, critical bars hatched and labelled, today's line, and with `baseline` the baseline's bars and each item's drift");

        product.MapPost("/items", async Task<Results<Created<ScheduleItemDto>, ProblemHttpResult>> (string key, AddScheduleItemRequest request, ScheduleFeature schedule, HttpContext context, CancellationToken ct) =>
            (await schedule.AddItemAsync(key, request, ct)).ToCreated(i => $"/api/v1/products/{i.ProductKey}/schedule", context))
            .Performs(Operations.Delivery.EditSchedule)
            .WithSummary("Put an item (an epic or any work package) of the product on its schedule, with explicit start and end or none (Technical Project Manager; logged)");

        product.MapPut("/items/{itemKey}", async Task<Results<Ok<ScheduleItemDto>, ProblemHttpResult>> (string key, string itemKey, SetScheduleDatesRequest request, ScheduleFeature schedule, HttpContext context, CancellationToken ct) =>
            (await schedule.SetDatesAsync(key, itemKey, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Delivery.EditSchedule)
            .WithSummary("Shift an item's dates: start and end (YYYY-MM-DD), or both empty to derive them again (Technical Project Manager; logged; If-Match)");

        product.MapDelete("/items/{itemKey}", async Task<Results<NoContent, ProblemHttpResult>> (string key, string itemKey, ScheduleFeature schedule, CancellationToken ct) =>
            (await schedule.RemoveItemAsync(key, itemKey, ct)).ToNoContent())
            .Performs(Operations.Delivery.EditSchedule)
            .WithSummary("Take an item off the schedule with this product's dependencies on it (Technical Project Manager; logged)");

        product.MapPost("/links", async Task<Results<Created<ScheduleLinkDto>, ProblemHttpResult>> (string key, AddScheduleLinkRequest request, ScheduleFeature schedule, CancellationToken ct) =>
            (await schedule.AddLinkAsync(key, request, ct)).ToCreated(l => $"/api/v1/schedule/links/{l.Id}"))
            .Performs(Operations.Delivery.EditSchedule)
            .WithSummary("Add a dependency: predecessor and successor keys (the predecessor may be another product's item), type finish-to-start, start-to-start or finish-to-finish, lag like \"2d\", \"-1d\", \"1w\"; a cycle is refused with the cycle named (Technical Project Manager; logged)");

        product.MapPost("/baselines", async Task<Results<Created<BaselineSummary>, ProblemHttpResult>> (string key, SaveBaselineRequest request, ScheduleFeature schedule, CancellationToken ct) =>
            (await schedule.SaveBaselineAsync(key, request, ct)).ToCreated(b => $"/api/v1/products/{key}/schedule/baselines/{b.Id}"))
            .Performs(Operations.Delivery.EditSchedule)
            .WithSummary("Save a named baseline: a snapshot of every item's current dates (Technical Project Manager; logged)");

        product.MapGet("/baselines", async Task<Results<Ok<IReadOnlyList<BaselineSummary>>, ProblemHttpResult>> (string key, ScheduleFeature schedule, CancellationToken ct) =>
            (await schedule.BaselinesAsync(key, ct)).ToOk())
            .Performs(Operations.Products.Read)
            .WithSummary("The schedule's baselines, newest first");

        product.MapGet("/baselines/{id:guid}", async Task<Results<Ok<BaselineDto>, ProblemHttpResult>> (string key, Guid id, Guid? compareTo, ScheduleFeature schedule, CancellationToken ct) =>
            (await schedule.BaselineAsync(key, id, compareTo, ct)).ToOk())
            .Performs(Operations.Products.Read)
            .WithSummary("A baseline's items compared with the current schedule, or with another baseline (`compareTo`): drift in days per item, positive when later");

        api.MapDelete("/schedule/links/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ScheduleFeature schedule, HttpContext context, CancellationToken ct) =>
            (await schedule.RemoveLinkAsync(id, ETags.IfMatch(context), ct)).ToNoContent())
            .WithTags("Schedule").RequireAuthorization()
            .Performs(Operations.Delivery.EditSchedule)
            .WithSummary("Remove a dependency (Technical Project Manager of the successor's product; logged; If-Match: a dependency's version is always 1)");
    }
}
