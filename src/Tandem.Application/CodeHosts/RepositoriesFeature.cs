using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.CodeHosts;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.CodeHosts;

/// <summary>Connects a repository: host ("github" or "gitlab"), its name, a secret (empty: Tandem makes one) and the team's workflow.</summary>
public sealed record ConnectRepositoryRequest(string? Host, string? Repository, string? Secret, bool? MergeMovesToDone);

/// <summary>
/// A product's connection to a repository. <paramref name="PayloadPath"/> is where its host posts (the API adds the
/// server's address as <c>payloadUrl</c>); <paramref name="Secret"/> is only in the answer to connecting, never again.
/// </summary>
public sealed record RepositoryConnectionDto(
    Guid Id, string Host, string Repository, bool MergeMovesToDone, string PayloadPath, string? PayloadUrl, PersonSummary ConnectedBy,
    DateTimeOffset ConnectedAt, DateTimeOffset? LastDeliveryAt, string? Secret = null);

/// <summary>One pull request, merge request or commit linked on an item.</summary>
public sealed record CodeLinkDto(
    Guid Id, string Host, string Kind, string ExternalId, string Repository, int? Number, string Title, string Url, string State,
    string Author, DateTimeOffset ChangedAt, DateTimeOffset LinkedAt);

/// <summary>An item's code links, newest change first.</summary>
public sealed record ItemCodeLinksDto(string Item, IReadOnlyList<CodeLinkDto> Links);

/// <summary>
/// GitHub and GitLab repositories of a product (issue 16, ADR 36): the Tech Lead or the Product Owner connects and
/// disconnects them (logged decisions), the team sees them, and everyone who reads an item sees its code links.
/// </summary>
public sealed class RepositoriesFeature(
    TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock, IDataProtectionProvider protection)
{
    /// <summary>The most links an item's read answers; an item with more has been named by a very long history.</summary>
    public const int MaxLinksShown = 200;

    internal const string SecretPurpose = "Tandem.CodeHosts.RepositorySecret";

    public static string PayloadPath(CodeHost host, Guid id) => $"/api/v1/hooks/{CodeLink.HostName(host)}/{id}";

    public async Task<Result<IReadOnlyList<RepositoryConnectionDto>>> ListAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductRefForAsync(productKey, Operations.Repositories.Read, ct)).Failed(out var error, out var product)) return error;
        var rows = await db.Set<RepositoryConnection>().AsNoTracking().Where(c => c.ProductId == product.Id)
            .Join(db.Users, c => c.ConnectedById, u => u.Id, (c, u) => new { Connection = c, u.DisplayName })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.Connection.ConnectedAt).Select(r => ToDto(r.Connection, r.DisplayName)).ToList();
    }

    public async Task<Result<RepositoryConnectionDto>> ConnectAsync(string productKey, ConnectRepositoryRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Repositories.Connect, ct)).Failed(out var error, out var product)) return error;
        CodeHost? host = request.Host?.Trim().ToLowerInvariant() switch
        {
            "github" => CodeHost.GitHub,
            "gitlab" => CodeHost.GitLab,
            _ => null,
        };
        if (host is null) return Error.Invalid("host", "host is \"github\" or \"gitlab\".");
        var secret = string.IsNullOrEmpty(request.Secret) ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) : request.Secret;
        var protector = protection.CreateProtector(SecretPurpose);
        if (Rules.Create(() => RepositoryConnection.Connect(product.WorkspaceId, product.Id, host.Value, request.Repository, secret,
                protector.Protect, request.MergeMovesToDone ?? false, me.UserId, clock.GetUtcNow())).Failed(out var invalid, out var connection))
            return invalid;
        db.Add(connection);
        var workflow = connection.MergeMovesToDone ? "; a merge moves the items it names to done" : "";
        if (await rights.DecideAsync(product, Operations.Repositories.Connect,
                new DecisionRecord($"Connected the {HostText(connection.Host)} repository {connection.Repository}{workflow}", "repository", connection.Repository), ct) is { } refused)
            return refused;
        await db.SaveChangesAsync(ct);
        return ToDto(connection, me.DisplayName) with { Secret = secret };
    }

    public async Task<Result<Unit>> DisconnectAsync(string productKey, Guid id, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Repositories.Connect, ct)).Failed(out var error, out var product)) return error;
        var connection = await db.Set<RepositoryConnection>().FirstOrDefaultAsync(c => c.Id == id && c.ProductId == product.Id, ct);
        if (connection is null) return Error.NotFound($"{product.Key} has no repository connection {id}.");
        db.Remove(connection);
        if (await rights.DecideAsync(product, Operations.Repositories.Connect,
                new DecisionRecord($"Disconnected the {HostText(connection.Host)} repository {connection.Repository}", "repository", connection.Repository), ct) is { } refused)
            return refused;
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }

    /// <summary>An item's code links for whoever may read the item; a separate read, so the cached item read stays lean.</summary>
    public async Task<Result<ItemCodeLinksDto>> LinksAsync(string itemKey, CancellationToken ct)
    {
        var key = Items.KeyOf(itemKey);
        if ((await rights.ProductRefForAsync(Domain.Products.Product.KeyOfItem(key) ?? "", Operations.Products.Read, ct)).Failed(out var error, out var product))
            return error.Kind == ErrorKind.NotFound ? Error.NotFound($"There is no item {itemKey} in your workspace.") : error;
        var item = await db.BacklogItems.AsNoTracking().Where(i => i.ProductId == product.Id && i.Key == key).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct);
        if (item is null) return Error.NotFound($"There is no item {itemKey} in your workspace.");
        var links = await db.Set<CodeLink>().AsNoTracking().Where(l => l.ItemId == item.Value)
            .OrderByDescending(l => l.ChangedAt).ThenBy(l => l.Id).Take(MaxLinksShown)
            .Select(l => new CodeLinkDto(l.Id, l.Host, l.Kind, l.ExternalId, l.Repository, l.Number, l.Title, l.Url, l.State, l.Author, l.ChangedAt, l.LinkedAt))
            .ToListAsync(ct);
        return new ItemCodeLinksDto(key, links);
    }

    public static string HostText(CodeHost host) => host == CodeHost.GitHub ? "GitHub" : "GitLab";

    private static RepositoryConnectionDto ToDto(RepositoryConnection c, string connectedBy) =>
        new(c.Id, CodeLink.HostName(c.Host), c.Repository, c.MergeMovesToDone, PayloadPath(c.Host, c.Id), null,
            new PersonSummary(c.ConnectedById, connectedBy), c.ConnectedAt, c.LastDeliveryAt);
}
