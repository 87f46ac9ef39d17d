namespace Tandem.Application.Common;

/// <summary>A person as every list and detail shows them: who, by account id and display name.</summary>
public sealed record PersonSummary(Guid Id, string DisplayName);

/// <summary>A resource with an optimistic-concurrency version: its ETag, and what If-Match is compared with.</summary>
public interface IVersioned
{
    int Version { get; }
}
