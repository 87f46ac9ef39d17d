using Spectre.Console;
using Tandem.Cli;

// The tandem command line (issue 16). Parsing by System.CommandLine, tables and progress by Spectre.Console.
// Results go to stdout (a table, or with --json what the API answered); messages and progress go to stderr,
// so `tandem backlog list PAY --json | jq` always reads clean JSON.
var root = Commands.Build();
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine("Run `tandem --help` for the commands and their options.");
    return ExitCodes.Usage;
}
try
{
    return await parsed.InvokeAsync(new System.CommandLine.InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (CliException e)
{
    Output.Error.MarkupLineInterpolated($"[red]{e.Message}[/]");
    return e.ExitCode;
}
catch (OperationCanceledException)
{
    Output.Error.MarkupLine("[yellow]Cancelled.[/]");
    return 130;
}
