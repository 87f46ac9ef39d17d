using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Retros;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Retros;

public static class RetrosApi
{
    public static void MapRetrosApi(this IEndpointRouteBuilder api)
    {
        var team = api.MapGroup("/teams/{teamId:guid}").WithTags("Retrospectives").RequireAuthorization();

        team.MapPost("/retros", async Task<Results<Created<RetroDto>, ProblemHttpResult>> (Guid teamId, StartRetroRequest request, RetrosFeature retros, HttpContext context, CancellationToken ct) =>
            (await retros.StartAsync(teamId, request, ct)).ToCreated(r => $"/api/v1/retros/{r.Id}", context))
            .Performs(Operations.Retrospectives.Facilitate)
            .WithSummary("Start a retrospective (Scrum Master): format start-stop-continue, mad-sad-glad, 4ls, sailboat or custom with columns; vote allowance (default 3); optionally a sprint id");

        team.MapGet("/retros", async Task<Results<Ok<IReadOnlyList<RetroSummaryDto>>, ProblemHttpResult>> (Guid teamId, RetrosFeature retros, CancellationToken ct) =>
            (await retros.ListAsync(teamId, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The team's retrospectives, newest first");

        team.MapGet("/retro-actions", async Task<Results<Ok<IReadOnlyList<RetroActionDto>>, ProblemHttpResult>> (Guid teamId, string? status, RetrosFeature retros, CancellationToken ct) =>
            (await retros.ActionsAsync(teamId, status, ct)).ToOk())
            .Performs(Operations.Products.Read)
            .WithSummary("The team's retrospective actions, soonest due first; status=open (still to follow up, incl. not-done), done, not-done, dropped or all");

        var retro = api.MapGroup("/retros/{id:guid}").WithTags("Retrospectives").RequireAuthorization();

        retro.MapGet("/", async Task<Results<Ok<RetroDto>, ProblemHttpResult>> (Guid id, RetrosFeature retros, HttpContext context, CancellationToken ct) =>
            (await retros.GetAsync(id, ct)).ToOk(context))
            .Performs(Operations.Products.Read)
            .WithSummary("The retrospective: columns, cards (anonymous ones without author), groups, your votes (totals after the vote phase), topics by votes, actions and the previous actions to review");

        retro.MapPost("/phase", async Task<Results<Ok<RetroDto>, ProblemHttpResult>> (Guid id, RetroPhaseRequest request, RetrosFeature retros, HttpContext context, CancellationToken ct) =>
            (await retros.MovePhaseAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Retrospectives.Facilitate)
            .WithSummary("Move to the next (or back to the previous) phase: write → group → vote → discuss → actions → closed (Scrum Master; logged; honours If-Match)");

        retro.MapPost("/cards", async Task<Results<Ok<RetroDto>, ProblemHttpResult>> (Guid id, RetroCardRequest request, RetrosFeature retros, HttpContext context, CancellationToken ct) =>
            (await retros.WriteCardAsync(id, request, ct)).ToOk(context))
            .Performs(Operations.Retrospectives.Contribute).WithSummary("Write a card in a column during the write phase; anonymous cards never show their author");

        retro.MapPost("/groups", async Task<Results<Ok<RetroDto>, ProblemHttpResult>> (Guid id, RetroGroupRequest request, RetrosFeature retros, HttpContext context, CancellationToken ct) =>
            (await retros.CreateGroupAsync(id, request, ct)).ToOk(context))
            .Performs(Operations.Retrospectives.Contribute).WithSummary("Put cards together under a title during the group phase");

        retro.MapPost("/votes", async Task<Results<Ok<RetroDto>, ProblemHttpResult>> (Guid id, RetroVoteRequest request, RetrosFeature retros, HttpContext context, CancellationToken ct) =>
            (await retros.VoteAsync(id, request, ct)).ToOk(context))
            .Performs(Operations.Retrospectives.Contribute).WithSummary("One dot for a card or a group during the vote phase; 400 beyond your allowance");

        retro.MapDelete("/votes", async Task<Results<Ok<RetroDto>, ProblemHttpResult>> (Guid id, Guid? cardId, Guid? groupId, RetrosFeature retros, HttpContext context, CancellationToken ct) =>
            (await retros.UnvoteAsync(id, cardId, groupId, ct)).ToOk(context))
            .Performs(Operations.Retrospectives.Contribute).WithSummary("Take back one of your dots from a card (cardId) or a group (groupId) during the vote phase");

        retro.MapPost("/actions", async Task<Results<Created<RetroActionDto>, ProblemHttpResult>> (Guid id, RetroActionRequest request, RetrosFeature retros, HttpContext context, CancellationToken ct) =>
            (await retros.AddActionAsync(id, request, ct)).ToCreated(a => $"/api/v1/retro-actions/{a.Id}", context))
            .Performs(Operations.Retrospectives.OwnActions).WithSummary("Agree an action (discuss or actions phase) with an owner on the team and a due date (YYYY-MM-DD)");

        var cards = api.MapGroup("/retro-cards/{id:guid}").WithTags("Retrospectives").RequireAuthorization();

        cards.MapPatch("/", async Task<Results<Ok<RetroDto>, ProblemHttpResult>> (Guid id, EditRetroCardRequest request, RetrosFeature retros, HttpContext context, CancellationToken ct) =>
            (await retros.EditCardAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Retrospectives.Contribute)
            .WithSummary("Change your card's text or column while the team writes, or move a card into a group (groupId) or out of one (ungroup) while it groups; honours If-Match");

        cards.MapDelete("/", async Task<Results<Ok<RetroDto>, ProblemHttpResult>> (Guid id, RetrosFeature retros, HttpContext context, CancellationToken ct) =>
            (await retros.DeleteCardAsync(id, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Retrospectives.Contribute).WithSummary("Take back your card while the team writes (the Scrum Master may remove any card); honours If-Match");

        var actions = api.MapGroup("/retro-actions/{id:guid}").WithTags("Retrospectives").RequireAuthorization();

        actions.MapPatch("/", async Task<Results<Ok<RetroActionDto>, ProblemHttpResult>> (Guid id, PatchRetroActionRequest request, RetrosFeature retros, HttpContext context, CancellationToken ct) =>
            (await retros.PatchActionAsync(id, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Retrospectives.OwnActions)
            .WithSummary("Review an action (status done, not-done or dropped) or change its text, owner or due date; honours If-Match");

        actions.MapPost("/to-backlog", async Task<Results<Ok<RetroActionDto>, ProblemHttpResult>> (Guid id, RetrosFeature retros, HttpContext context, CancellationToken ct) =>
            (await retros.ToBacklogAsync(id, ct)).ToOk(context))
            .Performs(Operations.Retrospectives.OwnActions).WithSummary("Make the action a story at the bottom of the team's home backlog; 409 when it already is one");

        actions.MapPost("/to-agreement", async Task<Results<Ok<RetroActionDto>, ProblemHttpResult>> (Guid id, RetrosFeature retros, HttpContext context, CancellationToken ct) =>
            (await retros.ToAgreementAsync(id, ct)).ToOk(context))
            .Performs(Operations.Retrospectives.OwnActions)
            .WithSummary("Make the action a working agreement: adopted when the Scrum Master does it (logged), a suggestion for the Scrum Master otherwise; 409 when it already is one");
    }
}
