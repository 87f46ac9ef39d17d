using Tandem.Application.Common;

namespace Tandem.UnitTests.Common;

public class MarkdownTests
{
    [Fact]
    public void Markdown_becomes_html_without_raw_html_scripts_or_javascript_links()
    {
        var html = Markdown.ToSafeHtml("**Pay** by [card](https://pay.example.com) <script>alert(1)</script> [x](javascript:alert(1))");

        Assert.Contains("<strong>Pay</strong>", html);
        Assert.Contains("href=\"https://pay.example.com\"", html);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("javascript:", html);
    }

    [Fact]
    public void A_text_rendered_again_comes_from_the_memo_and_is_as_safe_as_the_first_time()
    {
        // A text of its own, so no other test has put it in the memo first.
        var text = $"Card <img src=x onerror=alert(1)> [{Guid.NewGuid()}](javascript:alert(1)) and *more*";

        var first = Markdown.ToSafeHtml(text);
        var second = Markdown.ToSafeHtml(text);

        Assert.Same(first, second);
        // The raw HTML is shown as text, never as an element.
        Assert.DoesNotContain("<img", second);
        Assert.Contains("&lt;img", second);
        Assert.DoesNotContain("javascript:", second);
        Assert.Contains("<em>more</em>", second);
    }

    [Fact]
    public void Blank_text_renders_as_nothing()
    {
        Assert.Equal("", Markdown.ToSafeHtml(null));
        Assert.Equal("", Markdown.ToSafeHtml("   "));
    }
}
