using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Debt;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Debt;

public static class DebtApi
{
    public static void MapDebtApi(this IEndpointRouteBuilder api)
    {
        var products = api.MapGroup("/products/{key}/debt").WithTags("Technical debt").RequireAuthorization();

        products.MapGet("/", async Task<Results<Ok<DebtRegisterDto>, ProblemHttpResult>> (string key, string? kind, string? status, int? limit, string? cursor, DebtFeature debt, CancellationToken ct) =>
            (await debt.ListAsync(key, kind, status, ct, limit, cursor)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The debt register by interest, a page at a time (limit, cursor), with totals of the open debt and the capacity policy; filters kind and status");

        products.MapPost("/", async Task<Results<Created<DebtDto>, ProblemHttpResult>> (string key, RecordDebtRequest request, DebtFeature debt, HttpContext context, CancellationToken ct) =>
            (await debt.RecordDebtAsync(key, request, ct)).ToCreated(d => $"/api/v1/debt/{d.Id}", context))
            .Performs(Operations.Debt.Propose).WithSummary("Record debt: the Tech Lead's is registered with a tech-debt backlog item at once, anyone else's waits as proposed");

        products.MapGet("/trend", async Task<Results<Ok<DebtTrendDto>, ProblemHttpResult>> (string key, DebtFeature debt, CancellationToken ct) =>
            (await debt.TrendAsync(key, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("Open principal and interest after every change to the register, oldest first");

        products.MapGet("/capacity", async Task<Results<Ok<DebtCapacityDto>, ProblemHttpResult>> (string key, DebtFeature debt, CancellationToken ct) =>
            (await debt.CapacityAsync(key, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The agreed share of sprint capacity for debt and the pending proposal");

        products.MapPost("/capacity", async Task<Results<Ok<DebtCapacityDto>, ProblemHttpResult>> (string key, ProposeCapacityRequest request, DebtFeature debt, CancellationToken ct) =>
            (await debt.ProposeCapacityAsync(key, request, ct)).ToOk())
            .Performs(Operations.Debt.ProposeCapacityShare).WithSummary("Propose the share (0–100 %) of each sprint's capacity for debt (Tech Lead or Product Owner)");

        products.MapPost("/capacity/agree", async Task<Results<Ok<DebtCapacityDto>, ProblemHttpResult>> (string key, DebtFeature debt, CancellationToken ct) =>
            (await debt.AgreeCapacityAsync(key, ct)).ToOk())
            .Performs(Operations.Debt.AgreeCapacityShare).WithSummary("Agree the pending share; the proposer cannot agree their own");

        var debts = api.MapGroup("/debt/{id:guid}").WithTags("Technical debt").RequireAuthorization();

        debts.MapGet("/", async Task<Results<Ok<DebtDto>, ProblemHttpResult>> (Guid id, DebtFeature debt, HttpContext context, CancellationToken ct) =>
            (await debt.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One debt");

        debts.MapPatch("/", async Task<Results<Ok<DebtDto>, ProblemHttpResult>> (Guid id, PatchDebtRequest request, DebtFeature debt, HttpContext context, CancellationToken ct) =>
            (await debt.PatchAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Debt.Register).WithSummary("Change a debt or close it as repaid or accepted-as-is (Tech Lead; honours If-Match)");

        debts.MapPost("/register", async Task<Results<Ok<DebtDto>, ProblemHttpResult>> (Guid id, DebtFeature debt, HttpContext context, CancellationToken ct) =>
            (await debt.RegisterAsync(id, ct)).ToOk(context))
            .Performs(Operations.Debt.Register).WithSummary("Register a proposed debt, which adds its tech-debt item to the backlog (Tech Lead)");
    }
}
