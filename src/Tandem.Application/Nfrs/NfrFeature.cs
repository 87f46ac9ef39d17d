using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.Common;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Application.Releases;
using Tandem.Domain.Common;
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
public sealed class NfrFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock, ReleasesFeature releases)
{
    public const int MaxLinks = 100;

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
        var found = await rights.ProductForAsync(productKey, Operations.Products.Read, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;

        var rows = db.Nfrs.AsNoTracking().Where(n => n.ProductId == product.Id && n.Number > after);
        if (category is { } c) rows = rows.Where(n => n.Category == c);
        if (status is { } s) rows = rows.Where(n => n.Status == s);
        var take = query.Limit ?? Paging.DefaultLimit;
        var page = await rows.OrderBy(n => n.Number).Take(take + 1).ToListAsync(ct);
        var shown = page.Take(take).ToList();
        var names = await db.DisplayNamesAsync(shown.Where(n => n.OwnerId is not null).Select(n => n.OwnerId!.Value), ct);
        return new Page<NfrSummary>(shown.Select(n => ToSummary(n, product, names)).ToList(),
            page.Count > take ? Paging.Encode(shown[^1].Number.ToString(CultureInfo.InvariantCulture)) : null);
    }

    public async Task<Result<NfrDto>> GetAsync(Guid id, CancellationToken ct)
    {
        var found = await FindAsync(id, Operations.Products.Read, ct);
        return found.IsSuccess ? await DetailAsync(found.Value.Nfr, found.Value.Product, ct) : found.Error!;
    }

    public async Task<Result<NfrDto>> GetByNumberAsync(string productKey, int number, CancellationToken ct)
    {
        var found = await rights.ProductForAsync(productKey, Operations.Products.Read, ct);
        if (!found.IsSuccess) return found.Error!;
        var nfr = await db.Nfrs.AsNoTracking().FirstOrDefaultAsync(n => n.ProductId == found.Value!.Id && n.Number == number, ct);
        return nfr is null ? Error.NotFound($"{found.Value!.Key} has no NFR-{number}.") : await DetailAsync(nfr, found.Value!, ct);
    }

    public async Task<Result<NfrDto>> ProposeAsync(string productKey, ProposeNfrRequest request, CancellationToken ct)
    {
        var found = await rights.ProductForAsync(productKey, Operations.Nfrs.Propose, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;
        var validation = new Validation();
        var category = EnumText.Required<NfrCategory>(request.Category, "category", validation);
        await ValidateOwnerAsync(product, request.OwnerId, validation, ct);
        var now = clock.GetUtcNow();
        Nfr? nfr = null;
        try
        {
            nfr = Nfr.Propose(product.WorkspaceId, product.Id, 0, category ?? NfrCategory.Performance, request.Statement ?? "", request.Metric ?? "",
                request.Target, request.Threshold, request.Verification, request.OwnerId, me.UserId, now);
        }
        catch (DomainException e)
        {
            validation.Add(e.Field, e.Message);
        }
        // Every missing text field is named at once, not only the first the model met.
        if (string.IsNullOrWhiteSpace(request.Statement) && nfr is null) validation.Add("statement", "Say what quality the system must have.");
        if (string.IsNullOrWhiteSpace(request.Metric)) validation.Add("metric", "An NFR needs a metric: what is measured, for example \"p95 latency of POST /payments\".");
        if (validation.Result is { } invalid) return Deduplicated(invalid);

        var setsTarget = !string.IsNullOrWhiteSpace(request.Target) && !string.IsNullOrWhiteSpace(request.Threshold) && !string.IsNullOrWhiteSpace(request.Verification)
            && await rights.IsAllowedAsync(product, Operations.Nfrs.SetTarget, ct);
        for (var attempt = 1; ; attempt++)
        {
            var number = (await db.Nfrs.Where(n => n.ProductId == product.Id).MaxAsync(n => (int?)n.Number, ct) ?? 0) + 1;
            nfr = Nfr.Propose(product.WorkspaceId, product.Id, number, category!.Value, request.Statement!, request.Metric!,
                request.Target, request.Threshold, request.Verification, request.OwnerId, me.UserId, now);
            db.Nfrs.Add(nfr);
            if (setsTarget)
            {
                nfr.SetTarget(nfr.Metric, nfr.Target, nfr.Threshold, nfr.Verification, me.UserId, now);
                await rights.RecordAsync(product, Operations.Nfrs.SetTarget, $"Set the target of {nfr.Code}: {nfr.Metric} {nfr.Target} (threshold {nfr.Threshold})", null, "nfr", nfr.Id.ToString(), ct);
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return await DetailAsync(nfr, product, ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another proposal took the same number at the same moment; nothing was written.
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task<Result<NfrDto>> PatchAsync(Guid id, PatchNfrRequest request, int? ifMatch, CancellationToken ct)
    {
        var found = await FindAsync(id, Operations.Nfrs.SetTarget, ct);
        if (!found.IsSuccess) return found.Error!;
        var (nfr, product) = found.Value;
        if (Stale(nfr, ifMatch) is { } stale) return stale;
        var validation = new Validation();
        var category = EnumText.Optional<NfrCategory>(request.Category, "category", validation);
        if (request.OwnerId is not null) await ValidateOwnerAsync(product, request.OwnerId, validation, ct);
        if (request.Statement is not null && request.Statement.Trim().Length == 0) validation.Add("statement", "Say what quality the system must have.");
        if (request.Statement is { Length: > Nfr.StatementMaxLength }) validation.Add("statement", $"The statement has at most {Nfr.StatementMaxLength} characters.");
        if (validation.Result is { } invalid) return invalid;
        var owner = request.ClearOwner == true ? null : request.OwnerId ?? nfr.OwnerId;
        var retired = request.Retired ?? nfr.Status == NfrStatus.Retired;
        nfr.Change(category ?? nfr.Category, request.Statement ?? nfr.Statement, owner, retired, clock.GetUtcNow());
        var summary = request.Retired switch
        {
            true => $"Retired {nfr.Code}",
            false => $"Reinstated {nfr.Code}",
            _ => $"Changed {nfr.Code}",
        };
        await rights.RecordAsync(product, Operations.Nfrs.SetTarget, summary, null, "nfr", nfr.Id.ToString(), ct);
        return await SaveAsync(nfr, product, ct);
    }

    public async Task<Result<NfrDto>> SetTargetAsync(Guid id, SetNfrTargetRequest request, int? ifMatch, CancellationToken ct)
    {
        var found = await FindAsync(id, Operations.Nfrs.SetTarget, ct);
        if (!found.IsSuccess) return found.Error!;
        var (nfr, product) = found.Value;
        if (Stale(nfr, ifMatch) is { } stale) return stale;
        var validation = new Validation();
        Check(request.Metric, "metric", Nfr.MetricMaxLength, "An NFR needs a metric: what is measured, for example \"p95 latency of POST /payments\".", validation);
        Check(request.Target, "target", Nfr.TargetMaxLength, "Say the target, for example \"≤ 200 ms\".", validation);
        Check(request.Threshold, "threshold", Nfr.TargetMaxLength, "Say the least acceptable value, for example \"≤ 350 ms\".", validation);
        Check(request.Verification, "verification", Nfr.VerificationMaxLength, "Say how it is verified, for example \"k6 load test in staging\".", validation);
        if (request.Reason is { Length: > 2000 }) validation.Add("reason", "A reason has at most 2000 characters.");
        if (validation.Result is { } invalid) return invalid;
        nfr.SetTarget(request.Metric!, request.Target!, request.Threshold!, request.Verification!, me.UserId, clock.GetUtcNow());
        await rights.RecordAsync(product, Operations.Nfrs.SetTarget, $"Set the target of {nfr.Code}: {nfr.Metric} {nfr.Target} (threshold {nfr.Threshold})",
            string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(), "nfr", nfr.Id.ToString(), ct);
        return await SaveAsync(nfr, product, ct);
    }

    public async Task<Result<NfrDto>> AgreeNeedAsync(Guid id, AgreeNfrNeedRequest request, CancellationToken ct)
    {
        var found = await FindAsync(id, Operations.Nfrs.AgreeNeed, ct);
        if (!found.IsSuccess) return found.Error!;
        var (nfr, product) = found.Value;
        if (nfr.NeedAgreedAt is not null) return Error.Conflict($"The need for {nfr.Code} is already agreed.");
        if (nfr.Status == NfrStatus.Retired) return Error.Conflict($"{nfr.Code} is retired; reinstate it before agreeing the need.");
        if (request.Reason is { Length: > 2000 }) return Error.Invalid("reason", "A reason has at most 2000 characters.");
        nfr.AgreeNeed(me.UserId, clock.GetUtcNow());
        await rights.RecordAsync(product, Operations.Nfrs.AgreeNeed, $"Agreed the need for {nfr.Code}: {Short(nfr.Statement)}",
            string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(), "nfr", nfr.Id.ToString(), ct);
        return await SaveAsync(nfr, product, ct);
    }

    public async Task<Result<NfrDto>> AddLinkAsync(Guid id, NfrLinkRequest request, CancellationToken ct)
    {
        var found = await FindAsync(id, Operations.Nfrs.Propose, ct);
        if (!found.IsSuccess) return found.Error!;
        var (nfr, product) = found.Value;
        var validation = new Validation();
        var kind = EnumText.Required<NfrLinkKind>(request.Kind, "kind", validation);
        if (string.IsNullOrWhiteSpace(request.Target)) validation.Add("target", "Say what to link: an item key (PAY-12), a release name or a decision record (ADR-3).");
        if (validation.Result is { } invalid) return invalid;
        var target = request.Target!.Trim();
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
        db.NfrLinks.Add(NfrLink.Create(nfr, kind!.Value, targetId.Value, me.UserId, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Error.Conflict($"{nfr.Code} was linked to {target} at the same moment.");
        }
        return await DetailAsync(nfr, product, ct);
    }

    public async Task<Result<NfrDto>> RemoveLinkAsync(Guid id, Guid linkId, CancellationToken ct)
    {
        var found = await FindAsync(id, Operations.Nfrs.Propose, ct);
        if (!found.IsSuccess) return found.Error!;
        var (nfr, product) = found.Value;
        var link = await db.NfrLinks.FirstOrDefaultAsync(l => l.Id == linkId && l.NfrId == nfr.Id, ct);
        if (link is null) return Error.NotFound($"{nfr.Code} has no link {linkId}.");
        db.NfrLinks.Remove(link);
        await db.SaveChangesAsync(ct);
        return await DetailAsync(nfr, product, ct);
    }

    public async Task<Result<IReadOnlyList<NfrVerificationDto>>> VerificationsAsync(Guid id, CancellationToken ct)
    {
        var found = await FindAsync(id, Operations.Products.Read, ct);
        if (!found.IsSuccess) return found.Error!;
        return Result<IReadOnlyList<NfrVerificationDto>>.Ok(await HistoryAsync(found.Value.Nfr.Id, ct));
    }

    public async Task<Result<NfrVerificationDto>> VerifyAsync(Guid id, RecordVerificationRequest request, CancellationToken ct)
    {
        var found = await FindAsync(id, Operations.Nfrs.Verify, ct);
        if (!found.IsSuccess) return found.Error!;
        var (nfr, product) = found.Value;
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
        try { NfrVerification.CheckEvidence(request.EvidenceUrl); }
        catch (DomainException e) { validation.Add(e.Field, e.Message); }
        if (result is NfrResult.Met or NfrResult.NotMet && string.IsNullOrWhiteSpace(request.MeasuredValue))
            validation.Add("measuredValue", "Say the measured value behind a met or not-met result.");
        if (request.MeasuredValue is { Length: > NfrVerification.MeasuredMaxLength }) validation.Add("measuredValue", $"The measured value has at most {NfrVerification.MeasuredMaxLength} characters.");
        if (request.Note is { Length: > NfrVerification.NoteMaxLength }) validation.Add("note", $"A note has at most {NfrVerification.NoteMaxLength} characters.");
        if (validation.Result is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        foreach (var previous in await db.NfrVerifications.Where(v => v.NfrId == nfr.Id && v.ReleaseId == release!.Id && v.IsCurrent).ToListAsync(ct))
            previous.Supersede();
        var verification = NfrVerification.Record(nfr, release!.Id, result!.Value, request.MeasuredValue, request.EvidenceUrl, request.Note, me.UserId, now);
        db.NfrVerifications.Add(verification);
        nfr.Verified(result.Value, now);
        var measured = verification.MeasuredValue.Length > 0 ? $" (measured {verification.MeasuredValue})" : "";
        await rights.RecordAsync(product, Operations.Nfrs.Verify, $"Verified {nfr.Code} for release {release.Name}: {Label(result.Value)}{measured}", null, "nfr", nfr.Id.ToString(), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Stale($"{nfr.Code} was changed by someone else meanwhile. Reload it and try again.");
        }
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
        var found = await rights.ProductForAsync(productKey, Operations.Products.Read, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;

        var releaseRows = await releases.OfProductAsync(product.Id, ct);
        var rows = db.Nfrs.AsNoTracking().Where(n => n.ProductId == product.Id && n.Status != NfrStatus.Retired && n.Number > after);
        if (category is { } c) rows = rows.Where(n => n.Category == c);
        var take = query.Limit ?? Paging.MaxLimit;
        var page = await rows.OrderBy(n => n.Number).Take(take + 1).ToListAsync(ct);
        var shown = page.Take(take).ToList();
        var ids = shown.Select(n => n.Id).ToList();
        var current = await db.NfrVerifications.AsNoTracking().Where(v => v.ProductId == product.Id && v.IsCurrent && ids.Contains(v.NfrId)).ToListAsync(ct);
        var byCell = current.ToDictionary(v => (v.NfrId, v.ReleaseId));
        var names = await db.DisplayNamesAsync(shown.Where(n => n.OwnerId is not null).Select(n => n.OwnerId!.Value), ct);
        var notVerified = EnumText.Slug(NfrResult.NotVerified);
        var grid = shown.Select(n => new ComplianceRow(ToSummary(n, product, names), releaseRows.Select(r => byCell.TryGetValue((n.Id, r.Id), out var v)
            ? new ComplianceCell(r.Id, EnumText.Slug(v.Result), v.MeasuredValue, v.EvidenceUrl, v.RecordedAt)
            : new ComplianceCell(r.Id, notVerified, null, null, null)).ToList())).ToList();
        return new ComplianceDto(product.Key, releaseRows.Select(r => ReleasesFeature.ToDto(r, product)).ToList(), grid,
            page.Count > take ? Paging.Encode(shown[^1].Number.ToString(CultureInfo.InvariantCulture)) : null);
    }

    private async Task<Result<NfrDto>> SaveAsync(Nfr nfr, Product product, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Stale($"{nfr.Code} was changed by someone else meanwhile. Reload it and try again.");
        }
        return await DetailAsync(nfr, product, ct);
    }

    private static Error? Stale(Nfr nfr, int? ifMatch) => ifMatch is { } expected && expected != nfr.Version
        ? Error.Stale($"{nfr.Code} was changed by someone else (version {nfr.Version}, you sent {expected}). Reload it and try again.")
        : null;

    private async Task<Result<(Nfr Nfr, Product Product)>> FindAsync(Guid id, Operation operation, CancellationToken ct)
    {
        var nfr = await db.Nfrs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (nfr is null) return Error.NotFound($"There is no NFR {id} in your workspace.");
        var product = await db.Products.FirstAsync(p => p.Id == nfr.ProductId, ct);
        if (await rights.AuthorizeAsync(product, operation, ct) is { } refused) return refused;
        return (nfr, product);
    }

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
        var ids = new[] { n.ProposedById, n.OwnerId, n.TargetSetById, n.NeedAgreedById }.Where(x => x is not null).Select(x => x!.Value);
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

    private static void Check(string? value, string field, int max, string missing, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(value)) validation.Add(field, missing);
        else if (value.Trim().Length > max) validation.Add(field, $"The {field} has at most {max} characters.");
    }

    private static Error Deduplicated(Error invalid) => invalid.Fields is null ? invalid
        : Error.Invalid(invalid.Fields.ToDictionary(f => f.Key, f => f.Value.Distinct().ToArray()));

    internal static string Label(NfrResult result) => EnumText.Slug(result).Replace('-', ' ');

    private static string Short(string text) => text.Length <= 80 ? text : text[..77] + "…";


}
