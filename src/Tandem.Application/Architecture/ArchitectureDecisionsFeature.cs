using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Architecture;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;

namespace Tandem.Application.Architecture;

public sealed record AdrOptionRequest(string? Name, string? Pros, string? Cons);

/// <summary>Body of propose and edit. On PATCH, a field left out keeps its value.</summary>
public sealed record AdrRequest(
    string? Title, string? Context, string? Decision, string? Consequences, string? Deciders,
    IReadOnlyList<AdrOptionRequest>? Options, IReadOnlyList<string>? Items);

public sealed record AdrDecisionRequest(string? Reason);

public sealed record SupersedeRequest(Guid? By);

public sealed record AdrOptionDto(string Name, string Pros, string Cons);

public sealed record AdrRef(Guid Id, int Number, string Title, string Status);

public sealed record AdrStatusChangeDto(string Status, DateTimeOffset At, PersonSummary By, string? Reason);

public sealed record AdrDto(
    Guid Id, string ProductKey, int Number, string Title, string Status, string? StatusReason,
    string Context, IReadOnlyList<AdrOptionDto> Options, string Decision, string Consequences,
    string? Deciders, IReadOnlyList<string> Items, PersonSummary ProposedBy, DateTimeOffset ProposedAt,
    PersonSummary? DecidedBy, DateTimeOffset? DecidedAt, AdrRef? SupersededBy, IReadOnlyList<AdrRef> Supersedes,
    IReadOnlyList<AdrStatusChangeDto> History, int Version) : IVersioned;

public sealed record AdrSummary(Guid Id, int Number, string Title, string Status, DateTimeOffset ProposedAt, DateTimeOffset? DecidedAt, int? SupersededByNumber);

public sealed record AdrFile(string FileName, byte[] Content);

/// <summary>
/// Architecture decision records: anyone on the team proposes, the Tech Lead accepts, rejects, supersedes
/// or deprecates (logged with the change). Exported as Markdown in the common ADR layout.
/// </summary>
public sealed class ArchitectureDecisionsFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, ProductNumbers numbers, TimeProvider clock)
{
    /// <summary>The product's records, newest first, a page at a time (cursor: the last number seen).</summary>
    public async Task<Result<Page<AdrSummary>>> ListAsync(string productKey, string? status, CancellationToken ct, int? limit = null, string? cursor = null)
    {
        var validation = new Validation();
        var wanted = EnumText.Optional<DecisionStatus>(status, "status", validation);
        if (Paging.ValidateLimit(limit) is not null) validation.Add("limit", $"limit must be between 1 and {Paging.MaxLimit}.");
        int? before = null;
        if (cursor is not null)
        {
            if (Paging.TryDecode(cursor, out var raw) && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) before = n;
            else validation.Add("cursor", "The cursor is not one this list handed out; start again without it.");
        }
        if (validation.Result is { } invalid) return invalid;

        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var found)) return refused;
        var productId = found.Id;
        var take = limit ?? Paging.DefaultLimit;
        var query = db.ArchitectureDecisions.AsNoTracking().Where(a => a.ProductId == productId);
        if (wanted is { } w) query = query.Where(a => a.Status == w);
        if (before is { } b) query = query.Where(a => a.Number < b);
        var rows = await query.OrderByDescending(a => a.Number)
            .Select(a => new { a.Id, a.Number, a.Title, a.Status, a.ProposedAt, a.DecidedAt, a.SupersededById })
            .Take(take + 1).ToListAsync(ct);
        var shown = rows.Take(take).ToList();
        var successorIds = shown.Select(r => r.SupersededById).OfType<Guid>().Distinct().ToList();
        var numbers = successorIds.Count == 0 ? []
            : await db.ArchitectureDecisions.AsNoTracking().Where(a => successorIds.Contains(a.Id)).Select(a => new { a.Id, a.Number }).ToDictionaryAsync(a => a.Id, a => a.Number, ct);
        var items = shown.Select(r => new AdrSummary(r.Id, r.Number, r.Title, Name(r.Status), r.ProposedAt, r.DecidedAt,
            r.SupersededById is { } s ? numbers.GetValueOrDefault(s) : null)).ToList();
        var next = rows.Count > take ? Paging.Encode(shown[^1].Number.ToString(CultureInfo.InvariantCulture)) : null;
        return new Page<AdrSummary>(items, next);
    }

    public async Task<Result<AdrDto>> ProposeAsync(string productKey, AdrRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.ArchitectureDecisions.Propose, ct)).Failed(out var refused, out var product)) return refused;
        var content = Content(request, null);
        if (await ValidateAsync(product, content, ct) is { } invalid) return invalid;

        // The number comes from the product's series in the transaction that saves the record: concurrent proposals queue, never collide.
        return await numbers.InTransactionAsync<AdrDto>(async () =>
        {
            var record = ArchitectureDecision.Propose(product.WorkspaceId, product.Id, await NextNumberAsync(product, ct), content, me.UserId, clock.GetUtcNow());
            db.ArchitectureDecisions.Add(record);
            await db.SaveChangesAsync(ct);
            return await DtoAsync(record, product, ct);
        }, ct);
    }

    /// <summary>
    /// The record a Tech Lead's decision of a technology evaluation makes: proposed and accepted at once,
    /// because the decision is already made. Added but not saved, inside the caller's transaction, so the
    /// caller saves it with the evaluation and logs one decision that tells both (nothing is half-written).
    /// </summary>
    public async Task<Result<ArchitectureDecision>> AddAcceptedAsync(Product product, DecisionContent content, string reason, CancellationToken ct)
    {
        if (await ValidateAsync(product, content, ct) is { } invalid) return invalid;
        var now = clock.GetUtcNow();
        var record = ArchitectureDecision.Propose(product.WorkspaceId, product.Id, await NextNumberAsync(product, ct), content, me.UserId, now);
        record.Accept(me.UserId, reason, now);
        db.ArchitectureDecisions.Add(record);
        return record;
    }

    public async Task<Result<AdrDto>> GetAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await DtoAsync(found.Entity, found.Product, ct);
    }

    public async Task<Result<AdrDto>> GetByNumberAsync(string productKey, int number, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        // Its options and history in a statement each, not their product of rows in one.
        var record = await db.ArchitectureDecisions.AsNoTracking().AsSplitQuery().FirstOrDefaultAsync(a => a.ProductId == product.Id && a.Number == number, ct);
        return record is null ? Error.NotFound($"{product.Key} has no ADR {number}.") : await DtoAsync(record, product, ct);
    }

    public async Task<Result<AdrDto>> EditAsync(Guid id, AdrRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.ArchitectureDecisions.Propose, ct)).Failed(out var error, out var found)) return error;
        var (record, product) = found;
        if (record.Status != DecisionStatus.Proposed)
            return Error.Conflict($"ADR {record.Number} is {Name(record.Status)}: a decided record keeps its text. Propose a new record that supersedes it instead.");
        if (ifMatch is { } expected && expected != record.Version)
            return Error.Stale($"ADR {record.Number} was changed by someone else (version {record.Version}, you sent {expected}). Reload it and try again.");
        var content = Content(request, record);
        if (await ValidateAsync(product, content, ct) is { } invalid) return invalid;
        record.Edit(content);
        if (await db.SaveOrStaleAsync($"ADR {record.Number}", ct) is { } stale) return stale;
        return await DtoAsync(record, product, ct);
    }

    public Task<Result<AdrDto>> AcceptAsync(Guid id, AdrDecisionRequest request, CancellationToken ct) =>
        DecideAsync(id, DecisionStatus.Proposed, request.Reason, reasonRequired: false, (r, now) => r.Accept(me.UserId, request.Reason, now), "Accepted", ct);

    public Task<Result<AdrDto>> RejectAsync(Guid id, AdrDecisionRequest request, CancellationToken ct) =>
        DecideAsync(id, DecisionStatus.Proposed, request.Reason, reasonRequired: true, (r, now) => r.Reject(me.UserId, request.Reason!, now), "Rejected", ct);

    public Task<Result<AdrDto>> DeprecateAsync(Guid id, AdrDecisionRequest request, CancellationToken ct) =>
        DecideAsync(id, DecisionStatus.Accepted, request.Reason, reasonRequired: true, (r, now) => r.Deprecate(me.UserId, request.Reason!, now), "Deprecated", ct);

    public async Task<Result<AdrDto>> SupersedeAsync(Guid id, SupersedeRequest request, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.ArchitectureDecisions.Decide, ct)).Failed(out var error, out var found)) return error;
        var (record, product) = found;
        if (request.By is not { } byId) return Error.Invalid("by", "by is the id of the record that supersedes this one.");
        if (byId == record.Id) return Error.Invalid("by", $"ADR {record.Number} cannot supersede itself.");
        var successor = await db.ArchitectureDecisions.AsSplitQuery().FirstOrDefaultAsync(a => a.Id == byId, ct);
        if (successor is null) return Error.Invalid("by", "There is no such record in your workspace.");
        if (successor.ProductId != record.ProductId)
            return Error.Invalid("by", $"ADR {record.Number} of {product.Key} can only be superseded by a record of {product.Key}.");

        // Walk the successor's own chain: reaching this record means the chain would loop.
        var cursor = successor;
        var seen = new HashSet<Guid>();
        while (cursor.SupersededById is { } next && seen.Add(cursor.Id))
        {
            if (next == record.Id)
                return Error.Conflict($"ADR {successor.Number} is already (through its chain) superseded by ADR {record.Number}; superseding back would make a cycle.");
            cursor = await db.ArchitectureDecisions.AsSplitQuery().FirstAsync(a => a.Id == next, ct);
        }
        if (record.Status != DecisionStatus.Accepted)
            return Error.Conflict($"Only an accepted record can be superseded; ADR {record.Number} is {Name(record.Status)}.");
        if (successor.Status is not (DecisionStatus.Accepted or DecisionStatus.Proposed))
            return Error.Conflict($"ADR {successor.Number} is {Name(successor.Status)}; only a proposed or accepted record can supersede another.");

        var now = clock.GetUtcNow();
        // The successor is accepted with it: replacing a decision is deciding the new one, so the one entry tells both.
        var acceptsSuccessor = successor.Status == DecisionStatus.Proposed;
        var summary = $"Superseded ADR {record.Number} ({record.Title}) by ADR {successor.Number} ({successor.Title})" + (acceptsSuccessor ? $", accepting ADR {successor.Number}" : "");
        if (await rights.DecideAsync(product, Operations.ArchitectureDecisions.Decide, new DecisionRecord(summary, "adr", Number(record)), ct) is { } refusedDecision)
            return refusedDecision;
        if (acceptsSuccessor) successor.Accept(me.UserId, $"Accepted to supersede ADR {record.Number}", now);
        record.SupersedeWith(successor, me.UserId, now);
        if (await SaveDecisionAsync(record, ct) is { } stale) return stale;
        return await DtoAsync(record, product, ct);
    }

    public async Task<Result<AdrFile>> MarkdownAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var dto = await DtoAsync(found.Entity, found.Product, ct);
        return new AdrFile(FileName(dto), Encoding.UTF8.GetBytes(ToMarkdown(dto)));
    }

    public async Task<Result<AdrFile>> ZipAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var records = await db.ArchitectureDecisions.AsNoTracking().Where(a => a.ProductId == product.Id).OrderBy(a => a.Number).AsSplitQuery().ToListAsync(ct);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var dto in await DtosAsync(records, product, ct))
            {
                var entry = zip.CreateEntry(FileName(dto), CompressionLevel.Optimal);
                entry.LastWriteTime = dto.DecidedAt ?? dto.ProposedAt;
                await using var stream = await entry.OpenAsync(ct);
                await stream.WriteAsync(Encoding.UTF8.GetBytes(ToMarkdown(dto)), ct);
            }
        }
        return new AdrFile($"{product.Key.ToLowerInvariant()}-adrs.zip", buffer.ToArray());
    }

    /// <summary>The file name teams keep in their repository: <c>0007-use-postgresql.md</c>.</summary>
    public static string FileName(AdrDto dto) => $"{dto.Number.ToString("D4", CultureInfo.InvariantCulture)}-{Slug(dto.Title)}.md";

    public static string Slug(string title)
    {
        var sb = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var slug = sb.ToString().Trim('-');
        if (slug.Length > 60) slug = slug[..60].TrimEnd('-');
        return slug.Length == 0 ? "decision" : slug;
    }

    /// <summary>The common ADR layout (Nygard's, as adr-tools writes it), with the options between context and decision.</summary>
    public static string ToMarkdown(AdrDto dto)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# {dto.Number}. {dto.Title}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Date: {(dto.DecidedAt ?? dto.ProposedAt).UtcDateTime:yyyy-MM-dd}\n\n");
        sb.Append("## Status\n\n").Append(char.ToUpperInvariant(dto.Status[0])).Append(dto.Status[1..]);
        if (dto.SupersededBy is { } by) sb.Append(CultureInfo.InvariantCulture, $"\n\nSuperseded by [{by.Number}. {by.Title}]({FileName(by)})");
        foreach (var s in dto.Supersedes) sb.Append(CultureInfo.InvariantCulture, $"\n\nSupersedes [{s.Number}. {s.Title}]({FileName(s)})");
        if (dto.StatusReason is { } reason && dto.SupersededBy is null) sb.Append("\n\n").Append(reason);
        if (dto.Deciders is { } deciders) sb.Append("\n\nDeciders: ").Append(deciders);
        if (dto.Items.Count > 0) sb.Append("\n\nItems: ").Append(string.Join(", ", dto.Items));
        sb.Append("\n\n## Context\n\n").Append(dto.Context).Append('\n');
        if (dto.Options.Count > 0)
        {
            sb.Append("\n## Options\n");
            foreach (var o in dto.Options)
            {
                sb.Append("\n### ").Append(o.Name).Append('\n');
                if (o.Pros.Length > 0) sb.Append("\nPros:\n\n").Append(o.Pros).Append('\n');
                if (o.Cons.Length > 0) sb.Append("\nCons:\n\n").Append(o.Cons).Append('\n');
            }
        }
        sb.Append("\n## Decision\n\n").Append(dto.Decision).Append('\n');
        sb.Append("\n## Consequences\n\n").Append(dto.Consequences).Append('\n');
        return sb.ToString();
    }

    private static string FileName(AdrRef r) => $"{r.Number.ToString("D4", CultureInfo.InvariantCulture)}-{Slug(r.Title)}.md";

    private async Task<Result<AdrDto>> DecideAsync(
        Guid id, DecisionStatus from, string? reason, bool reasonRequired, Action<ArchitectureDecision, DateTimeOffset> apply, string verb, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.ArchitectureDecisions.Decide, ct)).Failed(out var error, out var found)) return error;
        var (record, product) = found;
        if (record.Status != from)
        {
            var what = record.Status == DecisionStatus.Superseded && await SuccessorNumberAsync(record, ct) is { } n
                ? $"ADR {record.Number} is already superseded by ADR {n}" : $"ADR {record.Number} is already {Name(record.Status)}";
            return Error.Conflict($"{what}; only a {Name(from)} record can be {verb.ToLowerInvariant()}.");
        }
        if (reasonRequired && string.IsNullOrWhiteSpace(reason))
            return Error.Invalid("reason", $"Say why it is {verb.ToLowerInvariant()}, so the team knows.");
        if (reason is { Length: > ArchitectureDecision.ReasonMaxLength })
            return Error.Invalid("reason", $"A reason has at most {ArchitectureDecision.ReasonMaxLength} characters.");
        if (await rights.DecideAsync(product, Operations.ArchitectureDecisions.Decide, new DecisionRecord($"{verb} ADR {record.Number}: {record.Title}", "adr", Number(record), reason), ct) is { } refused)
            return refused;
        apply(record, clock.GetUtcNow());
        if (await SaveDecisionAsync(record, ct) is { } stale) return stale;
        return await DtoAsync(record, product, ct);
    }

    /// <summary>Two decisions of one record at the same moment: the second is told it was decided, not that it is stale.</summary>
    private async Task<Error?> SaveDecisionAsync(ArchitectureDecision record, CancellationToken ct) =>
        await db.SaveOrStaleAsync($"ADR {record.Number}", ct) is null ? null
            : Error.Conflict($"ADR {record.Number} was decided by someone else at the same moment. Reload it.");

    private Task<int> NextNumberAsync(Product product, CancellationToken ct) =>
        numbers.NextAsync(product, Sequences.DecisionRecords,
            ct2 => db.ArchitectureDecisions.Where(a => a.ProductId == product.Id).MaxAsync(a => (int?)a.Number, ct2), ct);

    private static string Number(ArchitectureDecision record) => record.Number.ToString(CultureInfo.InvariantCulture);

    private async Task<int?> SuccessorNumberAsync(ArchitectureDecision record, CancellationToken ct) =>
        record.SupersededById is { } s ? await db.ArchitectureDecisions.Where(a => a.Id == s).Select(a => (int?)a.Number).FirstOrDefaultAsync(ct) : null;

    /// <summary>The record and its product, if the current user may perform the operation; another workspace's records do not exist.</summary>
    private Task<Result<Owned<ArchitectureDecision>>> LoadAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<ArchitectureDecision>(a => a.Id == id, operation, "There is no such decision record in your workspace.", ct);

    private static DecisionContent Content(AdrRequest r, ArchitectureDecision? current) => new(
        r.Title ?? current?.Title, r.Context ?? current?.Context, r.Decision ?? current?.Decision, r.Consequences ?? current?.Consequences,
        r.Deciders ?? current?.Deciders,
        r.Options is { } options ? options.Select(o => (o?.Name, o?.Pros, o?.Cons)).ToList()
            : current?.Options.Select(o => ((string?)o.Name, (string?)o.Pros, (string?)o.Cons)).ToList() ?? [],
        r.Items is { } items ? items.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim().ToUpperInvariant()).Distinct().ToList()
            : current?.ItemKeys ?? []);

    private async Task<Error?> ValidateAsync(Product product, DecisionContent content, CancellationToken ct)
    {
        // The model's rules, all at once, and beside them the one rule that needs the database: the items exist.
        var fields = (Rules.Apply(() => ArchitectureDecision.Check(content).ThrowIfBroken())?.Fields ?? new Dictionary<string, string[]>()).ToDictionary();
        if (content.ItemKeys.Count > 0 && !fields.ContainsKey("items"))
        {
            var keys = content.ItemKeys.ToList();
            var known = await db.BacklogItems.Where(i => i.ProductId == product.Id && keys.Contains(i.Key)).Select(i => i.Key).ToListAsync(ct);
            var missing = keys.Except(known).ToList();
            if (missing.Count > 0) fields["items"] = [$"{product.Key} has no item {string.Join(", ", missing)}."];
        }
        return fields.Count == 0 ? null : Error.Invalid(fields);
    }

    private async Task<AdrDto> DtoAsync(ArchitectureDecision record, Product product, CancellationToken ct) =>
        (await DtosAsync([record], product, ct))[0];

    private async Task<List<AdrDto>> DtosAsync(IReadOnlyList<ArchitectureDecision> records, Product product, CancellationToken ct)
    {
        var ids = records.Select(r => r.Id).ToList();
        var related = await db.ArchitectureDecisions.AsNoTracking()
            .Where(a => a.ProductId == product.Id)
            .Where(a => ids.Contains(a.Id) || (a.SupersededById != null && ids.Contains(a.SupersededById.Value)))
            .Select(a => new { a.Id, a.Number, a.Title, a.Status, a.SupersededById })
            .ToListAsync(ct);
        var successorIds = records.Select(r => r.SupersededById).OfType<Guid>().ToList();
        var successors = await db.ArchitectureDecisions.AsNoTracking().Where(a => successorIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Number, a.Title, a.Status }).ToDictionaryAsync(a => a.Id, ct);
        var people = records.SelectMany(r => r.History.Select(h => h.ById).Append(r.ProposedById).Append(r.DecidedById ?? Guid.Empty)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        PersonSummary Person(Guid id) => new(id, names.GetValueOrDefault(id, "someone"));

        return records.Select(r => new AdrDto(
            r.Id, product.Key, r.Number, r.Title, Name(r.Status), r.StatusReason, r.Context,
            r.Options.OrderBy(o => o.Position).Select(o => new AdrOptionDto(o.Name, o.Pros, o.Cons)).ToList(),
            r.Decision, r.Consequences, r.Deciders, r.ItemKeys.ToList(), Person(r.ProposedById), r.ProposedAt,
            r.DecidedById is { } d ? Person(d) : null, r.DecidedAt,
            r.SupersededById is { } s && successors.TryGetValue(s, out var by) ? new AdrRef(by.Id, by.Number, by.Title, Name(by.Status)) : null,
            related.Where(a => a.SupersededById == r.Id).OrderBy(a => a.Number).Select(a => new AdrRef(a.Id, a.Number, a.Title, Name(a.Status))).ToList(),
            r.History.Select(h => new AdrStatusChangeDto(Name(h.Status), h.At, Person(h.ById), h.Reason)).ToList(),
            r.Version)).ToList();
    }

    private static string Name(DecisionStatus status) => EnumText.Slug(status);
}
