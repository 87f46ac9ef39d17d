using System.Collections.Concurrent;
using Ganss.Xss;
using Markdig;

namespace Tandem.Application.Common;

/// <summary>
/// Renders user Markdown to HTML that is safe to show: raw HTML in the source is not passed through,
/// and the result is sanitised (no script, no event handlers, no javascript: links) as a second wall.
/// </summary>
public static class Markdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseTaskLists()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>
    /// Texts already rendered, with their HTML: an item's description is rendered for every answer that shows it
    /// (each write of the item answers with it), and parsing and sanitising it was a fortieth of an update's CPU
    /// (issue 12). The rendering depends on the text alone, so the memo is never stale; it holds at most
    /// <see cref="RenderedLimit"/> characters and is emptied whole when it would pass that.
    /// </summary>
    private static readonly ConcurrentDictionary<string, string> Rendered = new(StringComparer.Ordinal);

    private static long _renderedChars;

    /// <summary>About 2 MiB of text and HTML. A text above a sixty-fourth of it is rendered each time.</summary>
    private const long RenderedLimit = 1 << 20;

    public static string ToSafeHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        if (Rendered.TryGetValue(markdown, out var known)) return known;
        var html = Sanitizer.Sanitize(Markdig.Markdown.ToHtml(markdown, Pipeline));
        var size = markdown.Length + html.Length;
        if (size > RenderedLimit / 64) return html;
        if (Interlocked.Add(ref _renderedChars, size) > RenderedLimit)
        {
            Rendered.Clear();
            Interlocked.Exchange(ref _renderedChars, size);
        }
        Rendered[markdown] = html;
        return html;
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedAttributes.Add("class");
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Html.Dom.IHtmlAnchorElement a)
            {
                a.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
        return sanitizer;
    }
}
