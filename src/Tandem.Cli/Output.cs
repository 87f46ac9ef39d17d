using Spectre.Console;

namespace Tandem.Cli;

/// <summary>Two consoles: results on stdout, messages and progress on stderr.</summary>
public static class Output
{
    public static IAnsiConsole Out { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });

    public static IAnsiConsole Error { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>JSON exactly as the server sent it, unformatted by the console (no markup, no wrapping).</summary>
    public static void Raw(string text)
    {
        Console.Out.Write(text);
        if (!text.EndsWith('\n')) Console.Out.WriteLine();
    }
}
