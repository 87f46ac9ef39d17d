using Tandem.Domain.Products;
using Tandem.Web.Auth;

namespace Tandem.Web.Components.Layout;

/// <summary>
/// The product a person last opened, remembered in their browser (issue 14): the home page, the brand link and
/// the pages that belong to no product open on it, instead of on the first product alphabetically. Only a key is
/// kept; whether the person may still read that product is checked where it is used, like any key in an address.
/// </summary>
public static class LastProduct
{
    public const string Cookie = "tandem-product";

    /// <summary>The remembered key, when it is a well-formed one.</summary>
    public static string? Of(HttpContext? context) =>
        context?.Request.Cookies[Cookie] is { } key && Product.IsValidKey(key) ? Product.NormalizeKey(key) : null;

    /// <summary>Remembers the product of every page a signed-in person opens under /p/{key}.</summary>
    public static IApplicationBuilder UseLastProduct(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && context.User.Identity?.IsAuthenticated == true
                && !AuthSetup.IsApi(context.Request.Path)
                && context.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) is ["p", var key, ..]
                && Product.IsValidKey(key) && Product.NormalizeKey(key) is var normal && normal != Of(context))
            {
                context.Response.Cookies.Append(Cookie, normal, new CookieOptions
                {
                    HttpOnly = true,
                    IsEssential = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = context.Request.IsHttps,
                    MaxAge = TimeSpan.FromDays(365),
                });
            }
            await next(context);
        });
}
