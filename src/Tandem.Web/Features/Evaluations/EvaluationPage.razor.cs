using System.Globalization;
using Microsoft.AspNetCore.Components;
using Tandem.Application.Architecture;
using Tandem.Application.DecisionRights;
using Tandem.Application.Evaluations;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Evaluations;

/// <summary>
/// One evaluation: the ranking computed on the server with its bar chart, the scoring matrix for the team,
/// options and criteria while it is open, and the Tech Lead's decision that creates or links the record.
/// </summary>
public partial class EvaluationPage : TandemPage
{
    private const string CellPrefix = "score:";

    [Inject] private EvaluationsFeature Evaluations { get; set; } = default!;
    [Inject] private ArchitectureDecisionsFeature Adrs { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [Parameter] public int Number { get; set; }
    [SupplyParameterFromQuery(Name = "done")] private string? Done { get; set; }

    [SupplyParameterFromForm] private int? Version { get; set; }
    [SupplyParameterFromForm(FormName = "add-option")] private string? OptionName { get; set; }
    [SupplyParameterFromForm(FormName = "add-option")] private string? OptionDescription { get; set; }
    [SupplyParameterFromForm(FormName = "add-criterion")] private string? CriterionName { get; set; }
    [SupplyParameterFromForm] private string? Weight { get; set; }
    [SupplyParameterFromForm(FormName = "decide")] private Guid? ChosenOption { get; set; }
    [SupplyParameterFromForm(FormName = "decide")] private string? Rationale { get; set; }
    [SupplyParameterFromForm(FormName = "decide")] private Guid? Record { get; set; }
    [SupplyParameterFromForm(FormName = "decide")] private string? RecordTitle { get; set; }

    private EvaluationDto? evaluation;
    private bool canScore, canDecide;
    private string? scoreRefusal;
    private List<AdrSummary> linkable = [];
    private string? failed;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();

    private string Here => $"/p/{ProductKey}/evaluations/{Number}";

    private bool IsOpen => evaluation?.Status == "open";

    private string? Notice => Done switch
    {
        "started" => "Evaluation started. Score the options; the Tech Lead decides.",
        "scored" => "Scores saved. The ranking below is recomputed.",
        "changed" => "Saved.",
        "decided" => "Decided. The choice is a decision record and in the decision log.",
        _ => null,
    };

    protected override async Task OnInitializedAsync()
    {
        if ((await Rights.FindProductAsync(Key, Aborted)).Failed(out var missing, out var product))
        {
            Fail(missing);
            return;
        }
        canScore = await Rights.IsAllowedAsync(product, Operations.ArchitectureDecisions.ScoreEvaluation, Aborted);
        canDecide = await Rights.IsAllowedAsync(product, Operations.ArchitectureDecisions.DecideEvaluation, Aborted);
        if (!canScore) scoreRefusal = await Rights.ExplainRefusalAsync(product, Operations.ArchitectureDecisions.ScoreEvaluation, await Rights.ActorOnAsync(product, Aborted), Aborted);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if ((await Evaluations.GetByNumberAsync(Key, Number, Aborted)).Failed(out var refused, out var found))
        {
            Fail(refused);
            return;
        }
        evaluation = found;
        if (canDecide && IsOpen)
        {
            var proposed = await Adrs.ListAsync(Key, "proposed", Aborted, 50);
            var accepted = await Adrs.ListAsync(Key, "accepted", Aborted, 50);
            linkable = new[] { proposed, accepted }.SelectMany(r => r.Failed(out _, out var page) ? [] : page.Items)
                .OrderByDescending(a => a.Number).Take(50).ToList();
        }
    }

    private Task SaveScoresAsync()
    {
        var form = HttpContext.Request.HasFormContentType ? HttpContext.Request.Form : null;
        var cells = new List<ScoreCellRequest>();
        foreach (var (name, value) in form ?? Enumerable.Empty<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>>())
        {
            if (!name.StartsWith(CellPrefix, StringComparison.Ordinal)) continue;
            var parts = name[CellPrefix.Length..].Split(':');
            if (parts.Length != 2 || !Guid.TryParse(parts[0], out var option) || !Guid.TryParse(parts[1], out var criterion)) continue;
            var text = value.ToString();
            cells.Add(new ScoreCellRequest(option, criterion, string.IsNullOrWhiteSpace(text) ? null : text));
        }
        return ApplyAsync("scores", id => Evaluations.ScoreAsync(id, new ScoresRequest(cells), Version, Aborted), "scored");
    }

    private Task AddOptionAsync() =>
        ApplyAsync("option", id => Evaluations.AddOptionAsync(id, new EvaluationOptionRequest(OptionName, OptionDescription), null, Aborted), "changed");

    private Task RemoveOptionAsync(Guid optionId) =>
        ApplyAsync("remove", id => Evaluations.RemoveOptionAsync(id, optionId, null, Aborted), "changed");

    private Task AddCriterionAsync() =>
        ApplyAsync("criterion", id => Evaluations.AddCriterionAsync(id, new EvaluationCriterionRequest(CriterionName, Weight), null, Aborted), "changed");

    private Task ChangeWeightAsync(Guid criterionId) =>
        ApplyAsync("weight", id => Evaluations.ChangeCriterionAsync(id, criterionId, new ChangeCriterionRequest(null, Weight ?? ""), null, Aborted), "changed");

    private Task RemoveCriterionAsync(Guid criterionId) =>
        ApplyAsync("remove", id => Evaluations.RemoveCriterionAsync(id, criterionId, null, Aborted), "changed");

    private Task DecideAsync() =>
        ApplyAsync("decide", id => Evaluations.DecideAsync(id, new DecideEvaluationRequest(ChosenOption, Rationale, Record, RecordTitle, null), Version, Aborted), "decided");

    private async Task ApplyAsync(string form, Func<Guid, Task<Result<EvaluationDto>>> change, string done)
    {
        if (evaluation is null) return;
        if (!(await change(evaluation.Id)).Failed(out var refused, out _))
        {
            Navigation.NavigateTo($"{Here}?done={done}");
            return;
        }
        failed = form;
        error = refused;
        SetStatus(HttpContext, StatusFor(refused));
        await LoadAsync();
    }

    private string? ScoreOf(Guid option, Guid criterion) =>
        evaluation!.Scores.FirstOrDefault(s => s.Option == option && s.Criterion == criterion)?.Score.ToString(CultureInfo.InvariantCulture);

    private static string CellName(Guid option, Guid criterion) => $"{CellPrefix}{option}:{criterion}";

    private string? FieldError(string field, string form) =>
        failed == form && error?.Fields is { } fields && fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public static string Percent(decimal percent) => percent.ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
