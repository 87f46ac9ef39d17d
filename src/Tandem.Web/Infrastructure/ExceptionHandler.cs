using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Tandem.Web.Infrastructure;

/// <summary>
/// Exceptions are bugs or malformed requests. A malformed request (unreadable JSON, a parameter of the
/// wrong type, text that is not UTF-8 or that holds a NUL the database refuses) becomes a 400 naming what could not be read, a body over the
/// endpoint's limit a 413; anything else a 500 with the trace id.
/// </summary>
public sealed class ExceptionHandler(IProblemDetailsService problems, ILogger<ExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "Body too large",
                RequestBodies.TooLargeDetail(httpContext)),
            BadHttpRequestException bad => (bad.StatusCode, "Malformed request", Unwrap(bad)),
            // Text that is not UTF-8 inside JSON is only found when a string is decoded, which can be in the
            // handler (a JsonElement read late); it is the client's text either way.
            _ when Find<DecoderFallbackException>(exception) is not null => (StatusCodes.Status400BadRequest, "Malformed request",
                "The body is not valid UTF-8; send JSON encoded as UTF-8."),
            // PostgreSQL cannot hold a NUL character (U+0000) in text, whether it is stored or searched for (SQLSTATE
            // 22021); the statement fails and nothing is written. Text with a NUL is the client's, from a body, a query or
            // a cursor, so it is refused as such wherever it was found.
            _ when Find<System.Data.Common.DbException>(exception)?.SqlState == "22021" => (StatusCodes.Status400BadRequest, "Malformed request",
                "The request holds text with a NUL character (U+0000), which Tandem does not store or search for; remove it and send again."),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error", "Something went wrong on our side; nothing was changed. Quote the trace id when you report it."),
        };
        if (status >= 500) logger.LogError(exception, "Unhandled exception");
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
            if (exception is T found) return found;
        return null;
    }

    private static string Unwrap(BadHttpRequestException bad) =>
        bad.InnerException is System.Text.Json.JsonException json
            ? $"{bad.Message} {json.Message}"
            : bad.Message;
}
