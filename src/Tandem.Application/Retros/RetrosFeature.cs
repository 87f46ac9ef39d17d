using Microsoft.EntityFrameworkCore;
using Tandem.Application.Agreements;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Application.Teams;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;
using Tandem.Domain.Retros;

namespace Tandem.Application.Retros;

/// <summary>
/// <c>format</c>: start-stop-continue, mad-sad-glad, 4ls, sailboat or custom (with <c>columns</c>);
/// <c>voteAllowance</c> dots per person (default 3); <c>sprintId</c> optionally ties it to one of the team's sprints.
/// </summary>
public sealed record StartRetroRequest(string? Title, string? Format, IReadOnlyList<string>? Columns, int? VoteAllowance, Guid? SprintId);

/// <summary><c>phase</c>: write, group, vote, discuss, actions or closed, one step from the current one.</summary>
public sealed record RetroPhaseRequest(string? Phase);

public sealed record RetroCardRequest(string? Column, string? Text, bool? Anonymous);

/// <summary>Text and column are the author's to change while the team writes; <c>groupId</c> (or <c>ungroup</c>) moves the card while the team groups.</summary>
public sealed record EditRetroCardRequest(string? Column, string? Text, Guid? GroupId, bool? Ungroup);

public sealed record RetroGroupRequest(string? Title, IReadOnlyList<Guid>? CardIds);

/// <summary>One dot for a card or a group (not both).</summary>
public sealed record RetroVoteRequest(Guid? CardId, Guid? GroupId);

/// <summary><c>ownerId</c> is a member of the team; <c>due</c> is YYYY-MM-DD.</summary>
public sealed record RetroActionRequest(string? Text, Guid? OwnerId, string? Due);

/// <summary><c>status</c>: done, not-done or dropped (the review's verdict); the other fields change what was agreed.</summary>
public sealed record PatchRetroActionRequest(string? Text, string? Status, Guid? OwnerId, string? Due);

/// <summary>A card as everyone sees it. <c>author</c> is null on an anonymous card; <c>mine</c> is true only for its author.</summary>
public sealed record RetroCardDto(Guid Id, string Column, string Text, bool Anonymous, PersonSummary? Author, bool Mine, Guid? GroupId, int? Votes, int MyVotes);

public sealed record RetroGroupDto(Guid Id, string Title, int? Votes, int MyVotes);

/// <summary>What the team discusses: a group or a lone card, by votes.</summary>
public sealed record RetroTopicDto(Guid? GroupId, Guid? CardId, string Title, int Votes, IReadOnlyList<string> Cards);

public sealed record RetroActionDto(
    Guid Id, Guid RetroId, string Text, PersonSummary? Owner, DateOnly? Due, string Status, bool Overdue, int NotDoneCount, string? ItemKey, Guid? AgreementId, int Version) : IVersioned;

public sealed record RetroDto(
    Guid Id, Guid TeamId, string TeamName, string ProductKey, Guid? SprintId, string Title, string Format, IReadOnlyList<string> Columns, string Phase,
    int VoteAllowance, int VotesLeft, PersonSummary Facilitator, IReadOnlyList<RetroCardDto> Cards, IReadOnlyList<RetroGroupDto> Groups,
    IReadOnlyList<RetroTopicDto> Topics, IReadOnlyList<RetroActionDto> Actions, IReadOnlyList<RetroActionDto> Review, DateTimeOffset CreatedAt, int Version) : IVersioned;

public sealed record RetroSummaryDto(Guid Id, string Title, string Format, string Phase, Guid? SprintId, int Cards, int Actions, DateTimeOffset CreatedAt);

/// <summary>Retro action completion: done ÷ reviewed (done, not done or dropped); null when nothing was reviewed yet.</summary>
public sealed record RetroActionCompletion(int Reviewed, int Done, decimal? Ratio);

/// <summary>What a live screen hears after a change: which retrospective, what kind of change, its phase. Never a card's text or author.</summary>
public sealed record RetroChange(Guid RetroId, string Change, string Phase, int Version);

/// <summary>Tells the retrospective's watchers that something changed; implemented by the web host over SignalR.</summary>
public interface IRetroBroadcaster
{
    Task ChangedAsync(RetroChange change, CancellationToken ct);
}

/// <summary>
/// Retrospectives: the Scrum Master starts one and moves it through its phases (logged); the team writes
/// cards (optionally anonymous), groups them, dot-votes within an allowance and agrees actions, which the
/// team owns: each becomes a backlog item or a working agreement and is reviewed at the next retrospective.
/// </summary>
public sealed class RetrosFeature(
    TandemDbContext db, CurrentUser me, DecisionRightsService rights, TeamsFeature teams, BacklogFeature backlog, AgreementsFeature agreements,
    IRetroBroadcaster broadcaster, TimeProvider clock)
{
    public const int MaxCards = 500;
    public const int MaxActionsListed = 200;

    private const string NotFound = "There is no such retrospective in your workspace.";

    public async Task<Result<RetroDto>> StartAsync(Guid teamId, StartRetroRequest request, CancellationToken ct)
    {
        if ((await teams.LoadAsync(teamId, Operations.Retrospectives.Facilitate, ct)).Failed(out var error, out var found)) return error;
        var (team, product) = found;
        var validation = new Validation();
        var formatText = request.Format?.Trim();
        if (string.Equals(formatText, "4ls", StringComparison.OrdinalIgnoreCase)) formatText = nameof(RetroFormat.FourLs);
        var format = string.IsNullOrWhiteSpace(formatText) ? RetroFormat.StartStopContinue : EnumText.Optional<RetroFormat>(formatText, "format", validation);
        if (request.SprintId is { } sprintId && !await db.Sprints.AnyAsync(s => s.Id == sprintId && s.TeamId == team.Id, ct))
            validation.Add("sprintId", $"That sprint is not one of {team.Name}'s.");
        var now = clock.GetUtcNow();
        var previous = await db.Retrospectives.Where(r => r.TeamId == team.Id).OrderByDescending(r => r.CreatedAt).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        var started = Rules.Create(() => Retrospective.Start(team, request.SprintId, request.Title, format ?? RetroFormat.StartStopContinue, request.Columns,
            request.VoteAllowance, previous, me.UserId, now));
        if (started.Failed(out var invalid, out var retro)) validation.Include(invalid);
        if (validation.Result is { } bad) return bad;
        if (await rights.DecideAsync(product, Operations.Retrospectives.Facilitate, new DecisionRecord(
                $"Started {team.Name}'s retrospective “{retro!.Title}” ({FormatText(retro.Format)}, {retro.VoteAllowance} votes each)", "retro", retro.Id.ToString()), ct) is { } refused) return refused;
        db.Retrospectives.Add(retro);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(retro, product, ct);
    }

    /// <summary>The team's retrospectives, newest first.</summary>
    public async Task<Result<IReadOnlyList<RetroSummaryDto>>> ListAsync(Guid teamId, CancellationToken ct)
    {
        if ((await teams.LoadAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var rows = await db.Retrospectives.AsNoTracking().Where(r => r.TeamId == found.Entity.Id).OrderByDescending(r => r.CreatedAt).Take(100)
            .Select(r => new
            {
                r.Id, r.Title, r.Format, r.Phase, r.SprintId, r.CreatedAt,
                Cards = db.RetroCards.Count(c => c.RetroId == r.Id),
                Actions = db.RetroActions.Count(a => a.RetroId == r.Id),
            }).ToListAsync(ct);
        return Result<IReadOnlyList<RetroSummaryDto>>.Ok(rows.Select(r => new RetroSummaryDto(r.Id, r.Title, FormatText(r.Format), EnumText.Slug(r.Phase), r.SprintId, r.Cards, r.Actions, r.CreatedAt)).ToList());
    }

    public async Task<Result<RetroDto>> GetAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await ViewAsync(found.Entity, found.Product, ct);
    }

    /// <summary>Admits a live screen: the same rule as reading the retrospective.</summary>
    public async Task<Result<PersonSummary>> WatchAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out _)) return error;
        return new PersonSummary(me.UserId, me.DisplayName);
    }

    public async Task<Result<RetroDto>> MovePhaseAsync(Guid id, RetroPhaseRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Retrospectives.Facilitate, ct)).Failed(out var error, out var found)) return error;
        var (retro, product) = found;
        if (Stale(retro, ifMatch) is { } stale) return stale;
        var validation = new Validation();
        var phase = EnumText.Required<RetroPhase>(request.Phase, "phase", validation);
        if (validation.Result is { } bad) return bad;
        var from = retro.Phase;
        if (Rules.Apply(() => retro.MoveTo(phase!.Value, clock.GetUtcNow())) is { } invalid) return invalid;
        if (await rights.DecideAsync(product, Operations.Retrospectives.Facilitate, new DecisionRecord(
                $"Moved the retrospective “{retro.Title}” from {EnumText.Slug(from)} to {EnumText.Slug(retro.Phase)}", "retro", retro.Id.ToString()), ct) is { } refused) return refused;
        if (await db.SaveOrStaleAsync($"The retrospective “{retro.Title}”", ct) is { } lost) return lost;
        await TellAsync(retro, "phase");
        return await ViewAsync(retro, product, ct);
    }

    public async Task<Result<RetroDto>> WriteCardAsync(Guid id, RetroCardRequest request, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Retrospectives.Contribute, ct)).Failed(out var error, out var found)) return error;
        var (retro, product) = found;
        if (await db.RetroCards.CountAsync(c => c.RetroId == retro.Id, ct) >= MaxCards)
            return Error.Invalid("text", $"A retrospective holds at most {MaxCards} cards; group what is there first.");
        if (Rules.Create(() => RetroCard.Write(retro, request.Column, request.Text, request.Anonymous ?? false, me.UserId, clock.GetUtcNow())).Failed(out var invalid, out var card)) return invalid;
        db.RetroCards.Add(card);
        await db.SaveChangesAsync(ct);
        await TellAsync(retro, "card");
        return await ViewAsync(retro, product, ct);
    }

    public async Task<Result<RetroDto>> EditCardAsync(Guid cardId, EditRetroCardRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await rights.LoadAsync<RetroCard>(c => c.Id == cardId, Operations.Retrospectives.Contribute, "There is no such card in your workspace.", ct))
            .Failed(out var error, out var found)) return error;
        var (card, product) = found;
        if (ifMatch is { } expected && expected != card.Version)
            return Error.Stale($"The card was changed by someone else (version {card.Version}, you sent {expected}). Reload the retrospective and try again.");
        var retro = await db.Retrospectives.FirstAsync(r => r.Id == card.RetroId, ct);
        var regroup = request.GroupId is not null || request.Ungroup == true;
        if (regroup)
        {
            if (request.GroupId is { } groupId && !await db.RetroGroups.AnyAsync(g => g.Id == groupId && g.RetroId == retro.Id, ct))
                return Error.Invalid("groupId", "That group is not on this retrospective.");
            if (Rules.Apply(() =>
                {
                    retro.RequirePhase("phase", "group cards", RetroPhase.Group);
                    card.PutIn(request.Ungroup == true ? null : request.GroupId);
                }) is { } refusedGroup) return refusedGroup;
        }
        if (request.Text is not null || request.Column is not null)
        {
            if (Rules.Apply(() => card.Edit(retro, request.Column, request.Text, me.UserId)) is { } invalid) return invalid;
        }
        if (await db.SaveOrStaleAsync("The card", ct) is { } lost) return lost;
        await TellAsync(retro, "card");
        return await ViewAsync(retro, product, ct);
    }

    /// <summary>The author takes back a card while the team writes; the Scrum Master may remove any card before the retrospective closes.</summary>
    public async Task<Result<RetroDto>> DeleteCardAsync(Guid cardId, int? ifMatch, CancellationToken ct)
    {
        if ((await rights.LoadAsync<RetroCard>(c => c.Id == cardId, Operations.Retrospectives.Contribute, "There is no such card in your workspace.", ct))
            .Failed(out var error, out var found)) return error;
        var (card, product) = found;
        if (ifMatch is { } expected && expected != card.Version)
            return Error.Stale($"The card was changed by someone else (version {card.Version}, you sent {expected}). Reload the retrospective and try again.");
        var retro = await db.Retrospectives.FirstAsync(r => r.Id == card.RetroId, ct);
        var facilitator = await rights.IsAllowedAsync(product, Operations.Retrospectives.Facilitate, ct);
        if (retro.IsClosed) return Error.Invalid("phase", "This retrospective is closed.");
        if (!facilitator)
        {
            if (card.AuthorId != me.UserId) return Error.Invalid("card", "Only the person who wrote a card (or the Scrum Master) removes it.");
            if (retro.Phase != RetroPhase.Write) return Error.Invalid("phase", "You can take back your card only while the team writes.");
        }
        db.RetroCards.Remove(card);
        await db.SaveChangesAsync(ct);
        await TellAsync(retro, "card");
        return await ViewAsync(retro, product, ct);
    }

    public async Task<Result<RetroDto>> CreateGroupAsync(Guid id, RetroGroupRequest request, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Retrospectives.Contribute, ct)).Failed(out var error, out var found)) return error;
        var (retro, product) = found;
        var cardIds = (request.CardIds ?? []).Distinct().Take(MaxCards).ToList();
        var cards = await db.RetroCards.Where(c => c.RetroId == retro.Id && cardIds.Contains(c.Id)).ToListAsync(ct);
        if (cards.Count != cardIds.Count) return Error.Invalid("cardIds", "Some of those cards are not on this retrospective.");
        if (Rules.Create(() => RetroGroup.Create(retro, request.Title, clock.GetUtcNow())).Failed(out var invalid, out var group)) return invalid;
        db.RetroGroups.Add(group);
        foreach (var card in cards) card.PutIn(group.Id);
        await db.SaveChangesAsync(ct);
        await TellAsync(retro, "group");
        return await ViewAsync(retro, product, ct);
    }

    /// <summary>
    /// One dot for a lone card or a group. Each dot takes the lowest free slot of the voter's allowance, and a
    /// slot is unique per voter, so two votes at the same instant cannot exceed it: the loser retries on the
    /// next slot, or hears that the votes are used up.
    /// </summary>
    public async Task<Result<RetroDto>> VoteAsync(Guid id, RetroVoteRequest request, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Retrospectives.Contribute, ct)).Failed(out var error, out var found)) return error;
        var (retro, product) = found;
        if ((request.CardId is null) == (request.GroupId is null)) return Error.Invalid("cardId", "Vote for one card (cardId) or one group (groupId).");
        if (request.CardId is { } cardId)
        {
            var card = await db.RetroCards.AsNoTracking().Where(c => c.Id == cardId && c.RetroId == retro.Id).Select(c => new { c.GroupId }).FirstOrDefaultAsync(ct);
            if (card is null) return Error.Invalid("cardId", "That card is not on this retrospective.");
            if (card.GroupId is not null) return Error.Invalid("cardId", "That card is in a group; vote for the group.");
        }
        if (request.GroupId is { } groupId && !await db.RetroGroups.AnyAsync(g => g.Id == groupId && g.RetroId == retro.Id, ct))
            return Error.Invalid("groupId", "That group is not on this retrospective.");
        var (retroId, allowance, phase) = (retro.Id, retro.VoteAllowance, retro.Phase);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var used = await db.RetroVotes.Where(v => v.RetroId == retroId && v.VoterId == me.UserId).Select(v => v.Slot).ToListAsync(ct);
            var slot = Enumerable.Range(1, allowance).FirstOrDefault(s => !used.Contains(s));
            if (slot == 0 && phase == RetroPhase.Vote)
                return Error.Invalid("votes", $"You have used your {allowance} votes; take one back to vote elsewhere.");
            if (Rules.Create(() => RetroVote.Cast(retro, me.UserId, slot, request.CardId, request.GroupId, clock.GetUtcNow())).Failed(out var invalid, out var vote)) return invalid;
            db.RetroVotes.Add(vote);
            if (await db.SaveOrConflictAsync("Your votes changed at the same moment.", ct) is null)
            {
                await TellAsync(retro, "vote");
                return await ViewAsync(retro, product, ct);
            }
        }
        return Error.Conflict("Your votes changed at the same moment; reload the retrospective and try again.");
    }

    /// <summary>Takes back one of the caller's dots from a card or a group while the team votes.</summary>
    public async Task<Result<RetroDto>> UnvoteAsync(Guid id, Guid? cardId, Guid? groupId, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Retrospectives.Contribute, ct)).Failed(out var error, out var found)) return error;
        var (retro, product) = found;
        if ((cardId is null) == (groupId is null)) return Error.Invalid("cardId", "Say which card (cardId) or group (groupId) to take a vote back from.");
        if (Rules.Apply(() => retro.RequirePhase("phase", "take back a vote", RetroPhase.Vote)) is { } invalid) return invalid;
        var vote = await db.RetroVotes.Where(v => v.RetroId == retro.Id && v.VoterId == me.UserId && v.CardId == cardId && v.GroupId == groupId)
            .OrderByDescending(v => v.Slot).FirstOrDefaultAsync(ct);
        if (vote is null) return Error.NotFound("You have no vote there.");
        db.RetroVotes.Remove(vote);
        await db.SaveChangesAsync(ct);
        await TellAsync(retro, "vote");
        return await ViewAsync(retro, product, ct);
    }

    public async Task<Result<RetroActionDto>> AddActionAsync(Guid id, RetroActionRequest request, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Retrospectives.OwnActions, ct)).Failed(out var error, out var found)) return error;
        var (retro, _) = found;
        var validation = new Validation();
        var due = Dates.Optional(request.Due, "due", validation);
        if (request.OwnerId is { } owner && !await db.TeamMembers.AnyAsync(m => m.TeamId == retro.TeamId && m.UserId == owner, ct))
            validation.Add("ownerId", "The owner is a member of the team.");
        if (await db.RetroActions.CountAsync(a => a.RetroId == retro.Id, ct) >= 50) validation.Add("text", "A retrospective agrees at most 50 actions; fewer get done.");
        if (Rules.Create(() => RetroAction.Agree(retro, request.Text, request.OwnerId, due, clock.GetUtcNow())).Failed(out var invalid, out var action)) validation.Include(invalid);
        if (validation.Result is { } bad) return bad;
        db.RetroActions.Add(action!);
        await db.SaveChangesAsync(ct);
        await TellAsync(retro, "action");
        return (await ActionDtosAsync([action!], ct))[0];
    }

    /// <summary>Reviews an action (done, not-done, dropped) or changes its text, owner or due date; honours If-Match.</summary>
    public async Task<Result<RetroActionDto>> PatchActionAsync(Guid actionId, PatchRetroActionRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadActionAsync(actionId, ct)).Failed(out var error, out var found)) return error;
        var action = found.Entity;
        if (ifMatch is { } expected && expected != action.Version)
            return Error.Stale($"The action was changed by someone else (version {action.Version}, you sent {expected}). Reload it and try again.");
        var validation = new Validation();
        var status = EnumText.Optional<RetroActionStatus>(request.Status, "status", validation);
        var due = request.Due is null ? action.Due : Dates.Optional(request.Due, "due", validation);
        if (request.OwnerId is { } owner && !await db.TeamMembers.AnyAsync(m => m.TeamId == action.TeamId && m.UserId == owner, ct))
            validation.Add("ownerId", "The owner is a member of the team.");
        if (validation.Result is { } bad) return bad;
        var now = clock.GetUtcNow();
        Guid? reviewedIn = null;
        if (status is not null)
        {
            var madeAt = await db.Retrospectives.Where(r => r.Id == action.RetroId).Select(r => r.CreatedAt).FirstAsync(ct);
            reviewedIn = await db.Retrospectives.Where(r => r.TeamId == action.TeamId && r.CreatedAt > madeAt).OrderByDescending(r => r.CreatedAt)
                .Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        }
        if (Rules.Apply(() =>
            {
                if (request.Text is not null || request.OwnerId is not null || request.Due is not null)
                    action.Change(request.Text ?? action.Text, request.OwnerId ?? action.OwnerId, due);
                if (status is { } verdict) action.Review(verdict, reviewedIn, now);
            }) is { } invalid) return invalid;
        if (await db.SaveOrStaleAsync("The action", ct) is { } lost) return lost;
        await TellRetroAsync(reviewedIn ?? action.RetroId, "action", ct);
        return (await ActionDtosAsync([action], ct))[0];
    }

    /// <summary>Turns an action into a story at the bottom of the team's home backlog, through the backlog's own create path.</summary>
    public async Task<Result<RetroActionDto>> ToBacklogAsync(Guid actionId, CancellationToken ct)
    {
        if ((await LoadActionAsync(actionId, ct)).Failed(out var error, out var found)) return error;
        var (action, product) = found;
        if (action.ItemKey is not null) return Error.Conflict($"This action is already backlog item {action.ItemKey}.");
        var title = await db.Retrospectives.Where(r => r.Id == action.RetroId).Select(r => r.Title).FirstAsync(ct);
        var created = await backlog.CreateAsync(product.Key, new CreateItemRequest("story", action.Text, $"Agreed at the retrospective “{title}”.", null, action.OwnerId, null), ct);
        if (created.Failed(out var notCreated, out var item)) return notCreated;
        if (Rules.Apply(() => action.BecameItem(item.Key)) is { } invalid) return invalid;
        if (await db.SaveOrStaleAsync("The action", ct) is { } lost) return lost;
        await TellRetroAsync(action.RetroId, "action", ct);
        return (await ActionDtosAsync([action], ct))[0];
    }

    /// <summary>Turns an action into a working agreement: adopted when the Scrum Master does it (logged), suggested otherwise.</summary>
    public async Task<Result<RetroActionDto>> ToAgreementAsync(Guid actionId, CancellationToken ct)
    {
        if ((await LoadActionAsync(actionId, ct)).Failed(out var error, out var found)) return error;
        var (action, product) = found;
        if (action.AgreementId is not null) return Error.Conflict("This action is already a working agreement.");
        var team = await db.Teams.FirstAsync(t => t.Id == action.TeamId, ct);
        if ((await agreements.AddAsync(team, product, action.Text, action.Id, ct)).Failed(out var refused, out var agreement)) return refused;
        if (Rules.Apply(() => action.BecameAgreement(agreement.Id)) is { } invalid) return invalid;
        if (await db.SaveOrStaleAsync("The action", ct) is { } lost) return lost;
        await TellRetroAsync(action.RetroId, "action", ct);
        return (await ActionDtosAsync([action], ct))[0];
    }

    /// <summary>The team's actions by status (open: still to follow up, which includes not-done ones), soonest due first.</summary>
    public async Task<Result<IReadOnlyList<RetroActionDto>>> ActionsAsync(Guid teamId, string? status, CancellationToken ct)
    {
        if ((await teams.LoadAsync(teamId, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        var validation = new Validation();
        var filter = string.IsNullOrWhiteSpace(status) || status == "all" ? null : EnumText.Optional<RetroActionStatus>(status, "status", validation);
        if (validation.Result is { } bad) return bad;
        var query = db.RetroActions.AsNoTracking().Where(a => a.TeamId == found.Entity.Id);
        query = filter switch
        {
            RetroActionStatus.Open => query.Where(a => a.Status == RetroActionStatus.Open || a.Status == RetroActionStatus.NotDone),
            { } one => query.Where(a => a.Status == one),
            null => query,
        };
        var rows = await query.OrderBy(a => a.Due == null).ThenBy(a => a.Due).ThenBy(a => a.CreatedAt).Take(MaxActionsListed).ToListAsync(ct);
        return Result<IReadOnlyList<RetroActionDto>>.Ok(await ActionDtosAsync(rows, ct));
    }

    /// <summary>
    /// Retro action completion for the team's metrics: done ÷ reviewed. The caller has already checked that the
    /// person may read the team.
    /// </summary>
    public async Task<RetroActionCompletion> ActionCompletionAsync(Guid teamId, CancellationToken ct)
    {
        var counts = await db.RetroActions.AsNoTracking().Where(a => a.TeamId == teamId && a.Status != RetroActionStatus.Open)
            .GroupBy(a => a.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        var reviewed = counts.Sum(c => c.Count);
        var done = counts.Where(c => c.Status == RetroActionStatus.Done).Sum(c => c.Count);
        return new RetroActionCompletion(reviewed, done, reviewed == 0 ? null : Math.Round((decimal)done / reviewed, 2));
    }

    /// <summary>Actions that keep not getting done: found not done at two reviews, or open past their due date.</summary>
    public async Task<IReadOnlyList<RetroActionDto>> NeverDoneAsync(Guid teamId, DateOnly today, CancellationToken ct)
    {
        var rows = await db.RetroActions.AsNoTracking()
            .Where(a => a.TeamId == teamId && (a.Status == RetroActionStatus.Open || a.Status == RetroActionStatus.NotDone) && (a.NotDoneCount >= 2 || (a.Due != null && a.Due < today)))
            .OrderBy(a => a.Due).Take(20).ToListAsync(ct);
        return await ActionDtosAsync(rows, ct);
    }

    private Task<Result<Owned<Retrospective>>> LoadAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<Retrospective>(r => r.Id == id, operation, NotFound, ct);

    private Task<Result<Owned<RetroAction>>> LoadActionAsync(Guid id, CancellationToken ct) =>
        rights.LoadAsync<RetroAction>(a => a.Id == id, Operations.Retrospectives.OwnActions, "There is no such retrospective action in your workspace.", ct);

    private static Error? Stale(Retrospective retro, int? ifMatch) => ifMatch is { } expected && expected != retro.Version
        ? Error.Stale($"The retrospective “{retro.Title}” was changed by someone else (version {retro.Version}, you sent {expected}). Reload it and try again.")
        : null;

    private Task TellAsync(Retrospective retro, string change) =>
        broadcaster.ChangedAsync(new RetroChange(retro.Id, change, EnumText.Slug(retro.Phase), retro.Version), CancellationToken.None);

    private async Task TellRetroAsync(Guid retroId, string change, CancellationToken ct)
    {
        var retro = await db.Retrospectives.AsNoTracking().FirstOrDefaultAsync(r => r.Id == retroId, ct);
        if (retro is not null) await TellAsync(retro, change);
        // The retrospective that made the action shows it too, when it was reviewed in a later one.
        var made = await db.RetroActions.AsNoTracking().Where(a => a.ReviewedInRetroId == retroId).Select(a => a.RetroId).Distinct().OrderBy(id => id).Take(5).ToListAsync(ct);
        foreach (var other in made.Where(m => m != retroId)) await broadcaster.ChangedAsync(new RetroChange(other, change, "", 0), CancellationToken.None);
    }

    public static string FormatText(RetroFormat format) => format == RetroFormat.FourLs ? "4ls" : EnumText.Slug(format);

    private async Task<RetroDto> ViewAsync(Retrospective retro, Product product, CancellationToken ct)
    {
        var teamName = await db.Teams.Where(t => t.Id == retro.TeamId).Select(t => t.Name).FirstAsync(ct);
        var cards = await db.RetroCards.AsNoTracking().Where(c => c.RetroId == retro.Id).OrderBy(c => c.CreatedAt).Take(MaxCards).ToListAsync(ct);
        var groups = await db.RetroGroups.AsNoTracking().Where(g => g.RetroId == retro.Id).OrderBy(g => g.CreatedAt).Take(MaxCards).ToListAsync(ct);
        var mine = await db.RetroVotes.AsNoTracking().Where(v => v.RetroId == retro.Id && v.VoterId == me.UserId).Select(v => new { v.CardId, v.GroupId }).ToListAsync(ct);
        // Totals only after the vote: while it runs, each person sees their own dots and nobody else's.
        var showTotals = retro.Phase > RetroPhase.Vote;
        var totals = showTotals
            ? await db.RetroVotes.AsNoTracking().Where(v => v.RetroId == retro.Id).GroupBy(v => new { v.CardId, v.GroupId })
                .Select(g => new { g.Key.CardId, g.Key.GroupId, Count = g.Count() }).ToListAsync(ct)
            : null;
        var names = await db.DisplayNamesAsync(cards.Where(c => !c.Anonymous).Select(c => c.AuthorId).Append(retro.FacilitatorId).Distinct(), ct);
        int? CardVotes(Guid id) => totals is not null ? totals.Where(t => t.CardId == id).Sum(t => t.Count) : null;
        int? GroupVotes(Guid id) => totals is not null ? totals.Where(t => t.GroupId == id).Sum(t => t.Count) : null;

        var cardDtos = cards.Select(c => new RetroCardDto(c.Id, c.Column, c.Text, c.Anonymous,
            c.Anonymous ? null : new PersonSummary(c.AuthorId, names.GetValueOrDefault(c.AuthorId, "someone")),
            c.AuthorId == me.UserId, c.GroupId, CardVotes(c.Id), mine.Count(v => v.CardId == c.Id))).ToList();
        var groupDtos = groups.Select(g => new RetroGroupDto(g.Id, g.Title, GroupVotes(g.Id), mine.Count(v => v.GroupId == g.Id))).ToList();
        var topics = showTotals
            ? groups.Select(g => new RetroTopicDto(g.Id, null, g.Title, GroupVotes(g.Id) ?? 0, cards.Where(c => c.GroupId == g.Id).Select(c => c.Text).ToList()))
                .Concat(cards.Where(c => c.GroupId is null).Select(c => new RetroTopicDto(null, c.Id, c.Text, CardVotes(c.Id) ?? 0, [c.Text])))
                .OrderByDescending(t => t.Votes).ToList()
            : [];

        var actions = await db.RetroActions.AsNoTracking().Where(a => a.RetroId == retro.Id).OrderBy(a => a.CreatedAt).Take(50).ToListAsync(ct);
        var earlier = db.Retrospectives.Where(r => r.TeamId == retro.TeamId && r.CreatedAt < retro.CreatedAt).Select(r => r.Id);
        var review = await db.RetroActions.AsNoTracking()
            .Where(a => earlier.Contains(a.RetroId) && (a.Status == RetroActionStatus.Open || a.Status == RetroActionStatus.NotDone || a.ReviewedInRetroId == retro.Id))
            .OrderBy(a => a.CreatedAt).Take(100).ToListAsync(ct);
        var actionDtos = await ActionDtosAsync([.. actions, .. review], ct);

        return new RetroDto(retro.Id, retro.TeamId, teamName, product.Key, retro.SprintId, retro.Title, FormatText(retro.Format), retro.Columns, EnumText.Slug(retro.Phase),
            retro.VoteAllowance, Math.Max(0, retro.VoteAllowance - mine.Count), new PersonSummary(retro.FacilitatorId, names.GetValueOrDefault(retro.FacilitatorId, "someone")),
            cardDtos, groupDtos, topics, actionDtos.Take(actions.Count).ToList(), actionDtos.Skip(actions.Count).ToList(), retro.CreatedAt, retro.Version);
    }

    private async Task<IReadOnlyList<RetroActionDto>> ActionDtosAsync(IReadOnlyList<RetroAction> actions, CancellationToken ct)
    {
        var teamIds = actions.Select(a => a.TeamId).Distinct().ToList();
        var zones = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var names = await db.DisplayNamesAsync(actions.Where(a => a.OwnerId is not null).Select(a => a.OwnerId!.Value).Distinct(), ct);
        var now = clock.GetUtcNow();
        return actions.Select(a => new RetroActionDto(a.Id, a.RetroId, a.Text,
            a.OwnerId is { } owner ? new PersonSummary(owner, names.GetValueOrDefault(owner, "someone")) : null,
            a.Due, EnumText.Slug(a.Status), zones.TryGetValue(a.TeamId, out var team) && a.IsOverdue(team.Today(now)), a.NotDoneCount, a.ItemKey, a.AgreementId, a.Version)).ToList();
    }
}
