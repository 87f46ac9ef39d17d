using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Tandem.Application.Webhooks;

/// <summary>The webhook settings (<c>Tandem:Webhooks</c>, ADR 35); the defaults are production's.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Tandem:Webhooks";

    /// <summary>Whether receivers on loopback, private, link-local or unique-local addresses are allowed (tests, development, an intranet).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How long one delivery attempt may take, connection included.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>The wait before the first retry; each retry doubles it, up to <see cref="MaxRetrySeconds"/>.</summary>
    public double FirstRetrySeconds { get; set; } = 10;

    public double MaxRetrySeconds { get; set; } = 3600;

    /// <summary>How long a delivery is retried before it is marked failed.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A subscription whose every attempt has failed for this long is disabled and its Product Owner told.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Delivered and failed deliveries, and their events, are deleted after this many days.</summary>
    public int RetentionDays { get; set; } = 7;

    /// <summary>Deliveries read per query of the sender; a run reads at most ten batches.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Receivers called at once; one receiver's deliveries go one after another, in order.</summary>
    public int Parallel { get; set; } = 8;
}

/// <summary>What a receiver URL may be, and the connection rule that keeps deliveries off private networks (ADR 35).</summary>
public static class WebhookUrls
{
    public const int MaxLength = 2000;
    public const string HttpClientName = "tandem-webhooks";

    /// <summary>The problem with <paramref name="url"/> as a receiver, or null when it may be one.</summary>
    public static string? Problem(string? url, bool allowPrivateNetworks)
    {
        if (string.IsNullOrWhiteSpace(url)) return "Give the receiver's URL, for example https://ci.example.com/tandem.";
        if (url.Length > MaxLength) return $"A URL has at most {MaxLength} characters.";
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Host.Length == 0)
            return "The URL must be an absolute http:// or https:// address.";
        if (uri.UserInfo.Length > 0) return "The URL must not carry a user name or password; the signature proves the sender.";
        if (uri.Fragment.Length > 0) return "The URL must not have a #fragment; it is never sent.";
        if (!allowPrivateNetworks && IsPrivateHost(uri)) return "The URL points into a private network (loopback, private or link-local); webhooks go to public addresses.";
        return null;
    }

    private static bool IsPrivateHost(Uri uri)
    {
        var host = uri.IdnHost.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && OutboundAddresses.IsPrivate(address);
    }

    /// <summary>
    /// The handler of the webhook client: no redirects (a receiver cannot bounce a delivery elsewhere), no cookies, and
    /// unless private networks are allowed, a connection only to the public addresses the name resolves to — checked
    /// at connect time, so a name that resolves to a private address (or re-resolves, DNS rebinding) is refused too.
    /// </summary>
    public static SocketsHttpHandler Handler(bool allowPrivateNetworks) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = await OutboundAddresses.ResolveAsync(host, ct);
            var allowed = allowPrivateNetworks ? addresses : addresses.Where(a => !OutboundAddresses.IsPrivate(a)).ToArray();
            if (allowed.Length == 0) throw new HttpRequestException($"{host} has no public address; webhooks are not sent into private networks.");
            return await OutboundAddresses.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
        },
    };
}

/// <summary>The signature scheme of every delivery: <c>Tandem-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>.</summary>
public static class WebhookSignature
{
    public const string Header = "Tandem-Signature";
    public const string EventIdHeader = "Tandem-Event-Id";
    public const string EventHeader = "Tandem-Event";

    /// <summary>A new signing secret: 32 random bytes as hex, prefixed so it is recognisable in a secrets store.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The header's value for <paramref name="body"/> sent at <paramref name="unixSeconds"/>; the key is the secret's UTF-8 bytes.</summary>
    public static string Sign(string secret, long unixSeconds, string body) =>
        $"t={unixSeconds},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixSeconds}.{body}")))}";
}
