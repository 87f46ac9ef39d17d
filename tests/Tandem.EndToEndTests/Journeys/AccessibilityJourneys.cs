using System.Diagnostics;
using Microsoft.Playwright;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>
/// Every role's pages, as the demo shows them, at 1280×800 and on a phone at 390×844 (issue 14, ADR 0031): each page
/// reached from the navigation, plus the first detail page each of them links to (an item, a decision record, a team
/// and its sprint, a system of the integration map…). axe checks every page (the suite-wide audit fails the test on
/// a serious or critical violation) and, on the phone, no page is wider than the screen. Read-only: GETs only.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class AccessibilityJourneys(DemoApp app, ITestOutputHelper output)
{
    private const string Product = "PAY";

    /// <summary>Paths already seen on the phone, by any role: the phone pass loads each path once.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> PhoneSeen = new(StringComparer.Ordinal);

    [Theory]
    [InlineData("po@demo.tandem")]
    [InlineData("tl@demo.tandem")]
    [InlineData("sm@demo.tandem")]
    [InlineData("tpm@demo.tandem")]
    [InlineData("dev1@demo.tandem")]
    [InlineData("stakeholder@demo.tandem")]
    [InlineData("admin@demo.tandem")]
    public async Task Every_page_of_a_role_is_accessible_on_a_laptop_and_fits_a_phone(string email)
    {
        var clock = Stopwatch.StartNew();
        var page = await app.NewPageAsync();
        Accessibility.Crawl(page);
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync(email);

        var (pages, checks) = await CrawlAsync(page);
        Assert.True(pages.Count >= 3, $"Only {pages.Count} pages found for {email}.");

        // On a phone: no page wider than the screen, and axe again (the layout differs). A path another role
        // already loaded on the phone is not loaded again.
        await page.SetViewportSizeAsync(390, 844);
        var tooWide = new List<string>();
        foreach (var path in pages.Where(p => PhoneSeen.TryAdd(p, 0)))
        {
            await page.GotoAsync(path);
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            if (width > 390) tooWide.Add($"{path} is {width} px wide on a 390 px screen ({await WidestAsync(page)})");
            if (await Accessibility.CheckOnceAsync(app, page, await KeyAsync(page, path))) checks++;
        }
        output.WriteLine($"{email}: {pages.Count} pages in {clock.ElapsedMilliseconds} ms, {checks} axe checks:\n  " + string.Join("\n  ", pages));
        Assert.True(tooWide.Count == 0, string.Join("\n", tooWide));
    }

    /// <summary>
    /// At 1280×800: the navigation's pages, then the first detail page each links to. axe checks each one whose
    /// content (path and number of elements in main) no other role's crawl has checked.
    /// </summary>
    private async Task<(List<string> Pages, int Checks)> CrawlAsync(IPage page)
    {
        await page.GotoAsync($"/p/{Product}");
        var start = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('header a[href^=\"/\"], nav a[href^=\"/\"]')].map(a => a.getAttribute('href'))");
        var pages = new List<string>();
        var checks = 0;
        var queue = new Queue<string>(start.Append($"/p/{Product}").Distinct());
        while (queue.Count > 0)
        {
            var path = queue.Dequeue();
            if (pages.Contains(path)) continue;
            var response = await page.GotoAsync(path);
            if (response is null || !response.Ok || !(response.Headers.GetValueOrDefault("content-type") ?? "").StartsWith("text/html", StringComparison.Ordinal)) continue;
            pages.Add(path);
            if (await Accessibility.CheckOnceAsync(app, page, await KeyAsync(page, path))) checks++;
            // The first link in the content that goes one level deeper (a listing's first entry).
            var detail = await page.EvaluateAsync<string?>(
                @"(here) => [...document.querySelectorAll('main a[href^=""/""]')].map(a => a.getAttribute('href').split('#')[0])
                     .find(h => h.startsWith(here + '/') && !h.includes('?') && !/export|\.csv|\.svg|\/new$/.test(h)) ?? null", path.TrimEnd('/'));
            if (detail is not null) queue.Enqueue(detail);
        }
        return (pages, checks);
    }

    private static async Task<string> KeyAsync(IPage page, string path) =>
        $"crawl|{path}|{page.ViewportSize?.Width}|{await page.EvaluateAsync<int>("() => document.querySelector('main')?.getElementsByTagName('*').length ?? 0")}";

    /// <summary>The integration map fits its box, and its zoom buttons, drag and reset change what it shows (map.js).</summary>
    [Fact]
    public async Task The_integration_map_fits_its_box_and_zooms_and_pans()
    {
        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("tl@demo.tandem");
        await new IntegrationMapPage(page).OpenAsync(Product);

        var box = page.GetByTestId("integration-map");
        var svg = box.Locator("svg");
        var boxSize = await box.BoundingBoxAsync();
        var svgSize = await svg.BoundingBoxAsync();
        Assert.True(svgSize!.Width <= boxSize!.Width + 1, $"The map is {svgSize.Width} px wide in a {boxSize.Width} px box.");

        var home = await svg.GetAttributeAsync("viewBox");
        await Expect(page.GetByTestId("map-zoom-out")).ToBeDisabledAsync();
        await page.GetByTestId("map-zoom-in").ClickAsync();
        await page.GetByTestId("map-zoom-in").ClickAsync();
        await Expect(box).ToHaveAttributeAsync("data-zoom", "1.96");
        var zoomed = ViewBox(await svg.GetAttributeAsync("viewBox"));
        Assert.True(zoomed[2] < ViewBox(home)[2] / 1.9, $"Zooming in twice shows {zoomed[2]} of {ViewBox(home)[2]} units.");

        // Drag left: the view moves right; the drag does not follow a link.
        var url = page.Url;
        var middle = (X: svgSize.X + svgSize.Width / 2, Y: svgSize.Y + Math.Min(svgSize.Height, 500) / 2);
        await page.Mouse.MoveAsync(middle.X, middle.Y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(middle.X - 120, middle.Y, new() { Steps = 6 });
        await page.Mouse.UpAsync();
        var panned = ViewBox(await svg.GetAttributeAsync("viewBox"));
        Assert.True(panned[0] > zoomed[0], $"Dragging left moved the view from x={zoomed[0]} to x={panned[0]}.");
        Assert.Equal(url, page.Url);

        // The keyboard: the diagram takes focus, - zooms out; Reset brings back the whole map.
        await box.FocusAsync();
        await page.Keyboard.PressAsync("-");
        await Expect(box).ToHaveAttributeAsync("data-zoom", "1.40");
        await page.GetByTestId("map-zoom-reset").ClickAsync();
        await Expect(svg).ToHaveAttributeAsync("viewBox", home!);
        await Expect(box).ToHaveAttributeAsync("data-zoom", "1.00");
    }

    private static double[] ViewBox(string? value) =>
        [.. value!.Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];

    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>(
        @"() => { let w = null; for (const e of document.body.querySelectorAll('*')) { const r = e.getBoundingClientRect();
                 if (r.right > innerWidth + 1 && (!w || r.right > w.r)) w = { r: r.right, d: e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '') + (e.dataset.testid ? '[' + e.dataset.testid + ']' : '') }; }
                 return w ? `widest: ${w.d} to ${Math.round(w.r)} px` : 'no element overflows'; }");
}
