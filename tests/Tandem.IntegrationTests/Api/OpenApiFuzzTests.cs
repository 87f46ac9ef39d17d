using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Workspaces;
using Tandem.IntegrationTests.DecisionRights;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.Web.Infrastructure;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Api;

/// <summary>
/// Issue 13: hostile input is the client's mistake, answered with a 4xx ProblemDetails, never a 5xx.
/// Every operation of the app's own OpenAPI document (so a new endpoint is fuzzed the day it ships) gets
/// requests generated from a fixed seed: malformed JSON, wrong types and nulls for each property, nulls
/// in arrays, strings at and over the body limit, odd Unicode, bad charsets, bytes that are not UTF-8,
/// wrong content types, path tricks and odd query values. The requests start from the authorization
/// matrix's valid samples, so a mutation reaches the feature and not only the binder.
/// </summary>
/// <remarks>
/// The fuzzed data is the test's own: a <see cref="MatrixTeam"/> built for this test (a product with every
/// kind of record and a person per role), never the demo or the shared matrix team. Each operation is sent
/// by the first role the decision rights allow (the Product Owner when only the workspace admin may, whose
/// answer is then a 403 after the body was bound). The demo accounts are never used to fuzz, so they are
/// never signed out or locked. Sign-out and password change end the session that sends them (ADR 22), so
/// they are sent by a person of their own, who signs in again whenever one succeeded.
/// </remarks>
[Collection(TandemCollection.Name)]
public partial class OpenApiFuzzTests(TandemApp app, ITestOutputHelper output)
{
    private const int Seed = 13;

    /// <summary>Stops sending (without failing) when the budget is spent; cases go round-robin over the operations, so every operation is reached first.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(40);

    private static readonly string[] SessionEnders = ["POST /api/v1/auth/logout", "POST /api/v1/auth/password"];

    private static readonly string[] OddStrings =
    [
        "\u202Eevil\u202C.exe", // right-to-left override
        "a\u200B\u200C\u200Db\uFEFF", // zero-width characters
        "\\ud800", // a lone surrogate, escaped in the JSON text
        "nul\\u0000byte",
        "e\u0301\u0301\u0301\u0301\u0301", // stacked combining marks
        "🙂👩‍👩‍👧‍👦𝕏",
        "<script>alert(1)</script>' OR '1'='1",
        "   ",
        "",
    ];

    private static readonly string[] Malformed =
    [
        "{", "{\"a\":}", "{\"a\":1,}", "nul", "{\"a\":\"\\x\"}", "{} trailing", "{'a':'b'}", "{\"a\":\"unterminated",
    ];

    private static readonly string[] WrongRoots = ["[]", "\"text\"", "42", "null", "true"];

    private static readonly string[] Charsets =
    [
        "application/json; charset=bogus", "application/json; charset=utf-16", "application/json; charset=\"utf-8\"",
        "application/json; charset=", "application/json;;;", "application/json; charset=utf-7",
    ];

    private static readonly string[] WrongContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "garbage", "",
    ];

    private static readonly string[] PathTricks =
    [
        "..%2f..%2fadmin", "%00", "a%00b", "%ff%fe", "%E2%80%AE", "..", "%2e%2e", "a;b", "%20", "null",
    ];

    private static readonly string[] BadCursors = ["!!!", "AAAA", "eyJ4IjoxfQ", "%00", "-1", "Zm9vYmFy=="];

    private static readonly string[] BadIntegers = ["-1", "0", "2147483648", "99999999999999999999", "abc", "1e3", "1.5", "-2147483649"];

    /// <summary>Invalid UTF-8 sequences: a stray continuation byte, an overlong slash, an encoded surrogate, bytes never used.</summary>
    private static readonly byte[][] BadUtf8 = [[0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF, 0xFE]];

    [Fact]
    public async Task Every_operation_answers_hostile_input_with_a_problem_and_never_a_5xx()
    {
        var team = await MatrixTeam.CreateAsync(app);
        var operations = await OperationsAsync();
        Assert.True(operations.Count > 250, $"only {operations.Count} operations in the OpenAPI document");

        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        foreach (var role in Enum.GetNames<Role>())
        {
            using var signedIn = await team.SignInAsync(app, role);
            clients[role] = Client(signedIn.DefaultRequestHeaders.Authorization!.Parameter!);
        }
        var leaver = await app.CreatePersonAsync(TandemApp.Unique("Fuzz leaver"));
        clients["Leaver"] = Client(await app.LoginAsync(leaver.Email, leaver.Password));

        var queues = operations.Select(op => new Queue<FuzzCase>(Cases(op, team.Context))).ToList();
        var sizes = queues.Select(q => q.Count).ToList();
        var total = sizes.Sum();
        var statuses = new SortedDictionary<int, int>();
        var failures = new List<string>();
        var sent = 0;
        var clock = Stopwatch.StartNew();
        // Round-robin: case n of every operation before case n + 1 of any, so a spent budget still covers every operation.
        while (clock.Elapsed < Budget && queues.Any(q => q.Count > 0))
        {
            foreach (var queue in queues)
            {
                if (queue.Count == 0 || clock.Elapsed >= Budget) continue;
                var fuzz = queue.Dequeue();
                var who = fuzz.Operation.IsSessionEnder ? "Leaver" : fuzz.Operation.Actor;
                var (status, _) = await SendAsync(clients[who], fuzz, failures);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                sent++;
                if (fuzz.Operation.IsSessionEnder && status is >= 200 and < 300)
                {
                    // The leaver's session ended (or the password changed to the one sent): sign in again.
                    if (fuzz.Operation.Id == "POST /api/v1/auth/password" && NewPassword(fuzz) is { } changed) leaver = leaver with { Password = changed };
                    clients["Leaver"].Dispose();
                    clients["Leaver"] = Client(await app.LoginAsync(leaver.Email, leaver.Password));
                }
            }
        }
        foreach (var client in clients.Values) client.Dispose();

        var summary = $"Fuzzed {sent} of {total} requests over {operations.Count} operations in {clock.Elapsed.TotalSeconds:F1} s on {app.Provider}: "
            + string.Join(", ", statuses.Select(s => $"{s.Key} × {s.Value}"));
        output.WriteLine(summary);
        // A slow machine may spend the budget early; that is not a failure, but every operation must have had its first cases.
        var reached = queues.Select((q, i) => sizes[i] - q.Count >= Math.Min(sizes[i], 3)).Count(r => r);
        Assert.True(reached == queues.Count, $"{summary}; only {reached} of {queues.Count} operations had their first three cases within the budget");
        Assert.True(failures.Count == 0, $"{summary}\n{failures.Count} failures:\n{string.Join("\n", failures.Take(200))}");
    }

    [Fact]
    public async Task Every_operation_without_credentials_is_a_401_problem_never_a_5xx_or_a_redirect()
    {
        var operations = await OperationsAsync();
        var context = new RequestContext(TandemApp.NewKey(), Guid.NewGuid(), "NOPE-1", Guid.NewGuid(), Guid.NewGuid());
        using var anonymous = Client(null);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        foreach (var op in operations)
        {
            var fuzz = Cases(op, context).First();
            var (status, _) = await SendAsync(anonymous, fuzz, failures);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (!op.Anonymous && status != 401) failures.Add($"{op.Id} anonymous: {status}, expected 401");
        }
        output.WriteLine($"Anonymous: {operations.Count} operations: " + string.Join(", ", statuses.Select(s => $"{s.Key} × {s.Value}")));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Sends one case; records a 5xx, a redirect, or a 4xx that is not a ProblemDetails with status and title.</summary>
    private static async Task<(int Status, JsonObject? Problem)> SendAsync(HttpClient client, FuzzCase fuzz, List<string> failures)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Operation.Method), fuzz.Url);
        if (fuzz.Body is not null)
        {
            request.Content = new ByteArrayContent(fuzz.Body);
            if (fuzz.ContentType is { Length: > 0 }) request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
        }
        foreach (var (name, value) in fuzz.Headers) request.Headers.TryAddWithoutValidation(name, value);
        var what = $"{fuzz.Operation.Id} [{fuzz.Kind}] {fuzz.Url[..Math.Min(fuzz.Url.Length, 160)]}";
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            // The server dropped the connection without an answer: no status, no problem for the client to read.
            failures.Add($"{what}: no answer ({e.InnerException?.Message ?? e.Message})");
            return (0, null);
        }
        using var owned = response;
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500) failures.Add($"{what}: {status} {Trim(text)}");
        else if (status is >= 300 and < 400) failures.Add($"{what}: {status} redirect to {response.Headers.Location}");
        else if (status >= 400)
        {
            var problem = ProblemOf(response, text);
            // Kestrel refuses a path with an encoded NUL itself (400, no body) before any middleware runs: the app never sees it.
            if (problem is null && status == 400 && fuzz.Url.Contains("%00", StringComparison.Ordinal) && text.Length == 0) return (status, null);
            if (problem is null) failures.Add($"{what}: {status} not a problem ({response.Content.Headers.ContentType}): {Trim(text)}");
            else if (problem["status"]?.GetValue<int>() != status || string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()))
                failures.Add($"{what}: {status} problem without its status and title: {Trim(text)}");
            else if (problem["type"]?.GetValue<string>()?.EndsWith("/invalid", StringComparison.Ordinal) == true
                     && problem["errors"] is not JsonObject { Count: > 0 } and not JsonArray { Count: > 0 })
                failures.Add($"{what}: {status} a validation problem that lists no errors: {Trim(text)}");
            return (status, problem);
        }
        return (status, null);
    }

    private static JsonObject? ProblemOf(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return null;
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Trim(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>No redirects followed (a 302 must show as one); every request from a documentation address, so sign-in failures fill its window and not loopback's.</summary>
    private HttpClient Client(string? token)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Forwarded-For", "198.51.100.13");
        return client;
    }

    private static string? NewPassword(FuzzCase fuzz)
    {
        try
        {
            return fuzz.Body is null ? null : (JsonNode.Parse(fuzz.Body) as JsonObject)?["newPassword"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    // ---- The operations, read from the OpenAPI document and matched to the routing's endpoints.

    private sealed record ApiOperation(string Method, string Path, string Pattern, JsonObject Spec, JsonObject Components, bool Anonymous, long BodyLimit, string Actor)
    {
        public string Id => $"{Method} {Path}";
        public bool IsSessionEnder => SessionEnders.Contains(Id);
        public string SampleKey => $"{Method} {Pattern}";
    }

    private sealed record FuzzCase(ApiOperation Operation, string Kind, string Url, byte[]? Body, string? ContentType, IReadOnlyList<(string Name, string Value)> Headers);

    private async Task<List<ApiOperation>> OperationsAsync()
    {
        using var client = app.Anonymous();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var components = document["components"]?["schemas"]?.AsObject() ?? [];
        var endpoints = new Dictionary<string, RouteEndpoint>(StringComparer.Ordinal);
        foreach (var endpoint in app.Endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.RoutePattern.RawText is not { } raw || !raw.StartsWith("/api/", StringComparison.Ordinal)) continue;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                endpoints.TryAdd($"{method} {WithoutConstraints(Trimmed(raw))}", endpoint);
        }
        var operations = new List<ApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (verb, spec) in item!.AsObject())
            {
                var method = verb.ToUpperInvariant();
                if (method is not ("GET" or "POST" or "PUT" or "PATCH" or "DELETE")) continue;
                Assert.True(endpoints.TryGetValue($"{method} {path}", out var endpoint), $"{method} {path} is in the OpenAPI document but not routed");
                var performs = endpoint.Metadata.GetMetadata<PerformsOperation>()?.Operation;
                operations.Add(new ApiOperation(method, path, Trimmed(endpoint.RoutePattern.RawText!), spec!.AsObject(), components,
                    endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                    endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? RequestBodies.DefaultLimit,
                    ActorFor(performs)));
            }
        }
        return operations;
    }

    private static string Trimmed(string raw) => raw.Length > 1 ? raw.TrimEnd('/') : raw;

    private static string WithoutConstraints(string pattern) => ParameterRegex().Replace(pattern, m => $"{{{m.Groups[1].Value}}}");

    /// <summary>The first role the decision rights allow, so the request reaches the feature; the Product Owner when only an admin may.</summary>
    private static string ActorFor(Operation? operation) =>
        operation is null ? nameof(Role.ProductOwner)
            : Enum.GetNames<Role>().FirstOrDefault(role => DecisionRightsTable.IsAllowed(operation, MatrixTeam.ActorFor(role)!)) ?? nameof(Role.ProductOwner);

    [GeneratedRegex(@"\{\*?(\w+)(:[^}?]*)?\??\}")]
    private static partial Regex ParameterRegex();

    // ---- The cases of one operation, from a seed of its own so that adding an endpoint changes no other's cases.

    private static IEnumerable<FuzzCase> Cases(ApiOperation op, RequestContext context)
    {
        var random = new Random(Seed ^ StableHash(op.Id));
        var (url, body, headers) = Base(op, context, random);
        var parameters = (op.Spec["parameters"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var bodySchema = Resolve(op.Spec["requestBody"]?["content"]?["application/json"]?["schema"], op.Components);
        var hasBody = bodySchema is not null;
        const string json = "application/json";

        FuzzCase Case(string kind, string u, byte[]? b, string? type = json) => new(op, kind, u, b, type, headers);
        byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);
        string BodyText() => body?.ToJsonString() ?? "{}";

        yield return Case("sample", url, hasBody ? Bytes(BodyText()) : null);

        // Path tricks: an unknown id, a non-id where an id is expected, traversal, NUL, bad escapes, a very long key.
        var inPath = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToList();
        var template = op.Path;
        if (inPath.Count > 0)
        {
            string Fill(string name, string value) => FillPath(template, url, name, value);
            foreach (var name in inPath)
            {
                var isGuid = (string?)parameters.First(p => (string?)p["name"] == name)["schema"]?["format"] == "uuid";
                yield return Case($"unknown {name}", Fill(name, isGuid ? GuidFrom(random).ToString() : $"ZZ{random.Next(100000)}-{random.Next(100000)}"), hasBody ? Bytes(BodyText()) : null);
                yield return Case($"{name} not an id", Fill(name, isGuid ? "not-a-guid" : "-1"), hasBody ? Bytes(BodyText()) : null);
            }
            var trickName = inPath[random.Next(inPath.Count)];
            foreach (var trick in Pick(random, PathTricks, 3))
                yield return Case($"{trickName} = {trick}", Fill(trickName, trick), hasBody ? Bytes(BodyText()) : null);
            // Long, but under Kestrel's 8 KB request line: longer lines are refused by the server before the app (414).
            yield return Case($"{trickName} very long", Fill(trickName, new string('K', 3000)), hasBody ? Bytes(BodyText()) : null);
        }

        // Odd query values: negative and huge limits, bad cursors, non-ids, bad booleans and dates, long and odd text.
        foreach (var p in parameters.Where(p => (string?)p["in"] == "query"))
        {
            var name = (string)p["name"]!;
            var schema = p["schema"] as JsonObject;
            var types = TypesOf(schema);
            IEnumerable<string> values =
                name == "cursor" ? Pick(random, BadCursors, 2)
                : types.Contains("integer") ? Pick(random, BadIntegers, 3)
                : types.Contains("boolean") ? ["maybe", "1"]
                : (string?)schema?["format"] == "uuid" ? ["not-a-guid", GuidFrom(random).ToString()]
                : name is "from" or "to" or "date" ? ["2026-13-45", "yesterday"]
                : [Uri.EscapeDataString(OddStrings[random.Next(OddStrings.Length)].Replace("\\ud800", "\uFFFD", StringComparison.Ordinal)), new string('q', 2000), "%00"];
            foreach (var value in values)
                yield return Case($"?{name}={value[..Math.Min(value.Length, 20)]}", WithQuery(url, name, value), hasBody ? Bytes(BodyText()) : null);
        }

        if (!hasBody)
        {
            // A body where none is read must not matter, whatever it holds.
            if (op.Method != "GET") yield return Case("unexpected body", url, Bytes("{\"a\":"));
            yield break;
        }

        foreach (var text in Pick(random, Malformed, 4)) yield return Case($"malformed {text}", url, Bytes(text));
        foreach (var text in Pick(random, WrongRoots, 3)) yield return Case($"root {text}", url, Bytes(text));
        yield return Case("nested 300 deep", url, Bytes(new string('[', 300) + new string(']', 300)));
        yield return Case("empty object", url, Bytes("{}"));
        yield return Case("empty body", url, []);

        foreach (var charset in Pick(random, Charsets, 3)) yield return Case(charset, url, Bytes(BodyText()), charset);
        foreach (var type in Pick(random, WrongContentTypes, 3)) yield return Case($"content type '{type}'", url, Bytes(BodyText()), type);

        var properties = (Resolve(bodySchema!["properties"], op.Components) as JsonObject ?? []).ToList();
        var baseObject = body as JsonObject ?? [];
        var stringProperties = properties.Where(p => TypesOf(Resolve(p.Value, op.Components) as JsonObject).Contains("string")).Select(p => p.Key).ToList();

        // Text that is not UTF-8 inside a string value (or a key when there is none).
        var target = stringProperties.Count > 0 ? stringProperties[random.Next(stringProperties.Count)] : "x";
        foreach (var bad in Pick(random, BadUtf8, 2))
        {
            var marker = "\u0001MARK\u0001";
            var copy = (JsonObject)baseObject.DeepClone();
            copy[target] = "ab" + marker;
            var textBytes = Bytes(copy.ToJsonString());
            var markerBytes = Bytes(JsonValue.Create(marker)!.ToJsonString()[1..^1]);
            yield return Case($"bad UTF-8 in {target}", url, Replace(textBytes, markerBytes, bad));
        }

        // Strings at the body limit and just over it.
        if (stringProperties.Count > 0)
        {
            var huge = stringProperties[random.Next(stringProperties.Count)];
            var copy = (JsonObject)baseObject.DeepClone();
            copy[huge] = "";
            var overhead = Bytes(copy.ToJsonString()).Length;
            copy[huge] = new string('x', (int)op.BodyLimit - overhead - 16);
            yield return Case($"{huge} near the limit", url, Bytes(copy.ToJsonString()));
            copy[huge] = new string('x', (int)op.BodyLimit - overhead + 1);
            // Once as most clients send a body, all at once, and once asking first (Expect: 100-continue), when the 413 comes before the body.
            yield return Case($"{huge} over the limit", url, Bytes(copy.ToJsonString()));
            yield return Case($"{huge} over the limit, asking first", url, Bytes(copy.ToJsonString())) with { Headers = [.. headers, ("Expect", "100-continue")] };
        }

        // Each property: null, a wrong type, and (for text) odd Unicode or (for arrays) nulls inside.
        foreach (var (name, schemaNode) in properties)
        {
            var schema = Resolve(schemaNode, op.Components) as JsonObject;
            var types = TypesOf(schema);
            yield return Case($"{name} null", url, With(baseObject, name, "null"));
            yield return Case($"{name} wrong type", url, With(baseObject, name, WrongType(types, random)));
            if (types.Contains("array"))
            {
                yield return Case($"{name} [null]", url, With(baseObject, name, "[null]"));
                yield return Case($"{name} [wrong, null]", url, With(baseObject, name, "[123, {}, null, []]"));
            }
            else if (types.Contains("string"))
            {
                var odd = OddStrings[random.Next(OddStrings.Length)];
                yield return Case($"{name} odd text", url, With(baseObject, name, "\"" + odd.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));
            }
            else if (types.Contains("integer") || types.Contains("number"))
            {
                yield return Case($"{name} out of range", url, With(baseObject, name, Pick(random, ["1e400", "-2147483649", "99999999999999999999", "-1", "0.5"], 1)[0]));
            }
            else if (types.Contains("object") && schema?["properties"] is JsonObject nested && nested.Count > 0)
            {
                yield return Case($"{name} with nulls", url, With(baseObject, name, "{" + string.Join(",", nested.Select(n => $"\"{n.Key}\":null")) + "}"));
            }
        }
    }

    /// <summary>The sample request of the authorization matrix when there is one (a valid body, real ids, If-Match), else one from the schema.</summary>
    private static (string Url, JsonNode? Body, IReadOnlyList<(string, string)> Headers) Base(ApiOperation op, RequestContext context, Random random)
    {
        if (ApiEndpoints.Samples.TryGetValue(op.SampleKey, out var factory))
        {
            using var sample = factory(context);
            // A body that is not JSON (an import's CSV) is left to the schema-less cases: the fuzzer's bodies are JSON.
            var body = sample.Content is null || sample.Content.Headers.ContentType?.MediaType != "application/json" ? null
                : JsonNode.Parse(sample.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            var headers = sample.Headers.SelectMany(h => h.Value.Select(v => (h.Key, v))).ToList();
            return (sample.RequestUri!.OriginalString, body, headers);
        }
        var url = ParameterRegex().Replace(op.Path, m => m.Groups[1].Value switch
        {
            "key" => context.ProductKey,
            "itemKey" => context.ItemKey,
            "teamId" when context.TeamId != Guid.Empty => context.TeamId.ToString(),
            _ => GuidFrom(random).ToString(),
        });
        var schema = Resolve(op.Spec["requestBody"]?["content"]?["application/json"]?["schema"], op.Components);
        return (url, schema is null ? null : Example(schema, op.Components, random, 0), []);
    }

    /// <summary>A plausible value for a schema; names decide for text (never a real account's email or password).</summary>
    private static JsonNode? Example(JsonNode? schemaNode, JsonObject components, Random random, int depth, string name = "")
    {
        var schema = Resolve(schemaNode, components) as JsonObject;
        var types = TypesOf(schema);
        if (depth > 4) return null;
        if (types.Contains("object") || schema?["properties"] is not null)
        {
            var result = new JsonObject();
            foreach (var (key, value) in schema?["properties"] as JsonObject ?? [])
                result[key] = Example(value, components, random, depth + 1, key);
            return result;
        }
        if (types.Contains("array")) return new JsonArray(Example(schema?["items"], components, random, depth + 1, name));
        if (types.Contains("boolean")) return true;
        if (types.Contains("integer") || types.Contains("number")) return 1;
        if ((string?)schema?["format"] == "uuid") return GuidFrom(random).ToString();
        if ((string?)schema?["format"] == "date") return "2200-01-01";
        return name.Contains("mail", StringComparison.OrdinalIgnoreCase) ? $"fuzz-{random.Next(1_000_000)}@fuzz.test"
            : name.Contains("password", StringComparison.OrdinalIgnoreCase) ? "Not-the-password-13"
            : "fuzz";
    }

    private static JsonNode? Resolve(JsonNode? node, JsonObject components)
    {
        for (var i = 0; i < 10 && node is JsonObject obj && obj["$ref"] is JsonValue reference; i++)
            node = components[reference.GetValue<string>()["#/components/schemas/".Length..]];
        return node;
    }

    private static HashSet<string> TypesOf(JsonObject? schema) => schema?["type"] switch
    {
        JsonValue one => [one.GetValue<string>()],
        JsonArray many => [.. many.Select(t => t!.GetValue<string>())],
        _ => [],
    };

    private static string WrongType(HashSet<string> types, Random random) =>
        types.Contains("array") ? "{\"not\":\"an array\"}"
        : types.Contains("object") ? "[1,2]"
        : types.Contains("boolean") ? "\"yes\""
        : types.Contains("integer") || types.Contains("number") ? Pick(random, ["\"abc\"", "true", "[]", "{}"], 1)[0]
        : Pick(random, ["123", "true", "[]", "{}", "1.5e3"], 1)[0];

    private static byte[] With(JsonObject baseObject, string name, string rawValue)
    {
        var copy = (JsonObject)baseObject.DeepClone();
        copy[name] = "\u0001RAW\u0001";
        return Encoding.UTF8.GetBytes(copy.ToJsonString().Replace("\"\\u0001RAW\\u0001\"", rawValue, StringComparison.Ordinal));
    }

    private static byte[] Replace(byte[] haystack, byte[] needle, byte[] replacement)
    {
        var at = haystack.AsSpan().IndexOf(needle);
        return at < 0 ? haystack : [.. haystack[..at], .. replacement, .. haystack[(at + needle.Length)..]];
    }

    /// <summary>The sample's URL with one path parameter replaced, found by its place in the OpenAPI template.</summary>
    private static string FillPath(string template, string url, string name, string value)
    {
        var (path, query) = url.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? (url[..q], url[q..]) : (url, "");
        var templateSegments = template.Split('/');
        var segments = path.Split('/');
        if (segments.Length != templateSegments.Length) return path + query;
        for (var i = 0; i < segments.Length; i++)
        {
            var placeholder = "{" + name + "}";
            if (templateSegments[i].Contains(placeholder, StringComparison.Ordinal))
            {
                // "{id}.md": keep what follows the parameter in the segment.
                var suffix = templateSegments[i][(templateSegments[i].IndexOf(placeholder, StringComparison.Ordinal) + placeholder.Length)..];
                segments[i] = value + suffix;
            }
        }
        return string.Join('/', segments) + query;
    }

    private static string WithQuery(string url, string name, string value)
    {
        var (path, query) = url.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? (url[..q], url[(q + 1)..]) : (url, "");
        var kept = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith(name + "=", StringComparison.Ordinal));
        return path + "?" + string.Join('&', kept.Append($"{name}={value}"));
    }

    private static T[] Pick<T>(Random random, T[] from, int count) => [.. from.OrderBy(_ => random.Next()).Take(count)];

    private static Guid GuidFrom(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>FNV-1a: string.GetHashCode differs per process, and the cases must not.</summary>
    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = (hash ^ c) * 16777619u;
        return unchecked((int)hash);
    }
}
