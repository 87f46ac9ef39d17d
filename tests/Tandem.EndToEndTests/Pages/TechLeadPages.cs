using Microsoft.Playwright;

namespace Tandem.EndToEndTests.Pages;

/// <summary>The "Estimate &amp; assessment" section of an item page; it lives inside the item-editor article like the rest of the item.</summary>
public sealed class EstimateSection(IPage page)
{
    private ILocator Section => page.GetByTestId("item-editor").GetByTestId("estimation");

    public ILocator Current => Section.GetByTestId("estimate-current");
    public ILocator Form => Section.GetByTestId("estimate-form");
    public ILocator History => Section.GetByTestId("estimate-change");

    public async Task EstimateAsync(string points, string? reason = null)
    {
        await Form.GetByTestId("estimate-points").SelectOptionAsync(points);
        if (reason is not null) await Form.GetByTestId("estimate-reason").FillAsync(reason);
        await Forms.SubmitAndFollowAsync(page, Form.GetByTestId("estimate-submit"));
    }

    public async Task OpenHistoryAsync() => await Section.GetByTestId("estimate-history").Locator(":scope > summary").ClickAsync();
}

/// <summary>The Tech Lead's assessment on an item page: the form for the TL, the read-only view for everyone.</summary>
public sealed class AssessmentSection(IPage page)
{
    private ILocator Section => page.GetByTestId("item-editor").GetByTestId("estimation");

    public ILocator Form => Section.GetByTestId("assess-form");
    public ILocator View => Section.GetByTestId("assessment-view");
    public ILocator DecidedBy => View.GetByTestId("assessment-decided-by");
    public ILocator Feasibility => View.GetByTestId("assessment-feasibility");
    public ILocator Spike => View.GetByTestId("assessment-spike");

    public async Task AssessAsync(string feasibility, string risk, string confidence, string? riskReason = null, string? components = null, string? notes = null)
    {
        await Form.GetByTestId("assess-feasibility").SelectOptionAsync(feasibility);
        await Form.GetByTestId("assess-risk").SelectOptionAsync(risk);
        await Form.GetByTestId("assess-confidence").SelectOptionAsync(confidence);
        if (riskReason is not null) await Form.GetByTestId("assess-risk-reason").FillAsync(riskReason);
        if (components is not null) await Form.GetByTestId("assess-components").FillAsync(components);
        if (notes is not null) await Form.GetByTestId("assess-notes").FillAsync(notes);
        await Forms.SubmitAndFollowAsync(page, Form.GetByTestId("assess-submit"));
    }
}
