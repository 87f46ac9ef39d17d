using Tandem.Domain.Common;

namespace Tandem.Domain.Architecture;

public enum DecisionStatus
{
    Proposed,
    Accepted,
    Rejected,
    Superseded,
    Deprecated,
}

/// <summary>One option the record weighed, with its pros and cons (Markdown).</summary>
public sealed class DecisionOption
{
    public const int NameMaxLength = 200;
    public const int TextMaxLength = 4000;

    private DecisionOption() { }

    public int Position { get; private set; }
    public string Name { get; private set; } = "";
    public string Pros { get; private set; } = "";
    public string Cons { get; private set; } = "";

    public static DecisionOption Create(int position, string? name, string? pros, string? cons)
    {
        var check = new RuleCheck();
        Check(position, name, pros, cons, check);
        check.ThrowIfBroken();
        return new DecisionOption { Position = position, Name = name!.Trim(), Pros = pros?.Trim() ?? "", Cons = cons?.Trim() ?? "" };
    }

    internal static void Check(int position, string? name, string? pros, string? cons, RuleCheck check)
    {
        var field = $"options[{position}]";
        check.Require(!string.IsNullOrWhiteSpace(name) && name.Trim().Length <= NameMaxLength, $"{field}.name", $"Each option has a name of 1 to {NameMaxLength} characters.")
            .Require(pros is not { Length: > TextMaxLength } && cons is not { Length: > TextMaxLength }, field, $"Pros and cons have at most {TextMaxLength} characters each.");
    }
}

/// <summary>A status the record entered: when, by whom and why. Append-only.</summary>
public sealed class DecisionStatusChange
{
    private DecisionStatusChange() { }

    public DecisionStatus Status { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid ById { get; private set; }
    public string? Reason { get; private set; }

    internal static DecisionStatusChange Of(DecisionStatus status, DateTimeOffset at, Guid by, string? reason) =>
        new() { Status = status, At = at, ById = by, Reason = reason };
}

/// <summary>The editable content of a record; every field is checked together by <see cref="ArchitectureDecision.Check"/>.</summary>
public sealed record DecisionContent(
    string? Title, string? Context, string? Decision, string? Consequences, string? Deciders,
    IReadOnlyList<(string? Name, string? Pros, string? Cons)> Options, IReadOnlyList<string> ItemKeys);

/// <summary>
/// An architecture decision record. Anyone on the team proposes one; the Tech Lead accepts or rejects it,
/// and later supersedes or deprecates an accepted one. Once accepted, only its status changes: the text
/// of a decision that was made stays what was decided.
/// </summary>
public sealed class ArchitectureDecision : IProductOwned
{
    public const int TitleMaxLength = 200;
    public const int TextMaxLength = 20000;
    public const int DecidersMaxLength = 500;
    public const int ReasonMaxLength = 2000;
    public const int MaxOptions = 10;
    public const int MaxItems = 50;

    private readonly List<DecisionOption> _options = [];
    private readonly List<DecisionStatusChange> _history = [];

    private ArchitectureDecision() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public int Number { get; private set; }
    public string Title { get; private set; } = "";
    public string Context { get; private set; } = "";
    public string Decision { get; private set; } = "";
    public string Consequences { get; private set; } = "";
    public string? Deciders { get; private set; }
    public List<string> ItemKeys { get; private set; } = [];
    public IReadOnlyList<DecisionOption> Options => _options;
    public IReadOnlyList<DecisionStatusChange> History => _history;
    public DecisionStatus Status { get; private set; }
    public Guid ProposedById { get; private set; }
    public DateTimeOffset ProposedAt { get; private set; }
    public Guid? DecidedById { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? StatusReason { get; private set; }
    public Guid? SupersededById { get; private set; }
    public int Version { get; private set; }

    /// <summary>Every broken rule of the content, all at once, so a form can show every one.</summary>
    public static RuleCheck Check(DecisionContent c)
    {
        var check = new RuleCheck()
            .Require(!string.IsNullOrWhiteSpace(c.Title) && c.Title.Trim().Length <= TitleMaxLength, "title", $"A title has 1 to {TitleMaxLength} characters.");
        Text("context", c.Context, "Say what forces are at play: the context is what makes the decision necessary.");
        Text("decision", c.Decision, "State the decision.");
        Text("consequences", c.Consequences, "Say what becomes easier or harder because of it.");
        check.Require(c.Deciders is not { Length: > DecidersMaxLength }, "deciders", $"Deciders have at most {DecidersMaxLength} characters.")
            .Require(c.Options.Count <= MaxOptions, "options", $"A record weighs at most {MaxOptions} options.")
            .Require(c.ItemKeys.Count <= MaxItems, "items", $"A record links at most {MaxItems} items.");
        for (var i = 0; i < c.Options.Count; i++) DecisionOption.Check(i, c.Options[i].Name, c.Options[i].Pros, c.Options[i].Cons, check);
        return check;

        void Text(string field, string? value, string missing)
        {
            if (string.IsNullOrWhiteSpace(value)) check.Require(false, field, missing);
            else check.Require(value.Length <= TextMaxLength, field, $"{field} has at most {TextMaxLength} characters.");
        }
    }

    public static ArchitectureDecision Propose(Guid workspaceId, Guid productId, int number, DecisionContent content, Guid by, DateTimeOffset now)
    {
        var record = new ArchitectureDecision
        {
            Id = Guid.CreateVersion7(now),
            WorkspaceId = workspaceId,
            ProductId = productId,
            Number = number,
            Status = DecisionStatus.Proposed,
            ProposedById = by,
            ProposedAt = now,
            Version = 1,
        };
        record.SetContent(content);
        record._history.Add(DecisionStatusChange.Of(DecisionStatus.Proposed, now, by, null));
        return record;
    }

    public void Edit(DecisionContent content)
    {
        if (Status != DecisionStatus.Proposed)
            throw new InvalidOperationException($"ADR {Number} is {Status.ToString().ToLowerInvariant()}; only proposed records change.");
        SetContent(content);
        Version++;
    }

    /// <summary>
    /// Links a backlog item the record shapes. Allowed in every status: a link is navigation, not the
    /// decision's text, so a decided record still gains the items it turns out to shape.
    /// </summary>
    public bool LinkItem(string key)
    {
        if (ItemKeys.Contains(key, StringComparer.Ordinal)) return false;
        if (ItemKeys.Count >= MaxItems) throw new DomainException("item", $"A record links at most {MaxItems} items.");
        ItemKeys = [.. ItemKeys, key];
        Version++;
        return true;
    }

    public bool UnlinkItem(string key)
    {
        if (!ItemKeys.Contains(key, StringComparer.Ordinal)) return false;
        ItemKeys = ItemKeys.Where(k => !string.Equals(k, key, StringComparison.Ordinal)).ToList();
        Version++;
        return true;
    }

    public void Accept(Guid by, string? reason, DateTimeOffset now) => Move(DecisionStatus.Proposed, DecisionStatus.Accepted, by, reason, now);

    public void Reject(Guid by, string reason, DateTimeOffset now) => Move(DecisionStatus.Proposed, DecisionStatus.Rejected, by, reason, now);

    public void Deprecate(Guid by, string reason, DateTimeOffset now) => Move(DecisionStatus.Accepted, DecisionStatus.Deprecated, by, reason, now);

    public void SupersedeWith(ArchitectureDecision successor, Guid by, DateTimeOffset now)
    {
        Move(DecisionStatus.Accepted, DecisionStatus.Superseded, by, $"Superseded by ADR {successor.Number}: {successor.Title}", now);
        SupersededById = successor.Id;
    }

    private void Move(DecisionStatus from, DecisionStatus to, Guid by, string? reason, DateTimeOffset now)
    {
        // The handler checks and explains first; reaching this is a bug.
        if (Status != from) throw new InvalidOperationException($"ADR {Number} is {Status}, not {from}.");
        Status = to;
        StatusReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (to is DecisionStatus.Accepted or DecisionStatus.Rejected)
        {
            DecidedById = by;
            DecidedAt = now;
        }
        _history.Add(DecisionStatusChange.Of(to, now, by, StatusReason));
        Version++;
    }

    private void SetContent(DecisionContent c)
    {
        Check(c).ThrowIfBroken();
        Title = c.Title!.Trim();
        Context = c.Context!.Trim();
        Decision = c.Decision!.Trim();
        Consequences = c.Consequences!.Trim();
        Deciders = string.IsNullOrWhiteSpace(c.Deciders) ? null : c.Deciders.Trim();
        _options.Clear();
        _options.AddRange(c.Options.Select((o, i) => DecisionOption.Create(i, o.Name, o.Pros, o.Cons)));
        ItemKeys = [.. c.ItemKeys];
    }
}
