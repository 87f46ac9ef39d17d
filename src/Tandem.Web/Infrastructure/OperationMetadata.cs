using Tandem.Application.DecisionRights;
using Tandem.Domain.DecisionRights;

namespace Tandem.Web.Infrastructure;

/// <summary>Names the operation an endpoint performs; the authorization-matrix test enumerates these.</summary>
public sealed record PerformsOperation(Operation Operation);

/// <summary>
/// An endpoint that performs one of several operations, chosen by the record it acts on (resolving a
/// disagreement is its area's decider's). <see cref="PerformsOperation"/> names the first, which the
/// authorization matrix samples; the declared-operations check accepts any of them.
/// </summary>
public sealed record PerformsOneOfOperations(IReadOnlyList<Operation> Operations);

public static class OperationMetadataExtensions
{
    public static TBuilder Performs<TBuilder>(this TBuilder builder, Operation operation) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PerformsOperation(operation));

    /// <summary>Declares that the endpoint performs one of <paramref name="operations"/>; the first is the one its matrix sample exercises.</summary>
    public static TBuilder PerformsOneOf<TBuilder>(this TBuilder builder, IReadOnlyList<Operation> operations) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PerformsOperation(operations[0]), new PerformsOneOfOperations(operations));

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
            var metadata = context.HttpContext.GetEndpoint()?.Metadata;
            var declared = metadata?.GetMetadata<PerformsOperation>()?.Operation;
            if (declared is null) return result;
            var status = StatusOf(result) ?? context.HttpContext.Response.StatusCode;
            var rights = context.HttpContext.RequestServices.GetRequiredService<DecisionRightsService>();
            // One of several: the one this request checked is the one it declared.
            if (metadata!.GetMetadata<PerformsOneOfOperations>() is { } oneOf)
                declared = oneOf.Operations.FirstOrDefault(rights.Checked.Contains) ?? declared;
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
