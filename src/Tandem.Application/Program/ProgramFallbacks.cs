namespace Tandem.Application.Program;

/// <summary>No dependency register on this branch: no dependency is at risk. Registered with TryAdd, so the register's own implementation wins.</summary>
public sealed class NoAtRiskDependencies : IAtRiskDependencies
{
    public Task<IReadOnlyList<AtRiskDependency>> ForProductsAsync(IReadOnlyCollection<Guid> productIds, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<AtRiskDependency>>([]);
}

/// <summary>No milestone gates on this branch: no gate is due. Registered with TryAdd, so the gates' own implementation wins.</summary>
public sealed class NoGatesDue : IGatesDue
{
    public Task<IReadOnlyList<GateDue>> ForProductsAsync(IReadOnlyCollection<Guid> productIds, DateOnly until, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<GateDue>>([]);
}
