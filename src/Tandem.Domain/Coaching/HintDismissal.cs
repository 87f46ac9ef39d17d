using Tandem.Domain.Common;

namespace Tandem.Domain.Coaching;

/// <summary>
/// The Scrum Master's "seen it, and here is why it is fine": hides one coach hint (by its key, which
/// names the pattern and its subject) for one team. Keyed by team and hint key, so the same pattern on
/// another column or after a later sprint shows again.
/// </summary>
public sealed class HintDismissal : ITenantOwned
{
    public const int KeyMaxLength = 120;
    public const int ReasonMaxLength = 1000;

    private HintDismissal() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid TeamId { get; private set; }
    public string Key { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public Guid DismissedById { get; private set; }
    public DateTimeOffset DismissedAt { get; private set; }

    public static HintDismissal Record(Guid workspaceId, Guid teamId, string? key, string? reason, Guid by, DateTimeOffset now)
    {
        var k = (key ?? "").Trim();
        var text = (reason ?? "").Trim();
        new RuleCheck()
            .Require(k.Length > 0, "key", "Name the hint to dismiss.")
            .Require(k.Length <= KeyMaxLength, "key", $"A hint key has at most {KeyMaxLength} characters.")
            .Require(text.Length > 0, "reason", "Say why the hint does not need action, so the team sees the reasoning.")
            .Require(text.Length <= ReasonMaxLength, "reason", $"A reason has at most {ReasonMaxLength} characters.")
            .ThrowIfBroken();
        return new HintDismissal { Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, TeamId = teamId, Key = k, Reason = text, DismissedById = by, DismissedAt = now };
    }
}
