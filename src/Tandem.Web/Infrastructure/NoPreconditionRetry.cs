using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;

namespace Tandem.Web.Infrastructure;

/// <summary>
/// A change sent without <c>If-Match</c> asked for no precondition, so it must not be refused as stale (412) because
/// someone else saved the same record a moment earlier (issue 12). Every PATCH and PUT of the API runs through this
/// filter: when it answers 412 and the client sent no <c>If-Match</c>, the request's unit of work is forgotten and
/// the handler runs again on the record as it is now. Such changes of one resource take their turn in this process
/// (a striped lock on the path), so sixteen writers meeting at once apply one after another instead of colliding;
/// a collision with another node is retried, and the last attempt's answer stands. With <c>If-Match</c> the 412 is what the client asked for and is never retried.
/// Only PATCH and PUT: they say what the record should become, so running one again is safe; a POST may not be.
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
            if (!(HttpMethods.IsPatch(method) || HttpMethods.IsPut(method)) || http.Request.Headers.IfMatch.Count > 0)
                return await next(context);

            // Changes of one resource without a precondition take their turn in this process, so they meet each other
            // only one after another; what is left to collide with (another node, another path to the same record)
            // is retried on the record as it is now.
            var stripe = Stripes[(int)((uint)StringComparer.OrdinalIgnoreCase.GetHashCode(http.Request.Path.Value ?? "") % (uint)Stripes.Length)];
            await stripe.WaitAsync(http.RequestAborted);
            object? result;
            try
            {
                result = await next(context);
                for (var attempt = 2; attempt <= Attempts && IsStale(result); attempt++)
                {
                    // What the failed attempt loaded and changed is stale: the next one reads the record afresh.
                    http.RequestServices.GetRequiredService<TandemDbContext>().ChangeTracker.Clear();
                    http.RequestServices.GetRequiredService<DecisionRightsService>().DiscardStaged();
                    result = await next(context);
                }
            }
            finally
            {
                stripe.Release();
            }
            return result;
        });

    private static bool IsStale(object? result)
    {
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        return inner is ProblemHttpResult { StatusCode: StatusCodes.Status412PreconditionFailed };
    }
}
