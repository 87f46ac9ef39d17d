using Tandem.Domain.Common;

namespace Tandem.Domain.Workspaces;

public sealed class Workspace
{
    public const int NameMaxLength = 80;

    private Workspace() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public static Workspace Create(string? name, DateTimeOffset now)
    {
        name = (name ?? "").Trim();
        new RuleCheck()
            .Require(name.Length > 0, "name", "Name your workspace, e.g. your company.")
            .Require(name.Length <= NameMaxLength, "name", $"A workspace name has at most {NameMaxLength} characters.")
            .ThrowIfBroken();
        return new Workspace { Id = Guid.CreateVersion7(now), Name = name, CreatedAt = now };
    }
}
