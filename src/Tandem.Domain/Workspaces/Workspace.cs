using Tandem.Domain.Common;

namespace Tandem.Domain.Workspaces;

public sealed class Workspace
{
    public const int NameMaxLength = 80;

    private Workspace() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The longest a personal access token may live in this workspace; null leaves the operator's maximum.</summary>
    public int? AccessTokenMaxDays { get; private set; }

    public static Workspace Create(string? name, DateTimeOffset now)
    {
        name = (name ?? "").Trim();
        new RuleCheck()
            .Require(name.Length > 0, "name", "Name your workspace, e.g. your company.")
            .Require(name.Length <= NameMaxLength, "name", $"A workspace name has at most {NameMaxLength} characters.")
            .ThrowIfBroken();
        return new Workspace { Id = Guid.CreateVersion7(now), Name = name, CreatedAt = now };
    }

    /// <summary>The workspace admin's limit on access-token lifetimes, within the operator's <paramref name="ceiling"/>.</summary>
    public void LimitAccessTokens(int? maxDays, int ceiling)
    {
        new RuleCheck()
            .Require(maxDays is null || (maxDays >= 1 && maxDays <= ceiling), "maxDays", $"Access tokens may live 1 to {ceiling} days; leave it empty for {ceiling}.")
            .ThrowIfBroken();
        AccessTokenMaxDays = maxDays;
    }
}
