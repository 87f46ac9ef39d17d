using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Application.Teams;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;
using Tandem.Domain.Retros;
using Tandem.Domain.Teams;

namespace Tandem.Application.Agreements;

public sealed record AgreementRequest(string? Text);

/// <summary><c>status</c>: adopted (a suggestion becomes an agreement) or retired.</summary>
public sealed record PatchAgreementRequest(string? Text, string? Status);

public sealed record AgreementDto(Guid Id, Guid TeamId, string Text, string Status, PersonSummary ProposedBy, Guid? FromActionId, DateTimeOffset UpdatedAt, int Version) : IVersioned;

/// <summary>
/// A team's working agreements: the Scrum Master adds, edits, adopts and retires them (each logged); anyone
/// on the team suggests one, which waits for the Scrum Master to adopt it.
/// </summary>
public sealed class AgreementsFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TeamsFeature teams, TimeProvider clock)
{
    private const string NotFound = "There is no such working agreement in your workspace.";

    /// <summary>Adopted first, then suggestions, then retired ones.</summary>
    public async Task<Result<IReadOnlyList<AgreementDto>>> ListAsync(Guid teamId, CancellationToken ct)
    {
        if ((await teams.LoadAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var rows = await db.WorkingAgreements.AsNoTracking().Where(a => a.TeamId == found.Entity.Id).OrderBy(a => a.CreatedAt).Take(WorkingAgreement.MaxPerTeam * 2).ToListAsync(ct);
        var ordered = rows.OrderBy(a => a.Status switch { AgreementStatus.Adopted => 0, AgreementStatus.Suggested => 1, _ => 2 }).ToList();
        return Result<IReadOnlyList<AgreementDto>>.Ok(await DtosAsync(ordered, ct));
    }

    /// <summary>The Scrum Master's agreement is adopted at once (logged); anyone else's is a suggestion.</summary>
    public async Task<Result<AgreementDto>> CreateAsync(Guid teamId, AgreementRequest request, CancellationToken ct)
    {
        if ((await teams.LoadAsync(teamId, Operations.Process.Suggest, ct)).Failed(out var error, out var found)) return error;
        if ((await AddAsync(found.Entity, found.Product, request.Text, null, ct)).Failed(out var refused, out var agreement)) return refused;
        await db.SaveChangesAsync(ct);
        return (await DtosAsync([agreement], ct))[0];
    }

    /// <summary>
    /// Stages a new agreement (saved by the caller's SaveChanges): adopted and logged when the caller may
    /// change working agreements, a suggestion otherwise.
    /// </summary>
    public async Task<Result<WorkingAgreement>> AddAsync(Team team, Product product, string? text, Guid? fromActionId, CancellationToken ct)
    {
        if (await rights.AuthorizeAsync(product, Operations.Process.Suggest, ct) is { } notOnTeam) return notOnTeam;
        if (await db.WorkingAgreements.CountAsync(a => a.TeamId == team.Id && a.Status != AgreementStatus.Retired, ct) >= WorkingAgreement.MaxPerTeam)
            return Error.Invalid("text", $"A team keeps at most {WorkingAgreement.MaxPerTeam} agreements; retire some first.");
        var adopt = await rights.IsAllowedAsync(product, Operations.Process.Edit, ct);
        if (Rules.Create(() => WorkingAgreement.Create(team, text, adopt, me.UserId, fromActionId, clock.GetUtcNow())).Failed(out var invalid, out var agreement)) return invalid;
        if (adopt && await rights.DecideAsync(product, Operations.Process.Edit, new DecisionRecord($"Adopted {team.Name}'s working agreement “{agreement.Text}”", "agreement", agreement.Id.ToString()), ct) is { } refused)
            return refused;
        db.WorkingAgreements.Add(agreement);
        return agreement;
    }

    public async Task<Result<AgreementDto>> PatchAsync(Guid id, PatchAgreementRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, ct)).Failed(out var error, out var found)) return error;
        var (agreement, product) = found;
        if (Stale(agreement, ifMatch) is { } stale) return stale;
        var validation = new Validation();
        var status = EnumText.Optional<AgreementStatus>(request.Status, "status", validation);
        if (validation.Result is { } bad) return bad;
        var now = clock.GetUtcNow();
        if (request.Text is null && status is null) return Error.Invalid("text", "Send the new text or a status (adopted, retired).");
        if (Rules.Apply(() =>
            {
                if (request.Text is not null) agreement.Edit(request.Text, now);
                if (status is { } s) agreement.SetStatus(s, now);
            }) is { } invalid) return invalid;
        var what = status switch
        {
            AgreementStatus.Adopted => "Adopted",
            AgreementStatus.Retired => "Retired",
            _ => "Changed",
        };
        if (await rights.DecideAsync(product, Operations.Process.Edit, new DecisionRecord($"{what} the working agreement “{agreement.Text}”", "agreement", agreement.Id.ToString()), ct) is { } refused)
            return refused;
        if (await db.SaveOrStaleAsync("The working agreement", ct) is { } lost) return lost;
        return (await DtosAsync([agreement], ct))[0];
    }

    /// <summary>Retires an agreement: it stays on the page, struck through, so the team remembers it tried it.</summary>
    public Task<Result<AgreementDto>> RetireAsync(Guid id, int? ifMatch, CancellationToken ct) =>
        PatchAsync(id, new PatchAgreementRequest(null, "retired"), ifMatch, ct);

    private Task<Result<Owned<WorkingAgreement>>> LoadAsync(Guid id, CancellationToken ct) =>
        rights.LoadAsync<WorkingAgreement>(a => a.Id == id, Operations.Process.Edit, NotFound, ct);

    private static Error? Stale(WorkingAgreement agreement, int? ifMatch) => ifMatch is { } expected && expected != agreement.Version
        ? Error.Stale($"The working agreement was changed by someone else (version {agreement.Version}, you sent {expected}). Reload it and try again.")
        : null;

    private async Task<IReadOnlyList<AgreementDto>> DtosAsync(IReadOnlyList<WorkingAgreement> rows, CancellationToken ct)
    {
        var names = await db.DisplayNamesAsync(rows.Select(r => r.ProposedById).Distinct(), ct);
        return rows.Select(a => new AgreementDto(a.Id, a.TeamId, a.Text, EnumText.Slug(a.Status), new PersonSummary(a.ProposedById, names.GetValueOrDefault(a.ProposedById, "someone")),
            a.FromActionId, a.UpdatedAt, a.Version)).ToList();
    }
}
