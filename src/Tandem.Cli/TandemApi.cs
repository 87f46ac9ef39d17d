using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Tandem.Cli;

/// <summary>
/// The HTTP side of the command line: a bearer token on every request, and every answer that is not a success turned
/// into a <see cref="CliException"/> carrying the problem's own words (the title, the detail that names who decides,
/// each bad field) and the exit code for its status.
/// </summary>
public sealed class TandemApi : IDisposable
{
    private readonly HttpClient _http;

    public TandemApi(string url, string token, TimeSpan? timeout = null)
    {
        if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            throw new CliException(ExitCodes.Usage, $"'{url}' is not a server address; give it as https://tandem.example.com.");
        _http = new HttpClient { BaseAddress = baseUri, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("tandem-cli", typeof(TandemApi).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"));
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public static TandemApi FromConfig() =>
        CliConfig.Load() is { } config
            ? new TandemApi(config.Url, config.Token)
            : throw new CliException(ExitCodes.NotSignedIn, "Not signed in: run `tandem login --url URL --token TOKEN` (a personal access token from your account page).");

    /// <summary>The body exactly as the server answered it, for <c>--json</c>.</summary>
    public async Task<string> GetTextAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseContentRead, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    public async Task<JsonNode> GetAsync(string path, CancellationToken ct) => Parse(await GetTextAsync(path, ct));

    public async Task<string> SendTextAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    public async Task<JsonNode> SendAsync(HttpMethod method, string path, object? body, CancellationToken ct) =>
        Parse(await SendTextAsync(method, path, body, ct));

    /// <summary>Sends a file as the body (for imports) and parses the JSON answer.</summary>
    public async Task<JsonNode> PostFileAsync(string path, byte[] file, string contentType, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(file) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        return Parse(await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>A download, headers read and checked, body not yet read: the caller streams it.</summary>
    public Task<HttpResponseMessage> OpenAsync(string path, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead, ct);

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            using (request) response = await _http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.Unreachable, $"Cannot reach {BaseUri}: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"{BaseUri} did not answer within {_http.Timeout.TotalSeconds:0} s.");
        }
        if (response.IsSuccessStatusCode) return response;
        using (response) throw new CliException(ExitCodes.ForStatus((int)response.StatusCode), await DescribeAsync(response, ct));
    }

    /// <summary>The problem in the words the UI uses: title, detail (who decides, what to do instead), then each bad field.</summary>
    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonNode? problem = null;
        try { problem = JsonNode.Parse(text); } catch (System.Text.Json.JsonException) { }
        if (problem is not JsonObject p) return $"{(int)response.StatusCode} {response.ReasonPhrase}";
        var message = new StringBuilder();
        message.Append(p["title"]?.GetValue<string>() ?? $"{(int)response.StatusCode} {response.ReasonPhrase}");
        if (p["detail"]?.GetValue<string>() is { Length: > 0 } detail) message.Append(": ").Append(detail);
        if (p["errors"] is JsonObject errors)
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var m in messages?.AsArray() ?? [])
                    message.Append('\n').Append("  ").Append(field).Append(": ").Append(m?.GetValue<string>());
            }
        }
        return message.ToString();
    }

    private static JsonNode Parse(string text) =>
        JsonNode.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text) ?? new JsonObject();

    public void Dispose() => _http.Dispose();
}
