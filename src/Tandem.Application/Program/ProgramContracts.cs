namespace Tandem.Application.Program;

/// <summary>A cross-team or external dependency whose providing work is forecast after the date it is needed.</summary>
public sealed record AtRiskDependency(Guid Id, string Title, string Needer, string Provider, DateOnly NeededBy, DateOnly? ForecastOn, string Reason);

/// <summary>A gate before a milestone that is still to be decided.</summary>
public sealed record GateDue(Guid GateId, Guid MilestoneId, string ProductKey, int MilestoneNumber, string MilestoneName, string Gate,
    string DecidedBy, DateOnly DueOn, int ChecklistOpen, int ChecklistTotal);

/// <summary>
/// What the TPM's home and the status reports read from the dependency register (issue 11), without depending on
/// its feature: the dependencies at risk that concern the given products (as needer or provider).
/// </summary>
public interface IAtRiskDependencies
{
    Task<IReadOnlyList<AtRiskDependency>> ForProductsAsync(IReadOnlyCollection<Guid> productIds, CancellationToken ct);
}

/// <summary>What the TPM's home reads from the milestones' gates: the undecided gates of the given products due by a date, soonest first.</summary>
public interface IGatesDue
{
    Task<IReadOnlyList<GateDue>> ForProductsAsync(IReadOnlyCollection<Guid> productIds, DateOnly until, CancellationToken ct);
}
