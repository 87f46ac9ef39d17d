using System.Globalization;

namespace Tandem.Application.Common;

/// <summary>Days in query strings: <c>yyyy-MM-dd</c>, read as the start of that day in UTC.</summary>
public static class Days
{
    /// <summary>The day's start in UTC, null when empty; a malformed day is added to <paramref name="validation"/> under <paramref name="field"/>.</summary>
    public static DateTimeOffset? Parse(string? value, string field, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        validation.Add(field, "Give a day as yyyy-mm-dd (UTC).");
        return null;
    }
}
