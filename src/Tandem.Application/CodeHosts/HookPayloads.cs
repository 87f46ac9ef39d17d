using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tandem.Domain.CodeHosts;

namespace Tandem.Application.CodeHosts;

/// <summary>
/// One pull request, merge request or commit as a delivery describes it, with the texts that may name items (its
/// title and branch, or a commit's message and the branch it was pushed to).
/// </summary>
public sealed record HookChange(
    string Kind, string ExternalId, string Repository, int? Number, string Title, string Url, string State, string Author,
    DateTimeOffset ChangedAt, IReadOnlyList<string> Texts, bool MergedNow);

/// <summary>A delivery read: its event's name and what it changed; <see cref="Ignored"/> when Tandem has no use for it.</summary>
public sealed record HookEvent(string Name, IReadOnlyList<HookChange> Changes, bool Ignored = false);

/// <summary>
/// Reads GitHub's <c>pull_request</c> and <c>push</c> events and GitLab's <c>Merge Request Hook</c> and <c>Push Hook</c>
/// into <see cref="HookChange"/>s. Everything else (ping, issues, tag pushes, a deleted branch) is ignored. Texts and
/// counts are bounded: a delivery is the host's, but anyone who learnt the secret could write it.
/// </summary>
public static partial class HookPayloads
{
    /// <summary>The commits of one push looked at; GitHub sends at most 2,048, GitLab 20.</summary>
    public const int MaxCommits = 200;

    /// <summary>How much of a commit message is searched for keys.</summary>
    private const int MaxScannedText = 10_000;

    private const string Zero = "0000000000000000000000000000000000000000";

    /// <summary>Reads a delivery; null when the body is not the JSON object the event promises (a 400).</summary>
    public static HookEvent? Read(CodeHost host, string eventName, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            return (host, eventName) switch
            {
                (CodeHost.GitHub, "pull_request") => GitHubPullRequest(root, now),
                (CodeHost.GitHub, "push") => GitHubPush(root, now),
                (CodeHost.GitLab, "Merge Request Hook") => GitLabMergeRequest(root, now),
                (CodeHost.GitLab, "Push Hook") => GitLabPush(root, now),
                _ => new HookEvent(eventName, [], Ignored: true),
            };
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // A field of another JSON type than the host documents (a number where a string belongs).
            return null;
        }
    }

    private static HookEvent GitHubPullRequest(JsonElement root, DateTimeOffset now)
    {
        var action = Text(root, "action");
        var pr = Object(root, "pull_request");
        var repository = Text(Object(root, "repository"), "full_name");
        var number = Number(pr, "number") ?? Number(root, "number");
        if (number is null || repository.Length == 0) return new HookEvent("pull_request", [], Ignored: true);
        var merged = Bool(pr, "merged");
        var state = merged ? CodeLink.Merged : Text(pr, "state") == "closed" ? CodeLink.Closed : CodeLink.Open;
        var title = Text(pr, "title");
        var branch = Text(Object(pr, "head"), "ref");
        var change = new HookChange(CodeLink.PullRequest, $"{repository}#{number}", repository, number, title, Text(pr, "html_url"), state,
            Text(Object(pr, "user"), "login"), Time(pr, "updated_at", now), [title, branch], MergedNow: action == "closed" && merged);
        return new HookEvent($"pull_request.{action}", [change]);
    }

    private static HookEvent GitHubPush(JsonElement root, DateTimeOffset now)
    {
        var repositoryObject = Object(root, "repository");
        var repository = Text(repositoryObject, "full_name");
        var branch = Branch(Text(root, "ref"));
        if (Bool(root, "deleted") || Text(root, "after") == Zero || branch is null || repository.Length == 0)
            return new HookEvent("push", [], Ignored: true);
        var onDefault = branch == Text(repositoryObject, "default_branch");
        var changes = Commits(root, repository, branch, onDefault, now, commit => Text(Object(commit, "author"), "name"));
        return new HookEvent("push", changes);
    }

    private static HookEvent GitLabMergeRequest(JsonElement root, DateTimeOffset now)
    {
        var attributes = Object(root, "object_attributes");
        var repository = Text(Object(root, "project"), "path_with_namespace");
        var number = Number(attributes, "iid");
        if (number is null || repository.Length == 0) return new HookEvent("Merge Request Hook", [], Ignored: true);
        var action = Text(attributes, "action");
        var state = Text(attributes, "state") switch
        {
            "merged" => CodeLink.Merged,
            "closed" => CodeLink.Closed,
            _ => CodeLink.Open,
        };
        if (action == "merge") state = CodeLink.Merged;
        var title = Text(attributes, "title");
        var change = new HookChange(CodeLink.MergeRequest, $"{repository}!{number}", repository, number, title, Text(attributes, "url"), state,
            Text(Object(root, "user"), "name"), Time(attributes, "updated_at", now), [title, Text(attributes, "source_branch")],
            MergedNow: action == "merge");
        return new HookEvent($"merge_request.{action}", [change]);
    }

    private static HookEvent GitLabPush(JsonElement root, DateTimeOffset now)
    {
        var project = Object(root, "project");
        var repository = Text(project, "path_with_namespace");
        var branch = Branch(Text(root, "ref"));
        if (Text(root, "after") == Zero || branch is null || repository.Length == 0) return new HookEvent("push", [], Ignored: true);
        var onDefault = branch == Text(project, "default_branch");
        var changes = Commits(root, repository, branch, onDefault, now, commit => Text(Object(commit, "author"), "name"));
        return new HookEvent("push", changes);
    }

    /// <summary>
    /// A push's commits, each naming items by its message or by the branch it was pushed to. A commit on the default
    /// branch counts as merged; on another branch as open, until a later push brings it to the default branch.
    /// </summary>
    private static List<HookChange> Commits(JsonElement root, string repository, string branch, bool onDefault, DateTimeOffset now, Func<JsonElement, string> author)
    {
        var changes = new List<HookChange>();
        if (!root.TryGetProperty("commits", out var commits) || commits.ValueKind != JsonValueKind.Array) return changes;
        foreach (var commit in commits.EnumerateArray().Take(MaxCommits))
        {
            if (commit.ValueKind != JsonValueKind.Object) continue;
            var sha = Text(commit, "id");
            if (!ShaPattern().IsMatch(sha)) continue;
            var message = Text(commit, "message");
            if (message.Length > MaxScannedText) message = message[..MaxScannedText];
            var firstLine = message.Split('\n', 2)[0].Trim();
            changes.Add(new HookChange(CodeLink.Commit, sha.ToLowerInvariant(), repository, null, firstLine, Text(commit, "url"),
                onDefault ? CodeLink.Merged : CodeLink.Open, author(commit), Time(commit, "timestamp", now), [message, branch], MergedNow: false));
        }
        return changes;
    }

    /// <summary>The branch of a ref; null for a tag or anything else.</summary>
    private static string? Branch(string reference) =>
        reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..] : null;

    private static JsonElement Object(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    private static string Text(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    private static int? Number(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
        && value.TryGetInt32(out var number) && number > 0 ? number : null;

    private static bool Bool(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>ISO 8601 as GitHub sends it; GitLab's older "2013-12-03 17:23:34 UTC" too. The time of receipt when absent.</summary>
    private static DateTimeOffset Time(JsonElement parent, string name, DateTimeOffset now)
    {
        var text = Text(parent, name);
        if (text.EndsWith(" UTC", StringComparison.Ordinal)) text = text[..^4].Replace(' ', 'T') + "Z";
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : now;
    }

    [GeneratedRegex("^[0-9a-fA-F]{7,64}$")]
    private static partial Regex ShaPattern();
}

/// <summary>
/// Finds a product's item keys in free text (ADR 36). The product key matches in any case, since branch names are
/// often lower case ("feature/pay-123-refunds"); it must not be the end of a longer word ("XPAY-1" is not PAY-1) and
/// the number must not run on into more digits. Leading zeros are dropped ("PAY-007" is PAY-7).
/// </summary>
public sealed class ItemKeyScanner
{
    private readonly string _productKey;
    private readonly Regex _pattern;

    public ItemKeyScanner(string productKey)
    {
        _productKey = productKey;
        _pattern = new Regex($"(?<![A-Za-z0-9]){Regex.Escape(productKey)}-([0-9]{{1,9}})(?![0-9])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(250));
    }

    /// <summary>The item keys named in the texts, in order of first mention, without repeats.</summary>
    public IReadOnlyList<string> Keys(IEnumerable<string> texts)
    {
        var keys = new List<string>();
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text)) continue;
            foreach (Match match in _pattern.Matches(text))
            {
                if (!int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number == 0) continue;
                var key = $"{_productKey}-{number}";
                if (!keys.Contains(key)) keys.Add(key);
            }
        }
        return keys;
    }
}
