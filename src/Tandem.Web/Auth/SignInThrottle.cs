using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Application.Data;

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

/// <summary>Whether an attempt may go ahead; when not, how long to wait and whether it is the first refusal of its window.</summary>
public readonly record struct ThrottleDecision(bool Allowed, TimeSpan RetryAfter, bool FirstRefusal);

/// <summary>
/// Fixed-window counters of sign-in attempts per client address and per email (ADR 0022), kept in the
/// database so every web node counts against the same limit. Every attempt takes a place in both windows
/// before its password is checked, in one atomic upsert per window that answers the new count, so a burst
/// cannot slip through in parallel on one node or several; a successful sign-in gives its places back, so
/// only failures use them up. Unknown and known emails are counted alike, and keys are stored hashed.
/// A refused attempt is counted too (the count then says how many were turned away); the address is
/// counted first, and a full address does not also fill the email's window. Windows that have ended are
/// deleted at most once a minute per process.
/// </summary>
public sealed class SignInThrottle(TandemDbContext db, IOptionsMonitor<SignInLimits> limits, TimeProvider clock, SignInThrottlePruning pruning)
{
    private sealed record WindowRow(long Start, int Attempts);

    /// <summary>Takes a place for this attempt in both windows, or says how long to wait.</summary>
    public async Task<ThrottleDecision> EnterAsync(IPAddress? address, string account, CancellationToken ct = default)
    {
        var options = limits.CurrentValue;
        var length = TimeSpan.FromSeconds(Math.Max(1, options.WindowSeconds));
        var now = clock.GetUtcNow();
        await PruneAsync(now, length, ct);

        var byAddress = await TakeAsync(AddressKey(address), now, length, ct);
        if (byAddress.Attempts > options.AttemptsPerAddress) return Refusal(byAddress, options.AttemptsPerAddress, now, length);
        var byAccount = await TakeAsync(AccountKey(account), now, length, ct);
        if (byAccount.Attempts > options.AttemptsPerAccount)
        {
            // The address did not cause this refusal: its place goes back.
            await GiveBackAsync(AddressKey(address), ct);
            return Refusal(byAccount, options.AttemptsPerAccount, now, length);
        }
        return new ThrottleDecision(true, TimeSpan.Zero, false);
    }

    /// <summary>Gives back the places of an attempt that succeeded.</summary>
    public async Task ReleaseAsync(IPAddress? address, string account, CancellationToken ct = default)
    {
        await GiveBackAsync(AddressKey(address), ct);
        await GiveBackAsync(AccountKey(account), ct);
    }

    private static ThrottleDecision Refusal(WindowRow window, int limit, DateTimeOffset now, TimeSpan length)
    {
        var wait = new DateTimeOffset(window.Start, TimeSpan.Zero) + length - now;
        return new ThrottleDecision(false, wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1), window.Attempts == limit + 1);
    }

    /// <summary>
    /// One statement: opens the window or counts in it, and answers the window's start and new count. The
    /// same text runs on SQLite (3.35+) and PostgreSQL; the start is kept as UTC ticks on both.
    /// </summary>
    private async Task<WindowRow> TakeAsync(string key, DateTimeOffset now, TimeSpan length, CancellationToken ct)
    {
        var start = now.UtcTicks;
        var ended = (now - length).UtcTicks;
        var rows = await db.Database.SqlQuery<WindowRow>($"""
            INSERT INTO sign_in_windows (window_key, window_start, attempts) VALUES ({key}, {start}, 1)
            ON CONFLICT (window_key) DO UPDATE SET
                window_start = CASE WHEN sign_in_windows.window_start <= {ended} THEN excluded.window_start ELSE sign_in_windows.window_start END,
                attempts = CASE WHEN sign_in_windows.window_start <= {ended} THEN 1 ELSE sign_in_windows.attempts + 1 END
            RETURNING window_start AS "Start", attempts AS "Attempts"
            """).ToListAsync(ct);
        return rows.Single();
    }

    private Task<int> GiveBackAsync(string key, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"UPDATE sign_in_windows SET attempts = attempts - 1 WHERE window_key = {key} AND attempts > 0", ct);

    private async Task PruneAsync(DateTimeOffset now, TimeSpan length, CancellationToken ct)
    {
        if (!pruning.IsDue(now)) return;
        var ended = (now - length).UtcTicks;
        await db.Database.ExecuteSqlAsync($"DELETE FROM sign_in_windows WHERE window_start <= {ended}", ct);
    }

    /// <summary>An IPv6 client usually holds a whole /64, so the prefix is the address that is counted.</summary>
    internal static string AddressKey(IPAddress? address)
    {
        if (address is null) return Hash("address:unknown");
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return Hash("address:" + address);
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return Hash("address:" + new IPAddress(bytes) + "/64");
    }

    internal static string AccountKey(string account) => Hash("account:" + account);

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>When this process last deleted ended windows: at most once a minute, since sign-in is the hot path.</summary>
public sealed class SignInThrottlePruning
{
    private long _lastTicks;

    internal bool IsDue(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastTicks);
        if (now.UtcTicks - last < TimeSpan.TicksPerMinute) return false;
        return Interlocked.CompareExchange(ref _lastTicks, now.UtcTicks, last) == last;
    }
}
