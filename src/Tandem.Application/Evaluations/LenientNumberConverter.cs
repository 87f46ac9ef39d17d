using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tandem.Application.Evaluations;

/// <summary>
/// Reads a JSON number or string as its text, so a weight or score that does not parse ("heavy", 2.5)
/// reaches validation and is answered with the field that holds it (criteria[2].weight), not as an
/// unreadable body.
/// </summary>
public sealed class LenientNumberConverter : JsonConverter<string?>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.TryGetDecimal(out var d) ? d.ToString(CultureInfo.InvariantCulture) : "not a number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => Skip(ref reader),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value);
    }

    private static string Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return "an object";
    }

    /// <summary>A whole number from <paramref name="text"/>, or a field error saying what it should be.</summary>
    public static int? ParseWhole(string? text, string field, string what, int min, int max, Common.Validation validation)
    {
        if (text is null) return null;
        var t = text.Trim();
        if (!decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            validation.Add(field, $"'{text}' is not a number; {what} is a whole number from {min} to {max}.");
            return null;
        }
        if (value != decimal.Truncate(value))
        {
            validation.Add(field, $"{t} is not a whole number; {what} is a whole number from {min} to {max}.");
            return null;
        }
        if (value < min || value > max)
        {
            validation.Add(field, $"{t} is out of range; {what} is a whole number from {min} to {max}.");
            return null;
        }
        return (int)value;
    }
}
