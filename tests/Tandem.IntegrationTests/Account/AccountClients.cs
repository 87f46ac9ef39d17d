using System.Text.RegularExpressions;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Account;

/// <summary>The three ways a person is signed in: the browser's cookie, a login bearer, a personal access token.</summary>
public sealed partial class AccountClients(TandemApp app, Person person) : IDisposable
{
    private readonly List<HttpClient> _clients = [];

    public Person Person => person;

    public static async Task<AccountClients> CreateAsync(TandemApp app) => new(app, await app.CreatePersonAsync());

    /// <summary>Signs in through the login page's form, as a browser does; the client then carries the sign-in cookie.</summary>
    public async Task<HttpClient> BrowserAsync()
    {
        var client = Track(new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }, disposeHandler: true)
        {
            BaseAddress = app.BaseAddress,
        });
        using var response = await PostLoginFormAsync(client, person.Email, person.Password);
        Assert.True((int)response.StatusCode is >= 300 and < 400, $"cookie sign-in answered {(int)response.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, await StatusOfMeAsync(client));
        return client;
    }

    /// <summary>A fresh bearer from POST /api/v1/auth/login (never the fixture's cached one: these sessions get ended).</summary>
    public async Task<HttpClient> BearerAsync() => Track(app.WithToken(await app.LoginAsync(person.Email, person.Password)));

    public async Task<HttpClient> AccessTokenAsync()
    {
        using var bearer = app.WithToken(await app.LoginAsync(person.Email, person.Password));
        using var created = await bearer.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "script" });
        var token = (await Expect.Status(HttpStatusCode.Created, created))!;
        return Track(app.WithToken(token["token"]!.GetValue<string>()));
    }

    public static async Task<HttpStatusCode> StatusOfMeAsync(HttpClient client)
    {
        using var me = await client.GetAsync("/api/v1/auth/me");
        return me.StatusCode;
    }

    public static Task<HttpResponseMessage> PostLoginFormAsync(HttpClient client, string email, string password, string? forwardedFor = null) =>
        PostFormAsync(client, "/login", "login", new() { ["Email"] = email, ["Password"] = password, ["ReturnUrl"] = "/" }, forwardedFor);

    /// <summary>Submits a page's named form as a browser does, with the anti-forgery token the page rendered.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields, string? forwardedFor = null)
    {
        var html = await client.GetStringAsync(path);
        fields["_handler"] = formName;
        fields["__RequestVerificationToken"] = AntiforgeryTokenOf(html);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }

    /// <summary>The anti-forgery token a page rendered into its forms (empty when it rendered none).</summary>
    public static string AntiforgeryTokenOf(string html) => HiddenToken().Match(html).Groups[1].Value;

    private HttpClient Track(HttpClient client)
    {
        _clients.Add(client);
        return client;
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex HiddenToken();
}

/// <summary>Sign-in requests from a chosen client address: the fixture believes X-Forwarded-For from loopback.</summary>
public static class ClientAddress
{
    public static string Random() => $"10.{System.Random.Shared.Next(1, 255)}.{System.Random.Shared.Next(1, 255)}.{System.Random.Shared.Next(1, 255)}";

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password, string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add("X-Forwarded-For", address);
        return client.SendAsync(request);
    }
}
