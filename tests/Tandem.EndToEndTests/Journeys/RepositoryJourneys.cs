using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>
/// Issue 16, ADR 36: the Tech Lead connects a GitHub repository from the Technical menu, pastes what the page shows
/// into GitHub (here: signs a recorded delivery with it), and the merged pull request is on the item, which is done.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class RepositoryJourneys(DemoApp app)
{
    [Fact]
    public async Task The_Tech_Lead_connects_a_repository_and_a_merged_pull_request_shows_on_the_item_which_is_done()
    {
        // A fresh item of PAY, so the merge moves nothing the other journeys read.
        using var api = new HttpClient { BaseAddress = app.BaseUrl };
        using (var login = await api.PostAsJsonAsync("/api/v1/auth/login", new { email = "tl@demo.tandem", password = LoginPage.DemoPassword }))
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>());
        var title = $"Refund partially captured payments {Guid.NewGuid():N}"[..45];
        using var created = await api.PostAsJsonAsync("/api/v1/products/PAY/items", new { type = "story", title });
        var key = (await created.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();

        var page = await app.NewPageAsync();
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("tl@demo.tandem");
        await page.GotoAsync("/p/PAY");
        await page.GetByTestId("nav-technical").Locator("summary").ClickAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Repositories" }).ClickAsync();

        var repositories = new RepositoriesPage(page);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/p/PAY/repositories$"));
        var repository = $"octo-org/payments-{Guid.NewGuid():N}"[..30];
        await repositories.ConnectAsync("github", repository, mergeMovesToDone: true);
        await Expect(repositories.Created).ToContainTextAsync("Copy the secret now");
        var secret = await repositories.Secret.InputValueAsync();
        var url = new Uri(await repositories.PayloadUrl.InputValueAsync());
        await Expect(repositories.Rows.Filter(new() { HasText = repository })).ToContainTextAsync("moves items to done");

        // GitHub delivers the merge, signed with the secret the page showed.
        var recorded = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "tests", "Tandem.IntegrationTests", "Scm", "Payloads", "github", "pull_request.closed.merged.json"));
        var body = Encoding.UTF8.GetBytes(recorded.Replace("PAY-1:", $"{key}:", StringComparison.Ordinal).Replace("feature/pay-2-refund-api", "feature/refund-api", StringComparison.Ordinal));
        using var hook = new HttpRequestMessage(HttpMethod.Post, url.PathAndQuery) { Content = new ByteArrayContent(body) };
        hook.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        hook.Headers.Add("X-GitHub-Event", "pull_request");
        hook.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        hook.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        using var anonymous = new HttpClient { BaseAddress = app.BaseUrl };
        using var delivered = await anonymous.SendAsync(hook);
        Assert.True(delivered.IsSuccessStatusCode, await delivered.Content.ReadAsStringAsync());

        await page.GotoAsync($"/p/PAY/items/{key}?open=code");
        var link = page.GetByTestId("code-link");
        await Expect(link).ToHaveCountAsync(1);
        await Expect(link).ToHaveAttributeAsync("data-state", "merged");
        await Expect(link).ToContainTextAsync("octo-org/payments#42");
        await Expect(link).ToContainTextAsync("Merged");
        await Expect(page.GetByTestId("item-status")).ToContainTextAsync("Done");

        // Disconnected, the repository's address is gone; the link stays.
        await repositories.OpenAsync("PAY");
        await repositories.DisconnectAsync(repository);
        await Expect(repositories.Notice).ToContainTextAsync("is disconnected");
        await Expect(repositories.Rows.Filter(new() { HasText = repository })).ToHaveCountAsync(0);
    }
}
