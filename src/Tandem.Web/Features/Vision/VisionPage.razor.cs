using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.Vision;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Vision;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Vision;

/// <summary>
/// The product's vision and goals. Everyone on the product reads them; the edit forms render only
/// for whoever may decide (the Product Owner), and <see cref="VisionFeature"/> checks again on save.
/// </summary>
public partial class VisionPage : TandemPage
{
    internal static readonly IReadOnlyList<(string Value, string Label)> GoalStatuses =
        [(EnumText.Slug(GoalStatus.OnTrack), "On track"), (EnumText.Slug(GoalStatus.AtRisk), "At risk"), (EnumText.Slug(GoalStatus.Achieved), "Achieved")];

    [Inject] private VisionFeature Visions { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";

    [SupplyParameterFromForm(FormName = "vision")] private VisionInput? VisionForm { get; set; }
    [SupplyParameterFromForm] private GoalInput? GoalForm { get; set; }

    private VisionDto? vision;
    private bool canEdit;
    private string? notice;
    private Error? error;
    private Error? visionError;
    private Error? goalError;

    /// <summary>The goal whose form failed: <see cref="Guid.Empty"/> for the "add" form, null when none did.</summary>
    private Guid? EditingGoal { get; set; }

    internal static string GoalLabel(string status) => GoalStatuses.FirstOrDefault(s => s.Value == status).Label ?? status;

    internal static string GoalSymbol(string status) => !EnumText.TryParse(status, out GoalStatus parsed) ? "•" : parsed switch
    {
        GoalStatus.OnTrack => "●",
        GoalStatus.AtRisk => "▲",
        GoalStatus.Achieved => "✓",
        _ => "•",
    };

    protected override async Task OnInitializedAsync()
    {
        if ((await Rights.FindProductAsync(Key, Aborted)).Failed(out var missing, out var product))
        {
            Fail(missing);
            return;
        }
        canEdit = await Rights.IsAllowedAsync(product, Operations.Vision.Edit, Aborted);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if ((await Visions.GetAsync(Key, Aborted)).Failed(out var failed, out var read)) Fail(failed);
        else vision = read;
    }

    private async Task RewriteAsync()
    {
        var form = VisionForm ?? new VisionInput();
        // The version read with the form guards against overwriting someone else's change (as If-Match does in the API).
        var result = await Visions.RewriteAsync(Key, new VisionRequest(form.Statement, form.TargetUsers, form.Problem), form.Version, Aborted);
        if (result.Failed(out var failed, out _))
        {
            if (failed.Kind == ErrorKind.Invalid) visionError = failed;
            else error = failed;
        }
        else
        {
            notice = "The vision is saved and recorded in the decision log.";
            VisionForm = null;
        }
        await LoadAsync();
    }

    private async Task AddGoalAsync()
    {
        var result = await Visions.AddGoalAsync(Key, Request(), Aborted);
        Settle(result, Guid.Empty, "The goal is added.");
        await LoadAsync();
    }

    private async Task ChangeGoalAsync(Guid id)
    {
        var result = await Visions.ChangeGoalAsync(Key, id, Request(), Aborted);
        Settle(result, id, "The goal is saved.");
        await LoadAsync();
    }

    private async Task RemoveGoalAsync(Guid id, string title)
    {
        if ((await Visions.RemoveGoalAsync(Key, id, Aborted)).Failed(out var failed, out _)) error = failed;
        else notice = $"The goal \"{title}\" is removed.";
        await LoadAsync();
    }

    private GoalRequest Request()
    {
        var form = GoalForm ?? new GoalInput();
        return new GoalRequest(form.Title, form.Outcome, form.TargetDate, form.Status);
    }

    private void Settle(Result<VisionDto> result, Guid goal, string success)
    {
        if (!result.Failed(out var failed, out _))
        {
            notice = success;
            GoalForm = null;
            EditingGoal = null;
        }
        else if (failed.Kind == ErrorKind.Invalid)
        {
            goalError = failed;
            EditingGoal = goal;
        }
        else error = failed;
    }

    public sealed class VisionInput
    {
        public string? Statement { get; set; }
        public string? TargetUsers { get; set; }
        public string? Problem { get; set; }
        public int? Version { get; set; }
    }

    public sealed class GoalInput
    {
        public string? Title { get; set; }
        public string? Outcome { get; set; }
        public DateOnly? TargetDate { get; set; }
        public string? Status { get; set; }
    }
}
