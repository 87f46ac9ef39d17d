using Microsoft.Playwright;

namespace Tandem.EndToEndTests.Pages;

/// <summary>The NFR catalogue (/p/{key}/nfrs) with its propose form.</summary>
public sealed class NfrCataloguePage(IPage page)
{
    public async Task OpenAsync(string key, string query = "") => await page.GotoAsync($"/p/{key}/nfrs{query}");

    public ILocator Rows => page.GetByTestId("nfr-row");
    public ILocator Row(string statement) => Rows.Filter(new() { Has = page.GetByTestId("nfr-statement").GetByText(statement, new() { Exact = true }) });
    public ILocator FieldError(string field) => page.Locator($"[data-testid=field-error][data-field={field}]");

    public async Task ProposeAsync(string category, string statement, string metric)
    {
        var details = page.GetByTestId("propose-nfr").Locator("details");
        if (await details.GetAttributeAsync("open") is null) await details.Locator("summary").ClickAsync();
        await page.GetByTestId("nfr-category").SelectOptionAsync(category);
        await page.GetByTestId("nfr-statement-input").FillAsync(statement);
        await page.GetByTestId("nfr-metric").FillAsync(metric);
        await Forms.SubmitAndFollowAsync(page, page.GetByTestId("propose-nfr-submit"));
    }
}

/// <summary>One NFR (/p/{key}/nfrs/{number}): the Tech Lead's target, the Product Owner's agreement, links and verifications.</summary>
public sealed class NfrDetailPage(IPage page)
{
    public async Task OpenAsync(string key, int number) => await page.GotoAsync($"/p/{key}/nfrs/{number}");

    public IPage Page => page;

    /// <summary>The NFR's number, from the address of its page.</summary>
    public int Number => int.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

    public ILocator Heading => page.GetByTestId("nfr-heading");
    public ILocator Notice => page.GetByTestId("notice");
    public ILocator Status => page.GetByTestId("nfr-status");
    public ILocator Target => page.GetByTestId("nfr-target");
    public ILocator TargetSetBy => page.GetByTestId("target-set-by");
    public ILocator NeedAgreedBy => page.GetByTestId("need-agreed-by");
    public ILocator TargetRefusal => page.GetByTestId("target-refusal");
    public ILocator AgreeRefusal => page.GetByTestId("agree-refusal");
    public ILocator AgreeButton => page.GetByTestId("agree-need");
    public ILocator Links => page.GetByTestId("nfr-link");
    public ILocator Verifications => page.GetByTestId("verification-row");
    public ILocator FieldError(string field) => page.Locator($"[data-testid=field-error][data-field={field}]");

    public async Task LinkAsync(string kind, string target)
    {
        await page.GetByTestId("link-kind").SelectOptionAsync(kind);
        await page.GetByTestId("link-target").FillAsync(target);
        await Forms.SubmitAndFollowAsync(page, page.GetByTestId("link-submit"));
    }

    public async Task SetTargetAsync(string target, string threshold, string verification)
    {
        var details = page.GetByTestId("nfr-target-half").Locator("details");
        if (await details.GetAttributeAsync("open") is null) await details.Locator("summary").ClickAsync();
        await page.GetByTestId("target-target").FillAsync(target);
        await page.GetByTestId("target-threshold").FillAsync(threshold);
        await page.GetByTestId("target-verification").FillAsync(verification);
        await Forms.SubmitAndFollowAsync(page, page.GetByTestId("set-target"));
    }

    public async Task AgreeAsync() => await Forms.SubmitAndFollowAsync(page, AgreeButton);

    public async Task RecordAsync(string release, string result, string measured, string evidence)
    {
        var details = page.GetByTestId("nfr-verifications").Locator("details");
        if (await details.GetAttributeAsync("open") is null) await details.Locator("summary").ClickAsync();
        await page.GetByTestId("verify-release").SelectOptionAsync(release);
        await page.GetByTestId("verify-result").SelectOptionAsync(result);
        await page.GetByTestId("verify-measured").FillAsync(measured);
        await page.GetByTestId("verify-evidence").FillAsync(evidence);
        await Forms.SubmitAndFollowAsync(page, page.GetByTestId("verify-submit"));
    }
}

/// <summary>The compliance grid (/p/{key}/nfrs/compliance).</summary>
public sealed class NfrCompliancePage(IPage page)
{
    public async Task OpenAsync(string key, string query = "") => await page.GotoAsync($"/p/{key}/nfrs/compliance{query}");

    public ILocator Rows => page.GetByTestId("compliance-row");
    public ILocator Cell(string code, string release) => page.Locator($"[data-testid=compliance-row][data-code='{code}'] [data-testid=compliance-cell][data-release='{release}']");
}
