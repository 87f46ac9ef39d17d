using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;
using Tandem.Domain.Teams;

namespace Tandem.Application.Teams;

/// <summary>A member as given when a team is created or changed. Working days are names ("monday"); none means Monday to Friday.</summary>
public sealed record TeamMemberRequest(Guid UserId, int? AllocationPercent, IReadOnlyList<string>? WorkingDays);

/// <summary><c>productKey</c> is the home product, whose roles decide for the team; <c>products</c> are further products it works on.</summary>
public sealed record CreateTeamRequest(string? Name, string? ProductKey, string? TimeZone, IReadOnlyList<string>? Products, IReadOnlyList<TeamMemberRequest>? Members);

public sealed record RenameTeamRequest(string? Name);

public sealed record ChangeMemberRequest(int? AllocationPercent, IReadOnlyList<string>? WorkingDays);

/// <summary>The Scrum Master's settings. <c>standupCutoff</c> is "HH:mm" in the team's time zone; <c>sprintStartDay</c> a weekday name.</summary>
public sealed record TeamRhythmRequest(int? SprintLengthDays, string? SprintStartDay, decimal? FocusFactor, decimal? HoursPerDay, string? StandupCutoff, string? TimeZone, string? VideoLink);

/// <summary>Dates are YYYY-MM-DD, both inclusive; <c>userId</c> defaults to the caller.</summary>
public sealed record RecordAbsenceRequest(Guid? UserId, string? From, string? To, string? Note);

public sealed record TeamSummary(Guid Id, string Name, string ProductKey, IReadOnlyList<string> Products, int Members, string TimeZone);

public sealed record TeamMemberDto(PersonSummary Person, int AllocationPercent, IReadOnlyList<string> WorkingDays);

public sealed record AbsenceDto(Guid Id, PersonSummary Person, DateOnly From, DateOnly To, string? Note);

public sealed record BoardColumnDto(Guid Id, string Name, int Position, string Status, int? WipLimit);

public sealed record TeamDto(
    Guid Id, string Name, string ProductKey, IReadOnlyList<string> Products, string TimeZone, int SprintLengthDays, string SprintStartDay,
    decimal FocusFactor, decimal HoursPerDay, string StandupCutoff, string? VideoLink, IReadOnlyList<TeamMemberDto> Members,
    IReadOnlyList<BoardColumnDto> Columns, IReadOnlyList<AbsenceDto> Absences, int Version) : IVersioned;

/// <summary>
/// Teams: the workspace admin creates them and sets who is on them and which products they work on; the
/// Scrum Master of the home product sets their rhythm (cadence, focus factor, stand-up cut-off, time zone,
/// call link); each member records their own days off (ADR 23).
/// </summary>
public sealed class TeamsFeature(TandemDbContext db, CurrentUser me, DecisionRightsService rights, TimeProvider clock)
{
    public const int MaxMembers = 60;
    public const int MaxProducts = 20;

    /// <summary>The teams that work on a product (home or not), by name.</summary>
    public async Task<Result<IReadOnlyList<TeamSummary>>> ForProductAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductRefForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var teamIds = db.TeamProducts.Where(t => t.ProductId == product.Id).Select(t => t.TeamId);
        return Result<IReadOnlyList<TeamSummary>>.Ok(await SummariesAsync(db.Teams.Where(t => teamIds.Contains(t.Id)), ct));
    }

    /// <summary>Every team of the workspace, by name.</summary>
    public Task<IReadOnlyList<TeamSummary>> AllAsync(CancellationToken ct) => SummariesAsync(db.Teams, ct);

    /// <summary>The teams the current user is on, by name: their home and the stand-up pick from these.</summary>
    public Task<IReadOnlyList<TeamSummary>> MineAsync(CancellationToken ct)
    {
        var mine = db.TeamMembers.Where(m => m.UserId == me.UserId).Select(m => m.TeamId);
        return SummariesAsync(db.Teams.Where(t => mine.Contains(t.Id)), ct);
    }

    public async Task<Result<TeamDto>> GetAsync(Guid teamId, CancellationToken ct)
    {
        if ((await LoadAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await DtoAsync(found.Entity, found.Product, ct);
    }

    public async Task<Result<TeamDto>> CreateAsync(CreateTeamRequest request, CancellationToken ct)
    {
        if (await rights.AuthorizeWorkspaceAsync(Operations.Members.ManageTeams, ct) is { } refused) return refused;
        var validation = new Validation();
        Product? home = null;
        if (string.IsNullOrWhiteSpace(request.ProductKey)) validation.Add("productKey", "Name the team's home product: its roles decide for the team.");
        else if ((await rights.FindProductAsync(request.ProductKey, ct)).Failed(out var missing, out var found)) validation.Add("productKey", missing.Detail);
        else home = found;
        var others = await ProductsAsync(request.Products, "products", validation, ct);
        var members = await MembersAsync(request.Members, validation, ct);
        var name = (request.Name ?? "").Trim();
        if (name.Length > 0 && await db.Teams.AnyAsync(t => t.Name == name, ct)) validation.Add("name", $"There is already a team called {name} in your workspace.");
        var now = clock.GetUtcNow();
        var created = Rules.Create(() => Team.Create(me.WorkspaceId, home?.Id ?? Guid.Empty, request.Name, request.TimeZone, now));
        if (created.Failed(out var invalid, out var team)) validation.Include(invalid);
        if (validation.Result is { } bad) return bad;
        if (team is null || home is null) return invalid ?? Error.Invalid("productKey", "Name the team's home product.");

        db.Teams.Add(team);
        foreach (var productId in others.Append(home.Id).Distinct()) db.TeamProducts.Add(TeamProduct.Of(team, productId));
        foreach (var (userId, allocation, days) in members) db.TeamMembers.Add(TeamMember.Add(team, userId, allocation, days, now));
        var position = 0;
        foreach (var (columnName, status, limit) in BoardColumn.DefaultWorkflow) db.BoardColumns.Add(BoardColumn.Create(team, columnName, position++, status, limit, now));
        if (await db.SaveOrConflictAsync($"There is already a team called {team.Name} in your workspace.", ct) is { } taken) return taken;
        return await DtoAsync(team, home, ct);
    }

    public async Task<Result<TeamDto>> RenameAsync(Guid teamId, RenameTeamRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await AdministerAsync(teamId, ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        if (Stale(team, ifMatch) is { } stale) return stale;
        var name = (request.Name ?? "").Trim();
        if (await db.Teams.AnyAsync(t => t.Name == name && t.Id != team.Id, ct)) return Error.Invalid("name", $"There is already a team called {name} in your workspace.");
        if (Rules.Apply(() => team.Rename(request.Name)) is { } invalid) return invalid;
        if (await db.SaveOrConflictAsync($"There is already a team called {name} in your workspace.", ct) is { } taken) return taken;
        return await DtoAsync(team, product, ct);
    }

    /// <summary>Adds a person to the team, or changes their allocation and working days.</summary>
    public async Task<Result<TeamDto>> SetMemberAsync(Guid teamId, Guid userId, ChangeMemberRequest request, CancellationToken ct)
    {
        if ((await AdministerAsync(teamId, ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        var validation = new Validation();
        var members = await MembersAsync([new TeamMemberRequest(userId, request.AllocationPercent, request.WorkingDays)], validation, ct);
        if (validation.Result is { } bad) return bad;
        var (_, allocation, days) = members[0];
        var member = await db.TeamMembers.FirstOrDefaultAsync(m => m.TeamId == team.Id && m.UserId == userId, ct);
        if (member is null)
        {
            if (await db.TeamMembers.CountAsync(m => m.TeamId == team.Id, ct) >= MaxMembers)
                return Error.Invalid("userId", $"A team has at most {MaxMembers} members; split it into two teams.");
            db.TeamMembers.Add(TeamMember.Add(team, userId, allocation, days, clock.GetUtcNow()));
        }
        else member.Change(allocation, days);
        team.Touch();
        if (await db.SaveOrConflictAsync("That person was added to the team at the same moment; reload the team.", ct) is { } conflict) return conflict;
        return await DtoAsync(team, product, ct);
    }

    public async Task<Result<TeamDto>> RemoveMemberAsync(Guid teamId, Guid userId, CancellationToken ct)
    {
        if ((await AdministerAsync(teamId, ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        var member = await db.TeamMembers.FirstOrDefaultAsync(m => m.TeamId == team.Id && m.UserId == userId, ct);
        if (member is null) return Error.NotFound($"That person is not on {team.Name}.");
        db.TeamMembers.Remove(member);
        team.Touch();
        await db.SaveChangesAsync(ct);
        return await DtoAsync(team, product, ct);
    }

    /// <summary>Adds (or, with <paramref name="remove"/>, takes away) a product the team works on; the home product stays.</summary>
    public async Task<Result<TeamDto>> SetProductAsync(Guid teamId, string productKey, bool remove, CancellationToken ct)
    {
        if ((await AdministerAsync(teamId, ct)).Failed(out var error, out var found)) return error;
        var (team, home) = found;
        if ((await rights.FindProductAsync(productKey, ct)).Failed(out var missing, out var product)) return missing;
        var link = await db.TeamProducts.FirstOrDefaultAsync(t => t.TeamId == team.Id && t.ProductId == product.Id, ct);
        if (remove)
        {
            if (product.Id == team.ProductId) return Error.Conflict($"{product.Key} is {team.Name}'s home product: its roles decide for the team, so it stays.");
            if (link is null) return Error.NotFound($"{team.Name} does not work on {product.Key}.");
            db.TeamProducts.Remove(link);
        }
        else if (link is null)
        {
            if (await db.TeamProducts.CountAsync(t => t.TeamId == team.Id, ct) >= MaxProducts)
                return Error.Invalid("productKey", $"A team works on at most {MaxProducts} products.");
            db.TeamProducts.Add(TeamProduct.Of(team, product.Id));
        }
        team.Touch();
        if (await db.SaveOrConflictAsync($"{product.Key} was added to the team at the same moment.", ct) is { } conflict) return conflict;
        return await DtoAsync(team, home, ct);
    }

    public async Task<Result<TeamDto>> SetRhythmAsync(Guid teamId, TeamRhythmRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(teamId, Operations.Process.Edit, ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        if (Stale(team, ifMatch) is { } stale) return stale;
        var validation = new Validation();
        var startDay = EnumText.Optional<DayOfWeek>(request.SprintStartDay, "sprintStartDay", validation) ?? team.SprintStartDay;
        var cutoff = team.StandupCutoff;
        if (request.StandupCutoff is { } text && !TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out cutoff))
            validation.Add("standupCutoff", $"'{text}' is not a time; use HH:mm, such as 09:30.");
        validation.Include(Rules.Apply(() => team.SetWorkingRhythm(request.SprintLengthDays ?? team.SprintLengthDays, startDay,
            request.FocusFactor ?? team.FocusFactor, request.HoursPerDay ?? team.HoursPerDay, cutoff, request.TimeZone ?? team.TimeZone, request.VideoLink)));
        if (validation.Result is { } bad) return bad;
        if (await rights.DecideAsync(product, Operations.Process.Edit, new DecisionRecord(
                $"Set {team.Name}'s rhythm: {team.SprintLengthDays}-day sprints from {EnumText.Slug(team.SprintStartDay)}, focus factor {team.FocusFactor.ToString(CultureInfo.InvariantCulture)}, stand-up cut-off {team.StandupCutoff:HH\\:mm} {team.TimeZone}",
                "team", team.Name), ct) is { } refused) return refused;
        if (await db.SaveOrStaleAsync(team.Name, ct) is { } lost) return lost;
        return await DtoAsync(team, product, ct);
    }

    public async Task<Result<TeamDto>> RecordAbsenceAsync(Guid teamId, RecordAbsenceRequest request, CancellationToken ct)
    {
        if ((await LoadAsync(teamId, Operations.Process.RecordAvailability, ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        var validation = new Validation();
        var who = request.UserId ?? me.UserId;
        var from = Dates.Required(request.From, "from", validation);
        var to = Dates.Required(request.To, "to", validation);
        if (!await db.TeamMembers.AnyAsync(m => m.TeamId == team.Id && m.UserId == who, ct)) validation.Add("userId", $"That person is not on {team.Name}.");
        if (validation.Result is { } bad) return bad;
        if (Rules.Create(() => TeamAbsence.Record(team, who, from!.Value, to!.Value, request.Note, clock.GetUtcNow())).Failed(out var invalid, out var absence)) return invalid;
        db.TeamAbsences.Add(absence);
        team.Touch();
        await db.SaveChangesAsync(ct);
        return await DtoAsync(team, product, ct);
    }

    public async Task<Result<TeamDto>> RemoveAbsenceAsync(Guid teamId, Guid absenceId, CancellationToken ct)
    {
        if ((await LoadAsync(teamId, Operations.Process.RecordAvailability, ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        var absence = await db.TeamAbsences.FirstOrDefaultAsync(a => a.Id == absenceId && a.TeamId == team.Id, ct);
        if (absence is null) return Error.NotFound($"There is no such absence on {team.Name}.");
        db.TeamAbsences.Remove(absence);
        team.Touch();
        await db.SaveChangesAsync(ct);
        return await DtoAsync(team, product, ct);
    }

    /// <summary>A team for the workspace admin's changes (tracked): the admin need hold no role on its product.</summary>
    private async Task<Result<Owned<Team>>> AdministerAsync(Guid teamId, CancellationToken ct)
    {
        if (await rights.AuthorizeWorkspaceAsync(Operations.Members.ManageTeams, ct) is { } refused) return refused;
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == teamId, ct);
        if (team is null) return Error.NotFound("There is no such team in your workspace.");
        return new Owned<Team>(team, await db.Products.FirstAsync(p => p.Id == team.ProductId, ct));
    }

    /// <summary>Loads a team of this workspace for an operation on its home product (tracked).</summary>
    public Task<Result<Owned<Team>>> LoadAsync(Guid teamId, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<Team>(t => t.Id == teamId, operation, "There is no such team in your workspace.", ct);

    /// <summary>The products a team works on (its home first): the items it may pull into a sprint belong to these.</summary>
    public async Task<IReadOnlyList<Guid>> ProductIdsAsync(Team team, CancellationToken ct) =>
        [team.ProductId, .. await db.TeamProducts.Where(t => t.TeamId == team.Id && t.ProductId != team.ProductId).Select(t => t.ProductId).ToListAsync(ct)];

    private static Error? Stale(Team team, int? ifMatch) => ifMatch is { } expected && expected != team.Version
        ? Error.Stale($"{team.Name} was changed by someone else (version {team.Version}, you sent {expected}). Reload it and try again.")
        : null;

    private async Task<List<Guid>> ProductsAsync(IReadOnlyList<string>? keys, string field, Validation validation, CancellationToken ct)
    {
        var ids = new List<Guid>();
        if (keys is null) return ids;
        if (keys.Count > MaxProducts) validation.Add(field, $"A team works on at most {MaxProducts} products.");
        foreach (var key in keys.Take(MaxProducts))
        {
            if ((await rights.FindProductAsync(key ?? "", ct)).Failed(out var missing, out var product)) validation.Add(field, missing.Detail);
            else ids.Add(product.Id);
        }
        return ids;
    }

    private async Task<List<(Guid UserId, int Allocation, WorkingDays Days)>> MembersAsync(IReadOnlyList<TeamMemberRequest>? members, Validation validation, CancellationToken ct)
    {
        var result = new List<(Guid, int, WorkingDays)>();
        if (members is null) return result;
        if (members.Count > MaxMembers) validation.Add("members", $"A team has at most {MaxMembers} members; split it into two teams.");
        var ids = members.Take(MaxMembers).Select(m => m.UserId).Distinct().ToList();
        var known = await db.Users.Where(u => u.WorkspaceId == me.WorkspaceId && ids.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
        foreach (var (member, index) in members.Take(MaxMembers).Select((m, i) => (m, i)))
        {
            var field = $"members[{index}]";
            if (!known.Contains(member.UserId)) validation.Add($"{field}.userId", "There is no such person in your workspace.");
            var allocation = member.AllocationPercent ?? 100;
            if (allocation is < 0 or > 100) validation.Add($"{field}.allocationPercent", "An allocation is a percentage from 0 to 100.");
            var days = ParseDays(member.WorkingDays, $"{field}.workingDays", validation);
            if (result.Any(r => r.Item1 == member.UserId)) validation.Add($"{field}.userId", "That person is listed twice.");
            else result.Add((member.UserId, allocation, days));
        }
        return result;
    }

    /// <summary>Weekday names to flags; null or empty is Monday to Friday.</summary>
    public static WorkingDays ParseDays(IReadOnlyList<string>? names, string field, Validation validation)
    {
        if (names is null || names.Count == 0) return WorkingDays.Weekdays;
        var days = WorkingDays.None;
        foreach (var name in names)
        {
            if (EnumText.TryParse<DayOfWeek>(name, out var day)) days |= TeamMember.Flag(day);
            else validation.Add(field, $"'{name}' is not a weekday; use monday … sunday.");
        }
        return days;
    }

    public static IReadOnlyList<string> DayNames(WorkingDays days) =>
        Enum.GetValues<DayOfWeek>().OrderBy(d => ((int)d + 6) % 7).Where(d => days.HasFlag(TeamMember.Flag(d))).Select(EnumText.Slug).ToList();

    private async Task<IReadOnlyList<TeamSummary>> SummariesAsync(IQueryable<Team> teams, CancellationToken ct)
    {
        var rows = await teams.OrderBy(t => t.Name).Take(500)
            .Select(t => new { t.Id, t.Name, t.ProductId, t.TimeZone, Members = db.TeamMembers.Count(m => m.TeamId == t.Id) })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var products = await db.TeamProducts.Where(t => ids.Contains(t.TeamId))
            .Join(db.Products, t => t.ProductId, p => p.Id, (t, p) => new { t.TeamId, p.Id, p.Key }).ToListAsync(ct);
        return rows.Select(r =>
        {
            var keys = products.Where(p => p.TeamId == r.Id).OrderBy(p => p.Id != r.ProductId).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
            return new TeamSummary(r.Id, r.Name, keys.FirstOrDefault(k => k.Id == r.ProductId)?.Key ?? "", keys.Select(k => k.Key).ToList(), r.Members, r.TimeZone);
        }).ToList();
    }

    private async Task<TeamDto> DtoAsync(Team team, Product home, CancellationToken ct)
    {
        var members = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == team.Id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, u.DisplayName, m.AllocationPercent, m.WorkingDays })
            .ToListAsync(ct);
        var keys = await db.TeamProducts.Where(t => t.TeamId == team.Id).Join(db.Products, t => t.ProductId, p => p.Id, (t, p) => p.Key).ToListAsync(ct);
        var columns = await db.BoardColumns.AsNoTracking().Where(c => c.TeamId == team.Id).OrderBy(c => c.Position).ToListAsync(ct);
        var today = team.Today(clock.GetUtcNow());
        var absences = await db.TeamAbsences.AsNoTracking().Where(a => a.TeamId == team.Id && a.To >= today.AddDays(-30)).OrderBy(a => a.From).Take(200).ToListAsync(ct);
        var names = members.ToDictionary(m => m.UserId, m => m.DisplayName);
        return new TeamDto(team.Id, team.Name, home.Key, [home.Key, .. keys.Where(k => k != home.Key).Order(StringComparer.Ordinal)], team.TimeZone,
            team.SprintLengthDays, EnumText.Slug(team.SprintStartDay), team.FocusFactor, team.HoursPerDay, team.StandupCutoff.ToString("HH:mm", CultureInfo.InvariantCulture),
            team.VideoLink,
            members.OrderBy(m => m.DisplayName, StringComparer.Ordinal).Select(m => new TeamMemberDto(new PersonSummary(m.UserId, m.DisplayName), m.AllocationPercent, DayNames(m.WorkingDays))).ToList(),
            columns.Select(c => new BoardColumnDto(c.Id, c.Name, c.Position, EnumText.Slug(c.Status), c.WipLimit)).ToList(),
            absences.Select(a => new AbsenceDto(a.Id, new PersonSummary(a.UserId, names.GetValueOrDefault(a.UserId, "someone")), a.From, a.To, a.Note)).ToList(),
            team.Version);
    }
}
