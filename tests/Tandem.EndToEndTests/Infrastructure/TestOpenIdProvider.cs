using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Tandem.EndToEndTests.Infrastructure;

/// <summary>A person the test provider can sign in: its subject, email, whether it vouches for the email, and a name.</summary>
public sealed record ProviderUser(string Subject, string Email, bool EmailVerified, string Name);

/// <summary>
/// A real OpenID provider for the single sign-on journeys (ADR 0038): OpenIddict's server on a loopback port
/// over plain HTTP, with the authorization code flow and PKCE, signed id tokens from an ephemeral key, a
/// discovery document and RP-initiated logout. It runs in degraded mode (no store): the one client, its
/// secret and its redirect addresses are checked by the handlers below. Its sign-in page lists the test
/// people; choosing one signs in at the provider, as a person typing a password would.
/// </summary>
public sealed class TestOpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "tandem";
    public const string ClientSecret = "tandem-e2e-secret";
    private const string Session = "provider";

    private readonly ConcurrentDictionary<string, ProviderUser> _users = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _endedSessions;

    public Uri Authority { get; private set; } = default!;

    /// <summary>Tandem's origin (set once it listens): the only place codes and sign-outs may be sent back to.</summary>
    public Uri? RelyingParty { get; set; }

    /// <summary>How many times a relying party ended a session here (RP-initiated logout).</summary>
    public int EndedSessions => Volatile.Read(ref _endedSessions);

    /// <summary>Adds a person the sign-in page offers.</summary>
    public void Add(ProviderUser user) => _users[user.Subject] = user;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAuthentication(Session).AddCookie(Session, o =>
        {
            o.Cookie.Name = "provider.session";
            o.LoginPath = "/login";
        });
        builder.Services.AddAuthorization();
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetEndSessionEndpointUris("connect/endsession");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            o.EnableDegradedMode();
            o.DisableTokenStorage();
            o.DisableAuthorizationStorage();
            o.UseAspNetCore()
                .DisableTransportSecurityRequirement()
                .EnableAuthorizationEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough();

            // Degraded mode has no application store: the one client and where it may be answered are checked here.
            o.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId) context.Reject(Errors.InvalidClient, "Unknown client.");
                else if (!IsRelyingParty(context.RedirectUri, "/signin-oidc")) context.Reject(Errors.InvalidRequest, "Unknown redirect_uri.");
                return default;
            }));
            o.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.ClientSecret != ClientSecret) context.Reject(Errors.InvalidClient, "Wrong client credentials.");
                return default;
            }));
            o.AddEventHandler<OpenIddictServerEvents.ValidateEndSessionRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.PostLogoutRedirectUri is { } uri && !IsRelyingParty(uri, "/signout-callback-oidc"))
                    context.Reject(Errors.InvalidRequest, "Unknown post_logout_redirect_uri.");
                return default;
            }));
        });

        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapGet("/login", (string? returnUrl) => Results.Content(LoginPage(returnUrl ?? "/"), "text/html; charset=utf-8"));
        _app.MapPost("/login", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var returnUrl = form["returnUrl"].ToString();
            if (!_users.TryGetValue(form["user"].ToString(), out var user)) return Results.Content(LoginPage(returnUrl), "text/html; charset=utf-8");
            await context.SignInAsync(Session, new ClaimsPrincipal(new ClaimsIdentity([new Claim(Claims.Subject, user.Subject)], Session)));
            return Results.LocalRedirect(returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/");
        });
        _app.MapMethods("connect/authorize", [HttpMethods.Get, HttpMethods.Post], async (HttpContext context) =>
        {
            var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID request.");
            var session = await context.AuthenticateAsync(Session);
            if (!session.Succeeded || !_users.TryGetValue(session.Principal.FindFirstValue(Claims.Subject) ?? "", out var user))
                return Results.Challenge(new AuthenticationProperties { RedirectUri = context.Request.Path + context.Request.QueryString }, [Session]);

            var identity = new ClaimsIdentity("test-provider", Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, user.Subject).SetClaim(Claims.Email, user.Email).SetClaim(Claims.Name, user.Name);
            identity.AddClaim(new Claim(Claims.EmailVerified, user.EmailVerified ? "true" : "false", ClaimValueTypes.Boolean));
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        _app.MapMethods("connect/endsession", [HttpMethods.Get, HttpMethods.Post], async (HttpContext context) =>
        {
            await context.SignOutAsync(Session);
            Interlocked.Increment(ref _endedSessions);
            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        });
        _app.MapGet("/", () => Results.Content(Page("Signed out", "<h1>Test identity provider</h1><p>You are signed out.</p>"), "text/html; charset=utf-8"));

        await _app.StartAsync();
        Authority = new Uri(_app.Urls.First().TrimEnd('/') + "/");
    }

    private bool IsRelyingParty(string? uri, string path) =>
        RelyingParty is { } rp && Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
        && parsed.GetLeftPart(UriPartial.Authority) == rp.GetLeftPart(UriPartial.Authority) && parsed.AbsolutePath == path;

    private string LoginPage(string returnUrl)
    {
        var html = new StringBuilder("<h1>Test identity provider</h1><form method=\"post\" action=\"/login\">");
        html.Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(WebUtility.HtmlEncode(returnUrl)).Append("\">");
        html.Append("<fieldset><legend>Sign in as</legend>");
        foreach (var user in _users.Values.OrderBy(u => u.Email, StringComparer.Ordinal))
        {
            var id = "u-" + WebUtility.HtmlEncode(user.Subject);
            html.Append("<div><input type=\"radio\" name=\"user\" id=\"").Append(id).Append("\" value=\"").Append(WebUtility.HtmlEncode(user.Subject))
                .Append("\"><label for=\"").Append(id).Append("\">").Append(WebUtility.HtmlEncode(user.Email)).Append("</label></div>");
        }
        html.Append("</fieldset><button type=\"submit\">Sign in at the provider</button></form>");
        return Page("Sign in · Test identity provider", html.ToString());
    }

    private static string Page(string title, string body) =>
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><main>{body}</main></body></html>";

    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
