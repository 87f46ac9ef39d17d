using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;

namespace Tandem.Web.Infrastructure;

/// <summary>
/// Concurrent writers never see an error page (issue 12). Every write of the API runs through this filter, and a
/// request sent without <c>If-Match</c> asked for no precondition, so two ways of losing a race to another writer are
/// answered by running the handler again on the data as it is now, with its unit of work forgotten:
/// <list type="bullet">
/// <item>a PATCH or PUT that answers 412 because someone saved the same record a moment earlier. Such changes of one
/// resource also take their turn in this process (a striped lock on the path), so sixteen writers meeting at once
/// apply one after another instead of colliding;</item>
/// <item>any write (POST and DELETE too) whose save threw because it met another writer
/// (<see cref="SaveChangesExtensions.LostRace(Microsoft.EntityFrameworkCore.DbUpdateException)"/>: a version token, a unique rule, a row deleted meanwhile), as long as
/// nothing of this request is durable yet (<see cref="TandemDbContext.HasCommitted"/>) and its body can be read again
/// (ADR 46). Running it again is then the same as the request arriving a moment later: two labels added at once find
/// the first one there, a second removal finds the member gone and answers 404, an absence recorded beside another
/// touches the team's version afresh. The retries of a path take their turn too.</item>
/// </list>
/// A collision left after the last attempt answers as before; with <c>If-Match</c> the 412 is what the client asked for
/// and nothing is retried.
/// </summary>
public static class NoPreconditionRetry
{
    private const int Attempts = 5;

    private static readonly SemaphoreSlim[] Stripes = Enumerable.Range(0, 1024).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public static TBuilder RetryWithoutPrecondition<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var method = http.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || http.Request.Headers.IfMatch.Count > 0)
                return await next(context);

            // Changes of one resource without a precondition take their turn in this process, so they meet each other
            // only one after another; what is left to collide with (another node, another path to the same record)
            // is retried on the record as it is now. A POST or DELETE takes the turn only to run again: creates of one
            // product are combined while they run side by side (ADR 41).
            var ordered = HttpMethods.IsPatch(method) || HttpMethods.IsPut(method);
            SemaphoreSlim? turn = null;
            try
            {
                if (ordered) turn = await TurnAsync(http);
                for (var attempt = 1; ; attempt++)
                {
                    object? result;
                    try
                    {
                        result = await next(context);
                    }
                    catch (DbUpdateException e) when (attempt < Attempts && SaveChangesExtensions.LostRace(e) && CanRunAgain(context))
                    {
                        Forget(http);
                        if (turn is null) turn = await TurnAsync(http);
                        continue;
                    }
                    if (!ordered || attempt >= Attempts || !IsStale(result)) return result;
                    // What the failed attempt loaded and changed is stale: the next one reads the record afresh.
                    Forget(http);
                }
            }
            finally
            {
                turn?.Release();
            }
        });

    /// <summary>
    /// The same for the pages' forms, which call the features directly (Blazor's form posts): a form whose write lost a
    /// race to another writer, before anything of it was durable and before its page was sent, is rendered again on
    /// the data as it is now, in a fresh service scope (ADR 46). The form was read once and is kept by the request, so
    /// it is read again as sent. Placed after the anti-forgery check, so that only a form already accepted runs again.
    /// </summary>
    public static IApplicationBuilder UseFormRetryOnLostRace(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.HasFormContentType
                || http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is null)
            {
                await next(http);
                return;
            }
            // The page sets its own headers as it renders; the next attempt starts from the response as it was before.
            var headers = http.Response.Headers.ToList();
            SemaphoreSlim? turn = null;
            try
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await next(http);
                        return;
                    }
                    catch (Exception e) when (attempt < Attempts && RaceIn(e) is { } lost && SaveChangesExtensions.LostRace(lost)
                        && !http.Response.HasStarted && NothingDurable(http))
                    {
                        // The page's own services (its navigation, its renderer) serve one rendering each, so the next
                        // attempt runs in a scope of its own, signed in as the request is; it lives as long as the request.
                        var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
                        http.Response.RegisterForDisposeAsync(scope);
                        scope.ServiceProvider.GetRequiredService<Tandem.Application.Identity.CurrentUser>().Set(http.User);
                        http.RequestServices = scope.ServiceProvider;
                        http.Response.Headers.Clear();
                        foreach (var (name, value) in headers) http.Response.Headers[name] = value;
                        http.Response.StatusCode = StatusCodes.Status200OK;
                        if (turn is null) turn = await TurnAsync(http);
                    }
                }
            }
            finally
            {
                turn?.Release();
            }
        });

    /// <summary>The save's failure inside what the page's rendering threw, if that is what it was.</summary>
    private static DbUpdateException? RaceIn(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is DbUpdateException update) return update;
            if (inner is AggregateException { InnerExceptions.Count: 1 } one) return RaceIn(one.InnerExceptions[0]);
        }
        return null;
    }

    /// <summary>
    /// Waits for the request's turn on its path and answers the stripe it now holds. A wait the client abandoned holds
    /// nothing and throws, so the caller's <c>finally</c> has nothing to give back: had it the stripe already, it would
    /// release the turn of the request that holds it, and that request's own release would throw (a 500 for a write
    /// that was saved, seen when sixteen clients stopped at once).
    /// </summary>
    private static async Task<SemaphoreSlim> TurnAsync(HttpContext http)
    {
        var stripe = StripeOf(http.Request.Path.Value);
        await stripe.WaitAsync(http.RequestAborted);
        return stripe;
    }

    /// <summary>The turn of the changes of one path (case aside), shared with every path that hashes alike.</summary>
    internal static SemaphoreSlim StripeOf(string? path) =>
        Stripes[(int)((uint)StringComparer.OrdinalIgnoreCase.GetHashCode(path ?? "") % (uint)Stripes.Length)];

    private static void Forget(HttpContext http)
    {
        http.RequestServices.GetRequiredService<TandemDbContext>().ChangeTracker.Clear();
        http.RequestServices.GetRequiredService<DecisionRightsService>().DiscardStaged();
    }

    /// <summary>
    /// Nothing of the request is durable yet, no transaction of it is still open, and the handler can run on the same
    /// input again: its body was bound before it ran (JSON), or it has none. A handler that reads the body itself (an
    /// import's file, a signed webhook) has consumed it, so it is never run twice.
    /// </summary>
    private static bool CanRunAgain(EndpointFilterInvocationContext context)
    {
        var http = context.HttpContext;
        if (!NothingDurable(http)) return false;
        var readsBody = context.Arguments.Any(a => a is HttpRequest or Stream or PipeReader);
        var hasBody = http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0;
        return !(readsBody && hasBody);
    }

    /// <summary>Nothing the request wrote is durable, and no transaction of it is left open (it would be aborted on PostgreSQL).</summary>
    private static bool NothingDurable(HttpContext http)
    {
        var db = http.RequestServices.GetRequiredService<TandemDbContext>();
        return !db.HasCommitted && !db.InTransaction;
    }

    private static bool IsStale(object? result)
    {
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        return inner is ProblemHttpResult { StatusCode: StatusCodes.Status412PreconditionFailed };
    }
}
