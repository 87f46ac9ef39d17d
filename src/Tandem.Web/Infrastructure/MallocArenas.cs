using System.Runtime.InteropServices;

namespace Tandem.Web.Infrastructure;

/// <summary>
/// The C library's allocator settings (ADR 26). glibc gives each thread that allocates natively an arena of its own,
/// up to eight per core; the runtime's and SQLite's allocations from the thread pool's threads then keep many
/// partly used arenas resident. Two arenas hold the same work in about 15 MiB less. Not glibc (musl, macOS,
/// Windows): nothing to set.
/// </summary>
internal static class MallocArenas
{
    private const int ArenaMax = -8; // M_ARENA_MAX in malloc.h

    /// <summary>Limits glibc to two malloc arenas; call first thing in Main, before the thread pool starts threads.</summary>
    public static void Limit()
    {
        if (!OperatingSystem.IsLinux() || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX"))) return;
        try
        {
            _ = MallOpt(ArenaMax, 2);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // Another C library: it has its own allocator and no such setting.
        }
    }

    /// <summary>
    /// Gives the pages of every arena's free blocks back to the system (<c>malloc_trim(0)</c>); glibc does it by
    /// itself only for the main arena's top, so freed native memory otherwise stays resident (ADR 47).
    /// </summary>
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // Another C library (musl): it has no such call.
        }
    }

#pragma warning disable SYSLIB1054 // DllImport, not LibraryImport: two ints need no marshalling, and the project compiles no unsafe code
    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallOpt(int parameter, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
#pragma warning restore SYSLIB1054
}
