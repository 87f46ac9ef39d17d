using Microsoft.Playwright;

namespace Tandem.EndToEndTests.Pages;

/// <summary>The integration map (/p/{key}/integrations): the diagram, its table and the Tech Lead's add forms.</summary>
public sealed class IntegrationMapPage(IPage page)
{
    public async Task OpenAsync(string key) => await page.GotoAsync($"/p/{key}/integrations");

    public ILocator Notice => page.GetByTestId("notice");
    public ILocator Diagram => page.GetByTestId("integration-map");
    public ILocator ReadOnlyNote => page.GetByTestId("read-only-note");
    public ILocator AddSystemForm => page.GetByTestId("add-system-form");
    public ILocator SystemBox(string name) => Diagram.Locator($"a.map-system[aria-label*=\"{name}\"]");
    public ILocator Arrow(string name) => Diagram.Locator($"a.map-interface[aria-label^=\"Interface {name}:\"]");
    public ILocator InterfaceRow(string name) => page.GetByTestId("interface-row").Filter(new() { HasText = name });

    public async Task AddSystemAsync(string name, bool external = false)
    {
        await page.GetByTestId("system-name").FillAsync(name);
        await page.GetByTestId("system-owner").FillAsync("Payments team");
        if (external) await page.GetByTestId("system-external").CheckAsync();
        await Forms.SubmitAndFollowAsync(page, page.GetByTestId("add-system"));
    }

    public async Task AddInterfaceAsync(string name, string provider, string consumer, string protocol, string status)
    {
        await page.GetByTestId("interface-name").FillAsync(name);
        await page.GetByTestId("interface-provider").SelectOptionAsync(new SelectOptionValue { Label = provider });
        await page.GetByTestId("interface-consumer").SelectOptionAsync(new SelectOptionValue { Label = consumer });
        await page.GetByTestId("interface-protocol").SelectOptionAsync(protocol);
        await page.GetByTestId("interface-status").SelectOptionAsync(status);
        await Forms.SubmitAndFollowAsync(page, page.GetByTestId("add-interface"));
    }

    public ILocator ArrowLabel(string name) => Diagram.Locator("a.map-label").Filter(new() { HasText = name });

    /// <summary>Clicks an arrow's label, as a person would: the curve's bounding box is mostly empty space, the label sits on the curve.</summary>
    public async Task OpenArrowAsync(string name) => await ArrowLabel(name).First.ClickAsync();
}

/// <summary>One interface (/p/{key}/integrations/interfaces/{id}).</summary>
public sealed class InterfacePage(IPage page)
{
    public ILocator Heading => page.GetByTestId("interface-heading");
    public ILocator Ends => page.GetByTestId("interface-ends");
    public ILocator Status => page.GetByTestId("interface-status");
    public ILocator ReadOnlyNote => page.GetByTestId("read-only-note");
    public ILocator SaveButton => page.GetByTestId("save-interface");
}

/// <summary>The links section of a decision record's page.</summary>
public sealed class AdrLinksSection(IPage page)
{
    public ILocator Items => page.GetByTestId("adr-link-item");

    public async Task LinkItemAsync(string itemKey)
    {
        await page.GetByTestId("adr-link-item-key").FillAsync(itemKey);
        await Forms.SubmitAndFollowAsync(page, page.GetByTestId("adr-link-submit"));
    }
}
