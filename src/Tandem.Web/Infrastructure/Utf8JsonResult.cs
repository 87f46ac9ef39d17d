using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Tandem.Web.Infrastructure;

/// <summary>
/// 200 with JSON that is already serialised (a cached page), documented in OpenAPI as
/// <see cref="Microsoft.AspNetCore.Http.HttpResults.Ok{TValue}"/> of <typeparamref name="T"/> is. With an entity tag, a
/// request whose If-None-Match holds it gets 304 Not Modified without a body (also documented).
/// </summary>
public sealed class Utf8JsonResult<T>(byte[] utf8Json, string? etag = null) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        if (etag is not null)
        {
            response.Headers.ETag = etag;
            if (Matches(httpContext.Request.Headers.IfNoneMatch.ToString(), etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = utf8Json.Length;
        return response.Body.WriteAsync(utf8Json, httpContext.RequestAborted).AsTask();
    }

    /// <summary>Whether If-None-Match holds the tag; the item GET asks it before building anything (ADR 0025).</summary>
    internal static bool Matches(string ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Length == 0) return false;
        if (ifNoneMatch.Trim() == "*") return true;
        // Weak comparison (RFC 9110 §13.1.2): the opaque tags must be equal, W/ prefixes aside.
        var opaque = etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;
        foreach (var candidate in ifNoneMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
            if (tag == opaque) return true;
        }
        return false;
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
    }
}
