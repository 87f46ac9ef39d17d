using Microsoft.AspNetCore.Components;
using Tandem.Application.Notifications;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Notifications;

/// <summary>
/// The signed-in person's notifications, newest first. "Open" is a POST that marks the notification
/// read and then follows its link, so reading the news and clearing the count are one click.
/// </summary>
public partial class MyNotificationsPage : TandemPage
{
    private const int PageSize = 25;

    [Inject] private NotificationsFeature Notifications { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "unread")] private string? UnreadParameter { get; set; }
    [SupplyParameterFromQuery(Name = "marked")] private string? Marked { get; set; }
    [SupplyParameterFromQuery(Name = "cursor")] private string? Cursor { get; set; }

    private Tandem.Application.Notifications.NotificationsPage? inbox;
    private string? notice;
    private Error? error;

    private bool UnreadOnly => UnreadParameter is "true" or "1" or "on";

    protected override async Task OnInitializedAsync()
    {
        if (Marked == "all") notice = "All notifications are marked read.";
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var result = await Notifications.ListAsync(UnreadOnly, PageSize, string.IsNullOrWhiteSpace(Cursor) ? null : Cursor, Aborted);
        if (!result.Failed(out var failed, out var page)) inbox = page;
        else if (failed.Kind == ErrorKind.Invalid)
        {
            error = failed;
            inbox = new Tandem.Application.Notifications.NotificationsPage([], null, await Notifications.UnreadAsync(Aborted));
        }
        else Fail(failed);
    }

    private async Task OpenAsync(Guid id)
    {
        if ((await Notifications.OpenAsync(id, Aborted)).Failed(out var failed, out var link)) error = failed;
        else if (IsSafe(link))
        {
            Navigation.NavigateTo(link);
            return;
        }
        await LoadAsync();
    }

    private async Task MarkAllReadAsync()
    {
        if (!(await Notifications.MarkReadAsync(null, Aborted)).Failed(out var failed, out _))
        {
            // Redirect so the top bar, rendered before this handler ran, shows the new count.
            Navigation.NavigateTo("/notifications?marked=all");
            return;
        }
        error = failed;
        await LoadAsync();
    }

    /// <summary>Only links inside Tandem are followed: a relative path, never "//host" or a scheme.</summary>
    internal static bool IsSafe(string? link) =>
        link is { Length: > 0 } && link[0] == '/' && !link.StartsWith("//", StringComparison.Ordinal) && !link.StartsWith("/\\", StringComparison.Ordinal);
}
