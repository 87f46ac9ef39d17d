using System.Buffers.Text;
using System.Text;

namespace Tandem.Application.Common;

/// <summary>One page of a list and the opaque cursor for the next one (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static Error? ValidateLimit(int? limit) =>
        limit is null or (>= 1 and <= MaxLimit) ? null : Error.Invalid("limit", $"limit must be between 1 and {MaxLimit}.");

    public static string Encode(string value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value));

    public static bool TryDecode(string? cursor, out string value)
    {
        value = "";
        if (string.IsNullOrEmpty(cursor)) return false;
        try
        {
            value = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static Error BadCursor => Error.Invalid("cursor", "The cursor is not one this list handed out; start again without it.");
}
