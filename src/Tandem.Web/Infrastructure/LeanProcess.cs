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

    /// <summary>
    /// The settings of <c>TANDEM_RUNTIME_DEFAULTS=throughput</c>, for a server with about 15 MiB to spare that wants the
    /// most writes a second (ADR 53). Tiered compilation on, so that dynamic PGO compiles the hot paths again with what
    /// they met (the interface a call site always meets called directly, its body inlined): a tenth to a quarter less CPU
    /// per update and move. What tiering costs in memory is mostly copies of methods that are warm, not hot, so a method
    /// is counted for a thousand calls instead of thirty before it is compiled again, and a method with a loop is
    /// compiled optimised at once (no quick copy, no on-stack replacement). ReadyToRun and the arenas as in
    /// <see cref="RuntimeSettings"/>.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Value)> ThroughputSettings =
    [
        ("DOTNET_TieredCompilation", "1"), ("DOTNET_TC_CallCountThreshold", "1000"), ("DOTNET_TC_QuickJitForLoops", "0"),
        ("DOTNET_ReadyToRun", "0"), ("MALLOC_ARENA_MAX", "2"),
    ];

    /// <summary>
    /// Unset: the server restarts with <see cref="RuntimeSettings"/>; <see cref="Throughput"/>: with
    /// <see cref="ThroughputSettings"/>; <c>off</c> keeps the runtime's own defaults. The restarted process has <c>applied</c>.
    /// </summary>
    public const string Switch = "TANDEM_RUNTIME_DEFAULTS";

    /// <summary>The value of <see cref="Switch"/> that asks for <see cref="ThroughputSettings"/>.</summary>
    public const string Throughput = "throughput";

    /// <summary>
    /// The settings this process should restart with, read from <paramref name="environment"/>, or null to run as it
    /// is: <see cref="Switch"/> says <c>off</c> or <c>applied</c> (or a value it does not know, which
    /// <paramref name="unknown"/> is told of), or the operator set any of the chosen settings themselves (theirs win, whole).
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)>? SettingsToApply(Func<string, string?> environment, Action<string>? unknown = null)
    {
        var mode = environment(Switch);
        var settings = mode switch
        {
            null => RuntimeSettings,
            _ when mode.Equals(Throughput, StringComparison.OrdinalIgnoreCase) => ThroughputSettings,
            _ => null,
        };
        if (mode is not null && settings is null && !mode.Equals("off", StringComparison.OrdinalIgnoreCase) && mode != "applied")
            unknown?.Invoke($"{Switch}={mode} is not a value Tandem knows (unset, {Throughput} or off); the server runs with the runtime's own defaults.");
        return settings is not null && settings.All(s => environment(s.Name) is null) ? settings : null;
    }

    /// <summary>The argument that makes the process prepare the database (migrations, the demo) and exit.</summary>
    public const string PrepareOnly = "--prepare-only";

    /// <summary>
    /// Restarts this process in place (<c>execve</c>: the same process id, the same arguments) with the settings
    /// <see cref="SettingsToApply"/> chooses, which the runtime reads only from its environment at start: ReadyToRun has
    /// no setting in <c>runtimeconfig.json</c>. Returns without doing anything when not on Linux or when there is nothing
    /// to apply. Returns after a failed restart too, and the server runs with the runtime's defaults.
    /// </summary>
    public static void ApplyRuntimeSettings()
    {
        if (!OperatingSystem.IsLinux() || SettingsToApply(Environment.GetEnvironmentVariable, Console.Error.WriteLine) is not { } settings) return;
        string[] arguments;
        try
        {
            arguments = CommandLine(File.ReadAllText("/proc/self/cmdline"));
        }
        catch (IOException)
        {
            return;
        }
        // The switch is replaced (it may say "throughput"): a variable twice in an environment is read either way.
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Where(e => !Switch.Equals(e.Key))
            .Select(e => $"{e.Key}={e.Value}")
            .Concat(settings.Select(s => $"{s.Name}={s.Value}"))
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
