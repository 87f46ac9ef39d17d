using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Milestones;
using Tandem.Application.TradeOffs;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Milestones;

public static class MilestonesApi
{
    public static void MapMilestonesApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/products/{key}/milestones", async Task<Results<Ok<IReadOnlyList<MilestoneDto>>, ProblemHttpResult>> (string key, MilestonesFeature milestones, CancellationToken ct) =>
            (await milestones.ListAsync(key, ct)).ToOk())
            .WithTags("Milestones").RequireAuthorization().Performs(Operations.Products.Read)
            .WithSummary("The product's milestones by date, each with its scope, forecast (confidence, p50/p85/p95), gates and prerequisites");

        api.MapPost("/products/{key}/milestones", async Task<Results<Created<MilestoneDto>, ProblemHttpResult>> (string key, CreateMilestoneRequest request, MilestonesFeature milestones, HttpContext context, CancellationToken ct) =>
            (await milestones.CreateAsync(key, request, ct)).ToCreated(m => $"/api/v1/milestones/{m.Id}", context))
            .WithTags("Milestones").RequireAuthorization().Performs(Operations.Delivery.EditSchedule)
            .WithSummary("Plan a milestone {name, date, criteria, ownerId, releaseId, targetConfidence, itemKeys} (Technical Project Manager; logged)");

        var one = api.MapGroup("/milestones/{id:guid}").WithTags("Milestones").RequireAuthorization();

        one.MapGet("/", async Task<Results<Ok<MilestoneDto>, ProblemHttpResult>> (Guid id, MilestonesFeature milestones, HttpContext context, CancellationToken ct) =>
            (await milestones.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One milestone with its scope, forecast, gates, prerequisites and what blocks a go");

        one.MapPut("/", async Task<Results<Ok<MilestoneDto>, ProblemHttpResult>> (Guid id, UpdateMilestoneRequest request, MilestonesFeature milestones, HttpContext context, CancellationToken ct) =>
            (await milestones.UpdateAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Delivery.EditSchedule)
            .WithSummary("Change name, date, criteria, owner, release, target confidence or status (Technical Project Manager; achieved waits for every gate and prerequisite; honours If-Match)");

        one.MapPut("/date", async Task<Results<Ok<MilestoneDto>, ProblemHttpResult>> (Guid id, MoveMilestoneDateRequest request, MilestonesFeature milestones, HttpContext context, CancellationToken ct) =>
            (await milestones.MoveDateAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Delivery.EditSchedule).WithSummary("Move the milestone's date {date, reason} (Technical Project Manager; never before its gates; logged; honours If-Match)");

        one.MapPost("/scope", async Task<Results<Ok<MilestoneDto>, ProblemHttpResult>> (Guid id, MilestoneScopeRequest request, MilestonesFeature milestones, HttpContext context, CancellationToken ct) =>
            (await milestones.AddScopeAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Delivery.EditSchedule).WithSummary("Add epics and items {itemKeys} to the milestone's scope (Technical Project Manager; logged)");

        one.MapDelete("/scope/{itemKey}", async Task<Results<Ok<MilestoneDto>, ProblemHttpResult>> (Guid id, string itemKey, MilestonesFeature milestones, HttpContext context, CancellationToken ct) =>
            (await milestones.RemoveScopeAsync(id, itemKey, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Delivery.EditSchedule).WithSummary("Take an epic or item out of the milestone's scope (Technical Project Manager; logged)");

        one.MapPost("/prerequisites", async Task<Results<Ok<MilestoneDto>, ProblemHttpResult>> (Guid id, LinkPrerequisiteRequest request, MilestonesFeature milestones, HttpContext context, CancellationToken ct) =>
            (await milestones.LinkAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Delivery.EditSchedule).WithSummary("Link a prerequisite {kind: decision, interface or nfr, id} (Technical Project Manager; logged)");

        one.MapDelete("/prerequisites/{targetId:guid}", async Task<Results<Ok<MilestoneDto>, ProblemHttpResult>> (Guid id, Guid targetId, MilestonesFeature milestones, HttpContext context, CancellationToken ct) =>
            (await milestones.UnlinkAsync(id, targetId, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Delivery.EditSchedule).WithSummary("Unlink a prerequisite (Technical Project Manager; logged)");

        one.MapPost("/gates", async Task<Results<Ok<MilestoneDto>, ProblemHttpResult>> (Guid id, PlanGateRequest request, MilestonesFeature milestones, HttpContext context, CancellationToken ct) =>
            (await milestones.PlanGateAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Delivery.EditSchedule)
            .WithSummary("Plan a gate {kind: design-review, qa-sign-off, security-review or go-no-go, dueOn (not after the milestone), checklist} (Technical Project Manager; logged)");

        one.MapPost("/trade-offs", async Task<Results<Created<TradeOffDto>, ProblemHttpResult>> (Guid id, OpenTradeOffRequest request, TradeOffsFeature tradeOffs, HttpContext context, CancellationToken ct) =>
            (await tradeOffs.OpenAsync(id, request, ct)).ToCreated(t => $"/api/v1/trade-offs/{t.Id}", context))
            .Performs(Operations.Delivery.EditSchedule)
            .WithSummary("Open a scope–date trade-off on a milestone below its target confidence, with options {moveDate, cutItems, addCapacityPercent or addCapacityItemsPerWeek} each forecast (Technical Project Manager; logged; stakeholders told)");

        var gates = api.MapGroup("/gates/{gateId:guid}").WithTags("Milestones").RequireAuthorization();

        gates.MapPost("/decision", async Task<Results<Ok<MilestoneDto>, ProblemHttpResult>> (Guid gateId, DecideGateRequest request, MilestonesFeature milestones, HttpContext context, CancellationToken ct) =>
            (await milestones.DecideGateAsync(gateId, request, ETags.IfMatch(context), ct)).ToOk(context))
            .PerformsOneOf(MilestonesFeature.GateOperations)
            .WithSummary("Pass or fail a gate {status: passed or failed (go, no-go), note} — the design and security reviews by the Tech Lead, QA sign-off by the Tech Lead or a developer, the go/no-go by the Technical Project Manager (a go waits for every prerequisite and gate; logged; honours If-Match)");

        gates.MapPut("/checklist/{lineId:guid}", async Task<Results<Ok<MilestoneDto>, ProblemHttpResult>> (Guid gateId, Guid lineId, TickChecklistRequest request, MilestonesFeature milestones, HttpContext context, CancellationToken ct) =>
            (await milestones.TickAsync(gateId, lineId, request, ct)).ToOk(context))
            .Performs(Operations.Gates.TickChecklist).WithSummary("Tick or untick a line of a gate's checklist {done} (anyone on the team)");

        var trade = api.MapGroup("/trade-offs/{id:guid}").WithTags("Trade-offs").RequireAuthorization();

        trade.MapGet("/", async Task<Results<Ok<TradeOffDto>, ProblemHttpResult>> (Guid id, TradeOffsFeature tradeOffs, HttpContext context, CancellationToken ct) =>
            (await tradeOffs.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("A trade-off: the milestone's forecast, the options with theirs, and both sides' decisions");

        trade.MapPost("/scope", async Task<Results<Ok<TradeOffDto>, ProblemHttpResult>> (Guid id, ScopeDecisionRequest request, TradeOffsFeature tradeOffs, HttpContext context, CancellationToken ct) =>
            (await tradeOffs.DecideScopeAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.TradeOffs.DecideScope)
            .WithSummary("Decide the scope side {removeItems or noChange, reason}: which items leave the milestone (Product Owner; logged on the trade-off; honours If-Match)");

        trade.MapPost("/date", async Task<Results<Ok<TradeOffDto>, ProblemHttpResult>> (Guid id, DateDecisionRequest request, TradeOffsFeature tradeOffs, HttpContext context, CancellationToken ct) =>
            (await tradeOffs.DecideDateAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Delivery.EditSchedule)
            .WithSummary("Decide the date side {date or noChange, reason} (Technical Project Manager; logged on the trade-off; honours If-Match)");
    }
}
