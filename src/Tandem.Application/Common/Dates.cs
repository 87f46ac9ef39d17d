using System.Globalization;

namespace Tandem.Application.Common;

/// <summary>Calendar dates on the wire: YYYY-MM-DD, one message for a bad or missing one.</summary>
public static class Dates
{
    public static DateOnly? Required(string? value, string field, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            validation.Add(field, $"Give the {field} date as YYYY-MM-DD.");
            return null;
        }
        return Optional(value, field, validation);
    }

    public static DateOnly? Optional(string? value, string field, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        validation.Add(field, $"'{value}' is not a date; use YYYY-MM-DD.");
        return null;
    }
}
