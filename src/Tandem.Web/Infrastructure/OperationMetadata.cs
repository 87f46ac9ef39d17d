using Tandem.Application.DecisionRights;
using Tandem.Domain.DecisionRights;

namespace Tandem.Web.Infrastructure;

/// <summary>Names the operation an endpoint performs; the authorization-matrix test enumerates these.</summary>
public sealed record PerformsOperation(Operation Operation);

public static class OperationMetadataExtensions
{
    public static TBuilder Performs<TBuilder>(this TBuilder builder, Operation operation) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PerformsOperation(operation));

    /// <summary>
    /// Holds every API endpoint to what it declares (ADR 21): the operation named by <c>.Performs(...)</c>
    /// is the one the feature checked, and a decision that succeeds staged exactly one decision-log entry.
    /// A mismatch is a bug, so it throws and the request ends in a 500 that the authorization-matrix test
    /// (which runs every endpoint for every role) reports. On when <c>Tandem:CheckDeclaredOperations</c> is
    /// true, as in every test host; production does not pay for it.
    /// </summary>
    public static TBuilder CheckDeclaredOperations<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var declared = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<PerformsOperation>()?.Operation;
            if (declared is null) return result;
            var status = StatusOf(result) ?? context.HttpContext.Response.StatusCode;
            var rights = context.HttpContext.RequestServices.GetRequiredService<DecisionRightsService>();
            var succeeded = status is >= 200 and < 300;
            if ((succeeded || status == StatusCodes.Status403Forbidden) && !rights.Checked.Contains(declared))
                throw new InvalidOperationException(
                    $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path} declares {declared.Name} but checked {(rights.Checked.Count == 0 ? "nothing" : string.Join(", ", rights.Checked.Select(o => o.Name).Distinct()))}.");
            // A workspace-wide decision (adding a person) has no product, so no product's log to write to.
            var logged = rights.Logged.Count(o => o == declared);
            if (succeeded && declared.Kind == OperationKind.Decide && logged != 1 && !(logged == 0 && rights.WorkspaceWide.Contains(declared)))
                throw new InvalidOperationException(
                    $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path} decided {declared.Name} and logged it {logged} times; a decision is logged exactly once.");
            return result;
        });

    /// <summary>The status a result will write; typed <c>Results&lt;…&gt;</c> wrap the one they hold.</summary>
    private static int? StatusOf(object? result) => result switch
    {
        INestedHttpResult nested => StatusOf(nested.Result),
        IStatusCodeHttpResult { StatusCode: { } code } => code,
        _ => null,
    };
}
