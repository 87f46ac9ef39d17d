using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Feedback;
using Tandem.Domain.Products;
using Tandem.Domain.Reports;

namespace Tandem.Application.StatusReports;

/// <summary>A narrative's text (empty clears it).</summary>
public sealed record NarrativeRequest(string? Text);

/// <summary>
/// A status report: <see cref="Live"/> is true on a draft (its content built now from live data) and false on a
/// published one (its content frozen at publication). The TPM's delivery narrative and the PO's product narrative beside it.
/// </summary>
public sealed record StatusReportDto(
    Guid Id, string ProductKey, int Number, string Status, bool Live, RagDto Rag, StatusReportContent Content,
    string DeliveryNarrative, PersonSummary? DeliveryNarrativeBy, DateTimeOffset? DeliveryNarrativeAt,
    string ProductNarrative, PersonSummary? ProductNarrativeBy, DateTimeOffset? ProductNarrativeAt,
    PersonSummary CreatedBy, DateTimeOffset CreatedAt, PersonSummary? PublishedBy, DateTimeOffset? PublishedAt, int Version) : IVersioned;

/// <summary>A report in the product's list: drafts show no RAG (it is live), published ones the RAG they were published with.</summary>
public sealed record StatusReportSummary(Guid Id, int Number, string Status, string? Rag, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, PersonSummary? PublishedBy);

/// <summary>The product's reports, newest first; <see cref="CanStart"/> when the reader may start a draft and none is open.</summary>
public sealed record StatusReportsPage(IReadOnlyList<StatusReportSummary> Items, string? NextCursor, Guid? OpenDraftId, bool CanStart);

/// <summary>A report exported as Markdown, with the file name to save it under.</summary>
public sealed record StatusReportFile(string FileName, string Markdown);

/// <summary>
/// Status reports per product (issue 11). The Technical Project Manager starts a draft (one open draft per product),
/// writes the delivery narrative and publishes it; the Product Owner writes the product narrative; each is refused
/// the other's, naming who decides. A draft is built from live data on every read and is the team's
/// (<see cref="Operations.StatusReportDrafts.Read"/>); publishing freezes the content on the row, tells the product's
/// people (stakeholders and team) and happens once (again: 409). Every write is one logged decision.
/// </summary>
public sealed class StatusReportsFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, ProductNumbers numbers, TimeProvider clock,
    StatusReportBuilder builder)
{
    public const string Sequence = "status-reports";
    /// <summary>The period of the first report of a product: the decisions of the last two weeks.</summary>
    public const int FirstPeriodDays = 14;
    public const int MaxNotified = 200;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Result<StatusReportDto>> StartAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Reports.PublishDelivery, ct)).Failed(out var refused, out var product)) return refused;
        if (await OpenDraftAsync(product.Id, ct) is { } open)
            return Error.Conflict($"Status report {open.Number} is the open draft of {product.Key} (/status-reports/{open.Id}); publish it before starting the next.");
        var now = clock.GetUtcNow();
        var lastPublished = await db.StatusReports.AsNoTracking().Where(r => r.ProductId == product.Id && r.PublishedAt != null)
            .OrderByDescending(r => r.Number).Select(r => r.PublishedAt).FirstOrDefaultAsync(ct);
        var periodFrom = lastPublished ?? now.AddDays(-FirstPeriodDays);
        return await numbers.InTransactionAsync<StatusReportDto>(async () =>
        {
            var number = await numbers.NextAsync(product, Sequence, c => db.StatusReports.Where(r => r.ProductId == product.Id).MaxAsync(r => (int?)r.Number, c), ct);
            var report = StatusReport.Start(product.WorkspaceId, product.Id, number, periodFrom, me.UserId, now);
            if (await rights.DecideAsync(product, Operations.Reports.PublishDelivery, Record(report, $"Started the draft of status report {number} of {product.Key}"), ct) is { } no) return no;
            db.StatusReports.Add(report);
            // One open draft per product (a unique index): the second of two clicks at the same instant is told so.
            if (await db.SaveOrConflictAsync($"A draft status report of {product.Key} was started a moment ago; open the list to find it.", ct) is { } twice) return twice;
            return await DtoAsync(report, product, ct);
        }, ct);
    }

    public async Task<Result<StatusReportsPage>> ListAsync(string productKey, int? limit, string? cursor, CancellationToken ct)
    {
        if (Paging.ValidateLimit(limit) is { } badLimit) return badLimit;
        int? before = null;
        if (cursor is not null)
        {
            if (!Paging.TryDecode(cursor, out var raw) || !int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return Paging.BadCursor;
            before = n;
        }
        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        if ((await rights.FindProductAsync(productKey, ct)).Failed(out var missing, out var full)) return missing;
        var team = await rights.IsAllowedAsync(full, Operations.StatusReportDrafts.Read, ct);
        var query = db.StatusReports.AsNoTracking().Where(r => r.ProductId == product.Id);
        if (!team) query = query.Where(r => r.Status == StatusReportStatus.Published);
        if (before is { } b) query = query.Where(r => r.Number < b);
        var take = limit ?? Paging.DefaultLimit;
        var rows = await query.OrderByDescending(r => r.Number).Take(take + 1).ToListAsync(ct);
        var shown = rows.Take(take).ToList();
        var names = await NamesAsync(shown.Where(r => r.PublishedById != null).Select(r => r.PublishedById!.Value), ct);
        var draft = team ? await OpenDraftAsync(product.Id, ct) : null;
        var canStart = draft is null && await rights.IsAllowedAsync(full, Operations.Reports.PublishDelivery, ct);
        return new StatusReportsPage(
            shown.Select(r => new StatusReportSummary(r.Id, r.Number, EnumText.Slug(r.Status), r.Rag, r.CreatedAt, r.PublishedAt,
                r.PublishedById is { } p ? new PersonSummary(p, names.GetValueOrDefault(p, "someone")) : null)).ToList(),
            rows.Count > take ? Paging.Encode(shown[^1].Number.ToString(CultureInfo.InvariantCulture)) : null, draft?.Id, canStart);
    }

    /// <summary>One report: a draft built now from live data (the team's only), a published one as it was frozen.</summary>
    public async Task<Result<StatusReportDto>> GetAsync(Guid id, CancellationToken ct)
    {
        if ((await ReadableAsync(id, ct)).Failed(out var error, out var found)) return error;
        return await DtoAsync(found.Entity, found.Product, ct);
    }

    public async Task<Result<StatusReportFile>> MarkdownAsync(Guid id, CancellationToken ct)
    {
        if ((await GetAsync(id, ct)).Failed(out var error, out var report)) return error;
        return new StatusReportFile($"{report.ProductKey}-status-report-{report.Number}.md", StatusReportMarkdown.Render(report));
    }

    /// <summary>The TPM's delivery narrative (how and when); refused to others naming the TPM; 409 once published; 412 on a stale If-Match.</summary>
    public Task<Result<StatusReportDto>> WriteDeliveryNarrativeAsync(Guid id, NarrativeRequest request, int? ifMatch, CancellationToken ct) =>
        ChangeAsync(id, ifMatch, Operations.Reports.PublishDelivery, (r, now) => r.WriteDeliveryNarrative(request.Text, me.UserId, now),
            r => $"Wrote the delivery narrative of status report {r.Number}", ct);

    /// <summary>The PO's product narrative (what and why); refused to others naming the PO; 409 once published; 412 on a stale If-Match.</summary>
    public Task<Result<StatusReportDto>> WriteProductNarrativeAsync(Guid id, NarrativeRequest request, int? ifMatch, CancellationToken ct) =>
        ChangeAsync(id, ifMatch, Operations.Reports.WriteNarrative, (r, now) => r.WriteProductNarrative(request.Text, me.UserId, now),
            r => $"Wrote the product narrative of status report {r.Number}", ct);

    /// <summary>
    /// Publishes the draft (TPM): its content is built now and frozen on the row, the product's people are told,
    /// and the decision is logged once. Publishing a published report is a 409 naming when and by whom.
    /// </summary>
    public async Task<Result<StatusReportDto>> PublishAsync(Guid id, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Reports.PublishDelivery, ct)).Failed(out var error, out var found)) return error;
        var (report, product) = found;
        if (report.IsPublished) return await AlreadyPublishedAsync(report, ct);
        if (ifMatch is { } expected && expected != report.Version)
            return Error.Stale($"Status report {report.Number} was changed by someone else (version {report.Version}, you sent {expected}). Reload it and try again.");
        var content = await builder.BuildAsync(product.Id, product.Key, product.Name, report.PeriodFrom, ct);
        var now = clock.GetUtcNow();
        if (Rules.Apply(() => report.Publish(JsonSerializer.Serialize(content, Json), content.Rag.Status, me.UserId, now)) is { } invalid) return invalid;
        if (await rights.DecideAsync(product, Operations.Reports.PublishDelivery,
                Record(report, $"Published status report {report.Number} of {product.Key} ({content.Rag.Status})", content.Rag.Rule), ct) is { } refused) return refused;
        await NotifyAsync(product, report, content.Rag, now, ct);
        if (await db.SaveOrStaleAsync($"Status report {report.Number}", ct) is { } lost)
        {
            var again = await db.StatusReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
            return again is { IsPublished: true } ? await AlreadyPublishedAsync(again, ct) : lost;
        }
        return await DtoAsync(report, product, ct);
    }

    private async Task<Error> AlreadyPublishedAsync(StatusReport report, CancellationToken ct)
    {
        var by = report.PublishedById is { } p ? (await NamesAsync([p], ct)).GetValueOrDefault(p, "someone") : "someone";
        return Error.Conflict($"Status report {report.Number} was already published on {report.PublishedAt:yyyy-MM-dd} by {by}; a published report is frozen. Start a new draft for the next one.");
    }

    private async Task<Result<StatusReportDto>> ChangeAsync(Guid id, int? ifMatch, Operation operation, Action<StatusReport, DateTimeOffset> change,
        Func<StatusReport, string> summary, CancellationToken ct)
    {
        if ((await LoadAsync(id, operation, ct)).Failed(out var error, out var found)) return error;
        var (report, product) = found;
        if (report.IsPublished)
            return Error.Conflict($"Status report {report.Number} was published on {report.PublishedAt:yyyy-MM-dd} and is frozen; start a new draft to say more.");
        if (ifMatch is { } expected && expected != report.Version)
            return Error.Stale($"Status report {report.Number} was changed by someone else (version {report.Version}, you sent {expected}). Reload it and try again.");
        var now = clock.GetUtcNow();
        if (Rules.Apply(() => change(report, now)) is { } invalid) return invalid;
        if (await rights.DecideAsync(product, operation, Record(report, summary(report)), ct) is { } refused) return refused;
        if (await db.SaveOrStaleAsync($"Status report {report.Number}", ct) is { } lost) return lost;
        return await DtoAsync(report, product, ct);
    }

    /// <summary>Everyone with a role on the product (stakeholders and the team) but the publisher is told.</summary>
    private async Task NotifyAsync(Product product, StatusReport report, RagDto rag, DateTimeOffset now, CancellationToken ct)
    {
        var people = await db.RoleAssignments.Where(r => r.ProductId == product.Id && r.UserId != me.UserId)
            .Select(r => r.UserId).Distinct().Take(MaxNotified).ToListAsync(ct);
        foreach (var person in people)
            db.Notifications.Add(Notification.To(product.WorkspaceId, person,
                $"{me.DisplayName} published status report {report.Number} of {product.Key}: {rag.Status}.", $"/status-reports/{report.Id}", now));
    }

    /// <summary>The report for reading: anyone on the product reads a published one; a draft only the team (refused naming who may).</summary>
    private async Task<Result<Owned<StatusReport>>> ReadableAsync(Guid id, CancellationToken ct)
    {
        var report = await db.StatusReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null) return Error.NotFound("There is no such status report in your workspace.");
        var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == report.ProductId, ct);
        if (await rights.AuthorizeAsync(product, Operations.Products.Read, ct) is { } refused) return refused;
        if (!report.IsPublished && await rights.AuthorizeAsync(product, Operations.StatusReportDrafts.Read, ct) is { } draft)
            return Error.Forbidden($"Status report {report.Number} of {product.Key} is a draft; you can read it once it is published. {draft.Detail}");
        return new Owned<StatusReport>(report, product);
    }

    private Task<Result<Owned<StatusReport>>> LoadAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<StatusReport>(r => r.Id == id, operation, "There is no such status report in your workspace.", ct);

    private Task<StatusReport?> OpenDraftAsync(Guid productId, CancellationToken ct) =>
        db.StatusReports.AsNoTracking().FirstOrDefaultAsync(r => r.DraftOfProductId == productId, ct);

    private static DecisionRecord Record(StatusReport report, string summary, string? reason = null) =>
        new(summary, StatusReportBuilder.SubjectType, report.Number.ToString(CultureInfo.InvariantCulture), reason);

    private async Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0) return [];
        return await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    internal async Task<StatusReportDto> DtoAsync(StatusReport r, Product product, CancellationToken ct)
    {
        var content = r.IsPublished && r.Content is { } frozen
            ? JsonSerializer.Deserialize<StatusReportContent>(frozen, Json)!
            : await builder.BuildAsync(product.Id, product.Key, product.Name, r.PeriodFrom, ct);
        var names = await NamesAsync(new[] { r.CreatedById, r.PublishedById, r.DeliveryNarrativeById, r.ProductNarrativeById }.OfType<Guid>(), ct);
        PersonSummary Person(Guid id) => new(id, names.GetValueOrDefault(id, "someone"));
        return new StatusReportDto(r.Id, product.Key, r.Number, EnumText.Slug(r.Status), !r.IsPublished, content.Rag, content,
            r.DeliveryNarrative, r.DeliveryNarrativeById is { } d ? Person(d) : null, r.DeliveryNarrativeAt,
            r.ProductNarrative, r.ProductNarrativeById is { } p ? Person(p) : null, r.ProductNarrativeAt,
            Person(r.CreatedById), r.CreatedAt, r.PublishedById is { } b ? Person(b) : null, r.PublishedAt, r.Version);
    }
}
