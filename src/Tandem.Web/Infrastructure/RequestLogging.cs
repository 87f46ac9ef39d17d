using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Tandem.Application.Identity;

namespace Tandem.Web.Infrastructure;

/// <summary>
/// One structured log line per request: trace id, user, method, route, status, duration.
/// </summary>
/// <remarks>
/// The line is written when the response has been sent (<c>OnCompleted</c>), so it carries the status
/// the client got: a request that throws is a 500 only once the exception handler has run, which is
/// after every middleware it passed through has returned. Reading the status on the way out of the
/// middleware logged such requests as 200.
/// <para>
/// Nothing is formatted or written on the request's path. The request hands a small entry to a bounded
/// queue and a background service formats and logs it. The console logger already writes on its own
/// thread, but it formats on the caller's, and once its queue is full it makes the caller wait; under
/// load that put console I/O into every request's latency. When this queue is full the entry is
/// dropped and counted, and the count is logged as a warning: a lost log line is cheaper than a slow
/// request. When the <c>Tandem.Request</c> category is off, a request costs one <c>IsEnabled</c> check.
/// </para>
/// </remarks>
public sealed partial class RequestLog : BackgroundService
{
    public const string Category = "Tandem.Request";
    private const int Capacity = 10_000;

    private readonly ILogger _logger;
    private readonly Channel<Entry> _queue = Channel.CreateBounded<Entry>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private long _dropped;

    public RequestLog(ILoggerFactory loggers) => _logger = loggers.CreateLogger(Category);

    public bool IsEnabled => _logger.IsEnabled(LogLevel.Information);

    private void Enqueue(in Entry entry)
    {
        if (!_queue.Writer.TryWrite(entry)) Interlocked.Increment(ref _dropped);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (_queue.Reader.TryRead(out var e)) Write(e);
                var dropped = Interlocked.Exchange(ref _dropped, 0);
                if (dropped > 0) Dropped(_logger, dropped);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Whatever is still queued at shutdown is written, so the last requests are not lost.
        while (_queue.Reader.TryRead(out var e)) Write(e);
    }

    private void Write(in Entry e)
    {
        var traceId = e.TraceId != default ? e.TraceId.ToHexString() : e.FallbackTraceId ?? "-";
        var user = e.User == Guid.Empty ? "-" : e.User.ToString();
        Log(_logger, traceId, user, e.Method, e.Route, e.Status, Stopwatch.GetElapsedTime(e.Started, e.Ended).TotalMilliseconds);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "request {TraceId} {User} {Method} {Route} {Status} {DurationMs:0.0}ms")]
    private static partial void Log(ILogger logger, string traceId, string user, string method, string route, int status, double durationMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The request log fell behind and dropped {Count} lines")]
    private static partial void Dropped(ILogger logger, long count);

    private readonly record struct Entry(ActivityTraceId TraceId, string? FallbackTraceId, Guid User, string Method, string Route, int Status, long Started, long Ended);

    /// <summary>What one request knows before its response is sent; completed when it has been.</summary>
    private sealed class Pending(RequestLog log, HttpContext context, long started, string route)
    {
        public Guid User { get; set; }

        public static readonly Func<object, Task> Complete = state =>
        {
            ((Pending)state).Enqueue();
            return Task.CompletedTask;
        };

        private void Enqueue()
        {
            var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
            log.Enqueue(new Entry(
                activity?.TraceId ?? default,
                activity is null ? context.TraceIdentifier : null,
                User, context.Request.Method, route, context.Response.StatusCode, started, Stopwatch.GetTimestamp()));
        }
    }

    /// <summary>
    /// Right after routing, so the route is the matched pattern (not the error page a 404 re-executes, nor
    /// nothing after the exception handler cleared the endpoint); a re-executed request is not logged twice.
    /// </summary>
    internal async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!IsEnabled || context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            await next(context);
            return;
        }
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        var pending = new Pending(this, context, Stopwatch.GetTimestamp(), route);
        context.Response.OnCompleted(Pending.Complete, pending);
        try
        {
            await next(context);
        }
        finally
        {
            // Authentication has run by now (or failed); the scope is still alive, which it may not be once the response completes.
            if (context.RequestServices.GetService<CurrentUser>() is { IsAuthenticated: true } me) pending.User = me.UserId;
        }
    }
}

public static class RequestLogging
{
    public static IServiceCollection AddRequestLog(this IServiceCollection services)
    {
        services.AddSingleton<RequestLog>();
        services.AddHostedService(sp => sp.GetRequiredService<RequestLog>());
        return services;
    }

    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var log = app.ApplicationServices.GetRequiredService<RequestLog>();
        return app.Use(next => context => log.InvokeAsync(context, next));
    }
}
