using System.Text.Json;

namespace Tandem.Application.Common;

/// <summary>
/// The one text form of every enum the API, the pages and the decision log show: kebab-case
/// ("in-progress"), from the framework's own naming policy, so a value reads the same in JSON
/// bodies, query strings and sentences. Parsing also takes the C# name ("InProgress"); a bad value
/// is a field error with one wording everywhere.
/// </summary>
public static class EnumText
{
    public static string Slug<T>(T value) where T : struct, Enum => Table<T>.Slugs.TryGetValue(value, out var slug) ? slug : Convert(value.ToString());

    public static bool TryParse<T>(string? value, out T result) where T : struct, Enum
    {
        result = default;
        if (string.IsNullOrWhiteSpace(value)) return false;
        return Table<T>.Parse.TryGetValue(value.Trim(), out result);
    }

    /// <summary>Every value's slug, comma-separated, for messages that list the choices.</summary>
    public static string Names<T>() where T : struct, Enum => Table<T>.Names;

    /// <summary>An optional field: null when absent; a value that is not one of <typeparamref name="T"/> is a field error.</summary>
    public static T? Optional<T>(string? value, string field, Validation validation) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (TryParse(value, out T parsed)) return parsed;
        validation.Add(field, NotOneOf<T>(value, field));
        return null;
    }

    /// <summary>A required field: absent or not one of <typeparamref name="T"/> is a field error.</summary>
    public static T? Required<T>(string? value, string field, Validation validation) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            validation.Add(field, $"Say the {Words(field)}: one of {Names<T>()}.");
            return null;
        }
        return Optional<T>(value, field, validation);
    }

    public static string NotOneOf<T>(string value, string field) where T : struct, Enum =>
        $"'{value}' is not a valid {Words(field)}; use one of {Names<T>()}.";

    /// <summary>"riskReason" → "risk reason", for field names inside sentences.</summary>
    private static string Words(string field) => Convert(field).Replace('-', ' ');

    private static string Convert(string name) => JsonNamingPolicy.KebabCaseLower.ConvertName(name);

    private static class Table<T> where T : struct, Enum
    {
        public static readonly Dictionary<T, string> Slugs = Enum.GetValues<T>().ToDictionary(v => v, v => Convert(v.ToString()));

        public static readonly Dictionary<string, T> Parse = BuildParse();

        public static readonly string Names = string.Join(", ", Enum.GetValues<T>().Select(v => Slugs[v]));

        private static Dictionary<string, T> BuildParse()
        {
            var map = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
            foreach (var v in Enum.GetValues<T>())
            {
                map.TryAdd(Slugs[v], v);
                map.TryAdd(v.ToString(), v);
            }
            return map;
        }
    }
}
