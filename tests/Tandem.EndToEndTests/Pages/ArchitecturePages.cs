using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Pages;

/// <summary>The form that proposes a decision record (/p/{key}/adrs/new).</summary>
public sealed class NewAdrPage(IPage page)
{
    public async Task OpenAsync(string key) => await page.GotoAsync($"/p/{key}/adrs/new");

    /// <summary>Proposes a record and answers its number, read from the record's page it lands on.</summary>
    public async Task<int> ProposeAsync(string title, string context, string decision, string consequences, (string Name, string Pros, string Cons)? option = null)
    {
        await page.GetByTestId("adr-title").FillAsync(title);
        await page.GetByTestId("adr-context").FillAsync(context);
        if (option is { } o)
        {
            await page.GetByTestId("option-name-0").FillAsync(o.Name);
            await page.GetByTestId("option-pros-0").FillAsync(o.Pros);
            await page.GetByTestId("option-cons-0").FillAsync(o.Cons);
        }
        await page.GetByTestId("adr-decision").FillAsync(decision);
        await page.GetByTestId("adr-consequences").FillAsync(consequences);
        await Forms.SubmitAndFollowAsync(page, page.GetByTestId("adr-propose"));
        await Expect(page).ToHaveURLAsync(new Regex(@"/adrs/\d+$"));
        return int.Parse(Regex.Match(page.Url, @"/adrs/(\d+)$").Groups[1].Value, CultureInfo.InvariantCulture);
    }
}

/// <summary>One decision record (/p/{key}/adrs/{number}) with the Tech Lead's decision forms.</summary>
public sealed class AdrPage(IPage page)
{
    public async Task<IResponse?> OpenAsync(string key, int number) => await page.GotoAsync($"/p/{key}/adrs/{number}");

    public ILocator Heading => page.GetByTestId("adr-heading");
    public ILocator Status => page.GetByTestId("adr-status");
    public ILocator Notice => page.GetByTestId("notice");
    public ILocator AcceptButton => page.GetByTestId("accept-adr");
    public ILocator DecidedByTechLead => page.GetByTestId("decided-by-tl");
    public ILocator SupersededBy => page.GetByTestId("superseded-by");
    public ILocator Supersedes => page.GetByTestId("supersedes");
    public ILocator Options => page.GetByTestId("adr-option");
    public ILocator MarkdownLink => page.GetByTestId("download-markdown");

    public async Task AcceptAsync() => await Forms.SubmitAndFollowAsync(page, AcceptButton);

    public async Task SupersedeWithAsync(int number, string title)
    {
        await page.GetByTestId("supersede-by").SelectOptionAsync(new SelectOptionValue { Label = $"ADR {number}: {title} (Proposed)" });
        await Forms.SubmitAndFollowAsync(page, page.GetByTestId("supersede-adr"));
    }
}

/// <summary>A product's decision records (/p/{key}/adrs).</summary>
public sealed class AdrListPage(IPage page)
{
    public async Task OpenAsync(string key, string? status = null) => await page.GotoAsync($"/p/{key}/adrs" + (status is null ? "" : $"?status={status}"));

    public ILocator Row(int number) => page.Locator($"[data-testid=adr-row][data-number='{number}']");
    public ILocator DownloadZip => page.GetByTestId("download-zip");
}
