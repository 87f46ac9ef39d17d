using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Tandem.Application.AccessTokens;
using Tandem.Application.Data;
using Tandem.Application.Identity;

namespace Tandem.Web.Auth;

/// <summary>
/// Sign-in: cookies for the browser, bearer tokens (from /api/v1/auth/login) and personal access
/// tokens for the API, and optional OpenID Connect enabled purely by configuration.
/// </summary>
public static class AuthSetup
{
    public const string PolicyScheme = "Tandem";
    public const string CookieName = "tandem.auth";
    public static readonly TimeSpan BearerLifetime = TimeSpan.FromHours(1);

    /// <summary>The sign-out item that carries the id token to the provider's end-session endpoint.</summary>
    public const string IdTokenHint = "tandem.id_token_hint";

    /// <summary>
    /// Paths that programs call: they get status codes and ProblemDetails, never a redirect to the sign-in
    /// page or an HTML error page. The SignalR hubs are among them (a negotiate without a session is a 401).
    /// </summary>
    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/health") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/hubs");

    public static void AddTandemAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentityCore<TandemUser>(o =>
            {
                // Length over composition rules (NIST SP 800-63B): 10 characters, no forced symbol classes.
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
                o.User.AllowedUserNameCharacters += "+";
            })
            .AddUserManager<TandemUserManager>()
            .AddSignInManager()
            .AddEntityFrameworkStores<TandemDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<TandemClaimsFactory>();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(7));
        services.AddScoped<AccountSecurity>();
        services.AddScoped<PasswordSignIn>();
        // The counters are rows in the database, shared by every node (ADR 0022, amended); only the prune's clock is per process.
        services.AddScoped<SignInThrottle>();
        services.AddSingleton<SignInThrottlePruning>();
        services.Configure<SignInLimits>(builder.Configuration.GetSection(SignInLimits.Section));
        services.Configure<AccessTokenOptions>(builder.Configuration.GetSection(AccessTokenOptions.Section));

        var auth = services.AddAuthentication(o =>
            {
                o.DefaultScheme = PolicyScheme;
                o.DefaultChallengeScheme = PolicyScheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(PolicyScheme, "Cookie or bearer", o => o.ForwardDefaultSelector = context =>
            {
                var header = context.Request.Headers.Authorization.ToString();
                if (header.StartsWith("Bearer tdm_", StringComparison.Ordinal)) return AccessTokenHandler.SchemeName;
                if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return IdentityConstants.BearerScheme;
                return IdentityConstants.ApplicationScheme;
            })
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/error/403";
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                // Lax keeps cross-site POSTs from carrying the cookie; forms also carry an anti-forgery token.
                o.Cookie.SameSite = SameSiteMode.Lax;
                // Secure when the request is HTTPS, including HTTPS ended at a proxy named in ForwardedHeaders.
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromDays(14);
                o.Events.OnRedirectToLogin = context => ApiAware(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiAware(context, StatusCodes.Status403Forbidden);
                // Whether the session still stands is checked on every request (UseSignedInUser, ADR 0022);
                // this validator only refreshes the cookie's claims (name, admin flag) every half hour.
                o.Events.OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync;
            })
            .AddCookie(IdentityConstants.ExternalScheme, o =>
            {
                o.Cookie.Name = "tandem.external";
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            })
            // Issued by POST /api/v1/auth/login (AccountApi) without a refresh token: a script signs in again
            // after an hour, or uses a personal access token (ADR 0022).
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = BearerLifetime)
            .AddScheme<AuthenticationSchemeOptions, AccessTokenHandler>(AccessTokenHandler.SchemeName, null);
        // After the framework's own post-configuration, which creates the protector it wraps (ADR 0042).
        services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenOptions>, BearerTicketCache.Setup>();

        var oidc = builder.Configuration.GetSection(SingleSignOnOptions.Section);
        services.Configure<SingleSignOnOptions>(oidc);
        services.AddScoped<SingleSignOn>();
        // In its own method, so that the OpenID Connect assembly loads only when single sign-on is configured (ADR 26).
        if (!string.IsNullOrWhiteSpace(oidc["Authority"])) AddSingleSignOn(auth, oidc);

        services.AddAuthorization();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void AddSingleSignOn(AuthenticationBuilder auth, IConfigurationSection oidc)
    {
        var plainHttp = !oidc.GetValue("RequireHttpsMetadata", true);
        auth.AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, oidc["DisplayName"] ?? "Single sign-on", o =>
        {
            o.Authority = oidc["Authority"];
            o.ClientId = oidc["ClientId"];
            o.ClientSecret = oidc["ClientSecret"];
            o.ResponseType = "code";
            o.UsePkce = true;
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.CallbackPath = oidc["CallbackPath"] ?? "/signin-oidc";
            o.SignedOutCallbackPath = oidc["SignedOutCallbackPath"] ?? "/signout-callback-oidc";
            o.Scope.Clear();
            foreach (var scope in (oidc["Scopes"] ?? "openid profile email").Split(' ', StringSplitOptions.RemoveEmptyEntries)) o.Scope.Add(scope);
            o.RequireHttpsMetadata = !plainHttp;
            o.MapInboundClaims = false;
            // The identity is issuer + subject (ADR 0038): keep the iss claim the handler drops by default.
            o.ClaimActions.Remove("iss");
            // The id token travels to the Tandem cookie, so that sign-out can name the session at the provider.
            o.SaveTokens = true;
            // Sign-out at the provider carries the id token of the session being ended (OpenID RP-initiated logout).
            o.Events.OnRedirectToIdentityProviderForSignOut = context =>
            {
                if (context.Properties.Items.TryGetValue(IdTokenHint, out var hint) && !string.IsNullOrEmpty(hint))
                    context.ProtocolMessage.IdTokenHint = hint;
                context.ProtocolMessage.ClientId ??= context.Options.ClientId;
                return Task.CompletedTask;
            };
            // A provider that turns the person away (access_denied) lands on the sign-in page with an explanation, not an error page.
            o.Events.OnRemoteFailure = context =>
            {
                context.HandleResponse();
                context.Response.Redirect("/login?error=sso");
                return Task.CompletedTask;
            };
            if (plainHttp)
            {
                // Only for a provider and a Tandem on plain HTTP (tests, a laptop): Secure cookies would not be
                // kept, and SameSite=None needs Secure. Over HTTPS the handler's defaults (Secure, None) stand.
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
            }
        });
    }

    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsApi(context.Request.Path))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
