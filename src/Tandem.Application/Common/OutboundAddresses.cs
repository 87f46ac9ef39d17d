using System.Net;
using System.Net.Sockets;

namespace Tandem.Application.Common;

/// <summary>
/// Where Tandem's own outgoing calls (webhook deliveries, the Redmine import) may connect: one rule for what counts as
/// a private address, and one dialer that connects to addresses already checked, so a name that resolves inward (or
/// re-resolves, DNS rebinding) is caught at connect time, not only when the URL was entered.
/// </summary>
public static class OutboundAddresses
{
    /// <summary>
    /// Loopback, unspecified, private (RFC 1918, unique-local fc00::/7, site-local), link-local (cloud metadata),
    /// carrier-grade NAT, "this network" (0/8), multicast and reserved (224/3).
    /// </summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] is 0 or 10 or 127 || b[0] >= 224
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
        }
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.Equals(IPAddress.IPv6Any)
            || (address.GetAddressBytes()[0] & 0xFE) == 0xFC;
    }

    /// <summary>The addresses a host name (or literal) stands for right now.</summary>
    public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);

    /// <summary>Connects to the first of <paramref name="addresses"/> that answers (the caller has checked them).</summary>
    public static async ValueTask<Stream> ConnectAsync(IPAddress[] addresses, int port, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
