using Microsoft.Playwright;

namespace Tandem.EndToEndTests.Pages;

/// <summary>The evaluations list with its new-evaluation form (/p/{key}/evaluations).</summary>
public sealed class EvaluationsPage(IPage page)
{
    public async Task OpenAsync(string key) => await page.GotoAsync($"/p/{key}/evaluations");

    public ILocator FieldError(string field) => page.Locator($"[data-testid=field-error][data-field='{field}']");

    /// <summary>Starts an evaluation with the default criteria, changing the weights given by row.</summary>
    public async Task StartAsync(string question, IEnumerable<string> options, params (int Row, string Weight)[] weights)
    {
        await page.GetByTestId("evaluation-question").FillAsync(question);
        await page.GetByTestId("evaluation-options").FillAsync(string.Join("\n", options));
        foreach (var (row, weight) in weights) await page.GetByTestId($"criterion-weight-{row}").FillAsync(weight);
        await page.GetByTestId("start-evaluation").ClickAsync();
    }
}

/// <summary>One evaluation: the scoring matrix, the ranking and the decision (/p/{key}/evaluations/{n}).</summary>
public sealed class EvaluationPage(IPage page)
{
    public IPage Page => page;
    public ILocator Heading => page.GetByTestId("evaluation-heading");
    public ILocator Status => page.GetByTestId("evaluation-status");
    public ILocator Notice => page.GetByTestId("notice");
    public ILocator RankingEntries => page.GetByTestId("ranking-entry");
    public ILocator RankingChart => page.GetByTestId("ranking-chart");
    public ILocator Waiting => page.GetByTestId("decision");
    public ILocator DecideButton => page.GetByTestId("decide");
    public ILocator SaveScores => page.GetByTestId("save-scores");
    public ILocator Chosen => page.GetByTestId("chosen");
    public ILocator DecisionRecord => page.GetByTestId("decision-record");
    public ILocator ClosedNote => page.GetByTestId("closed-note");

    public async Task ScoreAsync(string option, string criterion, int score) =>
        await page.GetByTestId($"score-{option}-{criterion}").SelectOptionAsync(score.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task DecideAsync(string option, string rationale)
    {
        var select = page.GetByTestId("chosen-option");
        var value = await select.Locator("option", new() { HasText = option }).First.GetAttributeAsync("value");
        await select.SelectOptionAsync(value!);
        await page.GetByTestId("rationale-input").FillAsync(rationale);
        await DecideButton.ClickAsync();
    }
}

/// <summary>The technical-disagreements section of an item or decision-record page.</summary>
public sealed class DisagreementsSection(IPage page)
{
    public ILocator Section => page.GetByTestId("disagreements");
    public ILocator Notice => page.GetByTestId("disagreement-notice");
    public ILocator With(string text) => page.GetByTestId("disagreement").Filter(new() { HasText = text });

    public async Task RaiseAsync(string concern, string? alternative = null)
    {
        var details = Section.Locator("details");
        if (await details.GetAttributeAsync("open") is null) await page.GetByTestId("raise-disagreement-toggle").ClickAsync();
        await page.GetByTestId("raise-concern").FillAsync(concern);
        if (alternative is not null) await page.GetByTestId("raise-alternative").FillAsync(alternative);
        await page.GetByTestId("raise").ClickAsync();
    }

    public async Task ResolveAsync(string concern, string outcome, string resolution)
    {
        var article = With(concern);
        await article.GetByTestId("resolve-outcome").SelectOptionAsync(outcome);
        await article.GetByTestId("resolve-text").FillAsync(resolution);
        await article.GetByTestId("resolve").ClickAsync();
    }
}
