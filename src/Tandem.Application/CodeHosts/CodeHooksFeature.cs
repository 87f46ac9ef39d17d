using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.CodeHosts;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.CodeHosts;

/// <summary>
/// A webhook delivery as it arrived: which connection, the event and delivery headers, the signature header
/// (GitHub's <c>X-Hub-Signature-256</c>, GitLab's <c>X-Gitlab-Token</c>) and the body exactly as sent.
/// </summary>
public sealed record HookDelivery(CodeHost Host, Guid ConnectionId, string? Event, string? DeliveryId, string? Signature, byte[] Body, bool FormEncoded = false);

/// <summary>
/// What a delivery did: <c>processed</c>, <c>ignored</c> (an event Tandem has no use for) or <c>replay</c> (this delivery
/// id was handled before); the items linked, those moved to done, and why any was not.
/// </summary>
public sealed record HookOutcome(string Status, string Event, IReadOnlyList<string> Linked, IReadOnlyList<string> MovedToDone, IReadOnlyList<string> NotMoved)
{
    public const string Processed = "processed";
    public const string Ignored = "ignored";
    public const string Replay = "replay";
}

/// <summary>
/// Receives GitHub's and GitLab's webhooks (issue 16, ADR 36). The delivery is anonymous but signed: nothing is read
/// before the signature holds. It then acts as the person who connected the repository, so it links only where that
/// person may edit items and moves an item to done only through the backlog's own rules and rights. The delivery id
/// and the links are written in one transaction by statements that cannot make a second row, so a replay, a
/// redelivery or two copies at the same instant leave one link.
/// </summary>
public sealed class CodeHooksFeature(
    TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock, Items items, BacklogFeature backlog,
    IDataProtectionProvider protection, ILogger<CodeHooksFeature> log)
{
    /// <summary>The most items one delivery links; a push naming more is cut here (the rest are in the log).</summary>
    public const int MaxItemsPerDelivery = 500;

    public async Task<Result<HookOutcome>> ReceiveAsync(HookDelivery delivery, CancellationToken ct)
    {
        // Found across workspaces: the address names the connection, and its workspace is known only from it.
        var connection = await db.Set<RepositoryConnection>().IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == delivery.ConnectionId && c.Host == delivery.Host, ct);
        if (connection is null)
            return Error.NotFound($"There is no {RepositoriesFeature.HostText(delivery.Host)} connection {delivery.ConnectionId}; connect the repository again in Tandem and paste the new payload URL.");
        var secret = protection.CreateProtector(RepositoriesFeature.SecretPurpose).Unprotect(connection.ProtectedSecret);
        if (!Verified(delivery, secret))
        {
            return Error.Unauthorized(delivery.Host == CodeHost.GitHub
                ? "The X-Hub-Signature-256 header is missing or is not the HMAC-SHA256 of this body with the connection's secret."
                : "The X-Gitlab-Token header is missing or is not the connection's secret.");
        }

        var eventName = (delivery.Event ?? "").Trim();
        var json = delivery.FormEncoded ? FormPayload(delivery.Body) : delivery.Body;
        if (json is null) return Error.Invalid("payload", "A form-encoded delivery carries its JSON in the payload field.");
        var read = HookPayloads.Read(delivery.Host, eventName, json, clock.GetUtcNow());
        if (read is null) return Error.Invalid("body", $"The body is not the JSON object a {eventName} event sends.");
        if (read.Ignored) return new HookOutcome(HookOutcome.Ignored, read.Name, [], [], []);

        // From here the delivery acts as the person who connected the repository, with that person's rights.
        var person = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == connection.ConnectedById, ct);
        if (person is null || person.IsRemoved)
            return Error.Forbidden("The person who connected this repository is no longer in the workspace; a Tech Lead or Product Owner should connect it again.");
        me.Set(person);
        var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == connection.ProductId, ct);
        if (await rights.AuthorizeAsync(product, Operations.Backlog.EditItem, ct) is { } refused)
        {
            return Error.Forbidden($"{person.DisplayName} connected this repository and may no longer edit {product.Key}'s items ({refused.Detail}) " +
                "A Tech Lead or Product Owner should connect it again.");
        }

        var scanner = new ItemKeyScanner(product.Key);
        var named = read.Changes.Select(c => (Change: c, Keys: scanner.Keys(c.Texts))).Where(c => c.Keys.Count > 0).ToList();
        var keys = named.SelectMany(c => c.Keys).Distinct().ToList();
        if (keys.Count > MaxItemsPerDelivery)
        {
            log.LogWarning("Delivery {Delivery} to {Connection} names {Count} items; the first {Max} are linked.", delivery.DeliveryId, connection.Id, keys.Count, MaxItemsPerDelivery);
            keys = keys.Take(MaxItemsPerDelivery).ToList();
        }
        var found = keys.Count == 0 ? [] : await db.BacklogItems.AsNoTracking()
            .Where(i => i.ProductId == product.Id && keys.Contains(i.Key))
            .Select(i => new { i.Id, i.Key, i.Status }).ToListAsync(ct);
        var byKey = found.ToDictionary(i => i.Key);

        var deliveryId = DeliveryId(delivery);
        var now = clock.GetUtcNow();
        var linked = new List<string>();
        var recorded = await items.InTransactionAsync<bool>(async () =>
        {
            // The replay check and the links commit together: a copy that arrives meanwhile waits on this row and finds it.
            if (await db.Database.ExecuteSqlAsync($"""
                INSERT INTO code_hook_deliveries ("ConnectionId", "DeliveryId", "WorkspaceId", "Event", "ReceivedAt")
                VALUES ({connection.Id}, {deliveryId}, {connection.WorkspaceId}, {Cut(read.Name, 64)}, {Instant(now)})
                ON CONFLICT DO NOTHING
                """, ct) == 0)
                return false;
            foreach (var (change, changeKeys) in named)
            {
                foreach (var key in changeKeys)
                {
                    if (!byKey.TryGetValue(key, out var item)) continue;
                    await UpsertAsync(connection, product.Id, item.Id, change, now, ct);
                    if (!linked.Contains(key)) linked.Add(key);
                }
            }
            await db.Set<RepositoryConnection>().IgnoreQueryFilters().Where(c => c.Id == connection.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.LastDeliveryAt, now), ct);
            return true;
        }, ct);
        if (recorded.Failed(out var failed, out var isNew)) return failed;
        if (!isNew) return new HookOutcome(HookOutcome.Replay, read.Name, [], [], []);

        // After the commit, each move is an ordinary edit by the connection's person: the backlog's rules and rights hold.
        var moved = new List<string>();
        var notMoved = new List<string>();
        if (connection.MergeMovesToDone)
        {
            foreach (var key in named.Where(c => c.Change.MergedNow).SelectMany(c => c.Keys).Distinct())
            {
                if (!byKey.TryGetValue(key, out var item) || item.Status is ItemStatus.Done or ItemStatus.Accepted) continue;
                var done = await backlog.PatchAsync(key, new PatchItemRequest(null, null, null, "done", null, null, null, null), null, ct);
                if (done.Failed(out var notDone, out _)) notMoved.Add($"{key}: {notDone.Detail}");
                else moved.Add(key);
            }
        }
        return new HookOutcome(HookOutcome.Processed, read.Name, linked, moved, notMoved);
    }

    /// <summary>
    /// One statement on both databases: a new link, or the existing one brought up to date when this event is not
    /// older than what it holds. A merged link stays merged, and the author stays the first one seen.
    /// </summary>
    private Task<int> UpsertAsync(RepositoryConnection connection, Guid productId, Guid itemId, HookChange change, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO item_code_links ("Id", "WorkspaceId", "ProductId", "ItemId", "ConnectionId", "Host", "Kind", "ExternalId", "Repository",
                "Number", "Title", "Url", "State", "Author", "ChangedAt", "LinkedAt")
            VALUES ({Guid.CreateVersion7(now)}, {connection.WorkspaceId}, {productId}, {itemId}, {connection.Id}, {CodeLink.HostName(connection.Host)},
                {change.Kind}, {Cut(change.ExternalId, CodeLink.ExternalIdMaxLength)}, {Cut(change.Repository, RepositoryConnection.RepositoryMaxLength)},
                {change.Number}, {Cut(change.Title, CodeLink.TitleMaxLength)}, {SafeUrl(change.Url)}, {change.State},
                {Cut(change.Author, CodeLink.AuthorMaxLength)}, {Instant(change.ChangedAt)}, {Instant(now)})
            ON CONFLICT ("ItemId", "Host", "Kind", "ExternalId") DO UPDATE SET
                "Title" = excluded."Title",
                "Url" = excluded."Url",
                "State" = CASE WHEN item_code_links."State" = 'merged' THEN 'merged' ELSE excluded."State" END,
                "ChangedAt" = excluded."ChangedAt",
                "ConnectionId" = excluded."ConnectionId"
            WHERE excluded."ChangedAt" >= item_code_links."ChangedAt"
            """, ct);

    /// <summary>An instant as the column holds it: UTC ticks on SQLite (the model's converter), timestamptz on PostgreSQL.</summary>
    private object Instant(DateTimeOffset at) => db.IsSqlite ? at.UtcTicks : at.ToUniversalTime();

    private static bool Verified(HookDelivery delivery, string secret)
    {
        var given = (delivery.Signature ?? "").Trim();
        if (delivery.Host == CodeHost.GitLab)
        {
            // Hashed first so that the comparison takes as long whatever the length of the guess.
            return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        }
        const string prefix = "sha256=";
        if (!given.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || given.Length != prefix.Length + 64) return false;
        byte[] signature;
        try
        {
            signature = Convert.FromHexString(given.AsSpan(prefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), delivery.Body);
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }

    /// <summary>The host's delivery id, or the body's hash when it sent none (a replayed body is then still one delivery).</summary>
    private static string DeliveryId(HookDelivery delivery)
    {
        var id = (delivery.DeliveryId ?? "").Trim();
        if (id.Length > 0 && id.Length <= CodeHookDelivery.DeliveryIdMaxLength && id.All(c => c > ' ' && c < 127)) return id;
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(id.Length > 0 ? Encoding.UTF8.GetBytes(id) : delivery.Body));
    }

    /// <summary>GitHub's form-encoded deliveries: <c>payload=&lt;the JSON, URL-encoded&gt;</c>.</summary>
    private static byte[]? FormPayload(byte[] body)
    {
        const string field = "payload=";
        var text = Encoding.UTF8.GetString(body);
        foreach (var part in text.Split('&'))
        {
            if (part.StartsWith(field, StringComparison.Ordinal))
                return Encoding.UTF8.GetBytes(Uri.UnescapeDataString(part[field.Length..].Replace('+', ' ')));
        }
        return null;
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>Only http(s) addresses are kept: the page renders them as links.</summary>
    private static string SafeUrl(string url) =>
        url.Length <= CodeLink.UrlMaxLength && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? url : "";
}
