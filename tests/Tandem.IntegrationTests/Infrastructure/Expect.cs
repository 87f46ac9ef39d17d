namespace Tandem.IntegrationTests.Infrastructure;

/// <summary>Assertions on HTTP answers that print the body when they fail.</summary>
public static class Expect
{
    public static async Task<JsonNode?> Status(HttpStatusCode expected, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}: {body}");
        return body.Length == 0 ? null : JsonNode.Parse(body);
    }

    /// <summary>An RFC 9457 problem with the given status, carrying type, title, detail and traceId.</summary>
    public static async Task<JsonObject> Problem(HttpStatusCode expected, HttpResponseMessage response)
    {
        var body = (await Status(expected, response))?.AsObject();
        Assert.NotNull(body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, body["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(body["type"]?.GetValue<string>()), $"no type in {body}");
        Assert.False(string.IsNullOrWhiteSpace(body["title"]?.GetValue<string>()), $"no title in {body}");
        Assert.False(string.IsNullOrWhiteSpace(body["detail"]?.GetValue<string>()), $"no detail in {body}");
        Assert.False(string.IsNullOrWhiteSpace(body["traceId"]?.GetValue<string>()), $"no traceId in {body}");
        return body;
    }

    public static string Detail(JsonObject problem) => problem["detail"]!.GetValue<string>();
}
