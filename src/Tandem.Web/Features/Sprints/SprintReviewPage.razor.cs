using Microsoft.AspNetCore.Components;
using Tandem.Application.Backlog;
using Tandem.Application.DecisionRights;
using Tandem.Application.Sprints;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Sprints;

/// <summary>
/// The sprint review: the increment, each done item accepted or rejected by the Product Owner through the
/// existing acceptance decision, feedback on items into the PO's inbox, and whether the goal was met.
/// </summary>
public partial class SprintReviewPage : TandemPage
{
    [Inject] private SprintsFeature Sprints { get; set; } = default!;
    [Inject] private BacklogFeature Backlog { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public Guid Id { get; set; }
    [SupplyParameterFromQuery(Name = "done")] private string? Done { get; set; }
    [SupplyParameterFromForm] private string? GoalMet { get; set; }
    [SupplyParameterFromForm] private string? Notes { get; set; }
    [SupplyParameterFromForm] private string? Reason { get; set; }
    [SupplyParameterFromForm] private string? ItemKey { get; set; }
    [SupplyParameterFromForm] private string? Text { get; set; }

    private SprintReviewDto? review;
    private bool canReview, canAccept;
    private string? reviewRefusal, acceptRefusal;
    private Error? error;

    private string Here => AppRoutes.SprintReview(Id);

    protected override async Task OnInitializedAsync()
    {
        if ((await Sprints.ReviewAsync(Id, Aborted)).Failed(out var refused, out var found)
            || (await Rights.FindProductAsync(found.ProductKey, Aborted)).Failed(out refused, out var product))
        {
            Fail(refused);
            return;
        }
        review = found;
        var actor = await Rights.ActorOnAsync(product, Aborted);
        canReview = review.State != "planned" && await Rights.IsAllowedAsync(product, Operations.Sprints.Review, Aborted);
        if (!canReview) reviewRefusal = review.State == "planned" ? "The review looks at a sprint's increment; this sprint has not started." : await Rights.ExplainRefusalAsync(product, Operations.Sprints.Review, actor, Aborted);
        canAccept = await Rights.IsAllowedAsync(product, Operations.Work.AcceptOrReject, Aborted);
        if (!canAccept) acceptRefusal = await Rights.ExplainRefusalAsync(product, Operations.Work.AcceptOrReject, actor, Aborted);
    }

    private Task RecordAsync() =>
        Do(async () => (await Sprints.RecordReviewAsync(Id, new SprintReviewRequest(GoalMet switch { "yes" => true, "no" => false, _ => null }, Notes), null, Aborted)).Error, "review");

    private Task DecideAsync(string key, bool accept) =>
        Do(async () => (await Backlog.DecideAcceptanceAsync(key, new AcceptanceRequest(accept ? "accept" : "reject", accept ? null : Reason), Aborted)).Error, accept ? "accepted" : "rejected");

    private Task FeedbackAsync() => Do(async () => (await Sprints.ReviewFeedbackAsync(Id, new ReviewFeedbackRequest(ItemKey, Text), Aborted)).Error, "feedback");

    private async Task Do(Func<Task<Error?>> change, string done)
    {
        if (await change() is { } refused)
        {
            error = refused;
            SetStatus(HttpContext, StatusFor(refused));
            return;
        }
        Navigation.NavigateTo($"{Here}?done={done}");
    }
}
