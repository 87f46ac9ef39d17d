using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tandem.Cli;

/// <summary>
/// Where <c>tandem login</c> keeps the server and the personal access token: <c>$XDG_CONFIG_HOME/tandem/config.json</c>,
/// else <c>~/.config/tandem/config.json</c>, readable by its owner only (0600 in a 0700 directory). <c>TANDEM_URL</c> and
/// <c>TANDEM_TOKEN</c> override it, for CI jobs that should not write a file.
/// </summary>
public sealed record CliConfig(string Url, string Token)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Directory
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(string.IsNullOrWhiteSpace(xdg) ? Path.Combine(home, ".config") : xdg, "tandem");
        }
    }

    public static string FilePath => Path.Combine(Directory, "config.json");

    /// <summary>The saved sign-in, with the environment's overrides; null when there is neither.</summary>
    public static CliConfig? Load()
    {
        Stored? stored = null;
        if (File.Exists(FilePath))
        {
            try { stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(FilePath), Json); }
            catch (JsonException) { throw new CliException(ExitCodes.NotSignedIn, $"{FilePath} is not a tandem configuration; run `tandem login` again."); }
        }
        var url = Environment.GetEnvironmentVariable("TANDEM_URL") is { Length: > 0 } u ? u : stored?.Url;
        var token = Environment.GetEnvironmentVariable("TANDEM_TOKEN") is { Length: > 0 } t ? t : stored?.Token;
        return url is null || token is null ? null : new CliConfig(url, token);
    }

    public void Save()
    {
        var directory = System.IO.Directory.CreateDirectory(Directory);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Created empty with owner-only rights first, so the token is never readable by others, not even for a moment.
        var temp = FilePath + ".tmp";
        using (var file = OperatingSystem.IsWindows() ? File.Create(temp) : OwnerOnly(temp))
        {
            JsonSerializer.Serialize(file, new Stored(Url, Token), Json);
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, FilePath, overwrite: true);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static FileStream OwnerOnly(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Create,
        Access = FileAccess.Write,
        UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
    });

    public static bool Forget()
    {
        if (!File.Exists(FilePath)) return false;
        File.Delete(FilePath);
        return true;
    }

    private sealed record Stored([property: JsonPropertyName("url")] string? Url, [property: JsonPropertyName("token")] string? Token);
}
