using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Application.Releases;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Nfrs;
using Tandem.Domain.Products;
using Tandem.Domain.Releases;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Nfrs;

/// <summary>A row of the catalogue. LatestResult is the result of the most recent verification (any release), null until the first.</summary>
public sealed record NfrSummary(
    Guid Id, string ProductKey, int Number, string Code, string Category, string Statement, string Metric, string Target, string Threshold,
    string Status, PersonSummary? Owner, string? LatestResult, int Version) : IVersioned;

/// <summary>Target is what the link points at as people name it: an item key, a release name, "ADR-3".</summary>
public sealed record NfrLinkDto(Guid Id, string Kind, Guid TargetId, string Target, string Title, string? Status);

public sealed record NfrVerificationDto(
    Guid Id, Guid ReleaseId, string Release, string Result, string MeasuredValue, string? EvidenceUrl, string Note,
    PersonSummary RecordedBy, DateTimeOffset RecordedAt, bool IsCurrent);

public sealed record NfrDto(
    Guid Id, string ProductKey, int Number, string Code, string Category, string Statement, string Metric, string Target, string Threshold,
    string Verification, PersonSummary? Owner, string Status, PersonSummary ProposedBy, DateTimeOffset ProposedAt,
    PersonSummary? TargetSetBy, DateTimeOffset? TargetSetAt, PersonSummary? NeedAgreedBy, DateTimeOffset? NeedAgreedAt,
    string? LatestResult, DateTimeOffset? LatestVerifiedAt, IReadOnlyList<NfrLinkDto> Links, IReadOnlyList<NfrVerificationDto> Verifications,
    DateTimeOffset UpdatedAt, int Version) : IVersioned;

public sealed record NfrQuery(string? Category, string? Status, int? Limit, string? Cursor);

/// <summary>Metric is required. Target, threshold and verification are a suggestion until the Tech Lead sets them (the TL's own proposal with all four sets them at once).</summary>
public sealed record ProposeNfrRequest(string? Category, string? Statement, string? Metric, string? Target, string? Threshold, string? Verification, Guid? OwnerId);

/// <summary>A partial update: only the fields present change. ClearOwner removes the owner; Retired retires or reinstates the NFR.</summary>
public sealed record PatchNfrRequest(string? Category, string? Statement, Guid? OwnerId, bool? ClearOwner, bool? Retired);

public sealed record SetNfrTargetRequest(string? Metric, string? Target, string? Threshold, string? Verification, string? Reason);

public sealed record AgreeNfrNeedRequest(string? Reason);

/// <summary>Kind is item, release or decision; Target is an item key (PAY-12), a release name (2026.12) or a decision record (ADR-3 or 3).</summary>
public sealed record NfrLinkRequest(string? Kind, string? Target);

/// <summary>Release is the release's name or id; Result is not-verified, met or not-met; EvidenceUrl an http(s) link.</summary>
public sealed record RecordVerificationRequest(string? Release, string? Result, string? MeasuredValue, string? EvidenceUrl, string? Note);

public sealed record ComplianceCell(Guid ReleaseId, string Result, string? MeasuredValue, string? EvidenceUrl, DateTimeOffset? RecordedAt);

public sealed record ComplianceRow(NfrSummary Nfr, IReadOnlyList<ComplianceCell> Cells);

/// <summary>NFRs (not retired) × releases, one cell per release in the order of Releases; a cell without a recorded result reads not-verified.</summary>
public sealed record ComplianceDto(string ProductKey, IReadOnlyList<ReleaseDto> Releases, IReadOnlyList<ComplianceRow> Rows, string? NextCursor);


/// <summary>
/// The catalogue of non-functional requirements. Anyone on the team proposes; the Tech Lead sets the
/// measurable target (metric, target, threshold, how verified) and records verification results per
/// release; the Product Owner agrees the need. Links tie an NFR to items (it joins their Definition of
/// Done), releases and decision records.
/// </summary>
public sealed class NfrFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, ProductNumbers numbers, TimeProvider clock, ReleasesFeature releases)
{
    public const int MaxLinks = 100;
    public const int ReasonMaxLength = 2000;

    public async Task<Result<Page<NfrSummary>>> ListAsync(string productKey, NfrQuery query, CancellationToken ct)
    {
        var validation = new Validation();
        var category = EnumText.Optional<NfrCategory>(query.Category, "category", validation);
        var status = EnumText.Optional<NfrStatus>(query.Status, "status", validation);
        if (Paging.ValidateLimit(query.Limit) is { Fields: { } limitError }) validation.Add("limit", limitError["limit"][0]);
        var after = 0;
        if (query.Cursor is not null && (!Paging.TryDecode(query.Cursor, out var raw) || !int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
            validation.Add("cursor", Paging.BadCursor.Detail);
        if (validation.Result is { } invalid) return invalid;
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;

        var rows = db.Nfrs.AsNoTracking().Where(n => n.ProductId == product.Id && n.Number > after);
        if (category is { } c) rows = rows.Where(n => n.Category == c);
        if (status is { } s) rows = rows.Where(n => n.Status == s);
        var take = query.Limit ?? Paging.DefaultLimit;
        var page = await rows.OrderBy(n => n.Number).Take(take + 1).ToListAsync(ct);
        var shown = page.Take(take).ToList();
        var names = await db.DisplayNamesAsync(shown.Select(n => n.OwnerId).OfType<Guid>(), ct);
        return new Page<NfrSummary>(shown.Select(n => ToSummary(n, product, names)).ToList(),
            page.Count > take ? Paging.Encode(shown[^1].Number.ToString(CultureInfo.InvariantCulture)) : null);
    }

    public async Task<Result<NfrDto>> GetAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await DetailAsync(found.Entity, found.Product, ct);
    }

    public async Task<Result<NfrDto>> GetByNumberAsync(string productKey, int number, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var nfr = await db.Nfrs.AsNoTracking().FirstOrDefaultAsync(n => n.ProductId == product.Id && n.Number == number, ct);
        return nfr is null ? Error.NotFound($"{product.Key} has no NFR-{number}.") : await DetailAsync(nfr, product, ct);
    }

    public async Task<Result<NfrDto>> ProposeAsync(string productKey, ProposeNfrRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Nfrs.Propose, ct)).Failed(out var refused, out var product)) return refused;
        var validation = new Validation();
        var category = EnumText.Required<NfrCategory>(request.Category, "category", validation);
        await ValidateOwnerAsync(product, request.OwnerId, validation, ct);
        var now = clock.GetUtcNow();
        // The model names every text field it refuses at once; the category and the owner are the handler's to check.
        Nfr Propose(int number) => Nfr.Propose(product.WorkspaceId, product.Id, number, category ?? default, request.Statement, request.Metric,
            request.Target, request.Threshold, request.Verification, request.OwnerId, me.UserId, now);
        if (validation.Include(Rules.Create(() => Propose(0)).Error).Result is { } invalid) return invalid;

        var setsTarget = !string.IsNullOrWhiteSpace(request.Target) && !string.IsNullOrWhiteSpace(request.Threshold) && !string.IsNullOrWhiteSpace(request.Verification)
            && await rights.IsAllowedAsync(product, Operations.Nfrs.SetTarget, ct);
        return await numbers.InTransactionAsync<NfrDto>(async () =>
        {
            var nfr = Propose(await numbers.NextAsync(product, Sequences.Nfrs, ct2 => db.Nfrs.Where(n => n.ProductId == product.Id).MaxAsync(n => (int?)n.Number, ct2), ct));
            db.Nfrs.Add(nfr);
            // The Tech Lead's own proposal with a whole target sets it at once: that half is decided, and logged.
            if (setsTarget)
            {
                nfr.SetTarget(nfr.Metric, nfr.Target, nfr.Threshold, nfr.Verification, me.UserId, now);
                if (await rights.DecideAsync(product, Operations.Nfrs.SetTarget, TargetRecord(nfr, null), ct) is { } refusedTarget) return refusedTarget;
            }
            await db.SaveChangesAsync(ct);
            return await DetailAsync(nfr, product, ct);
        }, ct);
    }

    public async Task<Result<NfrDto>> PatchAsync(Guid id, PatchNfrRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Nfrs.SetTarget, ct)).Failed(out var error, out var found)) return error;
        var (nfr, product) = found;
        if (Stale(nfr, ifMatch) is { } stale) return stale;
        var validation = new Validation();
        var category = EnumText.Optional<NfrCategory>(request.Category, "category", validation);
        if (request.OwnerId is not null) await ValidateOwnerAsync(product, request.OwnerId, validation, ct);
        var owner = request.ClearOwner == true ? null : request.OwnerId ?? nfr.OwnerId;
        var retired = request.Retired ?? nfr.Status == NfrStatus.Retired;
        if (validation.Include(Rules.Apply(() => nfr.Change(category ?? nfr.Category, request.Statement ?? nfr.Statement, owner, retired, clock.GetUtcNow()))).Result is { } invalid)
        {
            db.ChangeTracker.Clear();
            return invalid;
        }
        var summary = request.Retired switch
        {
            true => $"Retired {nfr.Code}",
            false => $"Reinstated {nfr.Code}",
            _ => $"Changed {nfr.Code}",
        };
        if (await rights.DecideAsync(product, Operations.Nfrs.SetTarget, new DecisionRecord(summary, "nfr", nfr.Id.ToString()), ct) is { } refused) return refused;
        return await SaveAsync(nfr, product, ct);
    }

    public async Task<Result<NfrDto>> SetTargetAsync(Guid id, SetNfrTargetRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Nfrs.SetTarget, ct)).Failed(out var error, out var found)) return error;
        var (nfr, product) = found;
        if (Stale(nfr, ifMatch) is { } stale) return stale;
        var validation = new Validation();
        if (request.Reason is { Length: > ReasonMaxLength }) validation.Add("reason", $"A reason has at most {ReasonMaxLength} characters.");
        validation.Include(Rules.Apply(() => nfr.SetTarget(request.Metric, request.Target, request.Threshold, request.Verification, me.UserId, clock.GetUtcNow())));
        if (validation.Result is { } invalid)
        {
            db.ChangeTracker.Clear();
            return invalid;
        }
        if (await rights.DecideAsync(product, Operations.Nfrs.SetTarget, TargetRecord(nfr, request.Reason), ct) is { } refused) return refused;
        return await SaveAsync(nfr, product, ct);
    }

    public async Task<Result<NfrDto>> AgreeNeedAsync(Guid id, AgreeNfrNeedRequest request, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Nfrs.AgreeNeed, ct)).Failed(out var error, out var found)) return error;
        var (nfr, product) = found;
        if (nfr.NeedAgreedAt is not null) return Error.Conflict($"The need for {nfr.Code} is already agreed.");
        if (nfr.Status == NfrStatus.Retired) return Error.Conflict($"{nfr.Code} is retired; reinstate it before agreeing the need.");
        if (request.Reason is { Length: > ReasonMaxLength }) return Error.Invalid("reason", $"A reason has at most {ReasonMaxLength} characters.");
        if (await rights.DecideAsync(product, Operations.Nfrs.AgreeNeed,
                new DecisionRecord($"Agreed the need for {nfr.Code}: {Short(nfr.Statement)}", "nfr", nfr.Id.ToString(), request.Reason), ct) is { } refused)
            return refused;
        nfr.AgreeNeed(me.UserId, clock.GetUtcNow());
        return await SaveAsync(nfr, product, ct);
    }

    public async Task<Result<NfrDto>> AddLinkAsync(Guid id, NfrLinkRequest request, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Nfrs.Propose, ct)).Failed(out var error, out var found)) return error;
        var (nfr, product) = found;
        var validation = new Validation();
        var kind = EnumText.Required<NfrLinkKind>(request.Kind, "kind", validation);
        if (string.IsNullOrWhiteSpace(request.Target)) validation.Add("target", "Say what to link: an item key (PAY-12), a release name or a decision record (ADR-3).");
        if (validation.Result is { } invalid) return invalid;
        var target = request.Target?.Trim() ?? "";
        Guid? targetId = kind switch
        {
            NfrLinkKind.Item => await db.BacklogItems.Where(i => i.ProductId == product.Id && i.Key == target.ToUpperInvariant()).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct),
            NfrLinkKind.Release => Guid.TryParse(target, out var rid)
                ? await db.Releases.Where(r => r.ProductId == product.Id && r.Id == rid).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct)
                : await db.Releases.Where(r => r.ProductId == product.Id && r.Name == target).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct),
            _ => AdrNumber(target) is { } number
                ? await db.ArchitectureDecisions.Where(a => a.ProductId == product.Id && a.Number == number).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct)
                : null,
        };
        if (targetId is null)
        {
            var what = kind switch { NfrLinkKind.Item => "backlog item", NfrLinkKind.Release => "release", _ => "decision record" };
            return Error.Invalid("target", $"{product.Key} has no {what} '{target}'.");
        }
        if (await db.NfrLinks.AnyAsync(l => l.NfrId == nfr.Id && l.Kind == kind && l.TargetId == targetId, ct))
            return Error.Conflict($"{nfr.Code} is already linked to {target}.");
        if (await db.NfrLinks.CountAsync(l => l.NfrId == nfr.Id, ct) >= MaxLinks)
            return Error.Invalid("target", $"An NFR has at most {MaxLinks} links.");
        db.NfrLinks.Add(NfrLink.Create(nfr, kind.GetValueOrDefault(), targetId.Value, me.UserId, clock.GetUtcNow()));
        if (await db.SaveOrConflictAsync($"{nfr.Code} was linked to {target} at the same moment.", ct) is { } conflict) return conflict;
        return await DetailAsync(nfr, product, ct);
    }

    public async Task<Result<NfrDto>> RemoveLinkAsync(Guid id, Guid linkId, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Nfrs.Propose, ct)).Failed(out var error, out var found)) return error;
        var (nfr, product) = found;
        var link = await db.NfrLinks.FirstOrDefaultAsync(l => l.Id == linkId && l.NfrId == nfr.Id, ct);
        if (link is null) return Error.NotFound($"{nfr.Code} has no link {linkId}.");
        db.NfrLinks.Remove(link);
        await db.SaveChangesAsync(ct);
        return await DetailAsync(nfr, product, ct);
    }

    public async Task<Result<IReadOnlyList<NfrVerificationDto>>> VerificationsAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return Result<IReadOnlyList<NfrVerificationDto>>.Ok(await HistoryAsync(found.Entity.Id, ct));
    }

    public async Task<Result<NfrVerificationDto>> VerifyAsync(Guid id, RecordVerificationRequest request, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Nfrs.Verify, ct)).Failed(out var error, out var found)) return error;
        var (nfr, product) = found;
        var validation = new Validation();
        var result = EnumText.Required<NfrResult>(request.Result, "result", validation);
        Release? release = null;
        if (string.IsNullOrWhiteSpace(request.Release)) validation.Add("release", "Say which release this result is for.");
        else
        {
            var r = request.Release.Trim();
            release = Guid.TryParse(r, out var rid)
                ? await db.Releases.FirstOrDefaultAsync(x => x.ProductId == product.Id && x.Id == rid, ct)
                : await db.Releases.FirstOrDefaultAsync(x => x.ProductId == product.Id && x.Name == r, ct);
            if (release is null) validation.Add("release", $"{product.Key} has no release '{r}'.");
        }
        var now = clock.GetUtcNow();
        var recorded = Rules.Create(() => NfrVerification.Record(nfr, release?.Id ?? Guid.Empty, result ?? NfrResult.NotVerified,
            request.MeasuredValue, request.EvidenceUrl, request.Note, me.UserId, now));
        if (validation.Include(recorded.Error).Result is { } invalid) return invalid;
        if (recorded.Failed(out var refusedRecord, out var verification) || release is null) return refusedRecord ?? Error.Invalid("release", "Say which release this result is for.");

        var measured = verification.MeasuredValue.Length > 0 ? $" (measured {verification.MeasuredValue})" : "";
        if (await rights.DecideAsync(product, Operations.Nfrs.Verify, new DecisionRecord(
                $"Verified {nfr.Code} for release {release.Name}: {Label(verification.Result)}{measured}", "nfr", nfr.Id.ToString()), ct) is { } refused)
            return refused;
        foreach (var previous in await db.NfrVerifications.Where(v => v.NfrId == nfr.Id && v.ReleaseId == release.Id && v.IsCurrent).ToListAsync(ct))
            previous.Supersede();
        db.NfrVerifications.Add(verification);
        nfr.Verified(verification.Result, now);
        if (await db.SaveOrStaleAsync(nfr.Code, ct) is { } stale) return stale;
        return new NfrVerificationDto(verification.Id, release.Id, release.Name, EnumText.Slug(verification.Result), verification.MeasuredValue,
            verification.EvidenceUrl, verification.Note, new PersonSummary(me.UserId, me.DisplayName), now, true);
    }

    public async Task<Result<ComplianceDto>> ComplianceAsync(string productKey, NfrQuery query, CancellationToken ct)
    {
        var validation = new Validation();
        var category = EnumText.Optional<NfrCategory>(query.Category, "category", validation);
        if (Paging.ValidateLimit(query.Limit) is { Fields: { } limitError }) validation.Add("limit", limitError["limit"][0]);
        var after = 0;
        if (query.Cursor is not null && (!Paging.TryDecode(query.Cursor, out var raw) || !int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
            validation.Add("cursor", Paging.BadCursor.Detail);
        if (validation.Result is { } invalid) return invalid;
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;

        var releaseRows = await releases.OfProductAsync(product.Id, ct);
        var rows = db.Nfrs.AsNoTracking().Where(n => n.ProductId == product.Id && n.Status != NfrStatus.Retired && n.Number > after);
        if (category is { } c) rows = rows.Where(n => n.Category == c);
        var take = query.Limit ?? Paging.MaxLimit;
        var page = await rows.OrderBy(n => n.Number).Take(take + 1).ToListAsync(ct);
        var shown = page.Take(take).ToList();
        var ids = shown.Select(n => n.Id).ToList();
        var current = await db.NfrVerifications.AsNoTracking().Where(v => v.ProductId == product.Id && v.IsCurrent && ids.Contains(v.NfrId)).ToListAsync(ct);
        var byCell = current.ToDictionary(v => (v.NfrId, v.ReleaseId));
        var names = await db.DisplayNamesAsync(shown.Select(n => n.OwnerId).OfType<Guid>(), ct);
        var notVerified = EnumText.Slug(NfrResult.NotVerified);
        var grid = shown.Select(n => new ComplianceRow(ToSummary(n, product, names), releaseRows.Select(r => byCell.TryGetValue((n.Id, r.Id), out var v)
            ? new ComplianceCell(r.Id, EnumText.Slug(v.Result), v.MeasuredValue, v.EvidenceUrl, v.RecordedAt)
            : new ComplianceCell(r.Id, notVerified, null, null, null)).ToList())).ToList();
        return new ComplianceDto(product.Key, releaseRows.Select(r => ReleasesFeature.ToDto(r, product)).ToList(), grid,
            page.Count > take ? Paging.Encode(shown[^1].Number.ToString(CultureInfo.InvariantCulture)) : null);
    }

    private async Task<Result<NfrDto>> SaveAsync(Nfr nfr, Product product, CancellationToken ct) =>
        await db.SaveOrStaleAsync(nfr.Code, ct) is { } stale ? stale : await DetailAsync(nfr, product, ct);

    private static DecisionRecord TargetRecord(Nfr nfr, string? reason) =>
        new($"Set the target of {nfr.Code}: {nfr.Metric} {nfr.Target} (threshold {nfr.Threshold})", "nfr", nfr.Id.ToString(), reason);

    private static Error? Stale(Nfr nfr, int? ifMatch) => ifMatch is { } expected && expected != nfr.Version
        ? Error.Stale($"{nfr.Code} was changed by someone else (version {nfr.Version}, you sent {expected}). Reload it and try again.")
        : null;

    private Task<Result<Owned<Nfr>>> LoadAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<Nfr>(n => n.Id == id, operation, $"There is no NFR {id} in your workspace.", ct);

    private async Task ValidateOwnerAsync(Product product, Guid? ownerId, Validation validation, CancellationToken ct)
    {
        if (ownerId is not { } id) return;
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => r.ProductId == product.Id && r.UserId == id).Select(r => r.Role).ToListAsync(ct);
        if (!roles.Any(r => r.IsTeamRole())) validation.Add("ownerId", $"The owner is someone on {product.Key}'s team.");
    }

    private async Task<NfrDto> DetailAsync(Nfr n, Product product, CancellationToken ct)
    {
        var links = await db.NfrLinks.AsNoTracking().Where(l => l.NfrId == n.Id).ToListAsync(ct);
        var itemIds = links.Where(l => l.Kind == NfrLinkKind.Item).Select(l => l.TargetId).ToList();
        var releaseIds = links.Where(l => l.Kind == NfrLinkKind.Release).Select(l => l.TargetId).ToList();
        var decisionIds = links.Where(l => l.Kind == NfrLinkKind.Decision).Select(l => l.TargetId).ToList();
        var items = await db.BacklogItems.AsNoTracking().Where(i => itemIds.Contains(i.Id))
            .Select(i => new { i.Id, i.Key, i.Title, i.Status }).ToDictionaryAsync(i => i.Id, ct);
        var releaseNames = await db.Releases.AsNoTracking().Where(r => releaseIds.Contains(r.Id))
            .Select(r => new { r.Id, r.Name, r.Status }).ToDictionaryAsync(r => r.Id, ct);
        var decisions = await db.ArchitectureDecisions.AsNoTracking().Where(a => decisionIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Number, a.Title, a.Status }).ToDictionaryAsync(a => a.Id, ct);
        var linkDtos = links.Select(l => l.Kind switch
        {
            NfrLinkKind.Item when items.TryGetValue(l.TargetId, out var i) => new NfrLinkDto(l.Id, "item", l.TargetId, i.Key, i.Title, EnumText.Slug(i.Status)),
            NfrLinkKind.Release when releaseNames.TryGetValue(l.TargetId, out var r) => new NfrLinkDto(l.Id, "release", l.TargetId, r.Name, $"Release {r.Name}", EnumText.Slug(r.Status)),
            NfrLinkKind.Decision when decisions.TryGetValue(l.TargetId, out var a) => new NfrLinkDto(l.Id, "decision", l.TargetId, $"ADR-{a.Number}", a.Title, EnumText.Slug(a.Status)),
            // The target went away (an item deleted): the link stays visible so it can be removed.
            _ => new NfrLinkDto(l.Id, EnumText.Slug(l.Kind), l.TargetId, l.TargetId.ToString(), "(no longer exists)", null),
        }).OrderBy(l => l.Kind, StringComparer.Ordinal).ThenBy(l => l.Target, StringComparer.Ordinal).ToList();
        var history = await HistoryAsync(n.Id, ct);
        var ids = new[] { n.ProposedById, n.OwnerId, n.TargetSetById, n.NeedAgreedById }.OfType<Guid>();
        var names = await db.DisplayNamesAsync(ids, ct);
        PersonSummary? Person(Guid? id) => id is { } v ? new PersonSummary(v, names.GetValueOrDefault(v, "someone")) : null;
        return new NfrDto(n.Id, product.Key, n.Number, n.Code, EnumText.Slug(n.Category), n.Statement, n.Metric, n.Target, n.Threshold,
            n.Verification, Person(n.OwnerId), EnumText.Slug(n.Status), Person(n.ProposedById)!, n.ProposedAt,
            Person(n.TargetSetById), n.TargetSetAt, Person(n.NeedAgreedById), n.NeedAgreedAt,
            n.LatestResult is { } lr ? EnumText.Slug(lr) : null, n.LatestVerifiedAt, linkDtos, history, n.UpdatedAt, n.Version);
    }

    private async Task<IReadOnlyList<NfrVerificationDto>> HistoryAsync(Guid nfrId, CancellationToken ct)
    {
        var rows = await db.NfrVerifications.AsNoTracking().Where(v => v.NfrId == nfrId).OrderByDescending(v => v.RecordedAt).Take(500).ToListAsync(ct);
        var releaseIds = rows.Select(v => v.ReleaseId).Distinct().ToList();
        var releaseNames = await db.Releases.AsNoTracking().Where(r => releaseIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var names = await db.DisplayNamesAsync(rows.Select(v => v.RecordedById), ct);
        return rows.Select(v => new NfrVerificationDto(v.Id, v.ReleaseId, releaseNames.GetValueOrDefault(v.ReleaseId, ""), EnumText.Slug(v.Result),
            v.MeasuredValue, v.EvidenceUrl, v.Note, new PersonSummary(v.RecordedById, names.GetValueOrDefault(v.RecordedById, "someone")), v.RecordedAt, v.IsCurrent)).ToList();
    }


    private static NfrSummary ToSummary(Nfr n, Product product, Dictionary<Guid, string> names) =>
        new(n.Id, product.Key, n.Number, n.Code, EnumText.Slug(n.Category), n.Statement, n.Metric, n.Target, n.Threshold, EnumText.Slug(n.Status),
            n.OwnerId is { } o ? new PersonSummary(o, names.GetValueOrDefault(o, "someone")) : null,
            n.LatestResult is { } r ? EnumText.Slug(r) : null, n.Version);

    private static int? AdrNumber(string text)
    {
        var t = text.StartsWith("ADR-", StringComparison.OrdinalIgnoreCase) ? text[4..] : text;
        return int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    internal static string Label(NfrResult result) => EnumText.Slug(result).Replace('-', ' ');

    private static string Short(string text) => text.Length <= 80 ? text : text[..77] + "…";


}
