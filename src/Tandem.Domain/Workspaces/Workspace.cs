using Tandem.Domain.Common;

namespace Tandem.Domain.Workspaces;

public sealed class Workspace
{
    public const int NameMaxLength = 80;

    private Workspace() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public static Workspace Create(string name, DateTimeOffset now)
    {
        name = (name ?? "").Trim();
        if (name.Length == 0) throw new DomainException("name", "A workspace needs a name.");
        if (name.Length > NameMaxLength) throw new DomainException("name", $"A workspace name has at most {NameMaxLength} characters.");
        return new Workspace { Id = Guid.CreateVersion7(now), Name = name, CreatedAt = now };
    }
}
