using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Tandem.Application.Architecture;
using Tandem.Domain.Architecture;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.Web.Infrastructure;

namespace Tandem.IntegrationTests.Api;

/// <summary>
/// A body the API cannot use is the client's mistake and is answered as one: never a 404 that sends
/// people looking for a wrong URL, never a 500. Bodies are what an endpoint declares: optional bodies
/// may be left out, and every body has a size limit.
/// </summary>
[Collection(TandemCollection.Name)]
public class RequestBodyTests(TandemApp app)
{
    [Fact]
    public async Task Every_write_that_needs_no_body_runs_without_a_body_or_content_type()
    {
        var key = await app.CreateProductAsync();
        var admin = await app.SignInAsync(TandemApp.Admin);
        var writes = WriteEndpoints().Where(e => e.Accepts is null || e.Accepts.IsOptional).ToList();
        Assert.NotEmpty(writes);
        Assert.Contains(writes, e => e.Pattern.EndsWith("/adrs/{id:guid}/accept", StringComparison.Ordinal));
        Assert.Contains(writes, e => e.Pattern.EndsWith("/nfrs/{id:guid}/agree", StringComparison.Ordinal));
        var failures = new List<string>();
        // Signing out ends every session of the person (ADR 22), so it is tried last, by someone of its own,
        // not by the admin whose token the rest of the suite shares.
        const string signOut = "/api/v1/auth/logout";
        Assert.Contains(writes, e => e.Pattern == signOut);
        foreach (var endpoint in writes.Where(e => e.Pattern != signOut))
        {
            using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), Url(endpoint.Pattern, key));
            using var response = await admin.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            // Nothing exists at the ids used, so the feature's own answer is a 404 that names what it looked for, or a refusal.
            // A 400 may only name what the query lacks (an unsubscribe without its token), never the missing body.
            if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.UnsupportedMediaType
                || body.Contains("There is nothing at", StringComparison.Ordinal)
                || (response.StatusCode == HttpStatusCode.BadRequest && !NamesOnlyQueryParameters(endpoint, body)))
                failures.Add($"{endpoint.Method} {endpoint.Pattern}: {(int)response.StatusCode} {body}");
        }
        var leaving = await app.CreatePersonAsync(TandemApp.Unique("Leaving"));
        using var own = await app.SignInAsync(leaving.Email, leaving.Password);
        using var signedOut = await own.SendAsync(new HttpRequestMessage(HttpMethod.Post, signOut));
        if (!signedOut.IsSuccessStatusCode) failures.Add($"POST {signOut}: {(int)signedOut.StatusCode} {await signedOut.Content.ReadAsStringAsync()}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task An_optional_body_can_be_left_out_of_a_decision_that_succeeds()
    {
        var key = await app.CreateProductAsync();
        var lead = await app.CreatePersonAsync(TandemApp.Unique("Lead"));
        await app.AssignAsync(key, lead.Id, "tech-lead");
        var tl = await app.SignInAsync(lead.Email, lead.Password);
        using var proposed = await tl.PostAsJsonAsync($"/api/v1/products/{key}/adrs", new { title = "Use PostgreSQL", context = "c", decision = "d", consequences = "q" });
        var adr = (await Expect.Status(HttpStatusCode.Created, proposed))!;

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/adrs/{adr["id"]}/accept");
        using var accepted = await tl.SendAsync(request);
        Assert.Null(request.Content);
        var body = await Expect.Status(HttpStatusCode.OK, accepted);
        Assert.Equal("accepted", body!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_required_body_left_out_is_a_400_problem_that_says_so()
    {
        var admin = await app.SignInAsync(TandemApp.Admin);
        using var response = await admin.PostAsync($"/api/v1/adrs/{Guid.NewGuid()}/reject", null);
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.Contains("needs a body", Expect.Detail(problem), StringComparison.Ordinal);
        Assert.Contains("application/json", Expect.Detail(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task A_body_of_the_wrong_content_type_is_a_415_problem_naming_json(string contentType)
    {
        var admin = await app.SignInAsync(TandemApp.Admin);
        using var content = new StringContent("""{"key":"ABC","name":"x"}""", Encoding.UTF8, contentType);
        using var response = await admin.PostAsync("/api/v1/products", content);
        var problem = await Expect.Problem(HttpStatusCode.UnsupportedMediaType, response);
        Assert.Contains("application/json", Expect.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_without_a_content_type_is_a_415_problem_naming_json()
    {
        var admin = await app.SignInAsync(TandemApp.Admin);
        using var content = new ByteArrayContent("""{"key":"ABC","name":"x"}"""u8.ToArray());
        using var response = await admin.PostAsync("/api/v1/products", content);
        Assert.Null(response.RequestMessage!.Content!.Headers.ContentType);
        var problem = await Expect.Problem(HttpStatusCode.UnsupportedMediaType, response);
        Assert.Contains("application/json", Expect.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_415_names_what_the_operation_reads_from_its_own_metadata_not_always_json()
    {
        var key = await app.CreateProductAsync();
        var admin = await app.SignInAsync(TandemApp.Admin);
        using var content = new StringContent("<issues/>", Encoding.UTF8, "application/xml");
        using var response = await admin.PostAsync($"/api/v1/products/{key}/imports?source=jira-csv", content);
        var problem = await Expect.Problem(HttpStatusCode.UnsupportedMediaType, response);
        Assert.Contains("text/csv (Content-Type: text/csv)", Expect.Detail(problem), StringComparison.Ordinal);
        Assert.Contains("application/xml", Expect.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_charset_is_a_400_problem_on_every_operation_with_a_json_body()
    {
        var key = await app.CreateProductAsync();
        var admin = await app.SignInAsync(TandemApp.Admin);
        var failures = new List<string>();
        var json = WriteEndpoints().Where(e => e.Accepts is { ContentTypes.Count: > 0 } accepts && accepts.ContentTypes.Contains("application/json")).ToList();
        Assert.True(json.Count > 50, $"only {json.Count} JSON-body operations found");
        foreach (var endpoint in json)
        {
            using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), Url(endpoint.Pattern, key))
            {
                Content = new ByteArrayContent("{}"u8.ToArray()),
            };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=bogus");
            using var response = await admin.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json" || !body.Contains("bogus", StringComparison.Ordinal))
                failures.Add($"{endpoint.Method} {endpoint.Pattern}: {(int)response.StatusCode} {body}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("PUT", "/api/v1/poker/{id}/vote", "points")]
    [InlineData("POST", "/api/v1/poker/{id}/settle", "points")]
    [InlineData("POST", "/api/v1/products", "name")]
    public async Task Text_that_is_not_utf8_is_a_400_problem(string method, string url, string field)
    {
        var admin = await app.SignInAsync(TandemApp.Admin);
        var body = Encoding.ASCII.GetBytes($$"""{"key":"BADUTF","{{field}}":"x""").Concat(new byte[] { 0xFF, 0xFE, 0x22, 0x7D }).ToArray();
        using var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await admin.SendAsync(request);
        await Expect.Problem(HttpStatusCode.BadRequest, response);
    }

    [Fact]
    public async Task A_json_command_over_its_limit_is_a_413_problem_before_it_is_read()
    {
        var key = await app.CreateProductAsync();
        var admin = await app.SignInAsync(TandemApp.Admin);
        var title = new string('a', (int)RequestBodies.DefaultLimit);
        using var response = await admin.PostAsJsonAsync($"/api/v1/products/{key}/items", new { type = "story", title });
        var problem = await Expect.Problem(HttpStatusCode.RequestEntityTooLarge, response);
        Assert.Contains("256 KB", Expect.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_json_command_that_grows_over_its_limit_is_a_413_problem()
    {
        var key = await app.CreateProductAsync();
        var admin = await app.SignInAsync(TandemApp.Admin);
        var body = Encoding.UTF8.GetBytes($$"""{"type":"story","title":"{{new string('a', (int)RequestBodies.DefaultLimit)}}"}""");
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/products/{key}/items") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await admin.SendAsync(request);
        await Expect.Problem(HttpStatusCode.RequestEntityTooLarge, response);
    }

    [Fact]
    public async Task A_decision_record_may_be_larger_than_a_command_up_to_its_own_limit()
    {
        var key = await app.CreateProductAsync();
        var admin = await app.SignInAsync(TandemApp.Admin);
        // Three texts at the domain maximum, every character escaped: over the default, under the record's limit.
        var text = new string('é', ArchitectureDecision.TextMaxLength);
        using var response = await admin.PostAsJsonAsync($"/api/v1/products/{key}/adrs", new { title = "Big", context = text, decision = text, consequences = text });
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public void Every_api_endpoint_has_a_body_limit_and_larger_ones_are_named()
    {
        var endpoints = app.Endpoints.Endpoints.OfType<RouteEndpoint>().Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.NotNull(e.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize));
        var adr = endpoints.Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType == typeof(AdrRequest)).ToList();
        Assert.Equal(2, adr.Count);
        Assert.All(adr, e => Assert.True(e.Metadata.GetMetadata<IRequestSizeLimitMetadata>()!.MaxRequestBodySize > RequestBodies.DefaultLimit));
    }

    [Fact]
    public void Bodies_outside_the_api_are_limited_too()
    {
        var kestrel = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>>(app.Services).Value;
        Assert.Equal(1024 * 1024, kestrel.Limits.MaxRequestBodySize);
    }

    private sealed record WriteEndpoint(string Method, string Pattern, IAcceptsMetadata? Accepts, IReadOnlyList<string> QueryParameters);

    /// <summary>Whether a 400's <c>errors</c> name only the endpoint's query parameters (and at least one).</summary>
    private static bool NamesOnlyQueryParameters(WriteEndpoint endpoint, string body)
    {
        var errors = JsonNode.Parse(body)?["errors"]?.AsObject();
        return errors is { Count: > 0 } && errors.All(e => endpoint.QueryParameters.Contains(e.Key, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The handler's simple parameters that the route does not fill: minimal APIs bind them from the query.</summary>
    private static List<string> QueryParameters(RouteEndpoint endpoint) =>
        (endpoint.Metadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault()?.GetParameters() ?? [])
            .Where(p => p.Name is { } name && endpoint.RoutePattern.GetParameter(name) is null && !p.GetCustomAttributes(false).Any(a => a is IFromBodyMetadata or IFromServiceMetadata or IFromHeaderMetadata or IFromFormMetadata or IFromRouteMetadata)
                && (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) is var type
                && (type == typeof(string) || type.IsPrimitive || type == typeof(Guid)))
            .Select(p => p.Name!).ToList();

    private List<WriteEndpoint> WriteEndpoints() =>
        app.Endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/v1", StringComparison.Ordinal) && !raw.Contains("{*", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE")
                .Select(m => new WriteEndpoint(m, e.RoutePattern.RawText!, e.Metadata.GetMetadata<IAcceptsMetadata>(), QueryParameters(e))))
            .ToList();

    /// <summary>The pattern with its parameters filled so that nothing exists there, in a product of its own.</summary>
    private static string Url(string pattern, string productKey) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:\w+)?\}", m => (m.Groups[1].Value, m.Groups[2].Value) switch
        {
            ("key", _) => productKey,
            (_, ":guid") => Guid.NewGuid().ToString(),
            (_, ":int") => "999999",
            ("itemKey", _) => $"{productKey}-999999",
            ("role", _) => "stakeholder",
            ("kind", _) => "done",
            _ => "no-such-thing",
        });
}
