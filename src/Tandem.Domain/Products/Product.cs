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

    public static Product Create(Guid workspaceId, string key, string name, DateTimeOffset now)
    {
        key = NormalizeKey(key);
        if (!KeyPattern().IsMatch(key))
            throw new DomainException("key", "A product key is 2 to 10 letters or digits and starts with a letter, for example PAY.");
        var product = new Product { Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, Key = key, CreatedAt = now, Version = 1 };
        product.SetName(name);
        return product;
    }

    public void Rename(string name)
    {
        SetName(name);
        Version++;
    }

    /// <summary>The product key part of an item key: "PAY" for "PAY-12".</summary>
    public static string? KeyOfItem(string? itemKey)
    {
        var dash = itemKey?.LastIndexOf('-') ?? -1;
        return dash > 0 ? NormalizeKey(itemKey![..dash]) : null;
    }

    public static string NormalizeKey(string? key) => (key ?? "").Trim().ToUpperInvariant();

    public static bool IsValidKey(string? key) => KeyPattern().IsMatch(NormalizeKey(key));

    private void SetName(string name)
    {
        name = (name ?? "").Trim();
        if (name.Length == 0) throw new DomainException("name", "A product needs a name.");
        if (name.Length > NameMaxLength) throw new DomainException("name", $"A product name has at most {NameMaxLength} characters.");
        Name = name;
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]{1,9}$")]
    private static partial Regex KeyPattern();
}
