using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Feedback;
using Tandem.Application.Notifications;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Feedback;

public static class FeedbackApi
{
    public static void MapFeedbackApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/products/{key}/feedback").WithTags("Feedback").RequireAuthorization();

        group.MapGet("/", async Task<Results<Ok<Page<FeedbackDto>>, ProblemHttpResult>> (string key, string? status, bool? mine, int? limit, string? cursor, FeedbackFeature feedback, CancellationToken ct) =>
            (await feedback.ListAsync(key, new FeedbackQuery(status, mine ?? false, limit, cursor), ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("Feedback and requests, newest first; status=new is the PO's triage queue, mine=true what you sent");

        group.MapPost("/", async Task<Results<Created<FeedbackDto>, ProblemHttpResult>> (string key, SubmitFeedbackRequest request, FeedbackFeature feedback, CancellationToken ct) =>
            (await feedback.SubmitAsync(key, request, ct)).ToCreated(sent => $"/api/v1/products/{key}/feedback/{sent.Number}"))
            .Performs(Operations.Feedback.Submit).WithSummary("Send feedback or a request (anyone on the product, stakeholders included)");

        group.MapGet("/{number:int}", async Task<Results<Ok<FeedbackDto>, ProblemHttpResult>> (string key, int number, FeedbackFeature feedback, CancellationToken ct) =>
            (await feedback.GetAsync(key, number, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("One piece of feedback with its comments");

        group.MapPut("/{number:int}/vote", async Task<Results<Ok<FeedbackDto>, ProblemHttpResult>> (string key, int number, FeedbackFeature feedback, CancellationToken ct) =>
            (await feedback.VoteAsync(key, number, true, ct)).ToOk())
            .Performs(Operations.Feedback.Vote).WithSummary("Vote for it (idempotent)");

        group.MapDelete("/{number:int}/vote", async Task<Results<Ok<FeedbackDto>, ProblemHttpResult>> (string key, int number, FeedbackFeature feedback, CancellationToken ct) =>
            (await feedback.VoteAsync(key, number, false, ct)).ToOk())
            .Performs(Operations.Feedback.Vote).WithSummary("Take your vote back");

        group.MapPost("/{number:int}/comments", async Task<Results<Ok<FeedbackDto>, ProblemHttpResult>> (string key, int number, CommentRequest request, FeedbackFeature feedback, CancellationToken ct) =>
            (await feedback.CommentAsync(key, number, request, ct)).ToOk())
            .Performs(Operations.Feedback.Vote).WithSummary("Comment on it");

        group.MapPost("/{number:int}/triage", async Task<Results<Ok<FeedbackDto>, ProblemHttpResult>> (string key, int number, TriageRequest request, FeedbackFeature feedback, CancellationToken ct) =>
            (await feedback.TriageAsync(key, number, request, ct)).ToOk())
            .Performs(Operations.Feedback.Triage).WithSummary("Triage (Product Owner): link to an item, create an item, mark duplicate, decline with a reason, or snooze");

        var notifications = api.MapGroup("/notifications").WithTags("Notifications").RequireAuthorization();

        notifications.MapGet("/", async Task<Results<Ok<NotificationsPage>, ProblemHttpResult>> (bool? unread, int? limit, string? cursor, NotificationsFeature feature, CancellationToken ct) =>
            (await feature.ListAsync(unread ?? false, limit, cursor, ct)).ToOk())
            .WithSummary("Your notifications, newest first, with the unread count");

        notifications.MapPost("/read", async Task<Results<Ok<int>, ProblemHttpResult>> (Guid? id, NotificationsFeature feature, CancellationToken ct) =>
            (await feature.MarkReadAsync(id, ct)).ToOk())
            .WithSummary("Mark one (?id=) or all notifications read; answers the unread count");
    }
}
