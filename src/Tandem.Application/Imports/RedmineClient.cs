using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Tandem.Application.Imports;

/// <summary>Where a Redmine import reads from. The API key lives only in memory for the job's life; it is never stored nor printed.</summary>
public sealed record RedmineSource(string Url, string ApiKey, string Project)
{
    /// <summary>Without the key, so a log line or an exception message never carries it.</summary>
    public override string ToString() => $"{Url} project {Project}";
}

/// <summary>Settings of the outgoing calls to Redmine (section <c>Tandem:Imports:Redmine</c>; ADR 39).</summary>
public sealed class RedmineOptions
{
    public const string Section = "Tandem:Imports:Redmine";

    /// <summary>How long one request may take before the import fails as timed out.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Issues per page (Redmine's <c>limit</c>, at most 100).</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Requests at once while reading journals.</summary>
    public int Parallel { get; init; } = 4;

    /// <summary>Whether a Redmine on loopback or a private network may be reached (off: only public addresses).</summary>
    public bool AllowPrivateNetworks { get; init; }

    public static RedmineOptions From(IConfiguration config)
    {
        var section = config.GetSection(Section);
        return new RedmineOptions
        {
            Timeout = TimeSpan.FromSeconds(Math.Clamp(section.GetValue("TimeoutSeconds", 30.0), 0.1, 600)),
            PageSize = Math.Clamp(section.GetValue("PageSize", 100), 1, 100),
            Parallel = Math.Clamp(section.GetValue("Parallel", 4), 1, 16),
            AllowPrivateNetworks = section.GetValue("AllowPrivateNetworks", false),
        };
    }
}

/// <summary>Why a Redmine could not be read: the message is for the person and names no secret.</summary>
public sealed class RedmineException(string message) : Exception(message);

/// <summary>A project as Redmine answered it: what the import maps.</summary>
public sealed record RedmineProject(
    int Id, string Identifier, string Name, IReadOnlyDictionary<int, bool> ClosedStatuses, IReadOnlyList<RedmineVersion> Versions,
    IReadOnlyList<RedmineIssue> Issues);

/// <summary>A Redmine version (a release).</summary>
public sealed record RedmineVersion(int Id, string Name, string Status, DateOnly? DueDate);

/// <summary>A Redmine issue with its relations and the journals that carry notes.</summary>
public sealed record RedmineIssue(
    int Id, int ProjectId, string Subject, string Description, string Tracker, int StatusId, string Status, bool? StatusClosed,
    string Priority, int? VersionId, int? ParentId, IReadOnlyList<RedmineRelation> Relations, IReadOnlyList<RedmineJournal> Journals);

/// <summary>A relation as Redmine lists it on both of its issues.</summary>
public sealed record RedmineRelation(int Id, int IssueId, int IssueToId, string Type);

/// <summary>A journal's note (journals without a note only record field changes, which Tandem's history does not take).</summary>
public sealed record RedmineJournal(int Id, string Author, string Notes, DateTimeOffset At);

/// <summary>
/// Reads one project from Redmine's REST API (JSON, <c>X-Redmine-API-Key</c>): the project, the issue statuses, the
/// versions, the issues page by page (<c>offset</c>/<c>limit</c>/<c>total_count</c>, with relations), and each issue's
/// journals. Every failure becomes a <see cref="RedmineException"/> that says what to fix: a wrong key (401), a project
/// that is not there (404), no answer in time, an answer that is not Redmine's JSON. Redirects are not followed, and
/// unless allowed, only public addresses are connected to (checked on the address actually dialled).
/// </summary>
public sealed class RedmineClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly RedmineOptions _options;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public RedmineClient(RedmineOptions options)
    {
        _options = options;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = options.Timeout,
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Tandem-Import", "1"));
    }

    public RedmineOptions Options => _options;

    public void Dispose() => _http.Dispose();

    /// <summary>An absolute http(s) URL without credentials in it, or why not.</summary>
    public static string? CheckUrl(string? url, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url)) return "Give the Redmine's address, for example https://redmine.example.com.";
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            return "The Redmine's address is an absolute http:// or https:// URL.";
        if (parsed.UserInfo.Length > 0) return "Put the API key in its own field, not in the address.";
        if (parsed.Query.Length > 0 || parsed.Fragment.Length > 0) return "The Redmine's address has no query or fragment: give its root, for example https://redmine.example.com.";
        uri = parsed;
        return null;
    }

    /// <summary>Reads the whole project; <paramref name="progress"/> is told issues read of the total.</summary>
    public async Task<RedmineProject> ReadAsync(RedmineSource source, Action<int, int> progress, CancellationToken ct)
    {
        if (CheckUrl(source.Url, out var root) is { } bad) throw new RedmineException(bad);
        var baseUri = new Uri(root!.AbsoluteUri.TrimEnd('/') + "/");
        var project = await GetAsync<ProjectAnswer>(baseUri, $"projects/{Uri.EscapeDataString(source.Project.Trim())}.json", source, ct);
        if (project.Project is not { } p) throw NotRedmine();
        var statuses = await GetAsync<StatusesAnswer>(baseUri, "issue_statuses.json", source, ct);
        var closed = (statuses.IssueStatuses ?? []).ToDictionary(s => s.Id, s => s.IsClosed);
        var versions = await GetAsync<VersionsAnswer>(baseUri, $"projects/{p.Id}/versions.json", source, ct);

        var issues = new List<IssueJson>();
        var total = 0;
        for (var offset = 0; ; offset += _options.PageSize)
        {
            var page = await GetAsync<IssuesAnswer>(baseUri,
                $"issues.json?project_id={p.Id}&subproject_id=!*&status_id=*&include=relations&sort=id&limit={_options.PageSize}&offset={offset}", source, ct);
            if (page.Issues is null) throw NotRedmine();
            total = page.TotalCount;
            issues.AddRange(page.Issues);
            progress(0, total);
            if (page.Issues.Count == 0 || offset + _options.PageSize >= total) break;
        }
        // An issue moved between pages while they were read shows twice; the later copy is as fresh.
        var unique = issues.GroupBy(i => i.Id).Select(g => g.Last()).OrderBy(i => i.Id).ToList();

        var journals = new Dictionary<int, IReadOnlyList<RedmineJournal>>();
        var done = 0;
        await System.Threading.Tasks.Parallel.ForEachAsync(unique, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallel, CancellationToken = ct }, async (issue, token) =>
        {
            var one = await GetAsync<IssueAnswer>(baseUri, $"issues/{issue.Id}.json?include=journals", source, token);
            var notes = (one.Issue?.Journals ?? [])
                .Where(j => !string.IsNullOrWhiteSpace(j.Notes) && !j.PrivateNotes)
                .Select(j => new RedmineJournal(j.Id, j.User?.Name ?? "someone", j.Notes!.Replace("\r\n", "\n", StringComparison.Ordinal), j.CreatedOn))
                .ToList();
            lock (journals)
            {
                journals[issue.Id] = notes;
                progress(++done, unique.Count);
            }
        });

        return new RedmineProject(p.Id, p.Identifier ?? source.Project, p.Name ?? source.Project, closed,
            [.. (versions.Versions ?? []).Select(v => new RedmineVersion(v.Id, v.Name ?? $"#{v.Id}", v.Status ?? "open",
                DateOnly.TryParse(v.DueDate, System.Globalization.CultureInfo.InvariantCulture, out var due) ? due : null))],
            [.. unique.Select(i => new RedmineIssue(i.Id, i.Project?.Id ?? p.Id, i.Subject ?? "", (i.Description ?? "").Replace("\r\n", "\n", StringComparison.Ordinal),
                i.Tracker?.Name ?? "", i.Status?.Id ?? 0, i.Status?.Name ?? "", i.Status?.IsClosed, i.Priority?.Name ?? "", i.FixedVersion?.Id, i.Parent?.Id,
                [.. (i.Relations ?? []).Select(r => new RedmineRelation(r.Id, r.IssueId, r.IssueToId, r.RelationType ?? ""))],
                journals.TryGetValue(i.Id, out var j) ? j : []))]);
    }

    private async Task<T> GetAsync<T>(Uri baseUri, string path, RedmineSource source, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, path));
        request.Headers.Add("X-Redmine-API-Key", source.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var answer = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            switch (answer.StatusCode)
            {
                case HttpStatusCode.Unauthorized:
                    throw new RedmineException("Redmine refused the API key (401): check the key (My account → API access key) and that the REST API is enabled (Administration → Settings → API).");
                case HttpStatusCode.Forbidden:
                    throw new RedmineException($"Redmine answered 403: the API key's user may not see {path.Split('?')[0]}; use the key of a user who can see the project's issues.");
                case HttpStatusCode.NotFound when path.StartsWith("projects/", StringComparison.Ordinal) && !path.Contains("/versions", StringComparison.Ordinal):
                    throw new RedmineException($"Redmine has no project '{source.Project}' that this key may see (404): give the project's identifier, as in its address /projects/<identifier>.");
                case HttpStatusCode.NotFound:
                    throw new RedmineException($"Redmine answered 404 for {path.Split('?')[0]}: is {baseUri} the Redmine's root address?");
            }
            if ((int)answer.StatusCode is >= 300 and < 400)
                throw new RedmineException($"Redmine answered a redirect ({(int)answer.StatusCode}) to {answer.Headers.Location}; give that address instead (redirects are not followed).");
            if (!answer.IsSuccessStatusCode)
                throw new RedmineException($"Redmine answered {(int)answer.StatusCode} {answer.ReasonPhrase} for {path.Split('?')[0]}.");
            var media = answer.Content.Headers.ContentType?.MediaType;
            if (media is not null && !media.Contains("json", StringComparison.OrdinalIgnoreCase)) throw NotRedmine(media);
            await using var body = await answer.Content.ReadAsStreamAsync(timeout.Token);
            return await JsonSerializer.DeserializeAsync<T>(body, Json, timeout.Token) ?? throw NotRedmine();
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new RedmineException($"Redmine did not answer within {_options.Timeout.TotalSeconds:0.#} s ({path.Split('?')[0]}); nothing was imported. Try again later.");
        }
        catch (JsonException)
        {
            throw NotRedmine();
        }
        catch (HttpRequestException e)
        {
            throw new RedmineException($"Tandem could not reach {baseUri.GetLeftPart(UriPartial.Authority)}: {e.Message}");
        }
    }

    private static RedmineException NotRedmine(string? media = null) =>
        new($"The answer is not Redmine's JSON{(media is null ? "" : $" (it is {media})")}: give the Redmine's root address and check that its REST API is enabled.");

    /// <summary>Dials the address itself and refuses private ones unless allowed, so a name that resolves inward is caught too.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await OutboundAddresses.ResolveAsync(context.DnsEndPoint.Host, ct);
        if (!_options.AllowPrivateNetworks && addresses.FirstOrDefault(OutboundAddresses.IsPrivate) is { } inward)
            throw new HttpRequestException($"{context.DnsEndPoint.Host} is on a private network ({inward}), which imports may not reach here (Tandem:Imports:Redmine:AllowPrivateNetworks).");
        return await OutboundAddresses.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
    }

    // Redmine's JSON, as far as the import reads it.
    private sealed record Named(int Id, string? Name);
    private sealed record ProjectJson(int Id, string? Name, string? Identifier);
    private sealed record ProjectAnswer(ProjectJson? Project);
    private sealed record StatusJson(int Id, string? Name, bool IsClosed);
    private sealed record StatusesAnswer(List<StatusJson>? IssueStatuses);
    private sealed record VersionJson(int Id, string? Name, string? Status, string? DueDate);
    private sealed record VersionsAnswer(List<VersionJson>? Versions);
    private sealed record IssueStatusJson(int Id, string? Name, bool? IsClosed);
    private sealed record RelationJson(int Id, int IssueId, int IssueToId, string? RelationType);
    private sealed record JournalJson(int Id, Named? User, string? Notes, DateTimeOffset CreatedOn, bool PrivateNotes);
    private sealed record IssueJson(
        int Id, Named? Project, Named? Tracker, IssueStatusJson? Status, Named? Priority, Named? FixedVersion, Named? Parent,
        string? Subject, string? Description, List<RelationJson>? Relations, List<JournalJson>? Journals);
    private sealed record IssuesAnswer(List<IssueJson>? Issues, int TotalCount);
    private sealed record IssueAnswer(IssueJson? Issue);
}
