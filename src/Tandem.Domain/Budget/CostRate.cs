using Tandem.Domain.Common;
using Tandem.Domain.Workspaces;

namespace Tandem.Domain.Budget;

/// <summary>
/// What an hour of work costs on a product, in the product budget's currency: for a role, or for one person
/// (a person's rate overrides their role's). <see cref="Key"/> ("role:developer", "person:{id}") is unique per
/// product, so setting a rate twice at the same instant cannot leave two.
/// </summary>
public sealed class CostRate : IProductOwned
{
    public const decimal MaxHourly = 100_000m;

    private CostRate() { }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public Guid ProductId { get; private set; }
    public string Key { get; private set; } = "";
    public Role? Role { get; private set; }
    public Guid? UserId { get; private set; }
    public decimal Hourly { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public static string KeyOf(Role? role, Guid? userId) => userId is { } u ? $"person:{u:N}" : $"role:{role}";

    public static CostRate Set(Guid workspaceId, Guid productId, Role? role, Guid? userId, decimal hourly, DateTimeOffset now)
    {
        new RuleCheck()
            .Require((role is null) != (userId is null), "role", "A rate is for a role or for a person, one of them.")
            .Require(role is null || Enum.IsDefined(role.Value), "role", "That is not a role.")
            .ThrowIfBroken();
        var rate = new CostRate { Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ProductId = productId, Role = role, UserId = userId, Key = KeyOf(role, userId), Version = 0 };
        rate.Change(hourly, now);
        return rate;
    }

    public void Change(decimal hourly, DateTimeOffset now)
    {
        new RuleCheck().Require(hourly is >= 0 and <= MaxHourly, "hourly", $"An hourly rate is from 0 to {MaxHourly:0}.").ThrowIfBroken();
        (Hourly, UpdatedAt) = (Math.Round(hourly, 2), now);
        Version++;
    }
}

/// <summary>A product's budget: an amount in a currency (ISO 4217 code); the product's rates are in that currency.</summary>
public sealed class ProductBudget : IProductOwned
{
    public const decimal MaxAmount = 1_000_000_000_000m;

    private ProductBudget() { }

    public Guid ProductId { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public decimal Amount { get; private set; }
    public string Currency { get; private set; } = "EUR";
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public static ProductBudget Create(Guid workspaceId, Guid productId, decimal amount, string? currency, DateTimeOffset now)
    {
        var budget = new ProductBudget { WorkspaceId = workspaceId, ProductId = productId };
        budget.Change(amount, currency, now);
        return budget;
    }

    public void Change(decimal amount, string? currency, DateTimeOffset now)
    {
        var code = (currency ?? "").Trim().ToUpperInvariant();
        new RuleCheck()
            .Require(amount is >= 0 and <= MaxAmount, "amount", "A budget is an amount from 0 up to a trillion.")
            .Require(code.Length == 3 && code.All(c => c is >= 'A' and <= 'Z'), "currency", "The currency is a three-letter ISO 4217 code such as EUR or USD.")
            .ThrowIfBroken();
        (Amount, Currency, UpdatedAt) = (Math.Round(amount, 2), code, now);
        Version++;
    }
}
