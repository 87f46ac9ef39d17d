using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Application.Impediments;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Impediments;
using Tandem.Domain.Standups;
using Tandem.Domain.Teams;

namespace Tandem.Application.Standups;

/// <summary>A member's answer for today. <c>itemKeys</c> are the items it talks about ("PAY-12"), each of a product the team works on.</summary>
public sealed record PostStandupRequest(string? Yesterday, string? Today, string? Blockers, IReadOnlyList<string>? ItemKeys);

/// <summary>Turns an answer's blocker into an impediment; the title defaults to the blocker's first line, the impact to medium.</summary>
public sealed record BlockerToImpedimentRequest(string? Title, string? Impact);

public sealed record StandupImpediment(Guid Id, int Number);

public sealed record StandupEntryDto(
    Guid Id, Guid TeamId, DateOnly Date, PersonSummary Person, string Yesterday, string Today, string? Blockers, IReadOnlyList<string> ItemKeys,
    DateTimeOffset PostedAt, DateTimeOffset UpdatedAt, StandupImpediment? Impediment, int Version) : IVersioned;

/// <summary>
/// One day's stand-up of a team: who answered, who has not (members who work that weekday), the blockers,
/// and whether it still takes answers (before <c>cutoff</c>, local to <c>timeZone</c>).
/// </summary>
public sealed record StandupDigest(
    Guid TeamId, string TeamName, string ProductKey, DateOnly Date, string TimeZone, string Cutoff, bool Open, bool IAmMember,
    IReadOnlyList<StandupEntryDto> Entries, IReadOnlyList<PersonSummary> NotAnswered, IReadOnlyList<StandupEntryDto> Blockers);

public sealed record StandupSearchPage(IReadOnlyList<StandupEntryDto> Items, string? NextCursor);

/// <summary>
/// Asynchronous daily stand-ups: each team member answers yesterday / today / blockers for the team's date
/// before the cut-off in the team's time zone (editing before the cut-off replaces the answer; one per
/// member per day); the Scrum Master reads the digest with who has not answered; a blocker becomes an
/// impediment in one step, linked to its items; past stand-ups stay searchable.
/// </summary>
public sealed class StandupsFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, ImpedimentsFeature impediments, TimeProvider clock)
{
    public const int MinQueryLength = 2;

    public async Task<Result<StandupEntryDto>> PostAsync(Guid teamId, PostStandupRequest request, CancellationToken ct)
    {
        if ((await LoadTeamAsync(teamId, Operations.Process.PostStandUp, ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        if (!await db.TeamMembers.AnyAsync(m => m.TeamId == team.Id && m.UserId == me.UserId, ct))
            return Error.Forbidden($"Only members of {team.Name} post its stand-up, and you are not on the team; ask a workspace admin to add you.");
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, team.Zone()).DateTime;
        var date = team.Today(now);
        if (!StandupEntry.IsOpen(date, local, team.StandupCutoff))
            return Error.Conflict($"The stand-up of {date:yyyy-MM-dd} closed at {team.StandupCutoff:HH\\:mm} ({team.TimeZone}); it is {local:HH\\:mm} there now. Answer tomorrow before {team.StandupCutoff:HH\\:mm}, or tell the Scrum Master directly.");

        var validation = new Validation();
        var keys = await ItemKeysAsync(team, request.ItemKeys, validation, ct);
        if (validation.Result is { } bad) return bad;
        var entry = await db.StandupEntries.FirstOrDefaultAsync(e => e.TeamId == team.Id && e.Date == date && e.UserId == me.UserId, ct);
        if (entry is null)
        {
            if (Rules.Create(() => StandupEntry.Post(team.WorkspaceId, team.ProductId, team.Id, me.UserId, date, request.Yesterday, request.Today, request.Blockers, keys, now))
                .Failed(out var invalid, out var created)) return invalid;
            db.StandupEntries.Add(created);
            entry = created;
        }
        else if (Rules.Apply(() => entry.Replace(request.Yesterday, request.Today, request.Blockers, keys, now)) is { } invalid) return invalid;
        // A second answer posted from another window at the same instant meets the unique index (team, date, member), or
        // the first one's version: the request runs again and replaces the answer now there (ADR 46).
        await db.SaveChangesAsync(ct);
        return (await DtosAsync([entry], ct))[0];
    }

    public async Task<Result<StandupDigest>> DigestAsync(Guid teamId, string? date, CancellationToken ct)
    {
        var validation = new Validation();
        var day = Dates.Optional(date, "date", validation);
        if (validation.Result is { } bad) return bad;
        if ((await LoadTeamAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        var now = clock.GetUtcNow();
        var today = team.Today(now);
        var wanted = day ?? today;
        var local = TimeZoneInfo.ConvertTime(now, team.Zone()).DateTime;

        var entries = await db.StandupEntries.AsNoTracking().Where(e => e.TeamId == team.Id && e.Date == wanted).OrderBy(e => e.PostedAt).Take(200).ToListAsync(ct);
        var dtos = await DtosAsync(entries, ct);
        var members = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == team.Id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, m.WorkingDays, u.DisplayName }).ToListAsync(ct);
        var answered = entries.Select(e => e.UserId).ToHashSet();
        var flag = TeamMember.Flag(wanted.DayOfWeek);
        var missing = members.Where(m => m.WorkingDays.HasFlag(flag) && !answered.Contains(m.UserId))
            .OrderBy(m => m.DisplayName, StringComparer.CurrentCulture).Select(m => new PersonSummary(m.UserId, m.DisplayName)).ToList();
        return new StandupDigest(team.Id, team.Name, product.Key, wanted, team.TimeZone, team.StandupCutoff.ToString("HH:mm", CultureInfo.InvariantCulture),
            StandupEntry.IsOpen(wanted, local, team.StandupCutoff), members.Any(m => m.UserId == me.UserId),
            dtos, missing, dtos.Where(d => d.Blockers is not null).ToList());
    }

    /// <summary>Past answers whose text or item keys contain <paramref name="q"/> (case-insensitive), newest first, paged.</summary>
    public async Task<Result<StandupSearchPage>> SearchAsync(Guid teamId, string? q, int? limit, string? cursor, CancellationToken ct)
    {
        if (Paging.ValidateLimit(limit) is { } badLimit) return badLimit;
        var text = (q ?? "").Trim().ToLowerInvariant();
        if (text.Length < MinQueryLength || text.Length > 200) return Error.Invalid("q", $"Search for {MinQueryLength} to 200 characters.");
        var skip = 0;
        if (cursor is not null && (!Paging.TryDecode(cursor, out var raw) || !int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out skip))) return Paging.BadCursor;
        if ((await LoadTeamAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var take = limit ?? Paging.DefaultLimit;
        var rows = await db.StandupEntries.AsNoTracking().Where(e => e.TeamId == found.Entity.Id && e.SearchText.Contains(text))
            .OrderByDescending(e => e.Date).ThenBy(e => e.PostedAt).Skip(skip).Take(take + 1).ToListAsync(ct);
        var shown = rows.Take(take).ToList();
        return new StandupSearchPage(await DtosAsync(shown, ct),
            rows.Count > take ? Paging.Encode((skip + take).ToString(CultureInfo.InvariantCulture)) : null);
    }

    /// <summary>A blocker becomes an impediment of the team's home product, linked to the answer's items; once per answer.</summary>
    public async Task<Result<ImpedimentDto>> BlockerToImpedimentAsync(Guid entryId, BlockerToImpedimentRequest request, CancellationToken ct)
    {
        if ((await rights.LoadAsync<StandupEntry>(e => e.Id == entryId, Operations.ImpedimentLog.Raise, "There is no such stand-up answer in your workspace.", ct))
            .Failed(out var error, out var found)) return error;
        var (entry, product) = found;
        if (entry.Blockers is null) return Error.Conflict("That answer names no blocker; raise an impediment directly instead.");
        var existing = await db.Impediments.AsNoTracking().Where(i => i.StandupEntryId == entry.Id).Select(i => (int?)i.Number).FirstOrDefaultAsync(ct);
        if (existing is { } number) return Error.Conflict($"That blocker already became impediment {number}.");
        var validation = new Validation();
        var impact = EnumText.Optional<ImpedimentImpact>(request.Impact, "impact", validation) ?? ImpedimentImpact.Medium;
        if (validation.Result is { } bad) return bad;
        var who = await db.Users.Where(u => u.Id == entry.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "a member";
        var title = string.IsNullOrWhiteSpace(request.Title) ? FirstLine(entry.Blockers, Impediment.TitleMaxLength) : request.Title;
        var description = $"{entry.Blockers}\n\nFrom {who}'s stand-up of {entry.Date:yyyy-MM-dd}.";
        var keys = entry.Keys.ToList();
        var items = await db.BacklogItems.AsNoTracking().Where(i => keys.Contains(i.Key)).Select(i => i.Id).ToListAsync(ct);
        return await impediments.CreateAsync(product, entry.TeamId, title, description, impact, items, entry.Id, ct);
    }

    private static string FirstLine(string text, int max)
    {
        var line = text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? text;
        return line.Length > max ? line[..(max - 1)].TrimEnd() + "…" : line;
    }

    /// <summary>The keys named, upper-cased, each an item of a product the team works on; unknown ones are a field error.</summary>
    private async Task<IReadOnlyList<string>> ItemKeysAsync(Team team, IReadOnlyList<string>? keys, Validation validation, CancellationToken ct)
    {
        var wanted = (keys ?? []).Select(k => (k ?? "").Trim().ToUpperInvariant()).Where(k => k.Length > 0).Distinct().ToList();
        if (wanted.Count == 0) return [];
        if (wanted.Count > StandupEntry.MaxItemKeys)
        {
            validation.Add("itemKeys", $"Name at most {StandupEntry.MaxItemKeys} items.");
            return [];
        }
        var products = db.TeamProducts.Where(t => t.TeamId == team.Id).Select(t => t.ProductId);
        var found = await db.BacklogItems.AsNoTracking().Where(i => wanted.Contains(i.Key) && products.Contains(i.ProductId)).Select(i => i.Key).ToListAsync(ct);
        var missing = wanted.Except(found).ToList();
        if (missing.Count > 0) validation.Add("itemKeys", $"There is no item {string.Join(", ", missing)} on the products {team.Name} works on.");
        return wanted.Where(found.Contains).ToList();
    }

    private Task<Result<Owned<Team>>> LoadTeamAsync(Guid teamId, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<Team>(t => t.Id == teamId, operation, "There is no such team in your workspace.", ct);

    private async Task<List<StandupEntryDto>> DtosAsync(IReadOnlyList<StandupEntry> rows, CancellationToken ct)
    {
        var people = rows.Select(r => r.UserId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var ids = rows.Where(r => r.Blockers is not null).Select(r => (Guid?)r.Id).ToList();
        var raised = ids.Count == 0 ? [] : await db.Impediments.AsNoTracking().Where(i => ids.Contains(i.StandupEntryId))
            .Select(i => new { i.StandupEntryId, i.Id, i.Number }).ToListAsync(ct);
        var byEntry = raised.GroupBy(r => r.StandupEntryId!.Value).ToDictionary(g => g.Key, g => new StandupImpediment(g.First().Id, g.First().Number));
        return rows.Select(e => new StandupEntryDto(e.Id, e.TeamId, e.Date, new PersonSummary(e.UserId, names.GetValueOrDefault(e.UserId, "someone")),
            e.Yesterday, e.Today, e.Blockers, e.Keys, e.PostedAt, e.UpdatedAt, byEntry.GetValueOrDefault(e.Id), e.Version)).ToList();
    }
}
