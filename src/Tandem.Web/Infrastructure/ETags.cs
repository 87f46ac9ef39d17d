using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Tandem.Web.Infrastructure;

/// <summary>
/// Version-based entity tags: <c>"7"</c> is version 7 of a resource. An item's GET adds what else its detail
/// was built under after a dot (<c>"7.epoch.w.p.n"</c>, ADR 0025); If-Match reads the version before the dot.
/// </summary>
public static class ETags
{
    public static string For(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void Set(HttpContext context, int version) => context.Response.Headers.ETag = For(version);

    /// <summary>
    /// The version the client last saw, from If-Match; null when absent or "*". An unparseable tag
    /// yields -1, which never matches, so the write is refused rather than applied blindly.
    /// </summary>
    public static int? IfMatch(HttpContext context)
    {
        var header = context.Request.Headers[HeaderNames.IfMatch].ToString().Trim();
        if (header.Length == 0 || header == "*") return null;
        if (header.StartsWith("W/", StringComparison.Ordinal)) header = header[2..];
        var tag = header.Trim('"');
        // Only the version decides a write's precondition: a comment or a criterion added since does not make an edit stale.
        var dot = tag.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0) tag = tag[..dot];
        return int.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1;
    }
}
