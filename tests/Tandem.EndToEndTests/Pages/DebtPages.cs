using Microsoft.Playwright;

namespace Tandem.EndToEndTests.Pages;

/// <summary>The technical-debt register (/p/{key}/debt).</summary>
public sealed class DebtRegisterPage(IPage page)
{
    public async Task OpenAsync(string key) => await page.GotoAsync($"/p/{key}/debt");

    public ILocator Notice => page.GetByTestId("notice");
    public ILocator Problem => page.GetByTestId("problem");
    public ILocator Rows => page.GetByTestId("debt-row");
    public ILocator Row(string title) => Rows.Filter(new() { Has = page.GetByTestId("debt-title").GetByText(title, new() { Exact = true }) });
    public ILocator Trend => page.GetByTestId("debt-trend");
    public ILocator Totals => page.GetByTestId("debt-totals");
    public ILocator AgreedShare => page.GetByTestId("agreed-share");
    public ILocator PendingShare => page.GetByTestId("pending-share");
    public ILocator AgreeButton => page.GetByTestId("agree-share");
    public ILocator AgreeNote => page.GetByTestId("agree-note");
    public ILocator FieldError(string field) => page.Locator($"[data-testid=field-error][data-field={field}]");
    public IPage Page => page;

    public async Task RecordAsync(string title, string kind, string principal, string interest, string area = "Payments")
    {
        await OpenAsync(page.GetByTestId("record-debt").Locator("details"));
        await page.GetByTestId("debt-title-input").FillAsync(title);
        await page.GetByTestId("debt-kind").SelectOptionAsync(kind);
        await page.GetByTestId("debt-area").FillAsync(area);
        await page.GetByTestId("debt-principal").FillAsync(principal);
        await page.GetByTestId("debt-interest").FillAsync(interest);
        await page.GetByTestId("record-debt-submit").ClickAsync();
    }

    public async Task ProposeShareAsync(string percent)
    {
        await OpenAsync(page.GetByTestId("capacity-policy").Locator("details"));
        await page.GetByTestId("share-percent").FillAsync(percent);
        await page.GetByTestId("propose-share").ClickAsync();
    }

    /// <summary>Opens a collapsed form; one that failed is rendered open already, and a click would close it.</summary>
    private static async Task OpenAsync(ILocator details)
    {
        if (await details.GetAttributeAsync("open") is null) await details.Locator("summary").ClickAsync();
    }
}
