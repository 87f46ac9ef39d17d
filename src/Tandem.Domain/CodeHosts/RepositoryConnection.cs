using Tandem.Domain.Common;

namespace Tandem.Domain.CodeHosts;

/// <summary>Where a repository lives: each signs its webhooks its own way.</summary>
public enum CodeHost
{
    /// <summary>Signs with <c>X-Hub-Signature-256: sha256=&lt;HMAC-SHA256 of the body&gt;</c>.</summary>
    GitHub,

    /// <summary>Sends the shared secret itself in <c>X-Gitlab-Token</c>.</summary>
    GitLab,
}

/// <summary>
/// A product's connection to one repository on GitHub or GitLab (ADR 36): the webhook of that repository posts to
/// Tandem with the shared secret, and pull requests, merge requests and commits that name an item key are linked on
/// the item. Deliveries act as the person who connected it, so they can do nothing that person could not do.
/// </summary>
public sealed class RepositoryConnection : IProductOwned
{
    public const int RepositoryMaxLength = 200;
    public const int SecretMinLength = 16;
    public const int SecretMaxLength = 200;

    private RepositoryConnection() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public CodeHost Host { get; private set; }

    /// <summary>The repository's name as people know it ("acme/payments"); a label, the hook's URL names the connection.</summary>
    public string Repository { get; private set; } = "";

    /// <summary>The shared secret, protected with the cluster's data-protection key ring (never stored in clear).</summary>
    public string ProtectedSecret { get; private set; } = "";

    /// <summary>The team's workflow: a merged pull or merge request moves the items it names to done.</summary>
    public bool MergeMovesToDone { get; private set; }

    /// <summary>The person deliveries act as: who connected the repository.</summary>
    public Guid ConnectedById { get; private set; }
    public DateTimeOffset ConnectedAt { get; private set; }
    public DateTimeOffset? LastDeliveryAt { get; private set; }

    public static RepositoryConnection Connect(Guid workspaceId, Guid productId, CodeHost host, string? repository, string secret,
        Func<string, string> protect, bool mergeMovesToDone, Guid connectedById, DateTimeOffset now)
    {
        repository = (repository ?? "").Trim();
        new RuleCheck()
            .Require(repository.Length > 0, "repository", "Name the repository, for example acme/payments.")
            .Require(repository.Length <= RepositoryMaxLength, "repository", $"A repository name has at most {RepositoryMaxLength} characters.")
            .Require(repository.All(c => !char.IsControl(c)), "repository", "A repository name is one line of text.")
            .Require(secret.Length >= SecretMinLength, "secret", $"A secret has at least {SecretMinLength} characters; leave it empty and Tandem makes one.")
            .Require(secret.Length <= SecretMaxLength, "secret", $"A secret has at most {SecretMaxLength} characters.")
            .Require(secret.All(c => c > ' ' && c < 127), "secret", "A secret is printable ASCII without spaces, as GitHub and GitLab send it.")
            .ThrowIfBroken();
        return new RepositoryConnection
        {
            Id = Guid.CreateVersion7(now),
            WorkspaceId = workspaceId,
            ProductId = productId,
            Host = host,
            Repository = repository,
            ProtectedSecret = protect(secret),
            MergeMovesToDone = mergeMovesToDone,
            ConnectedById = connectedById,
            ConnectedAt = now,
        };
    }

    public void Delivered(DateTimeOffset now) => LastDeliveryAt = now;
}
