using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Mail;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Mail;

/// <summary>Notification mail (ADR 0037): the signed-in person's preference, and the one-click unsubscribe that needs no sign-in.</summary>
public static class MailApi
{
    public static void MapMailApi(this IEndpointRouteBuilder api)
    {
        var me = api.MapGroup("/me/notification-preferences").WithTags("Notifications").RequireAuthorization();

        me.MapGet("/", async (MailPreferencesFeature preferences, CancellationToken ct) => TypedResults.Ok(await preferences.GetAsync(ct)))
            .WithSummary("How your notifications reach you by mail: immediately, digest (once a day) or off; and whether this Tandem sends mail at all");

        me.MapPut("/", async Task<Results<Ok<MailPreferencesDto>, ProblemHttpResult>> (SetMailPreferencesRequest request, MailPreferencesFeature preferences, CancellationToken ct) =>
            (await preferences.SetAsync(request, ct)).ToOk())
            .WithSummary("Choose how your notifications reach you by mail: {\"email\":\"immediately\"|\"digest\"|\"off\"}; set-password links always go at once");

        // RFC 8058: the mail's List-Unsubscribe header points here and mail clients POST "List-Unsubscribe=One-Click" without
        // cookies. The token in the query is the authority; the body is not read (any or none is accepted).
        api.MapPost("/mail/unsubscribe", async Task<Results<Ok<MailPreferencesDto>, ProblemHttpResult>> (string? token, MailPreferencesFeature preferences, CancellationToken ct) =>
            (await preferences.UnsubscribeAsync(token, ct)).ToOk())
            .AllowAnonymous().WithTags("Notifications")
            .WithSummary("One-click unsubscribe from a mail's List-Unsubscribe link: turns the token's person's notification mail off, no sign-in needed; an altered token is a 400");
    }
}
