using Microsoft.AspNetCore.Components;
using Tandem.Application.Identity;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Components.Shared;

/// <summary>
/// What every statically rendered page needs: the request (to set the status code), the current
/// user, and one way to show a use case's refusal so that a 404 or 403 is also the HTTP answer.
/// </summary>
public abstract class TandemPage : GatedComponent
{
    [CascadingParameter] protected HttpContext HttpContext { get; set; } = default!;
    [Inject] protected CurrentUser Me { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    /// <summary>A refusal that replaces the page (product not found, not your workspace, admin only).</summary>
    protected Error? PageError { get; private set; }

    protected static CancellationToken None => CancellationToken.None;

    protected CancellationToken Aborted => HttpContext?.RequestAborted ?? CancellationToken.None;

    /// <summary>Replaces the page with the error and answers with the matching status code.</summary>
    protected void Fail(Error error)
    {
        PageError = error;
        var status = StatusFor(error);
        SetStatus(HttpContext, status);
    }

    /// <summary>
    /// Answers with an error status while still sending this page, which already explains the error.
    /// The status is applied as the response starts: a 404 set during rendering makes the .NET 10
    /// renderer drop the page's markup and leave the answer to status-code pages, which then send an
    /// empty body. Setting it at OnStarting keeps our explanation and the honest status code.
    /// </summary>
    public static void SetStatus(HttpContext? context, int status)
    {
        if (context is null || context.Response.HasStarted) return;
        context.Response.OnStarting(() =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        });
    }

    /// <summary>The same status the API answers for this error (one mapping, <see cref="ProblemMapping"/>).</summary>
    public static int StatusFor(Error error) => ProblemMapping.StatusOf(error.Kind);
}
