using Tandem.Bench.Shared;
using System.Globalization;
using Microsoft.Playwright;
using Tandem.Application.Demo;
using Tandem.Web;

// Browser benchmark for the backlog page, in Debian's Chromium driven by Playwright:
//  1. navigation → the first 100 rows rendered (the page's script has taken over the server-rendered
//     first page), read from the browser's own clock (Navigation Timing + a mark backlog.js sets);
//  2. a keyboard move (Alt+↑) and a drag and drop → the new order on screen: from the input event's
//     timestamp to the first animation frame after the list's DOM changed.
// Usage: dotnet run -c Release --project bench/Tandem.Bench.Browser -- [--size 100000] [--runs 20]
//
// --mode poker: planning poker with --participants (10) people in as many browser contexts; a vote and
// the reveal until they show on every other screen (see PokerBench.cs).
// Usage: dotnet run -c Release --project bench/Tandem.Bench.Browser -- --mode poker [--participants 10] [--rounds 21]
//
// --mode board: the sprint board of an active sprint with --cards (500) cards: first render, and a card
// move until it shows on --watchers (10) other browsers (see BoardBench.cs).
// Usage: dotnet run -c Release --project bench/Tandem.Bench.Browser -- --mode board [--cards 500] [--watchers 10] [--runs 20]
var mode = Arg("--mode") ?? "backlog";
var size = int.Parse(Arg("--size") ?? "100000", CultureInfo.InvariantCulture);
var runs = int.Parse(Arg("--runs") ?? "20", CultureInfo.InvariantCulture);
var dataDir = Directory.CreateTempSubdirectory("tandem-bench-browser-").FullName;
var webProject = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Tandem.Web"));
var app = TandemHost.Build(["--demo", "--applicationName=Tandem.Web", $"--contentRoot={webProject}"], b =>
{
    b.WebHost.UseUrls("http://127.0.0.1:0");
    b.Configuration["Tandem:DataDirectory"] = dataDir;
    b.Logging.SetMinimumLevel(LogLevel.Warning);
});
await TandemHost.PrepareAsync(app);
await app.StartAsync();
var baseUrl = app.Urls.First();
const string Key = "BRW";
if (mode == "backlog") await BenchData.SeedAsync(app.Services, Key, $"Browser benchmark {size:N0}", size);

Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = Environment.GetEnvironmentVariable("TANDEM_CHROMIUM") ?? "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
if (mode == "poker")
{
    var participants = int.Parse(Arg("--participants") ?? "10", CultureInfo.InvariantCulture);
    var rounds = int.Parse(Arg("--rounds") ?? "21", CultureInfo.InvariantCulture);
    Console.WriteLine($"Chromium headless, {Environment.ProcessorCount} cores");
    await Tandem.Bench.Browser.PokerBench.RunAsync(browser, baseUrl, app.Services, participants, rounds);
    await app.StopAsync();
    Directory.Delete(dataDir, recursive: true);
    return;
}
if (mode == "board")
{
    Console.WriteLine($"Chromium headless, {Environment.ProcessorCount} cores");
    await Tandem.Bench.Browser.BoardBench.RunAsync(browser, baseUrl, app.Services,
        int.Parse(Arg("--cards") ?? "500", CultureInfo.InvariantCulture), int.Parse(Arg("--watchers") ?? "10", CultureInfo.InvariantCulture), runs);
    await app.StopAsync();
    Directory.Delete(dataDir, recursive: true);
    return;
}
var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
var page = await context.NewPageAsync();
await page.GotoAsync("/login");
await page.GetByTestId("email").FillAsync("po@demo.tandem");
await page.GetByTestId("password").FillAsync(DemoSeeder.Password);
await page.GetByTestId("sign-in").ClickAsync();
await page.GetByTestId("sign-out").WaitForAsync();

// 1. Navigation to the first 100 rows.
var firstRows = new List<double>();
var firstPaint = new List<double>();
var firstByte = new List<double>();
for (var i = -3; i < runs; i++)
{
    await page.GotoAsync($"/p/{Key}/backlog");
    await page.Locator(".backlog-viewport.live").WaitForAsync();
    var timing = await page.EvaluateAsync<double[]>("""
        () => [
            performance.getEntriesByName('backlog:ready')[0].startTime,
            (performance.getEntriesByName('first-contentful-paint')[0] || { startTime: NaN }).startTime,
            document.querySelectorAll('[data-testid=backlog-row]').length,
            JSON.parse(document.getElementById('backlog-state').textContent).items.length,
            performance.getEntriesByType('navigation')[0].responseStart,
        ]
        """);
    if (timing[3] != 100) throw new InvalidOperationException($"expected the first page to hold 100 rows, got {timing[3]}");
    if (i < 0) continue; // warm-up navigations
    firstRows.Add(timing[0]);
    firstByte.Add(timing[4]);
    if (!double.IsNaN(timing[1])) firstPaint.Add(timing[1]);
}

// 2. Keyboard moves and drops to the new order on screen.
const string Probe = """
    () => new Promise(resolve => {
        const list = document.querySelector('.backlog-rows');
        let input = null;
        const remember = e => { if (input === null && (e.type === 'drop' || e.key.startsWith('Arrow'))) input = e.timeStamp; };
        window.addEventListener('keydown', remember, { capture: true });
        window.addEventListener('drop', remember, { capture: true });
        const order = () => [...list.children].map(li => li.dataset.key).join();
        const before = order();
        const observer = new MutationObserver(() => {
            if (order() === before) return;
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - input));
        });
        observer.observe(list, { childList: true });
        window.__probe = true;
    })
    """;
var keyboard = new List<double>();
var drops = new List<double>();
for (var i = -3; i < runs; i++)
{
    var row = page.Locator("[data-testid=backlog-row][data-position='6']");
    await row.FocusAsync();
    var measured = page.EvaluateAsync<double>(Probe);
    await page.WaitForFunctionAsync("() => window.__probe");
    await page.EvaluateAsync("() => window.__probe = false");
    var response = page.WaitForResponseAsync(r => r.Url.Contains("/move", StringComparison.Ordinal));
    await page.Keyboard.PressAsync(i % 2 == 0 ? "Alt+ArrowUp" : "Alt+ArrowDown");
    var took = await measured;
    if (i >= 0) keyboard.Add(took);
    await response;
}
for (var i = -2; i < runs; i++)
{
    var source = page.Locator("[data-testid=backlog-row][data-position='8']");
    var target = page.Locator("[data-testid=backlog-row][data-position='2']");
    var measured = page.EvaluateAsync<double>(Probe);
    await page.WaitForFunctionAsync("() => window.__probe");
    await page.EvaluateAsync("() => window.__probe = false");
    var response = page.WaitForResponseAsync(r => r.Url.Contains("/move", StringComparison.Ordinal));
    await source.DragToAsync(target, new() { TargetPosition = new() { X = 300, Y = 4 } });
    var took = await measured;
    if (i >= 0) drops.Add(took);
    await response;
}

Console.WriteLine($"Chromium headless, {Environment.ProcessorCount} cores, {size:N0} items, {runs} measured runs each (after warm-up)");
Console.WriteLine("| measure | p50 | p95 | max | budget |");
Console.WriteLine("|---|---|---|---|---|");
Row("navigation → first byte of the page (server time + network)", firstByte, "");
Row("navigation → first contentful paint", firstPaint, "");
Row("navigation → first 100 rows rendered", firstRows, "≤ 500 ms");
Row("keyboard move (Alt+↑/↓) → new order shown", keyboard, "≤ 100 ms");
Row("drop → new order shown", drops, "≤ 100 ms");

await app.StopAsync();
Directory.Delete(dataDir, recursive: true);
return;

void Row(string name, List<double> values, string budget) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {BenchData.P(values, 50):0.0} ms | {BenchData.P(values, 95):0.0} ms | {values.Max():0.0} ms | {budget} |"));

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

