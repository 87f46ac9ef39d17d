namespace Tandem.Cli;

/// <summary>
/// What a script can rely on: each failure has its own code, and the same code always means the same thing.
/// The table is printed by <c>tandem --help</c> and documented in docs/integrations.md.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The server failed (5xx) or answered something unexpected.</summary>
    public const int Failed = 1;
    /// <summary>The command line itself is wrong: unknown command, missing or bad option.</summary>
    public const int Usage = 2;
    /// <summary>Not signed in, or the token is expired or revoked (401).</summary>
    public const int NotSignedIn = 3;
    /// <summary>The decision belongs to someone else (403); the message names who decides.</summary>
    public const int Refused = 4;
    /// <summary>The product or item does not exist, or is not visible to you (404).</summary>
    public const int NotFound = 5;
    /// <summary>Conflict or a stale write (409, 412): read again and retry.</summary>
    public const int Conflict = 6;
    /// <summary>The server refused the values (400, 413, 415, 422); the message lists each bad field.</summary>
    public const int Invalid = 7;
    /// <summary>The server could not be reached or did not answer in time.</summary>
    public const int Unreachable = 8;
    /// <summary>Too many requests (429); wait and retry.</summary>
    public const int Busy = 9;

    public static int ForStatus(int status) => status switch
    {
        401 => NotSignedIn,
        403 => Refused,
        404 => NotFound,
        409 or 412 => Conflict,
        400 or 413 or 415 or 422 => Invalid,
        429 => Busy,
        _ => Failed,
    };
}

/// <summary>A failure with the exit code it ends the command with and the message the person reads.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
