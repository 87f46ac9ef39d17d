using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Tandem.Domain.Backlog;

namespace Tandem.Application.Imports;

/// <summary>A problem with one row (1 is the header line's record, 2 the first issue), one column, or the whole file (row 0).</summary>
public sealed record ImportProblem(int Row, string? Column, string Message);

/// <summary>One issue of a Jira CSV as Tandem reads it; null fields were absent or could not be mapped.</summary>
public sealed record JiraRow(
    int Row, string Key, string Summary, ItemType Type, ItemStatus? Status, decimal? StoryPoints, string? EpicKey,
    IReadOnlyList<string> Labels, string Description, string? Rank, string? Sprint);

/// <summary>What a file held: its rows, or why it cannot be imported at all.</summary>
public sealed record JiraFile(IReadOnlyList<JiraRow> Rows, List<ImportProblem> Problems, int Skipped, bool Unreadable);

/// <summary>
/// Reads the CSV of Jira's "Export Excel CSV (all fields)" with CsvHelper: columns found by header name (repeated
/// Labels and Sprint columns read together), Jira's types and statuses mapped to Tandem's. A file CsvHelper cannot
/// read (a broken quote), one that is not text, or one without the Issue key and Summary columns is unreadable.
/// </summary>
public static class JiraCsv
{
    private static readonly string[] StoryPointHeaders = ["Custom field (Story Points)", "Story Points", "Custom field (Story point estimate)", "Story point estimate"];
    private static readonly string[] EpicHeaders = ["Custom field (Epic Link)", "Epic Link", "Parent", "Parent id", "Parent key"];

    public static JiraFile Read(Stream body, Action<int>? progress = null)
    {
        var problems = new List<ImportProblem>();
        var rows = new List<JiraRow>();
        var skipped = 0;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectColumnCountChanges = false,
            MissingFieldFound = null,
            // A stray quote inside an unquoted field, or a quoted field that never ends: the file is broken.
            BadDataFound = args => throw new BadDataException(args.Field, args.RawRecord, args.Context, "A quote is out of place."),
        };
        using var reader = new StreamReader(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, config);
        try
        {
            if (!csv.Read()) return Unreadable(problems, 0, null, "The file is empty: a Jira CSV starts with a header line (Issue key, Summary, …).");
            csv.ReadHeader();
            var header = csv.HeaderRecord ?? [];
            if (header.Any(h => h.Contains('\0'))) return Unreadable(problems, 1, null, "This is not a CSV text file.");
            int Col(params string[] names) => Array.FindIndex(header, h => names.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase));
            int[] All(string name) => [.. header.Select((h, i) => (h, i)).Where(x => x.h.Trim().Equals(name, StringComparison.OrdinalIgnoreCase)).Select(x => x.i)];
            var key = Col("Issue key");
            var summary = Col("Summary");
            var missing = new List<string>();
            if (key < 0) missing.Add("Issue key");
            if (summary < 0) missing.Add("Summary");
            if (missing.Count > 0)
                return Unreadable(problems, 1, string.Join(", ", missing), $"The header has no {string.Join(" or ", missing)} column: export from Jira with \"Export Excel CSV (all fields)\".");
            var type = Col("Issue Type");
            var status = Col("Status");
            var points = Col(StoryPointHeaders);
            var epic = Col(EpicHeaders);
            var description = Col("Description");
            var rank = Col("Rank", "Custom field (Rank)");
            var labels = All("Labels");
            var sprints = All("Sprint");
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            while (csv.Read())
            {
                var row = csv.Parser.Row;
                progress?.Invoke(rows.Count + skipped);
                string Field(int i) => i >= 0 && i < csv.Parser.Count ? (csv.GetField(i) ?? "").Trim() : "";
                var issueKey = Field(key);
                if (issueKey.Length == 0 && csv.Parser.Record is { } record && record.All(string.IsNullOrWhiteSpace)) continue;
                var title = Field(summary);
                if (issueKey.Length == 0 || issueKey.Length > 100)
                {
                    problems.Add(new(row, "Issue key", issueKey.Length == 0 ? "The row has no issue key; it is skipped." : "The issue key is longer than 100 characters; the row is skipped."));
                    skipped++;
                    continue;
                }
                if (!seen.Add(issueKey))
                {
                    problems.Add(new(row, "Issue key", $"{issueKey} appears twice; the later row is skipped."));
                    skipped++;
                    continue;
                }
                if (title.Length == 0 || title.Length > BacklogItem.TitleMaxLength)
                {
                    problems.Add(new(row, "Summary", title.Length == 0 ? $"{issueKey} has no summary; it is skipped." : $"{issueKey}'s summary is longer than {BacklogItem.TitleMaxLength} characters; it is skipped."));
                    skipped++;
                    continue;
                }
                var text = Field(description);
                if (text.Length > BacklogItem.DescriptionMaxLength)
                {
                    problems.Add(new(row, "Description", $"{issueKey}'s description is cut to {BacklogItem.DescriptionMaxLength} characters."));
                    text = text[..BacklogItem.DescriptionMaxLength];
                }
                var rawType = Field(type);
                var itemType = MapType(rawType);
                if (itemType is null)
                {
                    problems.Add(new(row, "Issue Type", $"Tandem has no type '{rawType}'; {issueKey} becomes a story."));
                    itemType = ItemType.Story;
                }
                var rawStatus = Field(status);
                var itemStatus = rawStatus.Length == 0 ? null : MapStatus(rawStatus);
                if (rawStatus.Length > 0 && itemStatus is null)
                    problems.Add(new(row, "Status", $"Tandem has no status like '{rawStatus}'; {issueKey} stays new."));
                decimal? estimate = null;
                var rawPoints = Field(points);
                if (rawPoints.Length > 0)
                {
                    if (decimal.TryParse(rawPoints, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1000) estimate = value;
                    else problems.Add(new(row, StoryPointHeaders[0], $"'{rawPoints}' is not a number of points from 0 to 1000; {issueKey} has no estimate."));
                }
                var itemLabels = labels.Select(Field).Where(l => l.Length > 0).Select(ItemLabel.Normalize).Distinct().ToList();
                foreach (var tooLong in itemLabels.Where(l => l.Length > ItemLabel.MaxLength).ToList())
                {
                    problems.Add(new(row, "Labels", $"The label '{tooLong}' is longer than {ItemLabel.MaxLength} characters; it is left out."));
                    itemLabels.Remove(tooLong);
                }
                var epicKey = Field(epic);
                var sprint = sprints.Select(Field).LastOrDefault(s => s.Length > 0);
                rows.Add(new JiraRow(row, issueKey, title, itemType.Value, itemStatus, estimate, epicKey.Length == 0 ? null : epicKey,
                    itemLabels, text, Field(rank) is { Length: > 0 } r ? r : null, sprint));
            }
        }
        catch (BadDataException e)
        {
            return Unreadable(problems, e.Context?.Parser?.Row ?? 0, null, $"The file is not valid CSV near row {e.Context?.Parser?.Row}: a quote is out of place or never closed.");
        }
        catch (CsvHelperException e)
        {
            return Unreadable(problems, e.Context?.Parser?.Row ?? 0, null, $"The file is not valid CSV near row {e.Context?.Parser?.Row}.");
        }
        catch (DecoderFallbackException)
        {
            return Unreadable(problems, 0, null, "The file is not text in UTF-8.");
        }
        return new JiraFile(rows, problems, skipped, Unreadable: false);
    }

    private static JiraFile Unreadable(List<ImportProblem> problems, int row, string? column, string message)
    {
        problems.Add(new ImportProblem(row, column, message));
        return new JiraFile([], problems, 0, Unreadable: true);
    }

    /// <summary>Jira's issue types; null for one Tandem has no counterpart for.</summary>
    public static ItemType? MapType(string jiraType) => jiraType.Trim().ToLowerInvariant() switch
    {
        "" or "story" or "user story" or "task" or "sub-task" or "subtask" or "new feature" or "improvement" => ItemType.Story,
        "bug" or "defect" => ItemType.Bug,
        "epic" => ItemType.Epic,
        "spike" or "research" => ItemType.Spike,
        "technical debt" or "tech debt" or "tech-debt" or "technical task" => ItemType.TechDebt,
        _ => null,
    };

    /// <summary>Jira's statuses (the default workflows' names); null for one Tandem cannot place. Accepted is the PO's decision, never imported.</summary>
    public static ItemStatus? MapStatus(string jiraStatus) => jiraStatus.Trim().ToLowerInvariant() switch
    {
        "to do" or "todo" or "open" or "backlog" or "new" or "reopened" => ItemStatus.New,
        "selected for development" or "ready" or "ready for development" => ItemStatus.Ready,
        "in progress" or "in review" or "review" or "in testing" or "testing" or "code review" => ItemStatus.InProgress,
        "done" or "closed" or "resolved" => ItemStatus.Done,
        _ => null,
    };
}
