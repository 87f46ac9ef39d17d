using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Tandem.Web.Infrastructure;

/// <summary>
/// What the server process does before it builds its host so that it stays within its memory budget (ADR 47): the
/// runtime's settings Tandem ships with, and the database prepared in a short-lived process of its own.
/// </summary>
public static class LeanProcess
{
    /// <summary>
    /// The runtime settings Tandem ships with. Tiered compilation off: each method is compiled once, optimised, instead
    /// of a quick copy, an instrumented copy and an optimised one, and no call-counting stubs stay behind. Precompiled
    /// (ReadyToRun) framework code off: without tiering it would never be replaced by better code, and its pages would
    /// stay mapped. Two malloc arenas: set before the process starts, the limit holds for the runtime's own threads too.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Value)> RuntimeSettings =
        [("DOTNET_TieredCompilation", "0"), ("DOTNET_ReadyToRun", "0"), ("MALLOC_ARENA_MAX", "2")];

    /// <summary>Set in the restarted process (<c>applied</c>); <c>off</c> keeps the runtime's own defaults.</summary>
    public const string Switch = "TANDEM_RUNTIME_DEFAULTS";

    /// <summary>The argument that makes the process prepare the database (migrations, the demo) and exit.</summary>
    public const string PrepareOnly = "--prepare-only";

    /// <summary>
    /// Restarts this process in place (<c>execve</c>: the same process id, the same arguments) with
    /// <see cref="RuntimeSettings"/>, which the runtime reads only from its environment at start: ReadyToRun has no
    /// setting in <c>runtimeconfig.json</c>. Returns without doing anything when not on Linux, when already applied or
    /// turned off (<see cref="Switch"/>), or when the operator set any of the settings: theirs win. Returns after a
    /// failed restart too, and the server runs with the runtime's defaults.
    /// </summary>
    public static void ApplyRuntimeSettings()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Switch) is not null) return;
        if (RuntimeSettings.Any(s => Environment.GetEnvironmentVariable(s.Name) is not null)) return;
        string[] arguments;
        try
        {
            arguments = CommandLine(File.ReadAllText("/proc/self/cmdline"));
        }
        catch (IOException)
        {
            return;
        }
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}")
            .Concat(RuntimeSettings.Select(s => $"{s.Name}={s.Value}"))
            .Append($"{Switch}=applied");
        Console.Out.Flush();
        ForgetDiagnosticsSocket();
        try
        {
            _ = Execve("/proc/self/exe", [.. arguments, null], [.. environment, null]);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc or musl: nothing to restart with.
        }
    }

    /// <summary>
    /// Removes the diagnostics socket this runtime made for its process id. The restarted runtime makes one of the same
    /// name (the same process id and start time) and could not bind it while the file was there: dotnet-counters,
    /// dotnet-trace and dotnet-gcdump were refused ("Connection refused").
    /// </summary>
    private static void ForgetDiagnosticsSocket()
    {
        try
        {
            // The runtime names it in $TMPDIR, else /tmp: where Path.GetTempPath looks too.
            foreach (var socket in Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{Environment.ProcessId}-*-socket"))
                File.Delete(socket);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The diagnostics tools then cannot attach; the server itself runs as well.
        }
    }

    /// <summary>The arguments of <c>/proc/self/cmdline</c>: each ends with a NUL, and an empty one is kept.</summary>
    public static string[] CommandLine(string cmdline) =>
        (cmdline.EndsWith('\0') ? cmdline[..^1] : cmdline).Split('\0');

    /// <summary>
    /// Runs this server's own command line again with <see cref="PrepareOnly"/> and waits for it. Applying the
    /// migrations and seeding the demo run code the server otherwise never runs; in a process of its own, that code
    /// and what it allocated are gone when it exits, instead of 35–45 MiB resident for the server's life.
    /// Returns false, having done nothing, when the command line cannot be read (not Linux): the caller then prepares
    /// in its own process.
    /// </summary>
    public static async Task<bool> PrepareInChildAsync(CancellationToken ct)
    {
        if (!OperatingSystem.IsLinux()) return false;
        var arguments = CommandLine(await File.ReadAllTextAsync("/proc/self/cmdline", ct));
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "/proc/self/exe") { UseShellExecute = false };
        foreach (var argument in arguments.Skip(1)) start.ArgumentList.Add(argument);
        start.ArgumentList.Add(PrepareOnly);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("The process that prepares the database did not start.");
        await child.WaitForExitAsync(ct);
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"Preparing the database failed (its process exited with {child.ExitCode}); its output above says why.");
        return true;
    }

#pragma warning disable SYSLIB1054 // DllImport, not LibraryImport: the project compiles no unsafe code, and the classic marshaller passes string arrays (LPStr is UTF-8 on Unix)
    [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Execve(
        [MarshalAs(UnmanagedType.LPStr)] string path,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] arguments,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] environment);
#pragma warning restore SYSLIB1054
}
