using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Estimation;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Poker;

/// <summary>points is a value of the product's scale, as a number (5) or a string ("5", "?").</summary>
public sealed record PokerVoteRequest(JsonElement? Points);

/// <summary>The Tech Lead's final estimate and why; the reason is logged with the votes.</summary>
public sealed record PokerSettleRequest(JsonElement? Points, string? Reason);

public static class PokerApi
{
    public static void MapPokerApi(this IEndpointRouteBuilder api)
    {
        var products = api.MapGroup("/products/{key}/poker").WithTags("Planning poker").RequireAuthorization();

        products.MapGet("/", async Task<Results<Ok<PokerSessionListDto>, ProblemHttpResult>> (string key, string? status, int? limit, PokerFeature poker, CancellationToken ct) =>
            (await poker.ListAsync(key, status, limit, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The product's planning-poker sessions, open ones first and newest first; filter status=open|closed");

        products.MapGet("/candidates", async Task<Results<Ok<IReadOnlyList<PokerCandidateDto>>, ProblemHttpResult>> (string key, PokerFeature poker, CancellationToken ct) =>
            (await poker.CandidatesAsync(key, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary($"Items waiting for an estimate (not done, not estimated, no epics) in backlog order, at most {PokerFeature.MaxCandidates}");

        products.MapPost("/", async Task<Results<Created<PokerSessionDto>, ProblemHttpResult>> (string key, OpenPokerRequest request, PokerFeature poker, HttpContext context, CancellationToken ct) =>
            (await poker.OpenAsync(key, request, ct)).ToCreated(s => $"/api/v1/poker/{s.Id}", context))
          .Performs(Operations.Estimation.RunPoker)
          .WithSummary("Open a session over items of the product, by key, in the order given (Tech Lead or Scrum Master)");

        var sessions = api.MapGroup("/poker/{id:guid}").WithTags("Planning poker").RequireAuthorization();

        sessions.MapGet("/", async Task<Results<Ok<PokerSessionDto>, ProblemHttpResult>> (Guid id, PokerFeature poker, HttpContext context, CancellationToken ct) =>
            (await poker.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read)
            .WithSummary("The session: agenda, current item, who has voted (values only after the reveal), spread and outliers, your own card");

        sessions.MapPut("/vote", async Task<Results<Ok<PokerSessionDto>, ProblemHttpResult>> (Guid id, PokerVoteRequest request, PokerFeature poker, HttpContext context, CancellationToken ct) =>
            (await poker.VoteAsync(id, Points(request.Points), ct)).ToOk(context))
            .Performs(Operations.Estimation.Vote)
            .WithSummary("Vote on the current item with a value of the scale; voting again in the same round changes the card. 409 once the round is revealed (developers and Tech Lead)");

        Step(sessions, "/reveal", Operations.Estimation.Facilitate, "Reveal the round's cards (Tech Lead or Scrum Master; honours If-Match)", (p, id, v, ct) => p.RevealAsync(id, v, ct));
        Step(sessions, "/revote", Operations.Estimation.Facilitate, "Start a new round on the current item after a reveal (Tech Lead or Scrum Master; honours If-Match)", (p, id, v, ct) => p.RevoteAsync(id, v, ct));
        Step(sessions, "/accept", Operations.Estimation.RunPoker, "Accept the consensus when every card agrees; the item gets that estimate (Tech Lead or Scrum Master; honours If-Match)", (p, id, v, ct) => p.AcceptAsync(id, v, ct));
        Step(sessions, "/next", Operations.Estimation.Facilitate, "Move to the next undecided item; an undecided current item is skipped (Tech Lead or Scrum Master; honours If-Match)", (p, id, v, ct) => p.NextAsync(id, v, ct));
        Step(sessions, "/close", Operations.Estimation.RunPoker, "Close the session; undecided items are skipped (Tech Lead or Scrum Master; honours If-Match)", (p, id, v, ct) => p.CloseAsync(id, v, ct));

        sessions.MapPost("/settle", async Task<Results<Ok<PokerSessionDto>, ProblemHttpResult>> (Guid id, PokerSettleRequest request, PokerFeature poker, HttpContext context, CancellationToken ct) =>
            (await poker.SettleAsync(id, Points(request.Points), request.Reason, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Estimation.Settle)
            .WithSummary("Set the final estimate after the reveal, with the reason, logged with the votes (Tech Lead only; honours If-Match)");
    }

    private static void Step(RouteGroupBuilder sessions, string pattern, Operation operation, string summary, Func<PokerFeature, Guid, int?, CancellationToken, Task<Result<PokerSessionDto>>> step) =>
        sessions.MapPost(pattern, async Task<Results<Ok<PokerSessionDto>, ProblemHttpResult>> (Guid id, PokerFeature poker, HttpContext context, CancellationToken ct) =>
            (await step(poker, id, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(operation).WithSummary(summary);

    internal static string? Points(JsonElement? points) => points switch
    {
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { } other => other.GetRawText(),
    };
}
