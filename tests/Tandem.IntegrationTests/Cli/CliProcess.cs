using System.Diagnostics;
using System.Text;

namespace Tandem.IntegrationTests.Cli;

/// <summary>What one run of the tandem command line printed and how it ended.</summary>
public sealed record CliRun(int Exit, string Out, string Err)
{
    public override string ToString() => $"exit {Exit}\nstdout: {Out}\nstderr: {Err}";
}

/// <summary>Runs the built CLI (<c>dotnet tandem.dll …</c>) as its own process, as a script would.</summary>
public static class CliProcess
{
    /// <summary>
    /// Runs tandem with <paramref name="args"/>, its configuration under <paramref name="configHome"/>, no colours, and
    /// the given environment variables (a null value removes one), and waits at most <paramref name="timeout"/> (60 s by default).
    /// </summary>
    public static async Task<CliRun> RunAsync(string configHome, IReadOnlyDictionary<string, string?>? environment, TimeSpan? timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Assembly);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["XDG_CONFIG_HOME"] = configHome;
        start.Environment["TANDEM_URL"] = null;
        start.Environment["TANDEM_TOKEN"] = null;
        start.Environment["Database__Provider"] = null;
        start.Environment["ConnectionStrings__Tandem"] = null;
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>tandem.dll (the CLI) as the solution build left it, in the same configuration as these tests.</summary>
    public static string Assembly
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory); // tests/Tandem.IntegrationTests/bin/{Configuration}/{tfm}/
            var root = here;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Tandem.slnx"))) root = root.Parent;
            if (root is null) throw new InvalidOperationException($"No Tandem.slnx above {AppContext.BaseDirectory}.");
            var path = Path.Combine(root.FullName, "src", "Tandem.Cli", "bin", here.Parent!.Name, here.Name, "tandem.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing; build the solution first.");
        }
    }
}
