using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Tandem.Web.Infrastructure;

/// <summary>The one mapping from a use case's <see cref="Error"/> to an RFC 9457 ProblemDetails response.</summary>
public static class ProblemMapping
{
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Invalid => StatusCodes.Status400BadRequest,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "An error kind without a status."),
    };

    public static ProblemHttpResult ToProblem(this Error error)
    {
        var extensions = new Dictionary<string, object?> { ["traceId"] = Activity.Current?.Id };
        if (error.Fields is { Count: > 0 }) extensions["errors"] = error.Fields;
        return TypedResults.Problem(
            detail: error.Detail,
            statusCode: StatusOf(error.Kind),
            title: error.Title,
            type: $"https://tandem.dev/problems/{error.Kind.ToString().ToLowerInvariant()}",
            extensions: extensions);
    }

    /// <summary>200 with the value, or the error's ProblemDetails.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Result<T> result) =>
        result.Failed(out var error, out var value) ? error.ToProblem() : TypedResults.Ok(value);

    /// <summary>200 with the value and its version as the ETag, or the error's ProblemDetails.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Result<T> result, HttpContext context) where T : IVersioned
    {
        if (result.Failed(out var error, out var value)) return error.ToProblem();
        ETags.Set(context, value.Version);
        return TypedResults.Ok(value);
    }

    /// <summary>201 at <paramref name="location"/> with the value, or the error's ProblemDetails.</summary>
    public static Results<Created<T>, ProblemHttpResult> ToCreated<T>(this Result<T> result, Func<T, string> location) =>
        result.Failed(out var error, out var value) ? error.ToProblem() : TypedResults.Created(location(value), value);

    /// <summary>201 at <paramref name="location"/> with the value and its version as the ETag, or the error's ProblemDetails.</summary>
    public static Results<Created<T>, ProblemHttpResult> ToCreated<T>(this Result<T> result, Func<T, string> location, HttpContext context) where T : IVersioned
    {
        if (result.Failed(out var error, out var value)) return error.ToProblem();
        ETags.Set(context, value.Version);
        return TypedResults.Created(location(value), value);
    }

    /// <summary>204, or the error's ProblemDetails.</summary>
    public static Results<NoContent, ProblemHttpResult> ToNoContent<T>(this Result<T> result) =>
        result.Failed(out var error, out _) ? error.ToProblem() : TypedResults.NoContent();
}
