using System.Text.RegularExpressions;
using Tandem.Domain.Common;

namespace Tandem.Domain.Products;

public sealed partial class Product : ITenantOwned
{
    public const int NameMaxLength = 80;

    private Product() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }

    /// <summary>Short upper-case key that prefixes item keys (PAY-123). Unique within a workspace, never changes.</summary>
    public string Key { get; private set; } = "";
    public string Name { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Bumped on every change; the ETag and the optimistic-concurrency token.</summary>
    public int Version { get; private set; }

    public static Product Create(Guid workspaceId, string? key, string? name, DateTimeOffset now)
    {
        key = NormalizeKey(key);
        name = (name ?? "").Trim();
        var check = new RuleCheck()
            .Require(key.Length > 0, "key", "A product needs a key, for example PAY.")
            .Require(key.Length == 0 || KeyPattern().IsMatch(key), "key", "A product key is 2 to 10 letters or digits and starts with a letter, for example PAY.");
        CheckName(check, name).ThrowIfBroken();
        return new Product { Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, Key = key, Name = name, CreatedAt = now, Version = 1 };
    }

    public void Rename(string? name)
    {
        name = (name ?? "").Trim();
        CheckName(new RuleCheck(), name).ThrowIfBroken();
        Name = name;
        Version++;
    }

    /// <summary>The product key part of an item key: "PAY" for "PAY-12".</summary>
    public static string? KeyOfItem(string? itemKey)
    {
        var dash = itemKey?.LastIndexOf('-') ?? -1;
        return itemKey is not null && dash > 0 ? NormalizeKey(itemKey[..dash]) : null;
    }

    public static string NormalizeKey(string? key) => (key ?? "").Trim().ToUpperInvariant();

    public static bool IsValidKey(string? key) => KeyPattern().IsMatch(NormalizeKey(key));

    private static RuleCheck CheckName(RuleCheck check, string name) => check
        .Require(name.Length > 0, "name", "A product needs a name.")
        .Require(name.Length <= NameMaxLength, "name", $"A product name has at most {NameMaxLength} characters.");

    [GeneratedRegex("^[A-Z][A-Z0-9]{1,9}$")]
    private static partial Regex KeyPattern();
}
