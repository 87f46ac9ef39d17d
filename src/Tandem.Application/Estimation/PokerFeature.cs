using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Estimation;
using Tandem.Domain.Products;

namespace Tandem.Application.Estimation;

/// <summary>One card as the viewer may see it: who voted always, the value only once the round is revealed.</summary>
public sealed record PokerVoteDto(PersonSummary Voter, string? Value, bool Outlier);

/// <summary>The revealed round's spread over the scale; null before the reveal.</summary>
public sealed record PokerSpreadDto(string? Min, string? Max, bool Consensus, IReadOnlyList<string> Outliers);

/// <summary>A person who may vote (a developer or the Tech Lead of the product) and whether they have voted this round.</summary>
public sealed record PokerVoterDto(PersonSummary Person, bool Voted);

/// <summary>
/// The item being estimated. Votes carry no values until <see cref="Revealed"/>; <see cref="Spread"/> is there only then.
/// </summary>
public sealed record PokerRoundDto(
    string Item, string Title, string Type, string DescriptionHtml, string? CurrentEstimate, int Round, bool Revealed,
    IReadOnlyList<PokerVoteDto> Votes, IReadOnlyList<PokerVoterDto> Voters, PokerSpreadDto? Spread, string Outcome, string? Points);

/// <summary>An item of the agenda: its outcome (pending, consensus, settled, skipped) and the estimate it got.</summary>
public sealed record PokerAgendaItemDto(string Key, string Title, int Position, string Outcome, string? Points, string? Reason, PersonSummary? DecidedBy);

/// <summary>
/// A planning-poker session as one viewer sees it. <see cref="MyVote"/> is the viewer's own card in the
/// current round (null in what is broadcast to everyone). <see cref="Version"/> is the ETag for the facilitator's steps.
/// </summary>
public sealed record PokerSessionDto(
    Guid Id, string Product, string Title, string Status, PersonSummary Facilitator, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt,
    IReadOnlyList<string> Scale, IReadOnlyList<PokerAgendaItemDto> Items, PokerRoundDto? Current, string? MyVote, int Version) : IVersioned;

public sealed record PokerSessionSummaryDto(Guid Id, string Title, string Status, PersonSummary Facilitator, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt,
    int ItemCount, int DecidedCount, string? CurrentItem);

public sealed record PokerSessionListDto(IReadOnlyList<PokerSessionSummaryDto> Items);

/// <summary>An item that could go on a session's agenda: not done and not estimated yet, in backlog order.</summary>
public sealed record PokerCandidateDto(string Key, string Title, string Type);

public sealed record OpenPokerRequest(string? Title, IReadOnlyList<string>? Items);

/// <summary>
/// What every screen at the table is told after a step: small, and the same for everyone (card values
/// only once revealed). A screen updates the voters and the cards in place; any other change (another
/// item or round, a decision, the close) tells it to read the session again.
/// </summary>
public sealed record PokerLiveDto(
    Guid SessionId, string Change, int Version, string Status, string? Item, int Round, bool Revealed, string Outcome,
    IReadOnlyList<PokerVoteDto> Votes, PokerSpreadDto? Spread) : IVersioned;

/// <summary>Pushes a session's change to everyone watching it (SignalR in the web host).</summary>
public interface IPokerBroadcaster
{
    Task ChangedAsync(PokerLiveDto change, CancellationToken ct);
}

/// <summary>
/// Planning poker. The Tech Lead or the Scrum Master opens a session over items of one product and
/// facilitates it (reveal, re-vote, accept a consensus, next item, close); developers and the Tech Lead
/// vote with the product's scale; where the cards differ only the Tech Lead sets the final estimate, with
/// a reason that goes into the decision log with the votes. Every estimate goes through
/// <see cref="EstimationFeature.StageEstimateAsync"/>, so the history, WSJF and readiness follow.
/// Each step is saved first and broadcast after, so what a screen shows is always in the database.
/// </summary>
public sealed class PokerFeature(
    TandemDbContext db, CurrentUser me, DecisionRightsService rights, EstimationFeature estimation,
    IPokerBroadcaster broadcaster, TimeProvider clock)
{
    public const int MaxCandidates = 100;

    // ---------------------------------------------------------------- reading

    public async Task<Result<PokerSessionListDto>> ListAsync(string productKey, string? status, int? limit, CancellationToken ct)
    {
        var validation = new Validation();
        var filter = EnumText.Optional<PokerStatus>(status, "status", validation);
        if (Paging.ValidateLimit(limit) is { } badLimit) return badLimit;
        if (validation.Result is { } invalid) return invalid;
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;

        var take = limit ?? Paging.DefaultLimit;
        var query = db.PokerSessions.AsNoTracking().Where(s => s.ProductId == product.Id);
        if (filter is { } only) query = query.Where(s => s.Status == only);
        // Open first (the enum's text sorts "Closed" before "Open"), newest first within each.
        var sessions = await query.OrderByDescending(s => s.Status).ThenByDescending(s => s.OpenedAt).Take(take).ToListAsync(ct);
        var ids = sessions.Select(s => s.Id).ToList();
        var items = await db.PokerItems.AsNoTracking().Where(i => ids.Contains(i.SessionId))
            .Select(i => new { i.SessionId, i.Position, i.ItemKey, i.Outcome }).ToListAsync(ct);
        var names = await db.DisplayNamesAsync(sessions.Select(s => s.FacilitatorId), ct);
        return new PokerSessionListDto(sessions.Select(s =>
        {
            var own = items.Where(i => i.SessionId == s.Id).ToList();
            return new PokerSessionSummaryDto(s.Id, s.Title, EnumText.Slug(s.Status), Person(names, s.FacilitatorId), s.OpenedAt, s.ClosedAt,
                own.Count, own.Count(i => i.Outcome != PokerOutcome.Pending),
                s.Status == PokerStatus.Open ? own.FirstOrDefault(i => i.Position == s.CurrentPosition)?.ItemKey : null);
        }).ToList());
    }

    /// <summary>Items to put on a new session's agenda: not done, not estimated, in backlog order.</summary>
    public async Task<Result<IReadOnlyList<PokerCandidateDto>>> CandidatesAsync(string productKey, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Products.Read, ct)).Failed(out var refused, out var product)) return refused;
        var productId = product.Id;
        var rows = await db.BacklogItems.AsNoTracking()
            .Where(i => i.ProductId == productId && i.Estimate == null && i.Type != ItemType.Epic
                && i.Status != ItemStatus.Done && i.Status != ItemStatus.Accepted)
            .OrderBy(i => i.Rank).ThenBy(i => i.Id).Take(MaxCandidates)
            .Select(i => new { i.Key, i.Title, i.Type }).ToListAsync(ct);
        return Result<IReadOnlyList<PokerCandidateDto>>.Ok(rows.Select(r => new PokerCandidateDto(r.Key, r.Title, EnumText.Slug(r.Type))).ToList());
    }

    public async Task<Result<PokerSessionDto>> GetAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out var found)) return error;
        return await ViewAsync(found.Entity, found.Product, ct);
    }

    /// <summary>For the live channel: may the signed-in user watch this session? (Same rule as reading it.)</summary>
    public async Task<Result<PersonSummary>> WatchAsync(Guid id, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Products.Read, ct)).Failed(out var error, out _)) return error;
        return new PersonSummary(me.UserId, me.DisplayName);
    }

    // ---------------------------------------------------------------- the facilitator's steps and the votes

    public async Task<Result<PokerSessionDto>> OpenAsync(string productKey, OpenPokerRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(productKey, Operations.Estimation.RunPoker, ct)).Failed(out var refused, out var product)) return refused;

        var keys = (request.Items ?? []).Select(k => (k ?? "").Trim().ToUpperInvariant()).Where(k => k.Length > 0).ToList();
        var validation = new Validation();
        if (keys.Count == 0) validation.Add("items", "Choose at least one backlog item to estimate.");
        else if (keys.Count > PokerSession.MaxItems) validation.Add("items", $"A session estimates at most {PokerSession.MaxItems} items; split the rest into another session.");
        else if (keys.GroupBy(k => k).FirstOrDefault(g => g.Count() > 1) is { } twice) validation.Add("items", $"{twice.Key} is listed twice.");
        if (request.Title is { } title && title.Trim().Length > PokerSession.TitleMaxLength)
            validation.Add("title", $"A title has at most {PokerSession.TitleMaxLength} characters.");
        if (validation.Result is { } invalid) return invalid;

        var items = await db.BacklogItems.Where(i => i.ProductId == product.Id && keys.Contains(i.Key)).ToListAsync(ct);
        var missing = keys.Where(k => items.All(i => i.Key != k)).ToList();
        if (missing.Count > 0)
            return Error.Invalid("items", $"{string.Join(", ", missing)} {(missing.Count == 1 ? "is not an item" : "are not items")} of {product.Key}.");
        var finished = items.Where(i => i.Status is ItemStatus.Done or ItemStatus.Accepted).Select(i => i.Key).ToList();
        if (finished.Count > 0)
            return Error.Invalid("items", $"{string.Join(", ", finished)} {(finished.Count == 1 ? "is" : "are")} already done; estimate open work only.");

        var now = clock.GetUtcNow();
        var session = PokerSession.Open(product.WorkspaceId, product.Id, request.Title, me.UserId, now);
        if (await rights.DecideAsync(product, Operations.Estimation.RunPoker,
                new DecisionRecord($"Opened planning poker \"{session.Title}\" over {string.Join(", ", keys)}", "poker", session.Id.ToString()), ct) is { } refusedDecision)
            return refusedDecision;
        db.PokerSessions.Add(session);
        for (var i = 0; i < keys.Count; i++) db.PokerItems.Add(PokerItem.For(session, items.Single(x => x.Key == keys[i]), i));
        await db.SaveChangesAsync(ct);
        return await ViewAsync(session, product, ct);
    }

    public async Task<Result<PokerSessionDto>> VoteAsync(Guid id, string? points, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Estimation.Vote, ct)).Failed(out var error, out var found)) return error;
        var (session, product) = found;
        var current = await CurrentItemAsync(session, ct);
        if (StateError(session, current, "vote") is { } state) return state;
        if (current is null) return Error.Conflict($"\"{session.Title}\" has no item to estimate.");
        if (current.Revealed)
            return Error.Conflict($"The votes on {current.ItemKey} are revealed, so round {current.Round} is over and your vote was not counted. Wait for the facilitator to start a re-vote.");

        var scale = await estimation.ScaleOfAsync(product, ct);
        var value = EstimationFeature.Normalize(points);
        if (value is null || !scale.Contains(value))
            return Error.Invalid("points", $"{(string.IsNullOrWhiteSpace(points) ? "Choose a card" : $"\"{points.Trim()}\" is not on the scale of {product.Key}")}; use one of {string.Join(", ", scale)}.");

        var now = clock.GetUtcNow();
        var mine = await db.PokerVotes.FirstOrDefaultAsync(v => v.PokerItemId == current.Id && v.Round == current.Round && v.VoterId == me.UserId, ct);
        if (mine is null) db.PokerVotes.Add(PokerVote.Cast(current, me.UserId, value, now));
        else mine.Change(value, now);
        if (await db.SaveOrConflictAsync("Your vote arrived twice at the same moment; the other one counted. Reload to see it.", ct) is { } conflict) return conflict;
        return await PublishAsync(session, product, "voted", ct);
    }

    public Task<Result<PokerSessionDto>> RevealAsync(Guid id, int? ifMatch, CancellationToken ct) =>
        StepAsync(id, ifMatch, Operations.Estimation.Facilitate, "revealed", async (session, product, item) =>
        {
            if (item.Revealed) return Error.Conflict($"The votes on {item.ItemKey} are already revealed.");
            var count = await db.PokerVotes.CountAsync(v => v.PokerItemId == item.Id && v.Round == item.Round, ct);
            if (count == 0) return Error.Conflict($"Nobody has voted on {item.ItemKey} yet; wait for the cards before revealing.");
            item.Reveal();
            return null;
        }, ct);

    public Task<Result<PokerSessionDto>> RevoteAsync(Guid id, int? ifMatch, CancellationToken ct) =>
        StepAsync(id, ifMatch, Operations.Estimation.Facilitate, "revote", (session, product, item) =>
        {
            if (!item.Revealed) return Task.FromResult<Error?>(Error.Conflict($"Round {item.Round} on {item.ItemKey} is still open; reveal it before voting again."));
            item.Revote();
            return Task.FromResult<Error?>(null);
        }, ct);

    /// <summary>The facilitator takes the team's unanimous card as the estimate.</summary>
    public Task<Result<PokerSessionDto>> AcceptAsync(Guid id, int? ifMatch, CancellationToken ct) =>
        StepAsync(id, ifMatch, Operations.Estimation.RunPoker, "decided", async (session, product, item) =>
        {
            if (!item.Revealed) return Error.Conflict($"Reveal the votes on {item.ItemKey} before accepting an estimate.");
            var votes = await RoundVotesAsync(item, ct);
            var spread = PokerSpread.Of(await estimation.ScaleOfAsync(product, ct), votes.Select(v => v.Value).ToList());
            if (!spread.Consensus)
            {
                var explanation = await rights.ExplainRefusalAsync(product, Operations.Estimation.Settle, await rights.ActorOnAsync(product, ct), ct);
                return Error.Conflict($"The team disagrees on {item.ItemKey} ({Range(spread)}), so there is no consensus to accept. {explanation.Replace(" — vote in planning poker instead", "", StringComparison.Ordinal)} Or start a re-vote.");
            }
            var value = votes[0].Value;
            var target = await db.BacklogItems.FirstAsync(i => i.Id == item.ItemId, ct);
            var text = value == EstimationScale.Unknown ? "as unknown (?)" : $"at {value} points";
            if (await estimation.StageEstimateAsync(target, product, value, null, Operations.Estimation.RunPoker,
                $"Accepted the team's consensus in planning poker: {item.ItemKey} {text} (round {item.Round}; {VoteList(votes, await db.DisplayNamesAsync(votes.Select(v => v.VoterId), ct))})", ct) is { } invalid)
                return invalid;
            item.Decide(PokerOutcome.Consensus, value, null, me.UserId, clock.GetUtcNow());
            return null;
        }, ct);

    /// <summary>The Tech Lead's final say: any value of the scale once the votes are revealed, with the reason; logged with the votes.</summary>
    public async Task<Result<PokerSessionDto>> SettleAsync(Guid id, string? points, string? reason, int? ifMatch, CancellationToken ct)
    {
        return await StepAsync(id, ifMatch, Operations.Estimation.Settle, "decided", async (session, product, item) =>
        {
            if (!item.Revealed) return Error.Conflict($"Reveal the votes on {item.ItemKey} before setting the final estimate.");
            var scale = await estimation.ScaleOfAsync(product, ct);
            var value = EstimationFeature.Normalize(points);
            var validation = new Validation();
            if (value is null || !scale.Contains(value))
                validation.Add("points", $"{(string.IsNullOrWhiteSpace(points) ? "Choose the final estimate" : $"\"{points!.Trim()}\" is not on the scale of {product.Key}")}; use one of {string.Join(", ", scale)}.");
            if (string.IsNullOrWhiteSpace(reason)) validation.Add("reason", "Say why this is the estimate; the reason goes into the decision log with the votes.");
            else if (reason.Trim().Length > PokerItem.ReasonMaxLength) validation.Add("reason", $"A reason has at most {PokerItem.ReasonMaxLength} characters.");
            if (validation.Result is { } invalid) return invalid;

            var votes = await RoundVotesAsync(item, ct);
            var target = await db.BacklogItems.FirstAsync(i => i.Id == item.ItemId, ct);
            var text = value == EstimationScale.Unknown ? "as unknown (?)" : $"at {value} points";
            var cards = votes.Count == 0 ? "no votes" : $"votes: {VoteList(votes, await db.DisplayNamesAsync(votes.Select(v => v.VoterId), ct))}";
            if (await estimation.StageEstimateAsync(target, product, value!, reason, Operations.Estimation.Settle,
                $"Settled {item.ItemKey} {text} in planning poker (round {item.Round}; {cards})", ct) is { } failed)
                return failed;
            item.Decide(PokerOutcome.Settled, value, reason, me.UserId, clock.GetUtcNow());
            return null;
        }, ct);
    }

    /// <summary>On to the next undecided item; the current one, if undecided, is passed over (skipped).</summary>
    public async Task<Result<PokerSessionDto>> NextAsync(Guid id, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Estimation.Facilitate, ct)).Failed(out var error, out var found)) return error;
        var (session, product) = found;
        if (Stale(session, ifMatch) is { } stale) return stale;
        if (session.Status == PokerStatus.Closed) return Error.Conflict($"\"{session.Title}\" is closed.");
        var items = await db.PokerItems.Where(i => i.SessionId == session.Id).OrderBy(i => i.Position).ToListAsync(ct);
        var next = items.FirstOrDefault(i => i.Position > session.CurrentPosition && !i.IsDecided)
            ?? items.FirstOrDefault(i => i.Position < session.CurrentPosition && !i.IsDecided);
        if (next is null) return Error.Conflict($"Every other item of \"{session.Title}\" is decided; close the session.");
        var current = items.First(i => i.Position == session.CurrentPosition);
        if (!current.IsDecided) current.Decide(PokerOutcome.Skipped, null, null, me.UserId, clock.GetUtcNow());
        session.MoveTo(next.Position);
        return await SaveStepAsync(session, product, "next", ct);
    }

    public async Task<Result<PokerSessionDto>> CloseAsync(Guid id, int? ifMatch, CancellationToken ct)
    {
        if ((await LoadAsync(id, Operations.Estimation.RunPoker, ct)).Failed(out var error, out var found)) return error;
        var (session, product) = found;
        if (Stale(session, ifMatch) is { } stale) return stale;
        if (session.Status == PokerStatus.Closed) return Error.Conflict($"\"{session.Title}\" is already closed.");
        var items = await db.PokerItems.Where(i => i.SessionId == session.Id).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var undecided in items.Where(i => !i.IsDecided)) undecided.Decide(PokerOutcome.Skipped, null, null, me.UserId, now);
        session.Close(now);
        var decided = items.Where(i => i.Outcome is PokerOutcome.Consensus or PokerOutcome.Settled).ToList();
        if (await rights.DecideAsync(product, Operations.Estimation.RunPoker,
                new DecisionRecord($"Closed planning poker \"{session.Title}\": {decided.Count} of {items.Count} items estimated", "poker", session.Id.ToString()), ct) is { } refused)
            return refused;
        return await SaveStepAsync(session, product, "closed", ct);
    }

    // ---------------------------------------------------------------- plumbing

    private async Task<Result<PokerSessionDto>> StepAsync(Guid id, int? ifMatch, Operation operation, string change,
        Func<PokerSession, Product, PokerItem, Task<Error?>> step, CancellationToken ct)
    {
        if ((await LoadAsync(id, operation, ct)).Failed(out var error, out var found)) return error;
        var (session, product) = found;
        if (Stale(session, ifMatch) is { } stale) return stale;
        var current = await CurrentItemAsync(session, ct);
        if (StateError(session, current, change) is { } state) return state;
        if (current is null) return Error.Conflict($"\"{session.Title}\" has no item to estimate.");
        if (await step(session, product, current) is { } refused)
        {
            db.ChangeTracker.Clear();
            return refused;
        }
        session.Touch();
        return await SaveStepAsync(session, product, change, ct);
    }

    private async Task<Result<PokerSessionDto>> SaveStepAsync(PokerSession session, Product product, string change, CancellationToken ct)
    {
        if (await db.SaveOrStaleAsync($"\"{session.Title}\"", ct) is not null)
            return Error.Stale($"\"{session.Title}\" moved on while you were saving (someone else took a step). Reload it and try again.");
        return await PublishAsync(session, product, change, ct);
    }

    /// <summary>Tells the table first (the few reads it needs), then builds the caller's full view: the others wait for nothing else.</summary>
    private async Task<Result<PokerSessionDto>> PublishAsync(PokerSession session, Product product, string change, CancellationToken ct)
    {
        await broadcaster.ChangedAsync(await LiveAsync(session, product, change, ct), ct);
        return await ViewAsync(session, product, ct);
    }

    private async Task<PokerLiveDto> LiveAsync(PokerSession session, Product product, string change, CancellationToken ct)
    {
        var current = await db.PokerItems.AsNoTracking().FirstOrDefaultAsync(i => i.SessionId == session.Id && i.Position == session.CurrentPosition, ct);
        if (current is null || session.Status != PokerStatus.Open)
            return new PokerLiveDto(session.Id, change, session.Version, EnumText.Slug(session.Status), current?.ItemKey, current?.Round ?? 0, false, "pending", [], null);
        var votes = await RoundVotesAsync(current, ct);
        var names = await db.DisplayNamesAsync(votes.Select(v => v.VoterId), ct);
        PokerSpread? spread = null;
        IReadOnlyList<string> scale = [];
        if (current.Revealed)
        {
            scale = await estimation.ScaleOfAsync(product, ct);
            spread = PokerSpread.Of(scale, votes.Select(v => v.Value).ToList());
        }
        return new PokerLiveDto(session.Id, change, session.Version, EnumText.Slug(session.Status), current.ItemKey, current.Round, current.Revealed,
            EnumText.Slug(current.Outcome),
            votes.Select(v => new PokerVoteDto(Person(names, v.VoterId), current.Revealed ? v.Value : null, spread?.Outliers.Contains(v.Value) == true)).ToList(),
            spread is null ? null : SpreadDto(spread, scale));
    }

    private static PokerSpreadDto SpreadDto(PokerSpread spread, IReadOnlyList<string> scale) =>
        new(spread.Min, spread.Max, spread.Consensus, scale.Where(spread.Outliers.Contains).Concat(spread.Outliers.Where(o => !scale.Contains(o))).ToList());

    private static Error? Stale(PokerSession session, int? ifMatch) =>
        ifMatch is { } expected && expected != session.Version
            ? Error.Stale($"\"{session.Title}\" has moved on (version {session.Version}, you sent {expected}). Reload it and try again.")
            : null;

    private static Error? StateError(PokerSession session, PokerItem? current, string what)
    {
        if (session.Status == PokerStatus.Closed) return Error.Conflict($"\"{session.Title}\" is closed; open a new session to estimate again.");
        if (current is null) return Error.Conflict($"\"{session.Title}\" has no item to estimate.");
        if (current.IsDecided && what != "next")
            return Error.Conflict($"{current.ItemKey} is already decided ({EnumText.Slug(current.Outcome)}{(current.Points is null ? "" : $", {current.Points}")}); move on to the next item.");
        return null;
    }

    private Task<PokerItem?> CurrentItemAsync(PokerSession session, CancellationToken ct) =>
        db.PokerItems.FirstOrDefaultAsync(i => i.SessionId == session.Id && i.Position == session.CurrentPosition, ct);

    private Task<List<PokerVote>> RoundVotesAsync(PokerItem item, CancellationToken ct) =>
        db.PokerVotes.AsNoTracking().Where(v => v.PokerItemId == item.Id && v.Round == item.Round).OrderBy(v => v.CastAt).ThenBy(v => v.Id).ToListAsync(ct);

    private Task<Result<Owned<PokerSession>>> LoadAsync(Guid id, Operation operation, CancellationToken ct) =>
        rights.LoadAsync<PokerSession>(s => s.Id == id, operation, $"There is no planning-poker session {id} in your workspace.", ct);

    private async Task<PokerSessionDto> ViewAsync(PokerSession session, Product product, CancellationToken ct)
    {
        var scale = await estimation.ScaleOfAsync(product, ct);
        var agenda = await db.PokerItems.AsNoTracking().Where(i => i.SessionId == session.Id).OrderBy(i => i.Position).ToListAsync(ct);
        var itemIds = agenda.Select(i => i.ItemId).ToList();
        var titles = await db.BacklogItems.AsNoTracking().Where(i => itemIds.Contains(i.Id))
            .Select(i => new { i.Id, i.Title }).ToDictionaryAsync(i => i.Id, i => i.Title, ct);
        var current = agenda.FirstOrDefault(i => i.Position == session.CurrentPosition);

        List<PokerVote> votes = current is null ? [] : await RoundVotesAsync(current, ct);
        var voterRoles = DecisionRightsTable.WhoMay(Operations.Estimation.Vote).Roles;
        var voterIds = await db.RoleAssignments.AsNoTracking().Where(r => r.ProductId == product.Id && voterRoles.Contains(r.Role))
            .Select(r => r.UserId).Distinct().ToListAsync(ct);
        var names = await db.DisplayNamesAsync(votes.Select(v => v.VoterId).Concat(voterIds).Concat(agenda.Where(i => i.DecidedById != null).Select(i => i.DecidedById!.Value)).Append(session.FacilitatorId), ct);

        PokerRoundDto? round = null;
        if (current is not null && session.Status == PokerStatus.Open)
        {
            var item = await db.BacklogItems.AsNoTracking().FirstAsync(i => i.Id == current.ItemId, ct);
            var spread = current.Revealed ? PokerSpread.Of(scale, votes.Select(v => v.Value).ToList()) : null;
            var cards = votes.Select(v => new PokerVoteDto(Person(names, v.VoterId), current.Revealed ? v.Value : null, spread?.Outliers.Contains(v.Value) == true)).ToList();
            var voted = votes.Select(v => v.VoterId).ToHashSet();
            var voters = voterIds.Union(voted).Select(u => new PokerVoterDto(Person(names, u), voted.Contains(u)))
                .OrderBy(v => v.Person.DisplayName, StringComparer.Ordinal).ToList();
            round = new PokerRoundDto(current.ItemKey, item.Title, EnumText.Slug(item.Type), Markdown.ToSafeHtml(item.Description),
                await estimation.CurrentEstimateAsync(item, ct), current.Round, current.Revealed, cards, voters,
                spread is null ? null : SpreadDto(spread, scale),
                EnumText.Slug(current.Outcome), current.Points);
        }
        var myVote = current is null || session.Status != PokerStatus.Open ? null : votes.FirstOrDefault(v => v.VoterId == me.UserId)?.Value;
        return new PokerSessionDto(session.Id, product.Key, session.Title, EnumText.Slug(session.Status), Person(names, session.FacilitatorId),
            session.OpenedAt, session.ClosedAt, scale,
            agenda.Select(i => new PokerAgendaItemDto(i.ItemKey, titles.GetValueOrDefault(i.ItemId, ""), i.Position, EnumText.Slug(i.Outcome), i.Points, i.Reason,
                i.DecidedById is { } by ? Person(names, by) : null)).ToList(),
            round, myVote, session.Version);
    }

    private static string Range(PokerSpread spread) =>
        spread.Min is null ? "only question marks" : spread.Min == spread.Max ? $"{spread.Min} and ?" : $"from {spread.Min} to {spread.Max}";

    private static string VoteList(IReadOnlyList<PokerVote> votes, Dictionary<Guid, string> names) =>
        string.Join(", ", votes.Select(v => $"{names.GetValueOrDefault(v.VoterId, "someone")} {v.Value}"));

    private static PersonSummary Person(Dictionary<Guid, string> names, Guid id) => new(id, names.GetValueOrDefault(id, ""));

}
