using Tandem.Domain.DecisionRights;

namespace Tandem.Web.Infrastructure;

/// <summary>Names the operation an endpoint performs; the authorization-matrix test enumerates these.</summary>
public sealed record PerformsOperation(Operation Operation);

public static class OperationMetadataExtensions
{
    public static TBuilder Performs<TBuilder>(this TBuilder builder, Operation operation) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PerformsOperation(operation));
}
