using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Api;

/// <summary>
/// What every response tells the browser (issue 13): a strict Content-Security-Policy, no sniffing, no
/// framing, no referrer to other sites; HSTS and Secure cookies when the request came over HTTPS, which
/// behind a proxy is believed only from the proxies configured (loopback, in the test host).
/// </summary>
[Collection(TandemCollection.Name)]
public class SecurityHeadersTests(TandemApp app)
{
    [Theory]
    [InlineData("/login")]
    [InlineData("/p/PAY/backlog")]
    [InlineData("/no-such-page")]
    public async Task Pages_carry_the_security_headers(string path)
    {
        using var client = app.Anonymous();
        using var response = await client.GetAsync(path);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Api_answers_and_problems_carry_the_security_headers()
    {
        var admin = await app.SignInAsync(TandemApp.Admin);
        using (var ok = await admin.GetAsync("/api/v1/products"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            AssertSecurityHeaders(ok);
        }
        using (var problem = await admin.GetAsync("/api/v1/no-such-thing"))
        {
            await Expect.Problem(HttpStatusCode.NotFound, problem);
            AssertSecurityHeaders(problem);
        }
        using var failure = await admin.GetAsync(FailingPath.Path);
        await Expect.Problem(HttpStatusCode.InternalServerError, failure);
        AssertSecurityHeaders(failure);
    }

    [Fact]
    public async Task The_content_security_policy_allows_no_inline_script_or_style_and_no_framing()
    {
        using var client = app.Anonymous();
        using var response = await client.GetAsync("/login");
        var csp = Header(response, "Content-Security-Policy");
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        Assert.Equal("'self'", directives["default-src"]);
        Assert.Equal("'self'", directives["script-src"]);
        Assert.Equal("'self'", directives["style-src"]);
        Assert.Equal("'none'", directives["frame-ancestors"]);
        Assert.Equal("'self'", directives["base-uri"]);
        Assert.Equal("'self'", directives["form-action"]);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        // The page itself holds no inline script, handler or style attribute the policy would block.
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(@"<script(?![^>]*\b(src|type=""application/json"")\b)[^>]*>", html);
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);
        Assert.DoesNotContain("style=\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_through_a_configured_proxy_gets_hsts_and_secure_cookies()
    {
        using var client = Fresh();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.Host = "tandem.example";
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", Header(response, "Strict-Transport-Security"), StringComparison.Ordinal);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Plain_http_gets_neither_hsts_nor_secure_cookies()
    {
        using var client = Fresh();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.Host = "tandem.example";
        using var response = await client.SendAsync(request);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.All(response.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Forwarded_headers_are_believed_from_the_configured_proxies_only()
    {
        var options = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        // Only what ForwardedHeaders:KnownProxies names; the framework's default loopback network is gone.
        Assert.Equal([IPAddress.Parse("127.0.0.1")], options.KnownProxies);
        Assert.Empty(options.KnownIPNetworks);
    }

    [Fact]
    public async Task Anonymous_hub_negotiation_is_a_401_not_a_redirect_to_sign_in()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = app.BaseAddress };
        using var response = await client.PostAsync("/hubs/poker/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    /// <summary>A client with no cookies of its own, so the host issues its anti-forgery cookie afresh.</summary>
    private HttpClient Fresh() => new(new SocketsHttpHandler { UseCookies = false }, disposeHandler: true) { BaseAddress = app.BaseAddress };

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"No {name} header on {response.RequestMessage?.RequestUri}: {response.StatusCode}");
}
