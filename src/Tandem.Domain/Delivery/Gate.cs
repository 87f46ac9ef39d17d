using Tandem.Domain.Common;

namespace Tandem.Domain.Delivery;

/// <summary>The kinds of gate before a milestone; each has its own deciding role (see <c>Operations.Gates</c>).</summary>
public enum GateKind
{
    DesignReview,
    QaSignOff,
    SecurityReview,
    GoNoGo,
}

public enum GateStatus
{
    Pending,
    Passed,
    Failed,
}

/// <summary>
/// A gate before a milestone: a design review, QA sign-off, security review or the go/no-go, due on a date
/// that never falls after the milestone's, with a checklist the team ticks. Its decider passes or fails it
/// with a note (a failure needs one). One gate of each kind per milestone.
/// </summary>
public sealed class Gate : IProductOwned
{
    public const int NoteMaxLength = 2000;

    private Gate() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid MilestoneId { get; private set; }
    public GateKind Kind { get; private set; }
    public DateOnly DueOn { get; private set; }
    public GateStatus Status { get; private set; }
    public string Note { get; private set; } = "";
    public Guid? DecidedById { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; private set; }

    /// <summary>A gate due on <paramref name="dueOn"/>, which must not fall after the milestone's date.</summary>
    public static Gate Plan(Milestone milestone, GateKind kind, DateOnly dueOn, DateTimeOffset now)
    {
        CheckDue(milestone, kind, dueOn);
        return new Gate
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = milestone.WorkspaceId, ProductId = milestone.ProductId, MilestoneId = milestone.Id,
            Kind = kind, DueOn = dueOn, Status = GateStatus.Pending, CreatedAt = now, Version = 1,
        };
    }

    public static void CheckDue(Milestone milestone, GateKind kind, DateOnly dueOn) =>
        new RuleCheck()
            .Require(dueOn != default, "dueOn", "A gate needs a due date (YYYY-MM-DD).")
            .Require(dueOn == default || dueOn <= milestone.Date, "dueOn",
                $"The {Describe(kind)} is due {dueOn:yyyy-MM-dd}, after milestone {milestone.Number} \"{milestone.Name}\" on {milestone.Date:yyyy-MM-dd}: a milestone cannot come before its own gates.")
            .ThrowIfBroken();

    /// <summary>Passes or fails the gate; a failure says why. Deciding again replaces the earlier decision (a failed gate can pass later).</summary>
    public void Decide(GateStatus status, string? note, Guid by, DateTimeOffset now)
    {
        var n = (note ?? "").Trim();
        new RuleCheck()
            .Require(status != GateStatus.Pending, "status", "Decide a gate as passed or failed.")
            .Require(status != GateStatus.Failed || n.Length > 0, "note", "Say why the gate failed.")
            .Require(n.Length <= NoteMaxLength, "note", $"A note has at most {NoteMaxLength} characters.")
            .ThrowIfBroken();
        (Status, Note, DecidedById, DecidedAt) = (status, n, by, now);
        Version++;
    }

    public static string Describe(GateKind kind) => kind switch
    {
        GateKind.DesignReview => "design review",
        GateKind.QaSignOff => "QA sign-off",
        GateKind.SecurityReview => "security review",
        _ => "go/no-go",
    };
}

/// <summary>One line of a gate's checklist; anyone on the team ticks it.</summary>
public sealed class GateChecklistItem : ITenantOwned
{
    public const int TextMaxLength = 300;
    public const int MaxPerGate = 30;

    private GateChecklistItem() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid GateId { get; private set; }
    public int Position { get; private set; }
    public string Text { get; private set; } = "";
    public bool Done { get; private set; }
    public Guid? DoneById { get; private set; }
    public DateTimeOffset? DoneAt { get; private set; }

    public static GateChecklistItem Of(Gate gate, int position, string? text, DateTimeOffset now)
    {
        var t = (text ?? "").Trim();
        new RuleCheck()
            .Require(t.Length > 0, "checklist", "A checklist line needs text.")
            .Require(t.Length <= TextMaxLength, "checklist", $"A checklist line has at most {TextMaxLength} characters.")
            .ThrowIfBroken();
        return new GateChecklistItem { Id = Guid.CreateVersion7(now), WorkspaceId = gate.WorkspaceId, GateId = gate.Id, Position = position, Text = t };
    }

    public void Tick(bool done, Guid by, DateTimeOffset now) =>
        (Done, DoneById, DoneAt) = done ? (true, by, now) : (false, (Guid?)null, (DateTimeOffset?)null);
}

/// <summary>What a milestone depends on besides its scope: a decision record to accept, an interface to be live, an NFR to verify.</summary>
public enum PrerequisiteKind
{
    Decision,
    Interface,
    Nfr,
}

/// <summary>
/// A technical prerequisite linked to a milestone. Decisions must be accepted and interfaces live before the
/// go/no-go passes or the milestone is achieved; NFRs are listed to verify. (Spikes are the Spike items of its scope.)
/// </summary>
public sealed class MilestoneLink : ITenantOwned
{
    private MilestoneLink() { }

    public Guid MilestoneId { get; private set; }
    public PrerequisiteKind Kind { get; private set; }
    public Guid TargetId { get; private set; }
    public Guid WorkspaceId { get; private set; }

    public static MilestoneLink Of(Milestone milestone, PrerequisiteKind kind, Guid targetId) =>
        new() { MilestoneId = milestone.Id, Kind = kind, TargetId = targetId, WorkspaceId = milestone.WorkspaceId };
}
