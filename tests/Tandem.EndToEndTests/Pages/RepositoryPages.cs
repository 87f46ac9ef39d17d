using Microsoft.Playwright;

namespace Tandem.EndToEndTests.Pages;

/// <summary>A product's GitHub and GitLab connections (ADR 36).</summary>
public sealed class RepositoriesPage(IPage page)
{
    public Task<IResponse?> OpenAsync(string productKey) => page.GotoAsync($"/p/{productKey}/repositories");

    public ILocator Rows => page.GetByTestId("repository-row");
    public ILocator Created => page.GetByTestId("repository-created");
    public ILocator Secret => page.GetByTestId("created-secret");
    public ILocator PayloadUrl => page.GetByTestId("created-payload-url");
    public ILocator Notice => page.GetByTestId("notice");

    public async Task ConnectAsync(string host, string repository, bool mergeMovesToDone)
    {
        await page.GetByTestId("repository-host").SelectOptionAsync(host);
        await page.GetByTestId("repository-name").FillAsync(repository);
        if (mergeMovesToDone) await page.GetByTestId("repository-merge").CheckAsync();
        await page.GetByTestId("connect").ClickAsync();
    }

    public Task DisconnectAsync(string repository) =>
        Rows.Filter(new() { HasText = repository }).GetByTestId("disconnect").ClickAsync();
}
