using System.Diagnostics;
using Tandem.Application.Identity;

namespace Tandem.Web.Infrastructure;

/// <summary>One structured log line per request: trace id, user, method, route, status, duration.</summary>
public static partial class RequestLogging
{
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tandem.Request");
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
            var user = context.RequestServices.GetService<CurrentUser>() is { IsAuthenticated: true } me ? me.UserId.ToString() : "-";
            Log(logger, Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier, user, context.Request.Method, route,
                context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    });

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "request {TraceId} {User} {Method} {Route} {Status} {DurationMs:0.0}ms")]
    private static partial void Log(ILogger logger, string traceId, string user, string method, string route, int status, double durationMs);
}
