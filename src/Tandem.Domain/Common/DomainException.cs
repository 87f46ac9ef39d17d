namespace Tandem.Domain.Common;

/// <summary>
/// A rule of the model refused a change. Handlers turn it into a validation outcome with the
/// field it concerns; it never escapes as a 500.
/// </summary>
public sealed class DomainException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
