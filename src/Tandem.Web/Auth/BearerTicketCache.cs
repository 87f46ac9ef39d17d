using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;

namespace Tandem.Web.Auth;

/// <summary>
/// The login bearer's protector, remembering what it unprotected (ADR 0042). Opening a bearer token is an
/// authenticated decryption and a deserialisation on every API request; the same token comes back hundreds
/// of times an hour. A token opened once is kept, by its exact text, until the ticket inside it expires, and
/// every request gets its own copy of the ticket. Nothing is decided here: the handler still refuses an
/// expired ticket, and whether the session still stands is checked on every request (<see cref="SignedInUser"/>).
/// Tokens that do not open are not kept (anyone can send them).
/// </summary>
public sealed class BearerTicketCache(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider clock) : ISecureDataFormat<AuthenticationTicket>
{
    /// <summary>Past this many tokens the cache starts again empty: a bound, not an eviction policy (a token lives an hour).</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, AuthenticationTicket> _tickets = new(StringComparer.Ordinal);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null) return inner.Unprotect(protectedText, purpose);
        var now = clock.GetUtcNow();
        if (_tickets.TryGetValue(protectedText, out var kept))
        {
            if (kept.Properties.ExpiresUtc > now) return Copy(kept);
            _tickets.TryRemove(protectedText, out _);
        }
        var ticket = inner.Unprotect(protectedText);
        if (ticket?.Properties.ExpiresUtc is { } expires && expires > now)
        {
            if (_tickets.Count >= MaxEntries) _tickets.Clear();
            _tickets[protectedText] = Copy(ticket);
        }
        return ticket;
    }

    // The principal and properties are mutable and belong to one request each.
    private static AuthenticationTicket Copy(AuthenticationTicket ticket) =>
        new(ticket.Principal.Clone(), ticket.Properties.Clone(), ticket.AuthenticationScheme);

    /// <summary>Wraps the protector the framework configured for the login bearer.</summary>
    internal sealed class Setup(TimeProvider clock) : IPostConfigureOptions<BearerTokenOptions>
    {
        public void PostConfigure(string? name, BearerTokenOptions options)
        {
            if (name == Microsoft.AspNetCore.Identity.IdentityConstants.BearerScheme && options.BearerTokenProtector is not BearerTicketCache)
                options.BearerTokenProtector = new BearerTicketCache(options.BearerTokenProtector, clock);
        }
    }
}
