using Microsoft.AspNetCore.Components;
using Tandem.Application.Webhooks;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Webhooks;

/// <summary>
/// A product's webhooks (issue 16, ADR 35), for its Product Owner and the workspace admin: add one (the secret shown
/// this once), enable or disable, ping, remove, and read a receiver's delivery log with redelivery. Works without script.
/// </summary>
public partial class WebhooksPage : TandemPage
{
    [Inject] private WebhooksFeature Webhooks { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [SupplyParameterFromQuery(Name = "done")] private string? Done { get; set; }
    [SupplyParameterFromQuery(Name = "log")] private Guid? Log { get; set; }

    [SupplyParameterFromForm(FormName = "create-webhook")] private string? Url { get; set; }
    [SupplyParameterFromForm(FormName = "create-webhook")] private string[]? Events { get; set; }

    private IReadOnlyList<WebhookDto>? hooks;
    private IReadOnlyList<WebhookDeliveryDto>? log;
    private WebhookDto? logOf;
    private string? createdSecret;
    private string? failed;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();
    private string Here => $"/p/{ProductKey}/webhooks";

    protected override async Task OnInitializedAsync()
    {
        if ((await Webhooks.ListAsync(Key, Aborted)).Failed(out var refused, out var found))
        {
            Fail(refused);
            return;
        }
        hooks = found;
        logOf = Log is { } id ? found.FirstOrDefault(h => h.Id == id) : null;
        if (logOf is not null && (await Webhooks.DeliveriesAsync(Key, logOf.Id, 100, Aborted)).Failed(out _, out var deliveries) is false) log = deliveries;
    }

    private async Task CreateAsync()
    {
        if ((await Webhooks.CreateAsync(Key, new CreateWebhookRequest(Url, Events ?? []), Aborted)).Failed(out var refused, out var created))
        {
            Show("create", refused);
            return;
        }
        // The secret is shown in this answer and never again, so the page renders here instead of redirecting.
        createdSecret = created.Secret;
        if (!(await Webhooks.ListAsync(Key, Aborted)).Failed(out _, out var found)) hooks = found;
    }

    private async Task ToggleAsync(Guid id, bool enabled, int version)
    {
        if ((await Webhooks.PatchAsync(Key, id, new PatchWebhookRequest(null, null, enabled), version, Aborted)).Failed(out var refused, out _)) Show("hook", refused);
        else Navigation.NavigateTo($"{Here}?done={(enabled ? "enabled" : "disabled")}");
    }

    private async Task DeleteAsync(Guid id, int version)
    {
        if ((await Webhooks.DeleteAsync(Key, id, version, Aborted)).Failed(out var refused, out _)) Show("hook", refused);
        else Navigation.NavigateTo($"{Here}?done=removed");
    }

    private async Task PingAsync(Guid id)
    {
        if ((await Webhooks.PingAsync(Key, id, Aborted)).Failed(out var refused, out _)) Show("hook", refused);
        else Navigation.NavigateTo($"{Here}?log={id}&done=pinged#log");
    }

    private async Task RedeliverAsync(Guid id, Guid deliveryId)
    {
        if ((await Webhooks.RedeliverAsync(Key, id, deliveryId, Aborted)).Failed(out var refused, out _)) Show("hook", refused);
        else Navigation.NavigateTo($"{Here}?log={id}&done=redelivered#log");
    }

    private void Show(string form, Error problem)
    {
        failed = form;
        error = problem;
        SetStatus(HttpContext, StatusFor(problem));
    }

    private static string Notice(string done) => done switch
    {
        "enabled" => "Enabled. The decision is in the log.",
        "disabled" => "Disabled. The decision is in the log.",
        "removed" => "Removed. The decision is in the log.",
        "pinged" => "A ping is on its way; it shows in the delivery log below.",
        "redelivered" => "Queued for redelivery; it shows in the delivery log below.",
        _ => "Saved.",
    };
}
