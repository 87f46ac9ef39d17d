using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Api;

/// <summary>
/// API writes carried by the browser's sign-in cookie must be sent as JSON (issue 13, point 8): a forged
/// cross-site form cannot send that content type, so it is refused even where SameSite does not help.
/// </summary>
[Collection(TandemCollection.Name)]
public partial class CookieApiWriteTests(TandemApp app)
{
    [Fact]
    public async Task A_cookie_write_shaped_like_a_cross_site_form_is_refused_and_changes_nothing()
    {
        var key = await app.CreateProductAsync();
        using var browser = await CookieSignInAsync(TandemApp.Admin);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["type"] = "story", ["title"] = "Forged" });
        using var refused = await browser.PostAsync($"/api/v1/products/{key}/items", form);
        var problem = await Expect.Problem(HttpStatusCode.Forbidden, refused);
        Assert.Contains("application/json", Expect.Detail(problem), StringComparison.Ordinal);

        using var plain = new StringContent("""{"type":"story","title":"Forged"}""", System.Text.Encoding.UTF8, "text/plain");
        using (var alsoRefused = await browser.PostAsync($"/api/v1/products/{key}/items", plain))
            await Expect.Problem(HttpStatusCode.Forbidden, alsoRefused);
        // A body-less write is refused the same way unless it says JSON.
        using (var bodiless = await browser.PostAsync("/api/v1/notifications/read", null))
            await Expect.Problem(HttpStatusCode.Forbidden, bodiless);

        var admin = await app.SignInAsync(TandemApp.Admin);
        var backlog = await admin.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/backlog");
        Assert.Empty(backlog!["items"]!.AsArray());
    }

    [Fact]
    public async Task A_cookie_write_sent_as_json_works_as_the_pages_scripts_send_it()
    {
        var key = await app.CreateProductAsync();
        var owner = await app.CreatePersonAsync();
        await app.AssignAsync(key, owner.Id, "product-owner");
        using var browser = await CookieSignInAsync(owner.Email, owner.Password);
        using var created = await browser.PostAsJsonAsync($"/api/v1/products/{key}/items", new { type = "story", title = "From the page" });
        await Expect.Status(HttpStatusCode.Created, created);

        using var bodiless = new ByteArrayContent([]);
        bodiless.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var read = await browser.PostAsync("/api/v1/notifications/read", bodiless);
        Assert.True(read.IsSuccessStatusCode, $"{(int)read.StatusCode} {await read.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_bearer_write_needs_no_json_content_type()
    {
        var admin = await app.SignInAsync(TandemApp.Admin);
        using var response = await admin.PostAsync("/api/v1/notifications/read", null);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Signs in through the login page's form, as a browser does; the client then carries the sign-in cookie.</summary>
    private async Task<HttpClient> CookieSignInAsync(string email, string password = TandemApp.DemoPassword)
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }, disposeHandler: true)
        {
            BaseAddress = app.BaseAddress,
        };
        var html = await client.GetStringAsync("/login");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = HiddenToken().Match(html).Groups[1].Value,
            ["Email"] = email,
            ["Password"] = password,
            ["ReturnUrl"] = "/",
        });
        using var response = await client.PostAsync("/login", form);
        Assert.True((int)response.StatusCode is >= 300 and < 400, $"cookie sign-in answered {(int)response.StatusCode}");
        using var me = await client.GetAsync("/api/v1/auth/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex HiddenToken();
}
