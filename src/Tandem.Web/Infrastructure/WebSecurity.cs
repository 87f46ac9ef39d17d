using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Tandem.Web.Infrastructure;

/// <summary>
/// What every response says about itself to the browser, and whom Tandem believes about the original
/// request when it runs behind a proxy.
/// </summary>
public static class WebSecurity
{
    /// <summary>
    /// Pages load their scripts, styles and images from Tandem only, and nothing may frame them (so no
    /// other site can put an accept or reorder button under a visitor's click). No inline script: the
    /// pages' small behaviours live in wwwroot/js, and the JSON a page hands its script sits in a
    /// <c>type="application/json"</c> block, which is data, not script. No inline style either: the one
    /// bar whose width is data (the roadmap's epic progress) is drawn as SVG, whose geometry is markup,
    /// not CSS; styles a script sets through the CSSOM (the backlog's virtual scroll) are not inline
    /// styles and are allowed. <c>connect-src 'self'</c> covers the poker hub's same-origin WebSocket.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>
    /// The API reference (Scalar, at /api/docs) starts from an inline module script and styles itself
    /// inline, so its page alone allows inline script and style. It shows only the OpenAPI document, which
    /// holds no workspace data, and it still may not be framed, post forms elsewhere or load from other origins.
    /// </summary>
    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public const string ApiReferencePath = "/api/docs";

    /// <summary>
    /// Forwarded headers (X-Forwarded-For, X-Forwarded-Proto, X-Forwarded-Host) are believed only from the proxies named in
    /// <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR
    /// ranges), each a list or one comma-separated value. With neither set, no one is believed, not even
    /// loopback (the framework's default): anyone who can reach Tandem could otherwise claim HTTPS or any
    /// client address. Believed, the scheme makes HSTS and Secure cookies follow the TLS the proxy ended.
    /// </summary>
    public static void AddWebSecurity(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("ForwardedHeaders");
        var proxies = Values(section.GetSection("KnownProxies"))
            .Select(v => IPAddress.TryParse(v, out var address) ? address
                : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies holds '{v}', which is not an IP address.")).ToList();
        var networks = Values(section.GetSection("KnownNetworks"))
            .Select(v => System.Net.IPNetwork.TryParse(v, out var network) ? network
                : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks holds '{v}', which is not a CIDR range such as 10.0.0.0/8.")).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
        });
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddSingleton(new PagePolicy(PolicyWithSignOutAt(builder.Configuration["Authentication:OpenIdConnect:Authority"])));
    }

    /// <summary>The pages' policy (one per host: tests run several in a process).</summary>
    public sealed record PagePolicy(string Value);

    /// <summary>
    /// With single sign-on, the sign-out form's redirect goes on to the provider's end-session endpoint, and
    /// browsers hold a form's redirects to form-action too: the provider's origin is added there, and only there (ADR 0038).
    /// </summary>
    public static string PolicyWithSignOutAt(string? authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? ContentSecurityPolicy + " " + uri.GetLeftPart(UriPartial.Authority)
            : ContentSecurityPolicy;

    /// <summary>
    /// First in the pipeline: the forwarded scheme and address, HSTS (which the framework sends only on
    /// HTTPS, and never to localhost), and the headers every response carries, error pages and
    /// ProblemDetails included — they are added as the response starts, after anything that cleared it.
    /// </summary>
    public static IApplicationBuilder UseWebSecurity(this IApplicationBuilder app)
    {
        app.UseForwardedHeaders();
        app.UseHsts();
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(AddHeaders, context);
            return next(context);
        });
    }

    /// <summary>
    /// An API write that the sign-in cookie authenticates (the pages' own scripts) must be sent as
    /// <c>Content-Type: application/json</c>, even without a body. A cross-site form cannot send that
    /// content type, and a cross-site script can only after a CORS preflight that Tandem never grants, so
    /// a forged request is refused whatever the browser does with SameSite (which alone stood between a
    /// cookie and a cross-site form: it does not cover a sibling subdomain, which counts as the same
    /// site). Bearer tokens and personal access tokens are untouched: a browser never attaches them on
    /// its own. After authentication, so an anonymous write still answers 401.
    /// </summary>
    public static IApplicationBuilder UseJsonOnlyCookieWrites(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && !HttpMethods.IsOptions(request.Method) && context.User.Identity?.IsAuthenticated == true
            && string.IsNullOrEmpty(request.Headers.Authorization) && !request.HasJsonContentType())
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Not sent as JSON",
                    Detail = "An API write signed in by the browser's cookie must be sent with Content-Type: application/json (it protects against forged cross-site requests). Scripts can send a bearer token instead.",
                },
            });
            return;
        }
        await next(context);
    });

    private static readonly Func<object, Task> AddHeaders = state =>
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ApiReferencePath) ? ApiReferencePolicy
            : context.RequestServices.GetService<PagePolicy>()?.Value ?? ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        return Task.CompletedTask;
    };

    private static IEnumerable<string> Values(IConfigurationSection section) =>
        new[] { section.Value }.Concat(section.GetChildren().Select(c => c.Value))
            .SelectMany(v => (v ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
