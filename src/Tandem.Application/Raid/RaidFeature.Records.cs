using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Impediments;
using Tandem.Domain.Products;
using Tandem.Domain.Raid;

namespace Tandem.Application.Raid;

public sealed partial class RaidFeature
{
    private const int ListLimit = 200;

    // ---------------------------------------------------------------- assumptions

    public async Task<Result<AssumptionDto>> RecordAssumptionAsync(string productKey, RecordAssumptionRequest request, CancellationToken ct)
    {
        if ((await _rights.ProductForAsync(productKey, Operations.Raid.Raise, ct)).Failed(out var refused, out var product)) return refused;
        var validation = new Validation();
        var validateBy = Dates.Optional(request.ValidateBy, "validateBy", validation);
        var now = _clock.GetUtcNow();
        var check = Rules.Create(() => Assumption.Record(product.WorkspaceId, product.Id, 0, request.Statement, validateBy, _me.UserId, now));
        if (validation.Result is { } badDate) return check.Failed(out var both, out _) ? Merge(both, badDate) : badDate;
        if (check.Failed(out var invalid, out _)) return invalid;
        return await _numbers.InTransactionAsync<AssumptionDto>(async () =>
        {
            var number = await _numbers.NextAsync(product, AssumptionSequence, c => _db.Assumptions.Where(a => a.ProductId == product.Id).MaxAsync(a => (int?)a.Number, c), ct);
            var assumption = Assumption.Record(product.WorkspaceId, product.Id, number, request.Statement, validateBy, _me.UserId, now);
            _db.Assumptions.Add(assumption);
            if (await _db.SaveOrConflictAsync($"Assumption {number} of {product.Key} was taken a moment ago; try again.", ct) is { } clash) return clash;
            return (await AssumptionDtosAsync([assumption], product.Key, ct))[0];
        }, ct);
    }

    /// <summary>The product's assumptions, soonest validate-by date first (none last); <paramref name="status"/> open, validated or invalidated.</summary>
    public async Task<Result<IReadOnlyList<AssumptionDto>>> ListAssumptionsAsync(string productKey, string? status, CancellationToken ct)
    {
        var filter = new Validation();
        var wanted = EnumText.Optional<AssumptionStatus>(status, "status", filter);
        if (filter.Result is { } bad) return bad;
        if ((await _rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var query = _db.Assumptions.AsNoTracking().Where(a => a.ProductId == product.Id);
        if (wanted is { } w) query = query.Where(a => a.Status == w);
        var rows = await query.OrderBy(a => a.Status).ThenBy(a => a.ValidateBy == null).ThenBy(a => a.ValidateBy).ThenBy(a => a.Number).Take(ListLimit).ToListAsync(ct);
        return await AssumptionDtosAsync(rows, product.Key, ct);
    }

    public async Task<Result<AssumptionDto>> GetAssumptionAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAssumptionAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return (await AssumptionDtosAsync([found.Entity], found.Product.Key, ct))[0];
    }

    public async Task<Result<AssumptionDto>> ChangeAssumptionAsync(Guid id, ChangeAssumptionRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAssumptionAsync(id, Operations.Raid.Manage, ct)).Failed(out var error, out var found)) return error;
        var (assumption, product) = found;
        if (ifMatch is { } expected && expected != assumption.Version) return Stale("Assumption", assumption.Number, assumption.Version, expected);
        var validation = new Validation();
        var validateBy = request.ValidateBy is null ? assumption.ValidateBy : Dates.Optional(request.ValidateBy, "validateBy", validation);
        var ownerId = request.OwnerId ?? assumption.OwnerId;
        if (ownerId != assumption.OwnerId && !await HoldsRoleAsync(product.Id, ownerId, ct)) validation.Add("ownerId", $"The owner must hold a role on {product.Key}.");
        if (validation.Result is { } bad) return bad;
        var now = _clock.GetUtcNow();
        var ownerBefore = assumption.OwnerId;
        if (Rules.Apply(() => assumption.Change(request.Statement ?? assumption.Statement, validateBy, ownerId, now)) is { } invalid) return invalid;
        if (await _rights.DecideAsync(product, Operations.Raid.Manage, new DecisionRecord(
                $"Changed assumption {assumption.Number} \"{Clip(assumption.Statement, 120)}\"{(validateBy is { } d ? $", to validate by {d:yyyy-MM-dd}" : "")}", "assumption", N(assumption.Number)), ct) is { } refused) return refused;
        if (ownerId != ownerBefore)
            await NotifyOwnerAsync(product, ownerId, $"{_me.DisplayName} made you the owner of assumption {assumption.Number} on {product.Key}: {Clip(assumption.Statement, 200)}", $"/p/{product.Key}/raid", now, ct);
        if (await _db.SaveOrStaleAsync($"Assumption {assumption.Number}", ct) is { } lost) return lost;
        return (await AssumptionDtosAsync([assumption], product.Key, ct))[0];
    }

    public async Task<Result<AssumptionDto>> ValidateAssumptionAsync(Guid id, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAssumptionAsync(id, Operations.Raid.Manage, ct)).Failed(out var error, out var found)) return error;
        var (assumption, product) = found;
        if (assumption.Status != AssumptionStatus.Open) return Error.Conflict($"Assumption {assumption.Number} is already {EnumText.Slug(assumption.Status)}.");
        if (ifMatch is { } expected && expected != assumption.Version) return Stale("Assumption", assumption.Number, assumption.Version, expected);
        assumption.Validate(_clock.GetUtcNow());
        if (await _rights.DecideAsync(product, Operations.Raid.Manage, new DecisionRecord(
                $"Validated assumption {assumption.Number} \"{Clip(assumption.Statement, 120)}\"", "assumption", N(assumption.Number)), ct) is { } refused) return refused;
        if (await _db.SaveOrStaleAsync($"Assumption {assumption.Number}", ct) is { } lost) return lost;
        return (await AssumptionDtosAsync([assumption], product.Key, ct))[0];
    }

    /// <summary>
    /// Invalidates an assumption and raises the risk it becomes, in one step and one decision: the risk is owned by
    /// the assumption's owner and links back to it; the second of two invalidations is a 409 naming the risk.
    /// </summary>
    public async Task<Result<RiskDto>> InvalidateAssumptionAsync(Guid id, InvalidateAssumptionRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAssumptionAsync(id, Operations.Raid.Manage, ct)).Failed(out var error, out var found)) return error;
        var (assumption, product) = found;
        if (assumption.Status == AssumptionStatus.Invalidated)
        {
            var risk = await _db.Risks.AsNoTracking().Where(r => r.Id == assumption.RiskId).Select(r => (int?)r.Number).FirstOrDefaultAsync(ct);
            return Error.Conflict($"Assumption {assumption.Number} is already invalidated{(risk is { } n ? $"; it became risk {n}" : "")}.");
        }
        if (ifMatch is { } expected && expected != assumption.Version) return Stale("Assumption", assumption.Number, assumption.Version, expected);
        var now = _clock.GetUtcNow();
        var title = string.IsNullOrWhiteSpace(request.Title) ? Clip($"Invalidated: {assumption.Statement}", Risk.TitleMaxLength) : request.Title;
        var description = $"Assumption {assumption.Number} no longer holds: {assumption.Statement}";
        if (Rules.Create(() => Risk.FromAssumption(product.WorkspaceId, product.Id, 0, assumption.Id, title, description, request.Probability ?? 0, request.Impact ?? 0, _me.UserId, now))
            .Failed(out var invalid, out _)) return invalid;
        return await _numbers.InTransactionAsync<RiskDto>(async () =>
        {
            var number = await _numbers.NextAsync(product, RiskSequence, c => _db.Risks.Where(r => r.ProductId == product.Id).MaxAsync(r => (int?)r.Number, c), ct);
            var risk = Risk.FromAssumption(product.WorkspaceId, product.Id, number, assumption.Id, title, description, request.Probability ?? 0, request.Impact ?? 0, _me.UserId, now);
            if (assumption.OwnerId != _me.UserId) risk.Handle(assumption.OwnerId, risk.Probability, risk.Impact, "", "", "", null, now);
            _db.Risks.Add(risk);
            _db.RiskHistory.Add(RiskHistory.Of(risk, _me.UserId, now));
            assumption.Invalidate(risk, now);
            if (await _rights.DecideAsync(product, Operations.Raid.Manage, new DecisionRecord(
                    $"Invalidated assumption {assumption.Number}; it became risk {number} \"{risk.Title}\" ({risk.Probability}×{risk.Impact} = {risk.Score})", "assumption", N(assumption.Number)), ct) is { } refused) return refused;
            if (await _db.SaveOrRefuseAsync($"Assumption {assumption.Number}", $"Assumption {assumption.Number} was invalidated a moment ago; reload the RAID log to see its risk.", ct) is { } lost) return lost;
            return (await RiskDtosAsync([risk], product.Key, ct))[0];
        }, ct);
    }

    private Task<Result<Owned<Assumption>>> LoadAssumptionAsync(Guid id, Operation operation, CancellationToken ct) =>
        _rights.LoadAsync<Assumption>(a => a.Id == id, operation, "There is no such assumption in your workspace.", ct);

    internal async Task<List<AssumptionDto>> AssumptionDtosAsync(IReadOnlyList<Assumption> rows, string productKey, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var names = await NamesAsync(rows.SelectMany(a => new[] { a.OwnerId, a.RaisedById }), ct);
        var riskIds = rows.Where(a => a.RiskId is not null).Select(a => a.RiskId!.Value).ToList();
        var risks = riskIds.Count == 0 ? [] : await _db.Risks.AsNoTracking().Where(r => riskIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Number, ct);
        var links = await LinksAsync(rows.Select(a => a.Id).ToList(), productKey, ct);
        var today = Today;
        return rows.Select(a => new AssumptionDto(a.Id, productKey, a.Number, a.Statement, Person(names, a.OwnerId), a.ValidateBy,
            a.Status == AssumptionStatus.Open && a.ValidateBy < today, EnumText.Slug(a.Status), a.RiskId,
            a.RiskId is { } r && risks.TryGetValue(r, out var n) ? n : null, Person(names, a.RaisedById), a.RaisedAt, links.GetValueOrDefault(a.Id) ?? [], a.Version)).ToList();
    }

    // ---------------------------------------------------------------- issues

    public async Task<Result<RaidIssueDto>> RecordIssueAsync(string productKey, RecordIssueRequest request, CancellationToken ct)
    {
        if ((await _rights.ProductForAsync(productKey, Operations.Raid.Raise, ct)).Failed(out var refused, out var product)) return refused;
        var validation = new Validation();
        var priority = EnumText.Optional<IssuePriority>(request.Priority, "priority", validation) ?? IssuePriority.Medium;
        var dueOn = Dates.Optional(request.DueOn, "dueOn", validation);
        var now = _clock.GetUtcNow();
        var check = Rules.Create(() => RaidIssue.Record(product.WorkspaceId, product.Id, 0, request.Title, request.Description, priority, dueOn, _me.UserId, now));
        if (validation.Result is { } badField) return check.Failed(out var both, out _) ? Merge(both, badField) : badField;
        if (check.Failed(out var invalid, out _)) return invalid;
        return await _numbers.InTransactionAsync<RaidIssueDto>(async () =>
        {
            var number = await _numbers.NextAsync(product, IssueSequence, c => _db.RaidIssues.Where(i => i.ProductId == product.Id).MaxAsync(i => (int?)i.Number, c), ct);
            var issue = RaidIssue.Record(product.WorkspaceId, product.Id, number, request.Title, request.Description, priority, dueOn, _me.UserId, now);
            _db.RaidIssues.Add(issue);
            if (await _db.SaveOrConflictAsync($"Issue {number} of {product.Key} was taken a moment ago; try again.", ct) is { } clash) return clash;
            return (await IssueDtosAsync([issue], product.Key, ct))[0];
        }, ct);
    }

    /// <summary>The product's issues: open ones first, by priority then due date; <paramref name="status"/> open or resolved.</summary>
    public async Task<Result<IReadOnlyList<RaidIssueDto>>> ListIssuesAsync(string productKey, string? status, CancellationToken ct)
    {
        var filter = new Validation();
        var wanted = EnumText.Optional<IssueStatus>(status, "status", filter);
        if (filter.Result is { } bad) return bad;
        if ((await _rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var query = _db.RaidIssues.AsNoTracking().Where(i => i.ProductId == product.Id);
        if (wanted is { } w) query = query.Where(i => i.Status == w);
        var rows = await query.OrderBy(i => i.Status).ThenBy(i => i.DueOn == null).ThenBy(i => i.DueOn).ThenBy(i => i.Number).Take(ListLimit).ToListAsync(ct);
        // Priority is stored as text, so the order by priority is the page's, over this bounded list.
        return await IssueDtosAsync(rows.OrderBy(i => i.Status).ThenByDescending(i => i.Priority).ToList(), product.Key, ct);
    }

    public async Task<Result<RaidIssueDto>> GetIssueAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadIssueAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return (await IssueDtosAsync([found.Entity], found.Product.Key, ct))[0];
    }

    public async Task<Result<RaidIssueDto>> ChangeIssueAsync(Guid id, ChangeIssueRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadIssueAsync(id, Operations.Raid.Manage, ct)).Failed(out var error, out var found)) return error;
        var (issue, product) = found;
        if (ifMatch is { } expected && expected != issue.Version) return Stale("Issue", issue.Number, issue.Version, expected);
        var validation = new Validation();
        var priority = EnumText.Optional<IssuePriority>(request.Priority, "priority", validation) ?? issue.Priority;
        var dueOn = request.DueOn is null ? issue.DueOn : Dates.Optional(request.DueOn, "dueOn", validation);
        var ownerId = request.OwnerId ?? issue.OwnerId;
        if (ownerId != issue.OwnerId && !await HoldsRoleAsync(product.Id, ownerId, ct)) validation.Add("ownerId", $"The owner must hold a role on {product.Key}.");
        if (validation.Result is { } bad) return bad;
        var now = _clock.GetUtcNow();
        var ownerBefore = issue.OwnerId;
        if (Rules.Apply(() => issue.Change(request.Title ?? issue.Title, request.Description ?? issue.Description, ownerId, priority, dueOn, now)) is { } invalid) return invalid;
        if (await _rights.DecideAsync(product, Operations.Raid.Manage, new DecisionRecord(
                $"Changed issue {issue.Number} \"{issue.Title}\": {EnumText.Slug(issue.Priority)} priority{(dueOn is { } d ? $", due {d:yyyy-MM-dd}" : "")}", "raid-issue", N(issue.Number)), ct) is { } refused) return refused;
        if (ownerId != ownerBefore)
            await NotifyOwnerAsync(product, ownerId, $"{_me.DisplayName} made you the owner of issue {issue.Number} \"{issue.Title}\" on {product.Key}.", $"/p/{product.Key}/raid", now, ct);
        if (await _db.SaveOrStaleAsync($"Issue {issue.Number}", ct) is { } lost) return lost;
        return (await IssueDtosAsync([issue], product.Key, ct))[0];
    }

    public async Task<Result<RaidIssueDto>> SetIssueStatusAsync(Guid id, IssueStatusRequest request, int? ifMatch, CancellationToken ct)
    {
        var validation = new Validation();
        var status = EnumText.Required<IssueStatus>(request.Status, "status", validation);
        if ((await LoadIssueAsync(id, Operations.Raid.Manage, ct)).Failed(out var error, out var found)) return error;
        var (issue, product) = found;
        if (validation.Result is { } bad) return bad;
        if (ifMatch is { } expected && expected != issue.Version) return Stale("Issue", issue.Number, issue.Version, expected);
        if (issue.Status == status) return Error.Conflict($"Issue {issue.Number} is already {EnumText.Slug(issue.Status)}.");
        var now = _clock.GetUtcNow();
        if (Rules.Apply(() => { if (status == IssueStatus.Resolved) issue.Resolve(request.Resolution, now); else issue.Reopen(now); }) is { } invalid) return invalid;
        if (await _rights.DecideAsync(product, Operations.Raid.Manage, new DecisionRecord(
                $"{(status == IssueStatus.Resolved ? "Resolved" : "Reopened")} issue {issue.Number} \"{issue.Title}\"", "raid-issue", N(issue.Number), issue.Resolution), ct) is { } refused) return refused;
        if (await _db.SaveOrStaleAsync($"Issue {issue.Number}", ct) is { } lost) return lost;
        return (await IssueDtosAsync([issue], product.Key, ct))[0];
    }

    private Task<Result<Owned<RaidIssue>>> LoadIssueAsync(Guid id, Operation operation, CancellationToken ct) =>
        _rights.LoadAsync<RaidIssue>(i => i.Id == id, operation, "There is no such issue in your workspace.", ct);

    internal async Task<List<RaidIssueDto>> IssueDtosAsync(IReadOnlyList<RaidIssue> rows, string productKey, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(i => i.Id).ToList();
        var names = await NamesAsync(rows.SelectMany(i => new[] { i.OwnerId, i.RaisedById }), ct);
        var promoted = (await _db.ImpedimentPromotions.AsNoTracking().Where(p => p.IssueId != null && ids.Contains(p.IssueId.Value))
                .Join(_db.Impediments, p => p.ImpedimentId, i => i.Id, (p, i) => new { p.IssueId, i.Number }).ToListAsync(ct))
            .ToDictionary(p => p.IssueId!.Value, p => p.Number);
        var links = await LinksAsync(ids, productKey, ct);
        var today = Today;
        return rows.Select(i => new RaidIssueDto(i.Id, productKey, i.Number, i.Title, i.Description, Person(names, i.OwnerId), EnumText.Slug(i.Priority), EnumText.Slug(i.Status),
            i.DueOn, i.Status == IssueStatus.Open && i.DueOn < today, i.Resolution, promoted.TryGetValue(i.Id, out var n) ? n : null,
            Person(names, i.RaisedById), i.RaisedAt, links.GetValueOrDefault(i.Id) ?? [], i.Version)).ToList();
    }

    // ---------------------------------------------------------------- links

    /// <summary>Links a risk, assumption or issue to an item (by key, any product of the workspace) or to a milestone, decision record or impediment of its product (by number).</summary>
    public async Task<Result<RaidLinkDto>> AddLinkAsync(RaidRecordKind from, Guid id, AddRaidLinkRequest request, CancellationToken ct)
    {
        if ((await LoadSourceAsync(from, id, Operations.Raid.Raise, ct)).Failed(out var error, out var source)) return error;
        var (sourceId, product) = source;
        var validation = new Validation();
        var kind = EnumText.Required<RaidLinkTarget>(request.Kind, "kind", validation);
        var reference = (request.Ref ?? "").Trim().TrimStart('#').ToUpperInvariant();
        if (reference.Length == 0) validation.Add("ref", "Name what to link: an item key, or the number of a milestone, decision record or impediment.");
        if (validation.Result is { } bad) return bad;
        var target = await FindTargetAsync(product, kind!.Value, reference, ct);
        if (target is null) return Error.Invalid("ref", $"There is no {EnumText.Slug(kind.Value)} {reference} on {product.Key}{(kind == RaidLinkTarget.Item ? " or another product of your workspace" : "")}.");
        if (await _db.RaidLinks.AnyAsync(l => l.SourceId == sourceId && l.TargetKind == kind && l.TargetId == target.Value.Id, ct))
            return Error.Conflict($"This {EnumText.Slug(from)} is already linked to {target.Value.Ref}.");
        if (await _db.RaidLinks.CountAsync(l => l.SourceId == sourceId, ct) >= RaidSettings.MaxLinks)
            return Error.Invalid("ref", $"A {EnumText.Slug(from)} has at most {RaidSettings.MaxLinks} links.");
        var link = RaidLink.Between(product.WorkspaceId, product.Id, from, sourceId, kind.Value, target.Value.Id, _me.UserId, _clock.GetUtcNow());
        _db.RaidLinks.Add(link);
        if (await _db.SaveOrConflictAsync($"This {EnumText.Slug(from)} was linked to {target.Value.Ref} a moment ago.", ct) is { } twice) return twice;
        return new RaidLinkDto(link.Id, EnumText.Slug(kind.Value), target.Value.Ref, target.Value.Title, target.Value.ProductKey);
    }

    /// <summary>Removes a link of the record (the TPM's; logged once).</summary>
    public async Task<Result<Unit>> RemoveLinkAsync(RaidRecordKind from, Guid id, Guid linkId, CancellationToken ct)
    {
        if ((await LoadSourceAsync(from, id, Operations.Raid.Manage, ct)).Failed(out var error, out var source)) return error;
        var (sourceId, product) = source;
        var link = await _db.RaidLinks.FirstOrDefaultAsync(l => l.Id == linkId && l.SourceId == sourceId, ct);
        if (link is null) return Error.NotFound($"This {EnumText.Slug(from)} has no such link.");
        var described = (await DescribeLinksAsync([link], product.Key, ct)).GetValueOrDefault(sourceId)?.FirstOrDefault();
        _db.RaidLinks.Remove(link);
        if (await _rights.DecideAsync(product, Operations.Raid.Manage, new DecisionRecord(
                $"Unlinked {described?.Ref ?? EnumText.Slug(link.TargetKind)} from {EnumText.Slug(from)} {source.Number}", RecordSubject(from), N(source.Number)), ct) is { } refused) return refused;
        if (await _db.SaveOrStaleAsync("The link", ct) is { } lost) return lost;
        return Unit.Value;
    }

    private static string RecordSubject(RaidRecordKind kind) => kind switch { RaidRecordKind.Issue => "raid-issue", _ => EnumText.Slug(kind) };

    private sealed record Source(Guid Id, Product Product, int Number)
    {
        public void Deconstruct(out Guid id, out Product product) => (id, product) = (Id, Product);
    }

    private async Task<Result<Source>> LoadSourceAsync(RaidRecordKind from, Guid id, Operation operation, CancellationToken ct)
    {
        switch (from)
        {
            case RaidRecordKind.Risk:
                if ((await LoadRiskAsync(id, operation, ct)).Failed(out var e1, out var r)) return e1;
                return new Source(r.Entity.Id, r.Product, r.Entity.Number);
            case RaidRecordKind.Assumption:
                if ((await LoadAssumptionAsync(id, operation, ct)).Failed(out var e2, out var a)) return e2;
                return new Source(a.Entity.Id, a.Product, a.Entity.Number);
            default:
                if ((await LoadIssueAsync(id, operation, ct)).Failed(out var e3, out var i)) return e3;
                return new Source(i.Entity.Id, i.Product, i.Entity.Number);
        }
    }

    private async Task<(Guid Id, string Ref, string Title, string ProductKey)?> FindTargetAsync(Product product, RaidLinkTarget kind, string reference, CancellationToken ct)
    {
        if (kind == RaidLinkTarget.Item)
        {
            var item = await _db.BacklogItems.AsNoTracking().Where(i => i.Key == reference).Select(i => new { i.Id, i.Key, i.Title }).FirstOrDefaultAsync(ct);
            return item is null ? null : (item.Id, item.Key, item.Title, item.Key.Split('-')[0]);
        }
        if (!int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return null;
        var found = kind switch
        {
            RaidLinkTarget.Milestone => await _db.Milestones.AsNoTracking().Where(m => m.ProductId == product.Id && m.Number == number).Select(m => new { m.Id, Title = m.Name }).FirstOrDefaultAsync(ct),
            RaidLinkTarget.Decision => await _db.ArchitectureDecisions.AsNoTracking().Where(d => d.ProductId == product.Id && d.Number == number).Select(d => new { d.Id, d.Title }).FirstOrDefaultAsync(ct),
            _ => await _db.Impediments.AsNoTracking().Where(i => i.ProductId == product.Id && i.Number == number).Select(i => new { i.Id, i.Title }).FirstOrDefaultAsync(ct),
        };
        return found is null ? null : (found.Id, TargetRef(kind, number), found.Title, product.Key);
    }

    private static string TargetRef(RaidLinkTarget kind, int number) => kind switch
    {
        RaidLinkTarget.Milestone => $"milestone {number}",
        RaidLinkTarget.Decision => $"ADR {number}",
        _ => $"impediment {number}",
    };

    /// <summary>The links of the given records, each target named (item key, "milestone 3", "ADR 7", "impediment 2") with its title.</summary>
    private async Task<Dictionary<Guid, List<RaidLinkDto>>> LinksAsync(List<Guid> sourceIds, string productKey, CancellationToken ct)
    {
        var links = await _db.RaidLinks.AsNoTracking().Where(l => sourceIds.Contains(l.SourceId)).OrderBy(l => l.CreatedAt).Take(sourceIds.Count * RaidSettings.MaxLinks).ToListAsync(ct);
        return await DescribeLinksAsync(links, productKey, ct);
    }

    private async Task<Dictionary<Guid, List<RaidLinkDto>>> DescribeLinksAsync(List<RaidLink> links, string productKey, CancellationToken ct)
    {
        if (links.Count == 0) return [];
        List<Guid> Of(RaidLinkTarget kind) => links.Where(l => l.TargetKind == kind).Select(l => l.TargetId).Distinct().ToList();
        var (items, milestones, decisions, impediments) = (Of(RaidLinkTarget.Item), Of(RaidLinkTarget.Milestone), Of(RaidLinkTarget.Decision), Of(RaidLinkTarget.Impediment));
        var named = new Dictionary<Guid, (string Ref, string Title, string ProductKey)>();
        if (items.Count > 0)
            foreach (var i in await _db.BacklogItems.AsNoTracking().Where(i => items.Contains(i.Id)).Select(i => new { i.Id, i.Key, i.Title }).ToListAsync(ct))
                named[i.Id] = (i.Key, i.Title, i.Key.Split('-')[0]);
        if (milestones.Count > 0)
            foreach (var m in await _db.Milestones.AsNoTracking().Where(m => milestones.Contains(m.Id)).Select(m => new { m.Id, m.Number, m.Name }).ToListAsync(ct))
                named[m.Id] = (TargetRef(RaidLinkTarget.Milestone, m.Number), m.Name, productKey);
        if (decisions.Count > 0)
            foreach (var d in await _db.ArchitectureDecisions.AsNoTracking().Where(d => decisions.Contains(d.Id)).Select(d => new { d.Id, d.Number, d.Title }).ToListAsync(ct))
                named[d.Id] = (TargetRef(RaidLinkTarget.Decision, d.Number), d.Title, productKey);
        if (impediments.Count > 0)
            foreach (var i in await _db.Impediments.AsNoTracking().Where(i => impediments.Contains(i.Id)).Select(i => new { i.Id, i.Number, i.Title }).ToListAsync(ct))
                named[i.Id] = (TargetRef(RaidLinkTarget.Impediment, i.Number), i.Title, productKey);
        return links.Where(l => named.ContainsKey(l.TargetId)).GroupBy(l => l.SourceId)
            .ToDictionary(g => g.Key, g => g.Select(l => new RaidLinkDto(l.Id, EnumText.Slug(l.TargetKind), named[l.TargetId].Ref, named[l.TargetId].Title, named[l.TargetId].ProductKey)).ToList());
    }

    // ---------------------------------------------------------------- promotion

    /// <summary>
    /// The Scrum Master's escalated impediment becomes a risk or an issue in one step (the TPM's decision): the new
    /// record links to the impediment and to the items it holds up. Promoting it twice is a 409 naming what it became;
    /// two promotions at the same instant make one record (the promotion's key is the impediment).
    /// </summary>
    public async Task<Result<PromotionDto>> PromoteAsync(Guid impedimentId, PromoteImpedimentRequest request, CancellationToken ct)
    {
        var found = await _rights.LoadAsync<Impediment>(i => i.Id == impedimentId, Operations.Raid.Manage, "There is no such impediment in your workspace.", ct);
        if (found.Failed(out var error, out var owned)) return error;
        var (impediment, product) = owned;
        var validation = new Validation();
        var asRisk = (request.As ?? "").Trim().ToLowerInvariant() switch
        {
            "risk" => true,
            "issue" => false,
            _ => (bool?)null,
        };
        if (asRisk is null) validation.Add("as", "Say what it becomes: risk or issue.");
        var priority = EnumText.Optional<IssuePriority>(request.Priority, "priority", validation) ?? (IssuePriority)(int)impediment.Impact;
        var dueOn = Dates.Optional(request.DueOn, "dueOn", validation);
        if (validation.Result is { } bad) return bad;
        if (await ExistingPromotionAsync(impediment.Id, ct) is { } already)
            return Error.Conflict($"Impediment {impediment.Number} was already promoted to {already}.");
        if (impediment.Status != ImpedimentStatus.Escalated)
            return Error.Conflict($"Impediment {impediment.Number} is {EnumText.Slug(impediment.Status)}, not escalated: the Scrum Master escalates an impediment before it becomes a risk or an issue.");
        var now = _clock.GetUtcNow();
        var description = Clip($"{impediment.Description}\n\nEscalated by the Scrum Master: {impediment.EscalationReason}".Trim(), Risk.TextMaxLength);
        if (asRisk == true && Rules.Create(() => Risk.Raise(product.WorkspaceId, product.Id, 0, impediment.Title, description, request.Probability ?? 0, request.Impact ?? 0, null, _me.UserId, now))
                .Failed(out var invalid, out _)) return invalid;
        var itemIds = await _db.ImpedimentItems.AsNoTracking().Where(l => l.ImpedimentId == impediment.Id).Select(l => l.ItemId).Take(RaidSettings.MaxLinks - 1).ToListAsync(ct);
        return await _numbers.InTransactionAsync<PromotionDto>(async () =>
        {
            Guid recordId;
            RaidRecordKind kind;
            int number;
            if (asRisk == true)
            {
                number = await _numbers.NextAsync(product, RiskSequence, c => _db.Risks.Where(r => r.ProductId == product.Id).MaxAsync(r => (int?)r.Number, c), ct);
                var risk = Risk.Raise(product.WorkspaceId, product.Id, number, impediment.Title, description, request.Probability!.Value, request.Impact!.Value, null, _me.UserId, now);
                _db.Risks.Add(risk);
                _db.RiskHistory.Add(RiskHistory.Of(risk, _me.UserId, now));
                _db.ImpedimentPromotions.Add(ImpedimentPromotion.ToRisk(product.WorkspaceId, product.Id, impediment.Id, risk, _me.UserId, now));
                (recordId, kind) = (risk.Id, RaidRecordKind.Risk);
            }
            else
            {
                number = await _numbers.NextAsync(product, IssueSequence, c => _db.RaidIssues.Where(i => i.ProductId == product.Id).MaxAsync(i => (int?)i.Number, c), ct);
                var issue = RaidIssue.Record(product.WorkspaceId, product.Id, number, impediment.Title, description, priority, dueOn, _me.UserId, now);
                _db.RaidIssues.Add(issue);
                _db.ImpedimentPromotions.Add(ImpedimentPromotion.ToIssue(product.WorkspaceId, product.Id, impediment.Id, issue, _me.UserId, now));
                (recordId, kind) = (issue.Id, RaidRecordKind.Issue);
            }
            _db.RaidLinks.Add(RaidLink.Between(product.WorkspaceId, product.Id, kind, recordId, RaidLinkTarget.Impediment, impediment.Id, _me.UserId, now));
            foreach (var itemId in itemIds)
                _db.RaidLinks.Add(RaidLink.Between(product.WorkspaceId, product.Id, kind, recordId, RaidLinkTarget.Item, itemId, _me.UserId, now));
            var what = asRisk == true ? $"risk {number}" : $"issue {number}";
            if (await _rights.DecideAsync(product, Operations.Raid.Manage, new DecisionRecord(
                    $"Promoted escalated impediment {impediment.Number} \"{impediment.Title}\" to {what}", "impediment", N(impediment.Number), impediment.EscalationReason), ct) is { } refused) return refused;
            if (await _db.SaveOrConflictAsync($"Impediment {impediment.Number} was promoted a moment ago; reload the RAID log to see what it became.", ct) is { } twice) return twice;
            if (asRisk == true)
            {
                var risk = (await RiskDtosAsync([await _db.Risks.AsNoTracking().FirstAsync(r => r.Id == recordId, ct)], product.Key, ct))[0];
                return new PromotionDto(risk.Id, "risk", product.Key, risk.Number, impediment.Number, risk, null, risk.Version);
            }
            var made = (await IssueDtosAsync([await _db.RaidIssues.AsNoTracking().FirstAsync(i => i.Id == recordId, ct)], product.Key, ct))[0];
            return new PromotionDto(made.Id, "issue", product.Key, made.Number, impediment.Number, null, made, made.Version);
        }, ct);
    }

    private async Task<string?> ExistingPromotionAsync(Guid impedimentId, CancellationToken ct)
    {
        var promotion = await _db.ImpedimentPromotions.AsNoTracking().FirstOrDefaultAsync(p => p.ImpedimentId == impedimentId, ct);
        if (promotion is null) return null;
        if (promotion.RiskId is { } riskId)
            return await _db.Risks.AsNoTracking().Where(r => r.Id == riskId).Select(r => $"risk {r.Number} \"{r.Title}\"").FirstOrDefaultAsync(ct) ?? "a risk";
        return await _db.RaidIssues.AsNoTracking().Where(i => i.Id == promotion.IssueId).Select(i => $"issue {i.Number} \"{i.Title}\"").FirstOrDefaultAsync(ct) ?? "an issue";
    }

    // ---------------------------------------------------------------- the page's other lists

    /// <summary>Assumptions, issues and the escalated impediments not yet promoted, for the RAID page (each list bounded).</summary>
    public async Task<Result<RaidOverview>> OverviewAsync(string productKey, CancellationToken ct)
    {
        if ((await ListAssumptionsAsync(productKey, null, ct)).Failed(out var error, out var assumptions)) return error;
        if ((await ListIssuesAsync(productKey, null, ct)).Failed(out error, out var issues)) return error;
        if ((await _rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out error, out var product)) return error;
        var waiting = await _db.Impediments.AsNoTracking()
            .Where(i => i.ProductId == product.Id && i.Status == ImpedimentStatus.Escalated && !_db.ImpedimentPromotions.Any(p => p.ImpedimentId == i.Id))
            .OrderBy(i => i.Number).Take(50).ToListAsync(ct);
        var names = await NamesAsync(waiting.Where(i => i.EscalatedById is not null).Select(i => i.EscalatedById!.Value), ct);
        return new RaidOverview(assumptions, issues, waiting.Select(i => new WaitingImpediment(i.Id, i.Number, i.Title, EnumText.Slug(i.Impact), i.EscalationReason,
            i.EscalatedAt, i.EscalatedById is { } by ? Person(names, by) : null)).ToList());
    }

    private static Error Stale(string what, int number, int version, int expected) =>
        Error.Stale($"{what} {number} was changed by someone else (version {version}, you sent {expected}). Reload it and try again.");

    private static string Clip(string text, int max) => text.Length > max ? text[..(max - 1)] + "…" : text;
}
