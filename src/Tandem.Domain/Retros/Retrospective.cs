using Tandem.Domain.Common;
using Tandem.Domain.Teams;

namespace Tandem.Domain.Retros;

/// <summary>The shape of a retrospective's board; each format brings its columns, custom ones are named by the Scrum Master.</summary>
public enum RetroFormat
{
    StartStopContinue,
    MadSadGlad,
    /// <summary>Liked, learned, lacked, longed for ("4ls").</summary>
    FourLs,
    Sailboat,
    Custom,
}

/// <summary>The phases in order; the Scrum Master moves a retrospective one step at a time.</summary>
public enum RetroPhase
{
    Write,
    Group,
    Vote,
    Discuss,
    Actions,
    Closed,
}

/// <summary>
/// A team's retrospective. The Scrum Master starts it (format, vote allowance) and moves it through its
/// phases; the team writes cards, groups them, dot-votes and agrees actions. It remembers the team's
/// previous retrospective, whose actions it opens by reviewing.
/// </summary>
public sealed class Retrospective : IProductOwned
{
    public const int TitleMaxLength = 200;
    public const int ColumnMaxLength = 40;
    public const int MaxColumns = 8;
    public const int MaxVoteAllowance = 20;
    public const int DefaultVoteAllowance = 3;

    private Retrospective() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    /// <summary>The team's home product, whose Scrum Master facilitates (ADR 23).</summary>
    public Guid ProductId { get; private set; }
    public Guid TeamId { get; private set; }
    public Guid? SprintId { get; private set; }
    public string Title { get; private set; } = "";
    public RetroFormat Format { get; private set; }
    /// <summary>The column names, one per line, in order.</summary>
    public string ColumnList { get; private set; } = "";
    public RetroPhase Phase { get; private set; }
    public int VoteAllowance { get; private set; }
    public Guid? PreviousId { get; private set; }
    public Guid FacilitatorId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<string> Columns => ColumnList.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public bool IsClosed => Phase == RetroPhase.Closed;

    /// <summary>The columns each format has; <see cref="RetroFormat.Custom"/> has the ones given.</summary>
    public static IReadOnlyList<string> ColumnsOf(RetroFormat format) => format switch
    {
        RetroFormat.StartStopContinue => ["Start", "Stop", "Continue"],
        RetroFormat.MadSadGlad => ["Mad", "Sad", "Glad"],
        RetroFormat.FourLs => ["Liked", "Learned", "Lacked", "Longed for"],
        RetroFormat.Sailboat => ["Wind", "Anchors", "Rocks", "Island"],
        _ => [],
    };

    public static Retrospective Start(Team team, Guid? sprintId, string? title, RetroFormat format, IReadOnlyList<string>? customColumns, int? voteAllowance,
        Guid? previousId, Guid by, DateTimeOffset now)
    {
        var check = new RuleCheck();
        var name = (title ?? "").Trim();
        if (name.Length == 0) name = $"Retrospective {team.Today(now):yyyy-MM-dd}";
        check.Require(name.Length <= TitleMaxLength, "title", $"A title has at most {TitleMaxLength} characters.");
        check.Require(Enum.IsDefined(format), "format", "Unknown format.");
        var columns = format == RetroFormat.Custom
            ? (customColumns ?? []).Select(c => (c ?? "").Trim()).Where(c => c.Length > 0).ToList()
            : [.. ColumnsOf(format)];
        if (format == RetroFormat.Custom)
        {
            check.Require(columns.Count is >= 1 and <= MaxColumns, "columns", $"A custom retrospective needs 1 to {MaxColumns} columns.");
            check.Require(columns.All(c => c.Length <= ColumnMaxLength), "columns", $"A column name has at most {ColumnMaxLength} characters.");
            check.Require(columns.Distinct(StringComparer.OrdinalIgnoreCase).Count() == columns.Count, "columns", "Each column needs its own name.");
        }
        else check.Require(customColumns is null || customColumns.Count == 0, "columns", "Only a custom retrospective takes its own columns; the other formats bring theirs.");
        var allowance = voteAllowance ?? DefaultVoteAllowance;
        check.Require(allowance is >= 1 and <= MaxVoteAllowance, "voteAllowance", $"Each person has 1 to {MaxVoteAllowance} votes.");
        check.ThrowIfBroken();
        return new Retrospective
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = team.WorkspaceId, ProductId = team.ProductId, TeamId = team.Id, SprintId = sprintId, Title = name,
            Format = format, ColumnList = string.Join('\n', columns), Phase = RetroPhase.Write, VoteAllowance = allowance, PreviousId = previousId,
            FacilitatorId = by, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
    }

    /// <summary>Moves one phase forward, or one back to let the team finish something (never out of closed).</summary>
    public void MoveTo(RetroPhase phase, DateTimeOffset now)
    {
        if (!Enum.IsDefined(phase)) throw new DomainException("phase", "Unknown phase.");
        if (IsClosed) throw new DomainException("phase", "This retrospective is closed.");
        if (phase == Phase) throw new DomainException("phase", $"The retrospective is already in the {Slug(phase)} phase.");
        if (Math.Abs((int)phase - (int)Phase) != 1)
            throw new DomainException("phase", $"The phases go write → group → vote → discuss → actions → closed one step at a time; from {Slug(Phase)} the next is {Slug(Phase + 1)}.");
        (Phase, UpdatedAt) = (phase, now);
        Version++;
    }

    /// <summary>Refuses a step of the team's work outside the phase it belongs to.</summary>
    public void RequirePhase(string field, string what, params RetroPhase[] phases)
    {
        if (!phases.Contains(Phase))
            throw new DomainException(field, $"You can {what} only in the {string.Join(" or ", phases.Select(Slug))} phase; this retrospective is in the {Slug(Phase)} phase.");
    }

    public void RequireColumn(string? column)
    {
        if (!Columns.Contains(column ?? "", StringComparer.Ordinal))
            throw new DomainException("column", $"'{column}' is not a column of this retrospective; use one of {string.Join(", ", Columns)}.");
    }

    /// <summary>Something on the board changed (a card, a group, a vote): the version moves so live screens and If-Match see it.</summary>
    public void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    private static string Slug(RetroPhase phase) => phase.ToString().ToLowerInvariant();
}

/// <summary>
/// A card on the board. The author is kept so they can edit their own card while the team writes; for an
/// anonymous card it is never shown (not in the API, the page or live messages).
/// </summary>
public sealed class RetroCard : IProductOwned
{
    public const int TextMaxLength = 1000;

    private RetroCard() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid RetroId { get; private set; }
    public string Column { get; private set; } = "";
    public string Text { get; private set; } = "";
    public bool Anonymous { get; private set; }
    public Guid AuthorId { get; private set; }
    public Guid? GroupId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; private set; }

    public static RetroCard Write(Retrospective retro, string? column, string? text, bool anonymous, Guid by, DateTimeOffset now)
    {
        retro.RequirePhase("phase", "write cards", RetroPhase.Write);
        var card = new RetroCard { Id = Guid.CreateVersion7(now), WorkspaceId = retro.WorkspaceId, ProductId = retro.ProductId, RetroId = retro.Id, Anonymous = anonymous, AuthorId = by, CreatedAt = now, Version = 1 };
        card.Change(retro, column, text);
        return card;
    }

    public void Edit(Retrospective retro, string? column, string? text, Guid by)
    {
        retro.RequirePhase("phase", "edit cards", RetroPhase.Write);
        if (by != AuthorId) throw new DomainException("card", "Only the person who wrote a card edits it.");
        Change(retro, column ?? Column, text ?? Text);
        Version++;
    }

    public void PutIn(Guid? groupId) => GroupId = groupId;

    private void Change(Retrospective retro, string? column, string? text)
    {
        var t = (text ?? "").Trim();
        new RuleCheck()
            .Require(t.Length > 0, "text", "Write something on the card.")
            .Require(t.Length <= TextMaxLength, "text", $"A card has at most {TextMaxLength} characters.")
            .ThrowIfBroken();
        retro.RequireColumn(column);
        (Column, Text) = (column!, t);
    }
}

/// <summary>Cards the team put together under a title while grouping; votes go to a group or to a lone card.</summary>
public sealed class RetroGroup : ITenantOwned
{
    public const int TitleMaxLength = 200;

    private RetroGroup() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid RetroId { get; private set; }
    public string Title { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public static RetroGroup Create(Retrospective retro, string? title, DateTimeOffset now)
    {
        retro.RequirePhase("phase", "group cards", RetroPhase.Group);
        var t = (title ?? "").Trim();
        new RuleCheck()
            .Require(t.Length > 0, "title", "Give the group a title that says what its cards share.")
            .Require(t.Length <= TitleMaxLength, "title", $"A title has at most {TitleMaxLength} characters.")
            .ThrowIfBroken();
        return new RetroGroup { Id = Guid.CreateVersion7(now), WorkspaceId = retro.WorkspaceId, RetroId = retro.Id, Title = t, CreatedAt = now };
    }
}

/// <summary>
/// One dot of a person's vote allowance. <see cref="Slot"/> numbers a person's dots 1…allowance and is unique
/// per retrospective and voter, so two votes at the same instant cannot both take the last dot.
/// </summary>
public sealed class RetroVote : ITenantOwned
{
    private RetroVote() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid RetroId { get; private set; }
    public Guid VoterId { get; private set; }
    public int Slot { get; private set; }
    public Guid? CardId { get; private set; }
    public Guid? GroupId { get; private set; }

    public static RetroVote Cast(Retrospective retro, Guid voterId, int slot, Guid? cardId, Guid? groupId, DateTimeOffset now)
    {
        retro.RequirePhase("phase", "vote", RetroPhase.Vote);
        if ((cardId is null) == (groupId is null)) throw new DomainException("cardId", "Vote for one card (cardId) or one group (groupId).");
        if (slot < 1 || slot > retro.VoteAllowance)
            throw new DomainException("votes", $"You have used your {retro.VoteAllowance} votes; take one back to vote elsewhere.");
        return new RetroVote { Id = Guid.CreateVersion7(now), WorkspaceId = retro.WorkspaceId, RetroId = retro.Id, VoterId = voterId, Slot = slot, CardId = cardId, GroupId = groupId };
    }
}

public enum RetroActionStatus
{
    Open,
    Done,
    NotDone,
    Dropped,
}

/// <summary>
/// Something the team agreed to do. It has an owner on the team and a due date, may become a backlog item
/// or a working agreement, and is reviewed at the next retrospective: done, not done (it stays on the list
/// and comes up again) or dropped.
/// </summary>
public sealed class RetroAction : IProductOwned
{
    public const int TextMaxLength = 500;

    private RetroAction() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid TeamId { get; private set; }
    public Guid RetroId { get; private set; }
    public string Text { get; private set; } = "";
    public Guid? OwnerId { get; private set; }
    public DateOnly? Due { get; private set; }
    public RetroActionStatus Status { get; private set; }
    /// <summary>How often a review found it not done: twice or more is a pattern the coach points out.</summary>
    public int NotDoneCount { get; private set; }
    public DateTimeOffset? ReviewedAt { get; private set; }
    public Guid? ReviewedInRetroId { get; private set; }
    public string? ItemKey { get; private set; }
    public Guid? AgreementId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; private set; }

    /// <summary>Still to be followed up: open, or found not done and carried to the next review.</summary>
    public bool IsPending => Status is RetroActionStatus.Open or RetroActionStatus.NotDone;

    public static RetroAction Agree(Retrospective retro, string? text, Guid? ownerId, DateOnly? due, DateTimeOffset now)
    {
        retro.RequirePhase("phase", "agree actions", RetroPhase.Discuss, RetroPhase.Actions);
        var action = new RetroAction
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = retro.WorkspaceId, ProductId = retro.ProductId, TeamId = retro.TeamId, RetroId = retro.Id,
            Status = RetroActionStatus.Open, CreatedAt = now, Version = 1,
        };
        action.Change(text, ownerId, due);
        return action;
    }

    public void Change(string? text, Guid? ownerId, DateOnly? due)
    {
        var t = (text ?? "").Trim();
        new RuleCheck()
            .Require(t.Length > 0, "text", "Say what the team will do.")
            .Require(t.Length <= TextMaxLength, "text", $"An action has at most {TextMaxLength} characters.")
            .ThrowIfBroken();
        (Text, OwnerId, Due) = (t, ownerId, due);
        Version++;
    }

    /// <summary>The review's verdict. Marking it again replaces the verdict; each "not done" counts.</summary>
    public void Review(RetroActionStatus status, Guid? inRetroId, DateTimeOffset now)
    {
        if (status == RetroActionStatus.Open) throw new DomainException("status", "A review marks an action done, not-done or dropped.");
        if (status == RetroActionStatus.NotDone) NotDoneCount++;
        (Status, ReviewedAt, ReviewedInRetroId) = (status, now, inRetroId ?? ReviewedInRetroId);
        Version++;
    }

    public void BecameItem(string itemKey)
    {
        if (ItemKey is not null) throw new DomainException("action", $"This action is already backlog item {ItemKey}.");
        ItemKey = itemKey;
        Version++;
    }

    public void BecameAgreement(Guid agreementId)
    {
        if (AgreementId is not null) throw new DomainException("action", "This action is already a working agreement.");
        AgreementId = agreementId;
        Version++;
    }

    public bool IsOverdue(DateOnly today) => IsPending && Due is { } due && due < today;
}

public enum AgreementStatus
{
    Suggested,
    Adopted,
    Retired,
}

/// <summary>
/// How the team agreed to work ("reviews within a day"). The Scrum Master adds, edits and retires them;
/// anyone on the team suggests one, which the Scrum Master adopts.
/// </summary>
public sealed class WorkingAgreement : IProductOwned
{
    public const int TextMaxLength = 500;
    public const int MaxPerTeam = 200;

    private WorkingAgreement() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid TeamId { get; private set; }
    public string Text { get; private set; } = "";
    public AgreementStatus Status { get; private set; }
    public Guid ProposedById { get; private set; }
    public Guid? FromActionId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public static WorkingAgreement Create(Team team, string? text, bool adopted, Guid by, Guid? fromActionId, DateTimeOffset now)
    {
        var agreement = new WorkingAgreement
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = team.WorkspaceId, ProductId = team.ProductId, TeamId = team.Id,
            Status = adopted ? AgreementStatus.Adopted : AgreementStatus.Suggested, ProposedById = by, FromActionId = fromActionId, CreatedAt = now, Version = 0,
        };
        agreement.Edit(text, now);
        return agreement;
    }

    public void Edit(string? text, DateTimeOffset now)
    {
        var t = (text ?? "").Trim();
        new RuleCheck()
            .Require(t.Length > 0, "text", "Say what the team agrees.")
            .Require(t.Length <= TextMaxLength, "text", $"An agreement has at most {TextMaxLength} characters.")
            .ThrowIfBroken();
        (Text, UpdatedAt) = (t, now);
        Version++;
    }

    public void SetStatus(AgreementStatus status, DateTimeOffset now)
    {
        if (status == Status) throw new DomainException("status", $"The agreement is already {status.ToString().ToLowerInvariant()}.");
        if (status == AgreementStatus.Suggested) throw new DomainException("status", "An agreement is adopted or retired; a suggestion is something someone makes.");
        (Status, UpdatedAt) = (status, now);
        Version++;
    }
}
