using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Pages;

/// <summary>A signed-in browser for one demo person.</summary>
internal static class DemoPerson
{
    public static async Task<IPage> SignInAsync(Infrastructure.TandemApp app, string email)
    {
        var page = await app.NewPageAsync();
        var login = new LoginPage(page);
        await login.OpenAsync();
        await login.SignInAsync(email);
        return page;
    }
}

/// <summary>The notifications link with its unread count in the top bar.</summary>
public sealed class TopBar(IPage page)
{
    public ILocator NotificationsLink => page.GetByTestId("notifications-link");
    /// <summary>
    /// The unread count when there is one. The layout's markup (not this branch's to edit) renders the count
    /// element even at zero, so "no unread count" here means absent or showing 0.
    /// </summary>
    public ILocator UnreadCount => page.Locator("[data-testid=unread-count]:not(:text-is('0'))");
}

/// <summary>A product's feedback inbox (/p/{key}/feedback).</summary>
public sealed class FeedbackListPage(IPage page)
{
    public async Task OpenAsync(string key, string query = "") => await page.GotoAsync($"/p/{key}/feedback{query}");

    public ILocator Row(string title) => page.GetByTestId("feedback-row").Filter(new() { HasTextString = title });

    /// <summary>Sends feedback and answers its number, read from the detail page it lands on.</summary>
    public async Task<int> SendAsync(string title, string description, string area, string urgency)
    {
        await FillAsync(title, description, area, urgency);
        await page.GetByTestId("feedback-send").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/feedback/\d+\?sent=1$"));
        var match = Regex.Match(page.Url, @"/feedback/(\d+)");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task FillAsync(string title, string description, string area, string urgency)
    {
        await page.GetByTestId("feedback-title").FillAsync(title);
        await page.GetByTestId("feedback-description").FillAsync(description);
        await page.GetByTestId("feedback-area").FillAsync(area);
        await page.GetByTestId("feedback-urgency").SelectOptionAsync(urgency);
    }

    public async Task SubmitAsync() => await page.GetByTestId("feedback-send").ClickAsync();

    public ILocator FieldError(string field) => page.GetByTestId($"error-{field}");
}

/// <summary>One piece of feedback (/p/{key}/feedback/{number}) with votes, comments and the PO's triage panel.</summary>
public sealed class FeedbackDetailPage(IPage page)
{
    public async Task<IResponse?> OpenAsync(string key, int number) => await page.GotoAsync($"/p/{key}/feedback/{number}");

    public ILocator Heading => page.GetByTestId("feedback-heading");
    public ILocator Status => page.GetByTestId("feedback-status").First;
    public ILocator Outcome => page.GetByTestId("outcome");
    public ILocator VoteCount => page.GetByTestId("vote-count");
    public ILocator Comments => page.GetByTestId("comment");
    public ILocator Notice => page.GetByTestId("notice");
    public ILocator Triage => page.GetByTestId("triage");
    public ILocator DecidedBy => page.GetByTestId("decided-by");
    public ILocator LinkedItem => page.GetByTestId("linked-item");
    public ILocator Description => page.GetByTestId("feedback-description");

    public async Task VoteAsync() => await page.GetByTestId("vote").ClickAsync();

    public async Task CommentAsync(string text)
    {
        await page.GetByTestId("comment-text").FillAsync(text);
        await page.GetByTestId("comment-submit").ClickAsync();
    }

    public ILocator CreateTitle => page.GetByTestId("create-title");

    /// <summary>Creates a backlog item from the feedback and answers its key.</summary>
    public async Task<string> CreateItemAsync(string type)
    {
        await page.GetByTestId("create-type").SelectOptionAsync(type);
        await page.GetByTestId("triage-create").ClickAsync();
        await Expect(Notice).ToContainTextAsync("Linked to");
        return (await LinkedItem.TextContentAsync())!.Trim();
    }

    public async Task DeclineAsync(string reason)
    {
        // The panel's sections are <details>; after a refused attempt this one is already open.
        await page.Locator("details:has([data-testid=decline-reason])").EvaluateAsync("d => d.open = true");
        await page.GetByTestId("decline-reason").FillAsync(reason);
        await page.GetByTestId("triage-decline").ClickAsync();
    }
}

/// <summary>The signed-in person's notifications (/notifications).</summary>
public sealed class NotificationsPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/notifications");

    public ILocator Items => page.GetByTestId("notification");
    public ILocator Item(string text) => Items.Filter(new() { HasTextString = text });

    public async Task MarkAllReadIfAnyAsync()
    {
        var button = page.GetByTestId("mark-all-read");
        if (await button.CountAsync() == 0) return;
        await button.ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("marked read");
    }

    public async Task OpenAsync(string text) => await Item(text).First.GetByTestId("open-notification").ClickAsync();
}

/// <summary>Vision and goals (/p/{key}/vision).</summary>
public sealed class VisionPage(IPage page)
{
    public async Task OpenAsync(string key) => await page.GotoAsync($"/p/{key}/vision");

    public ILocator Statement => page.GetByTestId("vision-statement");
    public ILocator EditForm => page.GetByTestId("edit-vision");
    public ILocator AddGoalForm => page.GetByTestId("add-goal");
    public ILocator DecidedBy => page.GetByTestId("decided-by");
    public ILocator Notice => page.GetByTestId("notice");
    public ILocator Goal(string title) => page.GetByTestId("goal-row").Filter(new() { HasTextString = title });

    public async Task RewriteStatementAsync(string statement)
    {
        await page.GetByTestId("vision-statement-input").FillAsync(statement);
        await page.GetByTestId("vision-save").ClickAsync();
        await Expect(Notice).ToContainTextAsync("vision is saved");
    }

    public async Task AddGoalAsync(string title, string outcome, string date, string status)
    {
        var form = AddGoalForm;
        await form.GetByTestId("goal-title").FillAsync(title);
        await form.GetByTestId("goal-outcome").FillAsync(outcome);
        await form.GetByTestId("goal-date").FillAsync(date);
        await form.GetByTestId("goal-status-input").SelectOptionAsync(status);
        await form.GetByTestId("goal-add").ClickAsync();
        await Expect(Notice).ToContainTextAsync("goal is added");
    }
}

/// <summary>The now / next / later roadmap (/p/{key}/roadmap).</summary>
public sealed class RoadmapPage(IPage page)
{
    public async Task OpenAsync(string key) => await page.GotoAsync($"/p/{key}/roadmap");

    public ILocator Lane(string lane) => page.Locator($"[data-testid=lane][data-lane={lane}]");
    public ILocator Epic(string key) => page.Locator($"[data-testid=epic][data-epic='{key}']");
    public ILocator MoveButtons => page.GetByTestId("move-epic");
    public ILocator DecidedBy => page.GetByTestId("decided-by");
    public ILocator Notice => page.GetByTestId("notice");

    public async Task MoveAsync(string epicKey, string lane)
    {
        var epic = Epic(epicKey);
        await epic.GetByTestId("lane-select").SelectOptionAsync(lane);
        await epic.GetByTestId("move-epic").ClickAsync();
    }
}

/// <summary>Release notes from chosen accepted items (/p/{key}/release-notes).</summary>
public sealed class ReleaseNotesPage(IPage page)
{
    public async Task OpenAsync(string key) => await page.GotoAsync($"/p/{key}/release-notes");

    public ILocator Markdown => page.GetByTestId("release-markdown");
    public ILocator Download => page.GetByTestId("download");
    public ILocator CopyButton => page.GetByTestId("copy");

    /// <summary>Says "Copied." or, where the browser refuses the clipboard, how to copy the selected text.</summary>
    public ILocator CopyStatus => page.Locator("[data-copy-status=release-markdown]");

    public async Task GenerateAsync(params string[] itemKeys)
    {
        foreach (var key in itemKeys)
            await page.Locator($"[data-testid=release-item][data-item='{key}'] input").CheckAsync();
        await page.GetByTestId("generate").ClickAsync();
        await Expect(Markdown).ToBeVisibleAsync();
    }
}

/// <summary>The JSON API, called with a page's sign-in cookie, for what another engineer's UI will do (finishing and accepting items).</summary>
public sealed class ApiAs(IPage page, Uri baseUrl)
{
    private IAPIRequestContext Request => page.Context.APIRequest;

    private string Url(string path) => new Uri(baseUrl, path.TrimStart('/')).ToString();

    public async Task<string> CreateItemAsync(string productKey, string type, string title)
    {
        var response = await Request.PostAsync(Url($"/api/v1/products/{productKey}/items"), new() { DataObject = new { type, title } });
        Assert.Equal(201, response.Status);
        return (await JsonAsync(response)).GetProperty("key").GetString()!;
    }

    /// <summary>Marks the item done with If-Match on its current ETag, as the item page will.</summary>
    public async Task FinishAsync(string itemKey)
    {
        var item = await Request.GetAsync(Url($"/api/v1/items/{itemKey}"));
        Assert.Equal(200, item.Status);
        var etag = item.Headers["etag"];
        var patch = await Request.PatchAsync(Url($"/api/v1/items/{itemKey}"), new()
        {
            DataObject = new { status = "done" },
            Headers = new Dictionary<string, string> { ["If-Match"] = etag },
        });
        Assert.Equal(200, patch.Status);
    }

    public async Task AcceptAsync(string itemKey)
    {
        var response = await Request.PostAsync(Url($"/api/v1/items/{itemKey}/acceptance"), new() { DataObject = new { decision = "accept" } });
        Assert.Equal(200, response.Status);
    }

    public async Task<IAPIResponse> TriageAsync(string productKey, int number, object request) =>
        await Request.PostAsync(Url($"/api/v1/products/{productKey}/feedback/{number}/triage"), new() { DataObject = request });

    public async Task<IAPIResponse> GetAsync(string url) => await Request.GetAsync(Url(url));

    public static async Task<JsonElement> JsonAsync(IAPIResponse response) => (await response.JsonAsync())!.Value;
}
