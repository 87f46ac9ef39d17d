using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Sdk;

// Every end-to-end test is audited: the pages it loads are checked by axe, and the test fails at its end on a
// serious or critical violation (issue 14, ADR 0031).
[assembly: Tandem.EndToEndTests.Infrastructure.AuditAccessibility]

namespace Tandem.EndToEndTests.Infrastructure;

/// <summary>
/// axe-core on every page the end-to-end suite visits (ADR 0031). <see cref="TandemApp.NewPageAsync"/> hooks each
/// page's load event: every document that finishes loading is checked against the WCAG 2.0/2.1/2.2 A and AA rules,
/// and a serious or critical violation is recorded against the running test, which <see cref="AuditAccessibilityAttribute"/>
/// fails when it ends. A page already checked at the same address, width and shape is not checked again, which keeps
/// the suite's time in bounds; a page the journey leaves before axe is done is simply checked on its next visit.
/// </summary>
public static class Accessibility
{
    /// <summary>The rules checked: WCAG 2.0, 2.1 and 2.2, levels A and AA.</summary>
    public static readonly IReadOnlyList<string> Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

    /// <summary>What fails a test: axe's two highest impacts.</summary>
    public static readonly IReadOnlySet<string> Failing = new HashSet<string>(StringComparer.Ordinal) { "serious", "critical" };

    private static readonly ConcurrentDictionary<Type, Audit> Running = new();
    private static readonly ConcurrentDictionary<string, byte> Checked = new(StringComparer.Ordinal);
    private static readonly ConditionalWeakTable<IPage, object> Crawlers = [];

    /// <summary>Cumulative time spent inside axe, for the suite's figures.</summary>
    public static long Milliseconds => Interlocked.Read(ref _milliseconds);

    private static long _milliseconds;

    /// <summary>Audits every document <paramref name="page"/> loads for the test now running on <paramref name="app"/>.</summary>
    public static void Watch(TandemApp app, IPage page)
    {
        page.Load += (_, loaded) =>
        {
            if (Crawlers.TryGetValue(loaded, out _)) return;
            if (Running.TryGetValue(app.GetType(), out var audit)) audit.Track(CheckQuietlyAsync(loaded, audit));
        };
    }

    /// <summary>A page that a journey crawls on purpose: its loads are not checked by the hook but by <see cref="CheckOnceAsync"/>.</summary>
    public static void Crawl(IPage page) => Crawlers.AddOrUpdate(page, new object());

    /// <summary>
    /// For journeys that crawl on purpose: checks the page as it is now unless a page of the same <paramref name="key"/>
    /// was checked before, recording problems against the running test. Returns whether axe ran.
    /// </summary>
    public static async Task<bool> CheckOnceAsync(TandemApp app, IPage page, string key)
    {
        if (!Running.TryGetValue(app.GetType(), out var audit) || !Checked.TryAdd(key, 0)) return false;
        foreach (var problem in await CheckAsync(page)) audit.Problems.Add(problem);
        return true;
    }

    /// <summary>Checks the page now and throws with every serious or critical violation (for journeys that crawl on purpose).</summary>
    public static async Task AssertCleanAsync(IPage page)
    {
        var found = await CheckAsync(page);
        if (found.Count > 0) throw new XunitException(string.Join("\n", found));
    }

    /// <summary>Runs axe on the page as it is and describes each serious or critical violation: page, rule, targets.</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(IPage page)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // The legacy run is one evaluation in the page; the default run finishes in a second, blank page per check,
        // which doubled the suite's time. Tandem's pages have no frames, so the two see the same.
#pragma warning disable CS0618 // RunAxeLegacy is marked obsolete; it is kept deliberately: one evaluation in the page, half the time of the default run (see above)
        var result = await page.Locator("html").RunAxeLegacy(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Tags] },
            ResultTypes = [ResultType.Violations],
        });
#pragma warning restore CS0618
        Interlocked.Add(ref _milliseconds, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        var width = page.ViewportSize?.Width ?? 0;
        var where = $"{new Uri(page.Url).PathAndQuery} at {width} px";
        return [.. result.Violations
            .Where(v => v.Impact is not null && Failing.Contains(v.Impact))
            .Select(v => $"{where}: {v.Impact} '{v.Id}' ({v.Help}) on " +
                string.Join(", ", v.Nodes.Take(6).Select(n => n.Target?.ToString())) +
                (v.Nodes.Length > 6 ? $" and {v.Nodes.Length - 6} more" : "") +
                $"; first: {Short(v.Nodes.FirstOrDefault()?.Html)} ({Short(Why(v.Nodes.FirstOrDefault()))})")];
    }

    private static string? Why(AxeResultNode? node) =>
        node is null ? null : string.Join("; ", new[] { node.Any, node.All, node.None }.SelectMany(c => c ?? []).Select(c => c.Message));

    private static string Short(string? text) =>
        text is null ? "" : text.ReplaceLineEndings(" ") is var t && t.Length > 240 ? t[..240] + "…" : text.ReplaceLineEndings(" ");

    private static async Task CheckQuietlyAsync(IPage page, Audit audit)
    {
        try
        {
            // Same address, width and shape (its number of elements) as a page already checked: nothing new to learn.
            var shape = await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");
            var key = $"{page.Url}|{page.ViewportSize?.Width}|{shape}";
            if (!Checked.TryAdd(key, 0)) return;
            foreach (var problem in await CheckAsync(page)) audit.Problems.Add(problem);
        }
        catch (PlaywrightException)
        {
            // The journey moved on (a click navigated, the context closed) before axe was done: the next visit is checked.
        }
    }

    internal static void Begin(Type app, string test) => Running[app] = new Audit(test);

    internal static void End(Type app)
    {
        if (!Running.TryRemove(app, out var audit)) return;
        // Synchronous by xUnit's contract; the checks complete on Playwright's own connection, not on this thread.
        Task.Run(() => Task.WhenAll([.. audit.Pending])).Wait(TimeSpan.FromSeconds(30));
        if (!audit.Problems.IsEmpty)
        {
            throw new XunitException($"Accessibility (axe, WCAG 2.2 A/AA) found serious or critical violations in {audit.Test}:\n" +
                string.Join("\n", audit.Problems.Distinct(StringComparer.Ordinal)));
        }
    }

    private sealed class Audit(string test)
    {
        public string Test { get; } = test;
        public ConcurrentBag<Task> Pending { get; } = [];
        public ConcurrentBag<string> Problems { get; } = [];
        public void Track(Task check) => Pending.Add(check);
    }
}

/// <summary>
/// Opens an accessibility audit when a test starts and fails the test when it ends with a serious or critical axe
/// violation on any page it loaded. The audit belongs to the app the test class is given (its constructor's
/// <see cref="TandemApp"/>): tests on one app run one at a time, so pages and tests never mix.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AuditAccessibilityAttribute : BeforeAfterTestAttribute
{
    /// <inheritdoc />
    public override void Before(MethodInfo methodUnderTest)
    {
        if (AppOf(methodUnderTest) is { } app) Accessibility.Begin(app, $"{methodUnderTest.DeclaringType!.Name}.{methodUnderTest.Name}");
    }

    /// <inheritdoc />
    public override void After(MethodInfo methodUnderTest)
    {
        if (AppOf(methodUnderTest) is { } app) Accessibility.End(app);
    }

    private static Type? AppOf(MethodInfo method) =>
        method.DeclaringType?.GetConstructors().SelectMany(c => c.GetParameters())
            .Select(p => p.ParameterType).FirstOrDefault(t => typeof(TandemApp).IsAssignableFrom(t));
}
