using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.Evaluations;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Evaluations;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Evaluations;

/// <summary>A product's technology evaluations, newest first, and the form to start one with the default criteria offered.</summary>
public partial class EvaluationsPage : TandemPage
{
    private const int CriterionRows = 8;

    [Inject] private EvaluationsFeature Evaluations { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [SupplyParameterFromQuery(Name = "status")] private string? StatusFilter { get; set; }
    [SupplyParameterFromQuery(Name = "cursor")] private string? Cursor { get; set; }

    [SupplyParameterFromForm(FormName = "new-evaluation")] private string? Question { get; set; }
    [SupplyParameterFromForm(FormName = "new-evaluation")] private string? Context { get; set; }
    [SupplyParameterFromForm(FormName = "new-evaluation")] private string? Options { get; set; }

    private Page<EvaluationSummary>? page;
    private bool canStart;
    private string? startRefusal;
    private Error? error;
    private List<int> rowOfIndex = [];

    private string ProductKey => Key.ToUpperInvariant();

    protected override async Task OnInitializedAsync()
    {
        if ((await Evaluations.ListAsync(Key, StatusFilter, null, Cursor, Aborted)).Failed(out var refused, out var found)
            || (await Rights.FindProductAsync(Key, Aborted)).Failed(out refused, out var product))
        {
            Fail(refused);
            return;
        }
        page = found;
        canStart = await Rights.IsAllowedAsync(product, Operations.ArchitectureDecisions.ScoreEvaluation, Aborted);
        if (!canStart) startRefusal = await Rights.ExplainRefusalAsync(product, Operations.ArchitectureDecisions.ScoreEvaluation, await Rights.ActorOnAsync(product, Aborted), Aborted);
    }

    private async Task StartAsync()
    {
        var options = ParseOptions(Options);
        var criteria = new List<EvaluationCriterionRequest>();
        rowOfIndex = [];
        for (var r = 0; r < CriterionRows; r++)
        {
            var name = Posted($"criterion-name-{r}");
            var weight = Posted($"criterion-weight-{r}");
            if (string.IsNullOrWhiteSpace(name) && string.IsNullOrWhiteSpace(weight)) continue;
            criteria.Add(new EvaluationCriterionRequest(name, weight));
            rowOfIndex.Add(r);
        }
        if (!(await Evaluations.StartAsync(Key, new StartEvaluationRequest(Question, Context, options, criteria), Aborted)).Failed(out var refused, out var started))
        {
            Navigation.NavigateTo($"/p/{ProductKey}/evaluations/{started.Number}?done=started");
            return;
        }
        error = refused;
        SetStatus(HttpContext, StatusFor(refused));
    }

    /// <summary>"Name: description" per line; a line without a colon is a name alone.</summary>
    public static List<EvaluationOptionRequest> ParseOptions(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
                ? new EvaluationOptionRequest(line[..colon].Trim(), line[(colon + 1)..].Trim())
                : new EvaluationOptionRequest(line, null))
            .ToList();

    private string? Posted(string name) =>
        HttpContext.Request.HasFormContentType && HttpContext.Request.Form.TryGetValue(name, out var value) ? value.ToString() : null;

    private bool Submitted => error is not null;

    private string? CriterionName(int row) => Submitted ? Posted($"criterion-name-{row}")
        : row < TechnologyEvaluation.DefaultCriteria.Count ? TechnologyEvaluation.DefaultCriteria[row].Name : null;

    private string? CriterionWeight(int row) => Submitted ? Posted($"criterion-weight-{row}")
        : row < TechnologyEvaluation.DefaultCriteria.Count ? TechnologyEvaluation.DefaultCriteria[row].Weight.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The index a form row had in the request (blank rows are left out), so its errors show under it.</summary>
    private int? CompactIndex(int row) => rowOfIndex.IndexOf(row) is var i and >= 0 ? i : null;

    private IEnumerable<(string Field, string Message)> OptionErrors() =>
        error?.Fields is { } fields
            ? fields.Where(f => f.Key.StartsWith("options", StringComparison.Ordinal)).SelectMany(f => f.Value.Select(m => (f.Key, m)))
            : [];

    private string? FieldError(string field) =>
        error?.Fields is { } fields && fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
