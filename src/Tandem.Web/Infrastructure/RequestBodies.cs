using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Net.Http.Headers;
using Tandem.Application.Architecture;

namespace Tandem.Web.Infrastructure;

/// <summary>The most a request body may hold; endpoint routing hands it to Kestrel's body-size feature.</summary>
public sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

/// <summary>
/// What an API endpoint's body may be, held for every endpoint in one place: how big (a JSON command is
/// kilobytes, not Kestrel's 30 MB, which let four requests cost half a gigabyte), and that a body that
/// cannot be read is the client's mistake (413, 415 or 400 ProblemDetails) rather than a 500 or a 404.
/// </summary>
public static class RequestBodies
{
    /// <summary>
    /// Enough for every command whose text fields are at their domain maximum, even with every character
    /// escaped as \uXXXX (System.Text.Json's default for non-ASCII): an item's 20,000-character
    /// description is at most 120 KB.
    /// </summary>
    public const long DefaultLimit = 256 * 1024;

    /// <summary>Bodies that legitimately carry more than <see cref="DefaultLimit"/>, by request type.</summary>
    private static readonly Dictionary<Type, long> Larger = new()
    {
        // Title, deciders and three texts of 20,000 characters each (360 KB escaped), plus the options considered.
        // Bulk edits and rank-by-score carry at most 500 keys, which fit the default.
        [typeof(AdrRequest)] = 1024 * 1024,
    };

    /// <summary>The limit for an endpoint reading <paramref name="requestType"/> (null: no body).</summary>
    public static long LimitFor(Type? requestType) =>
        requestType is not null && Larger.TryGetValue(requestType, out var limit) ? limit : DefaultLimit;

    /// <summary>
    /// Gives every endpoint of the group a body-size limit, unless it states its own. It runs last
    /// (<c>Finally</c>), when the endpoint's inferred metadata names the type its body is read as.
    /// </summary>
    public static TBuilder LimitRequestBodies<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<IRequestSizeLimitMetadata>().Any()) return;
            var accepts = endpoint.Metadata.OfType<IAcceptsMetadata>().LastOrDefault();
            endpoint.Metadata.Add(new BodySizeLimit(LimitFor(accepts?.RequestType)));
        });
        return builder;
    }

    /// <summary>
    /// Before an endpoint that reads a JSON body runs, refuses what it could not read, with a problem that
    /// says why: no body where one is needed (400), a body without a JSON content type (415), a declared
    /// length over the endpoint's limit (413, before a byte is read), a charset no decoder knows (400; the
    /// framework threw it as a 500). A body sent in chunks that grows past the limit is stopped by Kestrel
    /// while it is read, which the exception handler answers as 413.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyRules(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var accepts = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>();
        if (accepts is { ContentTypes.Count: > 0 } && Refusal(context, accepts) is { } refusal)
        {
            context.Response.StatusCode = refusal.Status!.Value;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = refusal,
            });
            if (refusal.Status == StatusCodes.Status413PayloadTooLarge) await DrainAsync(context);
            return;
        }
        await next(context);
    });

    /// <summary>How far over its limit a refused body may be and still be read and dropped, so that its client reads the 413.</summary>
    private const long DrainSlack = 1024 * 1024;

    /// <summary>
    /// A client that sends a body without asking first (no <c>Expect: 100-continue</c>) is still writing it when
    /// the 413 goes out; the connection then closes on bytes nobody read, TCP resets it, and the client may lose
    /// the answer (the fuzz test saw it on a third of such requests). A body at most <see cref="DrainSlack"/> over
    /// the limit is therefore read and dropped, for at most a few seconds; a larger one is still refused unread.
    /// </summary>
    private static async Task DrainAsync(HttpContext context)
    {
        var request = context.Request;
        var size = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (request.ContentLength is not { } length || size is not { IsReadOnly: false } || length > (size.MaxRequestBodySize ?? 0) + DrainSlack
            || request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase)) return;
        size.MaxRequestBodySize = length;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await request.Body.CopyToAsync(Stream.Null, timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The client went away or was too slow: the connection closes as it would have without the drain.
        }
    }

    private static ProblemDetails? Refusal(HttpContext context, IAcceptsMetadata accepts)
    {
        var request = context.Request;
        var expected = string.Join(" or ", accepts.ContentTypes);
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;
        if (!hasBody)
        {
            return accepts.IsOptional
                ? null
                : Problem(StatusCodes.Status400BadRequest, "Body required",
                    $"{request.Method} {request.Path} needs a body: send it as {expected} (Content-Type: {expected}).");
        }

        // The routing's content-type check lets a request without a Content-Type through; the body cannot be read without one.
        if (string.IsNullOrEmpty(request.ContentType) || !MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
            return UnsupportedMediaType(request, expected);

        if (request.ContentLength > context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", TooLargeDetail(context));

        // Present but empty ("charset=") and unreadable ones (utf-7) are refused too: the framework threw them as 500s.
        if (mediaType.Charset.HasValue)
        {
            var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset).ToString();
            if (!IsKnownCharset(charset))
            {
                return Problem(StatusCodes.Status400BadRequest, "Unknown charset",
                    $"The body's charset '{mediaType.Charset}' is not one Tandem can read; send JSON as UTF-8 (Content-Type: application/json; charset=utf-8).");
            }
            // A quoted charset ("utf-8" in quotes) is valid HTTP that the framework's JSON reader cannot look up: hand it on unquoted.
            if (charset != mediaType.Charset.Value)
            {
                mediaType.Charset = charset;
                request.ContentType = mediaType.ToString();
            }
        }
        return null;
    }

    private static ProblemDetails UnsupportedMediaType(HttpRequest request, string expected) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
            $"{request.Method} {request.Path} reads {expected}; send the body with Content-Type: {expected}.");

    private static bool IsKnownCharset(string name)
    {
        if (name.Equals("utf-8", StringComparison.OrdinalIgnoreCase)) return true;
        if (name.Length == 0) return false;
        try
        {
            _ = Encoding.GetEncoding(name);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // NotSupportedException: UTF-7, which .NET knows by name and refuses to decode.
            return false;
        }
    }

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };

    public static string TooLargeDetail(HttpContext context)
    {
        var request = context.Request;
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        return $"{request.Method} {request.Path} takes a body of at most {limit / 1024} KB{(request.ContentLength is { } length ? $"; this one is {length / 1024} KB" : "")}.";
    }

    /// <summary>
    /// The detail for a 415 that routing answered itself (a body of the wrong type): what the endpoints at this path and
    /// method read, from their own <see cref="IAcceptsMetadata"/>. Rare, so the endpoints are searched, not indexed.
    /// </summary>
    public static string UnsupportedMediaTypeDetail(HttpContext context)
    {
        var request = context.Request;
        var accepted = AcceptedContentTypes(context);
        var reads = accepted.Count == 0 ? ["application/json"] : accepted;
        return $"{request.Method} {request.Path} does not read {(string.IsNullOrEmpty(request.ContentType) ? "a body without a Content-Type" : request.ContentType)}; send the body as " +
            string.Join(" or ", reads.Select(type => $"{type} (Content-Type: {type})")) + ".";
    }

    private static List<string> AcceptedContentTypes(HttpContext context)
    {
        var request = context.Request;
        var types = new List<string>();
        foreach (var endpoint in context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not { } accepts) continue;
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods && !methods.HttpMethods.Contains(request.Method, StringComparer.OrdinalIgnoreCase)) continue;
            if (endpoint.RoutePattern.RawText is not { } template) continue;
            if (!new TemplateMatcher(TemplateParser.Parse(template), new RouteValueDictionary()).TryMatch(request.Path, new RouteValueDictionary())) continue;
            types.AddRange(accepts.ContentTypes.Where(t => !types.Contains(t, StringComparer.OrdinalIgnoreCase)));
        }
        return types;
    }
}
