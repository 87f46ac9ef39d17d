using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Board;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Board;

/// <summary>The sprint board and the team's workflow under /api/v1.</summary>
public static class BoardApi
{
    public static void MapBoardApi(this IEndpointRouteBuilder api)
    {
        var sprints = api.MapGroup("/sprints/{id:guid}/board").WithTags("Board").RequireAuthorization();

        sprints.MapGet("/", async Task<Results<Ok<BoardDto>, ProblemHttpResult>> (Guid id, string? swimlane, BoardFeature board, CancellationToken ct) =>
            (await board.GetAsync(id, swimlane, ct)).ToOk())
            .Performs(Operations.Products.Read)
            .WithSummary("The sprint's board: columns in order with WIP limit, count, over-limit flag and cards (assignee, epic, points, blocked, days in column); swimlane=assignee|epic|none groups the cards into lanes");

        sprints.MapPost("/moves", async Task<Results<Ok<BoardMoveDto>, ProblemHttpResult>> (Guid id, BoardMoveRequest request, BoardFeature board, HttpContext context, CancellationToken ct) =>
            (await board.MoveAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Sprints.MoveCard)
            .WithSummary("Move a card to a column, before or after a neighbour (else to the bottom); the item takes the column's status. Over-WIP moves are made and flagged. Developers, Tech Lead, Scrum Master; If-Match is the card's version; 409 for a closed sprint or an accepted item");

        sprints.MapPost("/cards/{itemKey}/block", async Task<Results<Ok<BoardCardDto>, ProblemHttpResult>> (Guid id, string itemKey, BlockCardRequest request, BoardFeature board, HttpContext context, CancellationToken ct) =>
            (await board.BlockAsync(id, itemKey, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Sprints.MoveCard)
            .WithSummary("Flag a card blocked, with the reason (Developers, Tech Lead, Scrum Master; honours If-Match)");

        sprints.MapPost("/cards/{itemKey}/unblock", async Task<Results<Ok<BoardCardDto>, ProblemHttpResult>> (Guid id, string itemKey, BoardFeature board, HttpContext context, CancellationToken ct) =>
            (await board.UnblockAsync(id, itemKey, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Sprints.MoveCard)
            .WithSummary("Clear a card's blocked flag (Developers, Tech Lead, Scrum Master; honours If-Match)");

        var teams = api.MapGroup("/teams/{teamId:guid}").WithTags("Board").RequireAuthorization();

        teams.MapGet("/board", async Task<Results<Ok<BoardDto>, ProblemHttpResult>> (Guid teamId, string? swimlane, BoardFeature board, CancellationToken ct) =>
            (await board.TeamBoardAsync(teamId, swimlane, ct)).ToOk())
            .Performs(Operations.Products.Read)
            .WithSummary("The board of the team's active sprint; 404 when no sprint is running");

        teams.MapPut("/workflow", async Task<Results<Ok<WorkflowDto>, ProblemHttpResult>> (Guid teamId, WorkflowRequest request, BoardFeature board, HttpContext context, CancellationToken ct) =>
            (await board.SetWorkflowAsync(teamId, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Process.Edit)
            .WithSummary("Replace the board's columns in order (1–12; name, status, WIP limit ≥ 1 or null; the last maps to done). Columns left out are removed and their cards move to the nearest column with the same status, else the first. Scrum Master; logged; If-Match is the team's version");
    }
}
