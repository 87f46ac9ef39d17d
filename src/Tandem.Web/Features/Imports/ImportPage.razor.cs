using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.Imports;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Imports;

/// <summary>
/// Starts an import into a product (issue 16): a Jira CSV uploaded as a plain multipart form, or a Redmine project. Both
/// go to the same <see cref="ImportsFeature"/> the API uses, then to the job's status page.
/// </summary>
public partial class ImportPage : TandemPage
{
    [Inject] private ImportsFeature Imports { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";

    [SupplyParameterFromForm(FormName = "import-jira")] private string? JiraMode { get; set; }
    [SupplyParameterFromForm(FormName = "import-redmine")] private string? RedmineMode { get; set; }
    [SupplyParameterFromForm(FormName = "import-redmine")] private string? Url { get; set; }
    [SupplyParameterFromForm(FormName = "import-redmine")] private string? Project { get; set; }
    [SupplyParameterFromForm(FormName = "import-redmine")] private string? ApiKey { get; set; }

    private Error? jiraError;
    private Error? redmineError;

    private string ProductKey => Key.ToUpperInvariant();

    protected override async Task OnInitializedAsync()
    {
        // The right to import is the right to add items: a refusal says who decides before anyone picks a file.
        if ((await Rights.ProductForAsync(Key, Operations.Backlog.AddItem, Aborted)).Failed(out var refused, out _)) Fail(refused);
    }

    private async Task StartJiraAsync()
    {
        if (PageError is not null) return;
        var file = HttpContext.Request.HasFormContentType ? HttpContext.Request.Form.Files["File"] : null;
        if (file is null || file.Length == 0)
        {
            jiraError = Error.Invalid("file", "Choose the CSV file that Jira exported.");
            SetStatus(HttpContext, StatusCodes.Status400BadRequest);
            return;
        }
        using var bytes = new MemoryStream();
        await using (var stream = file.OpenReadStream()) await stream.CopyToAsync(bytes, Aborted);
        Go(await Imports.StartAsync(Key, ImportsFeature.JiraCsvSource, JiraMode != "import", bytes.ToArray(), Aborted), e => jiraError = e);
    }

    private async Task StartRedmineAsync()
    {
        if (PageError is not null) return;
        Go(await Imports.StartRedmineAsync(Key, RedmineMode != "import", new RedmineImportRequest(Url, ApiKey, Project), Aborted), e => redmineError = e);
    }

    private void Go(Result<ImportStarted> started, Action<Error> show)
    {
        if (started.Failed(out var error, out var job))
        {
            show(error);
            SetStatus(HttpContext, StatusFor(error));
            return;
        }
        Navigation.NavigateTo($"/p/{ProductKey}/import/{job.Id}");
    }
}
