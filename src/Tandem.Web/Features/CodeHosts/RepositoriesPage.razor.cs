using System.Globalization;
using Microsoft.AspNetCore.Components;
using Tandem.Application.CodeHosts;
using Tandem.Application.DecisionRights;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.CodeHosts;

/// <summary>
/// A product's GitHub and GitLab connections (issue 16, ADR 36): the team sees them with their payload URLs; the
/// Tech Lead or the Product Owner connects one (its secret shown once, with the steps to paste it at the host) and
/// disconnects it.
/// </summary>
public partial class RepositoriesPage : TandemPage
{
    private const string GitHubSteps = "On GitHub: the repository's Settings → Webhooks → Add webhook. Paste the payload URL, choose application/json, paste the secret, and pick \"Let me select individual events\": Pull requests and Pushes.";
    private const string GitLabSteps = "On GitLab: the project's Settings → Webhooks → Add new webhook. Paste the URL, paste the secret as the Secret token, and tick Push events and Merge request events.";

    [Inject] private RepositoriesFeature Repositories { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";

    [SupplyParameterFromForm(FormName = "connect-repository")] private string? RepoHost { get; set; }
    [SupplyParameterFromForm(FormName = "connect-repository")] private string? Repository { get; set; }
    [SupplyParameterFromForm(FormName = "connect-repository")] private string? Secret { get; set; }
    [SupplyParameterFromForm(FormName = "connect-repository")] private bool? MergeMovesToDone { get; set; }

    private IReadOnlyList<RepositoryConnectionDto>? connections;
    private RepositoryConnectionDto? created;
    private bool canConnect;
    private string? notice;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();

    protected override async Task OnInitializedAsync()
    {
        if ((await Rights.FindProductAsync(Key, Aborted)).Failed(out var missing, out var product))
        {
            Fail(missing);
            return;
        }
        canConnect = await Rights.IsAllowedAsync(product, Operations.Repositories.Connect, Aborted);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if ((await Repositories.ListAsync(Key, Aborted)).Failed(out var refused, out var list)) Fail(refused);
        else connections = list.Select(WithUrl).ToList();
    }

    private async Task ConnectAsync()
    {
        var request = new ConnectRepositoryRequest(RepoHost, Repository, Secret, MergeMovesToDone ?? false);
        if ((await Repositories.ConnectAsync(Key, request, Aborted)).Failed(out var failed, out var connection))
        {
            error = failed;
            SetStatus(HttpContext, StatusFor(failed));
        }
        else
        {
            created = WithUrl(connection);
            Repository = null;
        }
        await LoadAsync();
    }

    private async Task DisconnectAsync(Guid id, string repository)
    {
        if ((await Repositories.DisconnectAsync(Key, id, Aborted)).Failed(out var failed, out _))
        {
            error = failed;
            SetStatus(HttpContext, StatusFor(failed));
        }
        else notice = $"{repository} is disconnected: its deliveries are refused from now on. The links it made stay on the items.";
        await LoadAsync();
    }

    private RepositoryConnectionDto WithUrl(RepositoryConnectionDto c)
    {
        var request = HttpContext.Request;
        return c with { PayloadUrl = $"{request.Scheme}://{request.Host}{request.PathBase}{c.PayloadPath}" };
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
