using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Pages;

/// <summary>Submits a plain form and waits for the server's answer to that POST (a redirect on success, the page with a problem otherwise).</summary>
internal static class Forms
{
    public static async Task<IResponse> SubmitAsync(IPage page, ILocator button) =>
        await page.RunAndWaitForResponseAsync(
            () => button.ClickAsync(),
            response => response.Request.Method == "POST" && response.Request.IsNavigationRequest);

    /// <summary>Submits and, when the POST redirected (Post/Redirect/Get), waits for the page it redirected to.</summary>
    public static async Task<IResponse> SubmitAndFollowAsync(IPage page, ILocator button)
    {
        var post = await SubmitAsync(page, button);
        if (post.Status is >= 300 and < 400) await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        return post;
    }
}

/// <summary>One backlog item (/p/{key}/items/{itemKey}): all of it sits in the item-editor article.</summary>
public sealed class ItemPage(IPage page)
{
    public async Task<IResponse?> OpenAsync(string itemKey) =>
        await page.GotoAsync($"/p/{itemKey.Split('-')[0]}/items/{itemKey}");

    public ILocator Editor => page.GetByTestId("item-editor");
    public ILocator Title => Editor.GetByTestId("item-title");
    public ILocator Status => Editor.GetByTestId("item-status");
    public ILocator Problem => Editor.GetByTestId("problem");
    public ILocator Notice => Editor.GetByTestId("notice");
    public ILocator Criteria => Editor.GetByTestId("criterion");
    public ILocator ProductOwnerReadiness => Editor.GetByTestId("readiness-po");
    public ILocator TechLeadReadiness => Editor.GetByTestId("readiness-tl");
    public ILocator Readiness => Editor.GetByTestId("readiness-overall");
    public ILocator ShapedBy => Editor.GetByTestId("item-shaped-by");
    public ILocator AcceptButton => Editor.GetByTestId("accept");
    public ILocator AwaitingAcceptance => Editor.GetByTestId("awaiting-acceptance");
    public ILocator Rejection => Editor.GetByTestId("rejection");
    public ILocator EditTitle => Editor.GetByTestId("edit-title");

    public async Task AddCriterionAsync(string given, string when, string then)
    {
        var form = Editor.GetByTestId("criterion-add-form");
        await form.GetByLabel("Given").FillAsync(given);
        await form.GetByLabel("When").FillAsync(when);
        await form.GetByLabel("Then").FillAsync(then);
        await Forms.SubmitAndFollowAsync(page, form.GetByTestId("criterion-add"));
    }

    public async Task OpenEditAsync() => await Editor.GetByTestId("edit").Locator(":scope > summary").ClickAsync();

    public async Task SetBusinessValueAsync(int value)
    {
        await OpenEditAsync();
        await Editor.GetByTestId("edit-business-value").FillAsync(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Forms.SubmitAndFollowAsync(page, Editor.GetByTestId("edit-save"));
    }

    public async Task<IResponse> SaveEditAsync() => await Forms.SubmitAndFollowAsync(page, Editor.GetByTestId("edit-save"));

    /// <summary>Accepts the item, confirming first when it has no acceptance criteria (the form asks).</summary>
    public async Task AcceptAsync()
    {
        var withoutCriteria = Editor.GetByTestId("accept-without-criteria");
        if (await withoutCriteria.CountAsync() > 0) await withoutCriteria.CheckAsync();
        await Forms.SubmitAndFollowAsync(page, AcceptButton);
    }

    public async Task RejectAsync(string reason)
    {
        await Editor.GetByTestId("reject-reason").FillAsync(reason);
        await Forms.SubmitAndFollowAsync(page, Editor.GetByTestId("reject"));
    }

    public async Task SuggestCriterionAsync(string given, string when, string then, string note)
    {
        var area = Editor.GetByTestId("suggest");
        await area.Locator("summary", new() { HasTextString = "Propose an acceptance criterion" }).ClickAsync();
        var form = area.GetByTestId("suggest-criterion-form");
        await form.GetByLabel("Given").FillAsync(given);
        await form.GetByLabel("When").FillAsync(when);
        await form.GetByLabel("Then").FillAsync(then);
        await form.GetByLabel("Why?").FillAsync(note);
        await Forms.SubmitAndFollowAsync(page, form.GetByTestId("suggest-criterion"));
    }
}

/// <summary>Writing a new item (/p/{key}/items/new).</summary>
public sealed class NewItemPage(IPage page)
{
    public async Task OpenAsync(string key) => await page.GotoAsync($"/p/{key}/items/new");

    /// <summary>Writes a story as "As … I want … so that …" and lands on its item page.</summary>
    public async Task WriteStoryAsync(string who, string want, string why, string description)
    {
        var form = page.GetByTestId("new-item-form");
        await form.GetByTestId("new-type").SelectOptionAsync("story");
        await form.GetByTestId("story-who").FillAsync(who);
        await form.GetByTestId("story-want").FillAsync(want);
        await form.GetByTestId("story-why").FillAsync(why);
        await form.GetByTestId("new-description").FillAsync(description);
        await Forms.SubmitAndFollowAsync(page, form.GetByTestId("new-item-create"));
        await Expect(page.GetByTestId("item-editor")).ToBeVisibleAsync();
    }
}

/// <summary>The Product Owner's inbox of suggestions (/p/{key}/suggestions).</summary>
public sealed class SuggestionsPage(IPage page)
{
    public async Task OpenAsync(string key, string? status = null) =>
        await page.GotoAsync($"/p/{key}/suggestions" + (status is null ? "" : $"?status={status}"));

    public ILocator Open(string itemKey) => page.Locator($"[data-testid=suggestion][data-item='{itemKey}'][data-status=open]");
    public ILocator Any(string itemKey) => page.Locator($"[data-testid=suggestion][data-item='{itemKey}']");
    public ILocator Notice => page.GetByTestId("notice");
    public ILocator ReadOnlyNote => page.GetByTestId("read-only-note");

    public async Task AcceptAsync(string itemKey, string? reason = null)
    {
        var suggestion = Open(itemKey).First;
        if (reason is not null) await suggestion.GetByTestId("decide-reason").FillAsync(reason);
        await Forms.SubmitAndFollowAsync(page, suggestion.GetByTestId("accept-suggestion"));
    }
}

/// <summary>
/// The JSON API, called with the signed-in browser's own cookies: to set up items a journey needs and to
/// change one behind the back of an open form.
/// </summary>
public sealed class ItemApi(IPage page)
{
    private IAPIRequestContext Http => page.APIRequest;

    public async Task<string> CreateAsync(string product, string type, string title)
    {
        var response = await Http.PostAsync($"/api/v1/products/{product}/items", new() { DataObject = new { type, title } });
        Assert.True(response.Ok, $"Creating an item answered {response.Status}: {await response.TextAsync()}");
        return (await JsonAsync(response)).GetProperty("key").GetString()!;
    }

    public async Task PatchAsync(string itemKey, object changes)
    {
        var response = await Http.PatchAsync($"/api/v1/items/{itemKey}", new() { DataObject = changes });
        Assert.True(response.Ok, $"Changing {itemKey} answered {response.Status}: {await response.TextAsync()}");
    }

    /// <summary>Items with status done, as the backlog lists them; made (and moved to done) when the demo has too few left.</summary>
    public async Task<IReadOnlyList<string>> DoneItemsAsync(string product, int atLeast)
    {
        var response = await Http.GetAsync($"/api/v1/products/{product}/backlog?status=done&limit=200");
        Assert.True(response.Ok, $"Listing done items answered {response.Status}");
        var keys = (await JsonAsync(response)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()!).ToList();
        while (keys.Count < atLeast)
        {
            var key = await CreateAsync(product, "bug", $"Finished work for acceptance {Guid.NewGuid():N}");
            await PatchAsync(key, new { status = "done" });
            keys.Add(key);
        }
        return keys;
    }

    private static async Task<JsonElement> JsonAsync(IAPIResponse response)
    {
        using var document = JsonDocument.Parse(await response.TextAsync());
        return document.RootElement.Clone();
    }
}
