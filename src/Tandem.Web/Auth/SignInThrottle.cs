using System.Net;
using Microsoft.Extensions.Options;

namespace Tandem.Web.Auth;

/// <summary>How many failed sign-ins are allowed per window (<c>Tandem:SignIn</c>).</summary>
public sealed class SignInLimits
{
    public const string Section = "Tandem:SignIn";

    /// <summary>Failed attempts from one client address per window (a whole office behind one NAT shares it).</summary>
    public int AttemptsPerAddress { get; set; } = 30;

    /// <summary>Failed attempts on one email per window, whether or not an account has that email.</summary>
    public int AttemptsPerAccount { get; set; } = 10;

    public int WindowSeconds { get; set; } = 60;
}

/// <summary>
/// Fixed-window counters of sign-in attempts per client address and per email (ADR 0022). Every attempt
/// takes a place in both windows before its password is checked, so a burst cannot slip through in
/// parallel; a successful sign-in gives its places back, so only failures use them up and a busy office
/// signing in is never slowed. Unknown and known emails are counted alike. The counters live in this
/// process: with several nodes each node holds its own (issue 15 moves them to a shared store).
/// </summary>
public sealed class SignInThrottle(IOptionsMonitor<SignInLimits> limits, TimeProvider clock)
{
    private const int PruneAbove = 10_000;
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;
        public int Count { get; set; }
    }

    /// <summary>Takes a place for this attempt, or says how long to wait.</summary>
    public bool TryEnter(IPAddress? address, string account, out TimeSpan retryAfter)
    {
        var options = limits.CurrentValue;
        var length = TimeSpan.FromSeconds(Math.Max(1, options.WindowSeconds));
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_windows.Count > PruneAbove) Prune(now, length);
            var byAddress = Current(AddressKey(address), now, length);
            var byAccount = Current(AccountKey(account), now, length);
            var full = new[] { (byAddress, options.AttemptsPerAddress), (byAccount, options.AttemptsPerAccount) }
                .Where(w => w.Item1.Count >= w.Item2)
                .Select(w => w.Item1.Start + length - now)
                .DefaultIfEmpty(TimeSpan.Zero)
                .Max();
            if (full > TimeSpan.Zero)
            {
                retryAfter = full;
                return false;
            }
            byAddress.Count++;
            byAccount.Count++;
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    /// <summary>Gives back the places of an attempt that succeeded.</summary>
    public void Release(IPAddress? address, string account)
    {
        lock (_gate)
        {
            if (_windows.TryGetValue(AddressKey(address), out var byAddress) && byAddress.Count > 0) byAddress.Count--;
            if (_windows.TryGetValue(AccountKey(account), out var byAccount) && byAccount.Count > 0) byAccount.Count--;
        }
    }

    private Window Current(string key, DateTimeOffset now, TimeSpan length)
    {
        if (!_windows.TryGetValue(key, out var window) || window.Start + length <= now)
            _windows[key] = window = new Window(now);
        return window;
    }

    private void Prune(DateTimeOffset now, TimeSpan length)
    {
        foreach (var key in _windows.Where(w => w.Value.Start + length <= now).Select(w => w.Key).ToList()) _windows.Remove(key);
    }

    /// <summary>An IPv6 client usually holds a whole /64, so the prefix is the address that is counted.</summary>
    private static string AddressKey(IPAddress? address)
    {
        if (address is null) return "address:unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return "address:" + address;
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return "address:" + new IPAddress(bytes) + "/64";
    }

    private static string AccountKey(string account) => "account:" + account;
}
