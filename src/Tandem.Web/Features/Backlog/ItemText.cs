using System.Globalization;
using Tandem.Domain.Backlog;

namespace Tandem.Web.Features.Backlog;

/// <summary>How the item page and its sections write an item's values: statuses, numbers, times and link kinds.</summary>
public static class ItemText
{
    public static string Status(string status) => status switch
    {
        "in-progress" => "In progress",
        "tech-debt" => "Tech debt",
        _ => string.IsNullOrEmpty(status) ? status : char.ToUpperInvariant(status[0]) + status[1..],
    };

    public static readonly IReadOnlyList<string> Types = Enum.GetValues<ItemType>().Select(t => EnumText.Slug(t)).ToList();

    /// <summary>The team's statuses; accepting is the Product Owner's decision, made with the acceptance buttons.</summary>
    public static readonly IReadOnlyList<string> TeamStatuses = Enum.GetValues<ItemStatus>().Where(s => s != ItemStatus.Accepted).Select(s => EnumText.Slug(s)).ToList();

    public static string Number(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    public static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static string At(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    public static readonly IReadOnlyList<(string Kind, string Text)> LinkKinds =
        [("blocks", "blocks"), ("blocked-by", "is blocked by"), ("relates-to", "relates to"), ("duplicates", "duplicates"), ("duplicated-by", "is duplicated by")];

    public static string Link(string kind) => LinkKinds.FirstOrDefault(k => k.Kind == kind).Text ?? kind;

    public static readonly IReadOnlyList<string> LowMediumHigh = ["low", "medium", "high"];

    /// <summary>Browsers send textarea line breaks as CRLF; a description nobody edited must not count as changed.</summary>
    public static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>Reads an optional whole number from a form field, or adds the field's error.</summary>
    public static int? ParseInt(string? text, string field, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        errors[field] = [$"{name} is a whole number; \"{text.Trim()}\" is not."];
        return null;
    }

    public static decimal? ParseDecimal(string? text, string field, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) return value;
        errors[field] = [$"{name} is a number such as 2 or 0.5; \"{text.Trim()}\" is not."];
        return null;
    }
}
