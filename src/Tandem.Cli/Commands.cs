using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Tandem.Cli;

/// <summary>Every tandem command, its options and what it prints.</summary>
public static class Commands
{
    private static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Print what the API answers, as JSON, instead of a table",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "tandem: products, the backlog, the decision log and exports from a terminal or a script.\n" +
            "Exit codes: 0 ok, 1 server failure, 2 usage, 3 not signed in, 4 refused (the message names who decides), " +
            "5 not found, 6 conflict or stale, 7 invalid values, 8 server unreachable, 9 too many requests.");
        root.Options.Add(JsonOption);
        root.Subcommands.Add(Login());
        root.Subcommands.Add(Logout());
        root.Subcommands.Add(Products());
        root.Subcommands.Add(Backlog());
        root.Subcommands.Add(Decisions());
        root.Subcommands.Add(Export());
        root.Subcommands.Add(Import());
        root.Subcommands.Add(AdminCommands.Build());
        return root;
    }

    private static Command Login()
    {
        var url = new Option<string>("--url") { Description = "The Tandem server, e.g. https://tandem.example.com", Required = true };
        var token = new Option<string>("--token") { Description = "A personal access token (Account → Access tokens)", Required = true };
        var command = new Command("login", "Check a personal access token against the server and keep both for the next commands") { url, token };
        command.SetAction(async (result, ct) =>
        {
            var config = new CliConfig(result.GetValue(url)!.Trim(), result.GetValue(token)!.Trim());
            using var api = new TandemApi(config.Url, config.Token);
            var me = await api.GetAsync("api/v1/auth/me", ct);
            config.Save();
            if (result.GetValue(JsonOption)) Output.Raw(me.ToJsonString());
            else Output.Out.MarkupLineInterpolated($"Signed in to [bold]{api.BaseUri}[/] as [bold]{Text(me["displayName"])}[/] ({Text(me["email"])}). Kept in {CliConfig.FilePath}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Logout()
    {
        var command = new Command("logout", "Forget the kept server and token (the token itself stays valid until you revoke it)");
        command.SetAction(_ =>
        {
            Output.Out.WriteLine(CliConfig.Forget() ? "Signed out; the token is forgotten here. Revoke it on your account page if it should stop working." : "Not signed in.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Products()
    {
        var command = new Command("products", "The products you can see, with your roles on each");
        command.SetAction(async (result, ct) =>
        {
            using var api = TandemApi.FromConfig();
            var text = await api.GetTextAsync("api/v1/products?limit=200", ct);
            if (result.GetValue(JsonOption)) { Output.Raw(text); return ExitCodes.Ok; }
            var table = new Table().AddColumns("Key", "Name", "Your roles");
            foreach (var p in Items(JsonNode.Parse(text)))
                table.AddRow(Cell(p["key"]), Cell(p["name"]), new Markup(Markup.Escape(string.Join(", ", p["myRoles"]?.AsArray().Select(r => Text(r)) ?? []))));
            Output.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Backlog()
    {
        var command = new Command("backlog", "List, create, move and accept backlog items");

        var product = new Argument<string>("product") { Description = "The product key, e.g. PAY" };
        var limit = new Option<int>("--limit") { Description = "How many items (1–200)", DefaultValueFactory = _ => 50 };
        var cursor = new Option<string?>("--cursor") { Description = "Continue after the last page (the nextCursor it printed)" };
        var status = new Option<string?>("--status") { Description = "Only items with this status (e.g. ready, in-progress)" };
        var search = new Option<string?>("--search") { Description = "Only items whose title contains this text" };
        var list = new Command("list", "The ranked backlog, a page at a time") { product, limit, cursor, status, search };
        list.SetAction(async (result, ct) =>
        {
            using var api = TandemApi.FromConfig();
            var query = Query(("limit", result.GetValue(limit).ToString(CultureInfo.InvariantCulture)), ("cursor", result.GetValue(cursor)),
                ("status", result.GetValue(status)), ("q", result.GetValue(search)));
            var text = await api.GetTextAsync($"api/v1/products/{Path(result.GetValue(product)!)}/backlog{query}", ct);
            if (result.GetValue(JsonOption)) { Output.Raw(text); return ExitCodes.Ok; }
            var page = JsonNode.Parse(text);
            var table = new Table().AddColumns("Key", "Type", "Title", "Status", "Estimate", "Value");
            foreach (var i in Items(page))
                table.AddRow(Cell(i["key"]), Cell(i["type"]), Cell(i["title"]), Cell(i["status"]), Cell(i["estimate"]), Cell(i["businessValue"]));
            Output.Out.Write(table);
            if (page?["nextCursor"]?.GetValue<string>() is { } next) Output.Error.MarkupLineInterpolated($"More: --cursor {next}");
            return ExitCodes.Ok;
        });

        var createProduct = new Argument<string>("product") { Description = "The product key" };
        var title = new Option<string>("--title") { Description = "The item's title", Required = true };
        var type = new Option<string>("--type") { Description = "story, bug, task, spike or epic", DefaultValueFactory = _ => "story" };
        var description = new Option<string?>("--description") { Description = "Markdown description" };
        var create = new Command("create", "Add an item at the bottom of the backlog") { createProduct, title, type, description };
        create.SetAction(async (result, ct) =>
        {
            using var api = TandemApi.FromConfig();
            var text = await api.SendTextAsync(HttpMethod.Post, $"api/v1/products/{Path(result.GetValue(createProduct)!)}/items",
                new { type = result.GetValue(type), title = result.GetValue(title), description = result.GetValue(description) }, ct);
            if (result.GetValue(JsonOption)) { Output.Raw(text); return ExitCodes.Ok; }
            var item = JsonNode.Parse(text);
            Output.Out.MarkupLineInterpolated($"Created [bold]{Text(item?["key"])}[/] {Text(item?["title"])}");
            return ExitCodes.Ok;
        });

        var item = new Argument<string>("item") { Description = "The item key, e.g. PAY-42" };
        var top = new Option<bool>("--top") { Description = "To the top of the backlog" };
        var bottom = new Option<bool>("--bottom") { Description = "To the bottom of the backlog" };
        var before = new Option<string?>("--before") { Description = "Just above this item" };
        var after = new Option<string?>("--after") { Description = "Just below this item" };
        var move = new Command("move", "Move an item in the ranked backlog (the Product Owner's decision)") { item, top, bottom, before, after };
        move.Validators.Add(r =>
        {
            var given = (r.GetValue(top) ? 1 : 0) + (r.GetValue(bottom) ? 1 : 0) + (r.GetValue(before) is null ? 0 : 1) + (r.GetValue(after) is null ? 0 : 1);
            if (given != 1) r.AddError("Say where to: exactly one of --top, --bottom, --before KEY, --after KEY.");
        });
        move.SetAction(async (result, ct) =>
        {
            using var api = TandemApi.FromConfig();
            object body = result.GetValue(top) ? new { position = "top" }
                : result.GetValue(bottom) ? new { position = "bottom" }
                : result.GetValue(before) is { } b ? new { before = b } : new { after = result.GetValue(after) };
            var key = result.GetValue(item)!;
            var text = await api.SendTextAsync(HttpMethod.Post, $"api/v1/items/{Path(key)}/move", body, ct);
            if (result.GetValue(JsonOption)) { Output.Raw(text); return ExitCodes.Ok; }
            Output.Out.MarkupLineInterpolated($"Moved [bold]{key.ToUpperInvariant()}[/].");
            return ExitCodes.Ok;
        });

        var acceptItem = new Argument<string>("item") { Description = "The item key" };
        var reject = new Option<bool>("--reject") { Description = "Reject instead, sending it back to in progress" };
        var reason = new Option<string?>("--reason") { Description = "Why (shown in the decision log)" };
        var accept = new Command("accept", "Accept finished work, or --reject it (the Product Owner's decision)") { acceptItem, reject, reason };
        accept.SetAction(async (result, ct) =>
        {
            using var api = TandemApi.FromConfig();
            var key = result.GetValue(acceptItem)!;
            var rejecting = result.GetValue(reject);
            var text = await api.SendTextAsync(HttpMethod.Post, $"api/v1/items/{Path(key)}/acceptance",
                new { decision = rejecting ? "reject" : "accept", reason = result.GetValue(reason) }, ct);
            if (result.GetValue(JsonOption)) { Output.Raw(text); return ExitCodes.Ok; }
            Output.Out.MarkupLineInterpolated($"{(rejecting ? "Rejected" : "Accepted")} [bold]{key.ToUpperInvariant()}[/]: {Text(JsonNode.Parse(text)?["status"])}.");
            return ExitCodes.Ok;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(create);
        command.Subcommands.Add(move);
        command.Subcommands.Add(accept);
        return command;
    }

    private static Command Decisions()
    {
        var product = new Argument<string>("product") { Description = "The product key" };
        var area = new Option<string?>("--area") { Description = "Only this decision area (e.g. backlog-order, membership)" };
        var person = new Option<string?>("--person") { Description = "Only decisions by this person (their id)" };
        var from = new Option<string?>("--from") { Description = "From this day, yyyy-mm-dd (UTC)" };
        var to = new Option<string?>("--to") { Description = "Up to and including this day, yyyy-mm-dd (UTC)" };
        var limit = new Option<int>("--limit") { Description = "How many entries (1–200)", DefaultValueFactory = _ => 50 };
        var cursor = new Option<string?>("--cursor") { Description = "Continue with older entries" };
        var command = new Command("decisions", "The product's decision log, newest first: who decided what, when and why") { product, area, person, from, to, limit, cursor };
        command.SetAction(async (result, ct) =>
        {
            using var api = TandemApi.FromConfig();
            var query = Query(("area", result.GetValue(area)), ("person", result.GetValue(person)), ("from", result.GetValue(from)), ("to", result.GetValue(to)),
                ("limit", result.GetValue(limit).ToString(CultureInfo.InvariantCulture)), ("cursor", result.GetValue(cursor)));
            var text = await api.GetTextAsync($"api/v1/products/{Path(result.GetValue(product)!)}/decision-log{query}", ct);
            if (result.GetValue(JsonOption)) { Output.Raw(text); return ExitCodes.Ok; }
            var page = JsonNode.Parse(text);
            var table = new Table().AddColumns("When (UTC)", "Who", "Role", "Area", "Decision");
            foreach (var e in Items(page))
            {
                var at = e["at"]?.GetValue<DateTimeOffset>().UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "";
                table.AddRow(new Markup(Markup.Escape(at)), Cell(e["actorName"]), Cell(e["role"]), Cell(e["area"]), Cell(e["summary"]));
            }
            Output.Out.Write(table);
            if (page?["nextCursor"]?.GetValue<string>() is { } next) Output.Error.MarkupLineInterpolated($"Older: --cursor {next}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Export()
    {
        var command = new Command("export", "Download the backlog or the decision log, with a progress bar");

        var product = new Argument<string>("product") { Description = "The product key" };
        var format = new Option<string>("--format") { Description = "csv or json", DefaultValueFactory = _ => "csv" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file (default: standard output)" };
        var backlog = new Command("backlog", "Every backlog item with every field, in backlog order") { product, format, output };
        backlog.SetAction(async (result, ct) =>
        {
            var key = result.GetValue(product)!;
            await DownloadAsync($"api/v1/products/{Path(key)}/backlog/export{Query(("format", result.GetValue(format)))}", result.GetValue(output), ct);
            return ExitCodes.Ok;
        });

        var logProduct = new Argument<string>("product") { Description = "The product key" };
        var logFormat = new Option<string>("--format") { Description = "csv or jsonl", DefaultValueFactory = _ => "csv" };
        var logOutput = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file (default: standard output)" };
        var area = new Option<string?>("--area") { Description = "Only this decision area" };
        var person = new Option<string?>("--person") { Description = "Only decisions by this person (their id)" };
        var from = new Option<string?>("--from") { Description = "From this day, yyyy-mm-dd (UTC)" };
        var to = new Option<string?>("--to") { Description = "Up to and including this day, yyyy-mm-dd (UTC)" };
        var decisions = new Command("decisions", "The decision log oldest first, for auditors") { logProduct, logFormat, logOutput, area, person, from, to };
        decisions.SetAction(async (result, ct) =>
        {
            var query = Query(("format", result.GetValue(logFormat)), ("area", result.GetValue(area)), ("person", result.GetValue(person)),
                ("from", result.GetValue(from)), ("to", result.GetValue(to)));
            await DownloadAsync($"api/v1/products/{Path(result.GetValue(logProduct)!)}/decision-log/export{query}", result.GetValue(logOutput), ct);
            return ExitCodes.Ok;
        });

        command.Subcommands.Add(backlog);
        command.Subcommands.Add(decisions);
        return command;
    }

    private static Command Import()
    {
        var command = new Command("import", "Import issues from another tool into a product's backlog (ADR 34)");
        var product = new Argument<string>("product") { Description = "The product key" };
        var file = new Argument<FileInfo>("file") { Description = "Jira's CSV (Export Excel CSV, all fields)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only report what would be created, updated and skipped" };
        var jira = new Command("jira", "Import Jira's all-fields CSV; a second import updates instead of copying") { product, file, dryRun };
        jira.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists) throw new CliException(ExitCodes.Usage, $"There is no file {path.FullName}.");
            using var api = TandemApi.FromConfig();
            var query = Query(("source", "jira-csv"), ("dryRun", result.GetValue(dryRun) ? "true" : null));
            var started = await api.PostFileAsync($"api/v1/products/{Path(result.GetValue(product)!)}/imports{query}", await File.ReadAllBytesAsync(path.FullName, ct), "text/csv", ct);
            return await WaitAsync(api, started, result.GetValue(dryRun), result.GetValue(JsonOption), ct);
        });
        command.Subcommands.Add(jira);

        var redmineProduct = new Argument<string>("product") { Description = "The product key to import into" };
        var url = new Option<string>("--url") { Description = "The Redmine's root address, e.g. https://redmine.example.com", Required = true };
        var apiKey = new Option<string>("--api-key") { Description = "A Redmine API key (My account → API access key); default: $TANDEM_REDMINE_API_KEY" };
        var project = new Option<string>("--project") { Description = "The Redmine project's identifier", Required = true };
        var redmineDryRun = new Option<bool>("--dry-run") { Description = "Only report what would be created, updated and skipped" };
        var redmine = new Command("redmine", "Import one Redmine project over its REST API (ADR 39); a second import updates instead of copying")
            { redmineProduct, url, apiKey, project, redmineDryRun };
        redmine.SetAction(async (result, ct) =>
        {
            // The key from the environment keeps it out of the shell's history; it is sent once, to Tandem, over the API.
            var key = result.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("TANDEM_REDMINE_API_KEY");
            if (string.IsNullOrWhiteSpace(key)) throw new CliException(ExitCodes.Usage, "Give --api-key or set TANDEM_REDMINE_API_KEY.");
            using var api = TandemApi.FromConfig();
            var dry = result.GetValue(redmineDryRun);
            var query = Query(("source", "redmine"), ("dryRun", dry ? "true" : null));
            var started = await api.SendAsync(HttpMethod.Post, $"api/v1/products/{Path(result.GetValue(redmineProduct)!)}/imports{query}",
                new { url = result.GetValue(url), apiKey = key, project = result.GetValue(project) }, ct);
            return await WaitAsync(api, started, dry, result.GetValue(JsonOption), ct);
        });
        command.Subcommands.Add(redmine);
        return command;
    }

    /// <summary>Polls an import's job with a progress bar on stderr, then prints its counts and problems (or its JSON).</summary>
    private static async Task<int> WaitAsync(TandemApi api, JsonNode started, bool dryRun, bool json, CancellationToken ct)
    {
        var id = Text(started["id"]);
        JsonNode job = started;
        await Output.Error.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(dryRun ? "Checking" : "Importing", autoStart: true, maxValue: 1);
                while (true)
                {
                    job = await api.GetAsync($"api/v1/imports/{Path(id)}", ct);
                    var total = job["progress"]?["total"]?.GetValue<int>() ?? 0;
                    if (total > 0) task.MaxValue = total;
                    task.Value = job["progress"]?["done"]?.GetValue<int>() ?? 0;
                    if (Text(job["status"]) is "succeeded" or "failed") break;
                    await Task.Delay(500, ct);
                }
                task.Value = task.MaxValue;
            });
        var status = Text(job["status"]);
        if (json) Console.Out.WriteLine(job.ToJsonString());
        else
        {
            // Short lines: Spectre wraps at the terminal's width.
            Output.Error.MarkupLineInterpolated($"Import {id}");
            if (job["dryRun"]?.GetValue<bool>() == true) Output.Error.MarkupLine("Dry run: nothing changed.");
            Output.Error.MarkupLineInterpolated($"{status}: {Text(job["created"])} created, {Text(job["updated"])} updated, {Text(job["skipped"])} skipped.");
            // A Jira problem names the file's row; a Redmine one the issue's number.
            var unit = Text(job["source"]) == "redmine" ? "issue #" : "row ";
            foreach (var problem in job["problems"]?.AsArray().OfType<JsonNode>() ?? [])
                Output.Error.MarkupLineInterpolated($"  {unit}{Text(problem["row"])}{(problem["column"] is null ? "" : $" ({Text(problem["column"])})")}: {Text(problem["message"])}");
        }
        return status == "succeeded" ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    /// <summary>
    /// Streams a download to a file (written beside it, then moved into place, so a failed download leaves no half file)
    /// or to stdout, with a progress bar on stderr counting what has arrived.
    /// </summary>
    private static async Task DownloadAsync(string path, FileInfo? output, CancellationToken ct)
    {
        using var api = TandemApi.FromConfig();
        using var response = await api.OpenAsync(path, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var temp = output is null ? null : output.FullName + ".part";
        long total = 0;
        try
        {
            await using (var target = temp is null ? Console.OpenStandardOutput() : File.Create(temp))
            {
                await Output.Error.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new SpinnerColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask("Downloading", autoStart: true, maxValue: response.Content.Headers.ContentLength ?? double.MaxValue);
                        var buffer = new byte[81920];
                        int read;
                        while ((read = await body.ReadAsync(buffer, ct)) > 0)
                        {
                            await target.WriteAsync(buffer.AsMemory(0, read), ct);
                            total += read;
                            task.Increment(read);
                        }
                        task.Value = task.MaxValue = Math.Max(total, 1);
                    });
            }
            if (temp is not null) File.Move(temp, output!.FullName, overwrite: true);
        }
        catch
        {
            if (temp is not null && File.Exists(temp)) File.Delete(temp);
            throw;
        }
        if (output is not null) Output.Error.MarkupLineInterpolated($"Wrote {total.ToString("N0", CultureInfo.InvariantCulture)} bytes to {output.FullName}.");
    }

    private static IEnumerable<JsonNode> Items(JsonNode? page) => page?["items"]?.AsArray().OfType<JsonNode>() ?? [];

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    private static Markup Cell(JsonNode? node) => new(Markup.Escape(Text(node)));

    private static string Path(string segment) => Uri.EscapeDataString(segment.Trim());

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }
}
