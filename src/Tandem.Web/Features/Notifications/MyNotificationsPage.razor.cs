using Microsoft.AspNetCore.Components;
using Tandem.Application.Common;
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
        if (result.IsSuccess) inbox = result.Value;
        else if (result.Error!.Kind == ErrorKind.Invalid)
        {
            error = result.Error;
            inbox = new Tandem.Application.Notifications.NotificationsPage([], null, await Notifications.UnreadAsync(Aborted));
        }
        else Fail(result.Error);
    }

    private async Task OpenAsync(Guid id)
    {
        var result = await Notifications.OpenAsync(id, Aborted);
        if (result.IsSuccess && IsSafe(result.Value))
        {
            Navigation.NavigateTo(result.Value!);
            return;
        }
        if (!result.IsSuccess) error = result.Error;
        await LoadAsync();
    }

    private async Task MarkAllReadAsync()
    {
        var result = await Notifications.MarkReadAsync(null, Aborted);
        if (result.IsSuccess)
        {
            // Redirect so the top bar, rendered before this handler ran, shows the new count.
            Navigation.NavigateTo("/notifications?marked=all");
            return;
        }
        error = result.Error;
        await LoadAsync();
    }

    /// <summary>Only links inside Tandem are followed: a relative path, never "//host" or a scheme.</summary>
    internal static bool IsSafe(string? link) =>
        link is { Length: > 0 } && link[0] == '/' && !link.StartsWith("//", StringComparison.Ordinal) && !link.StartsWith("/\\", StringComparison.Ordinal);
}
