using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;

namespace Tandem.IntegrationTests.Mail;

/// <summary>
/// A real SMTP server on loopback: Debian's python3-aiosmtpd, writing each message it accepts into a Maildir. Started
/// and stopped by its process id, so a test can take it down and bring it back on the same port.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private Process? _process;

    private SmtpServer(string directory, int port) => (Directory, Port) = (directory, port);

    public string Directory { get; }
    public int Port { get; }
    public bool Running => _process is { HasExited: false };

    public static async Task<SmtpServer> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"tandem-smtp-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var server = new SmtpServer(directory, FreePort());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts aiosmtpd (again) on <see cref="Port"/> and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (!File.Exists(Python)) throw new InvalidOperationException("The mail tests need Debian's python3-aiosmtpd (apt-get install python3-aiosmtpd); test.sh installs it.");
        // -I: isolated, so a stray module in the working directory cannot shadow the standard library.
        var start = new ProcessStartInfo(Python, ["-I", "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Path.Combine(Directory, "maildir")])
        {
            WorkingDirectory = Directory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start.");
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var until = Stopwatch.StartNew();
        while (until.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process.HasExited) throw new InvalidOperationException($"aiosmtpd exited with {_process.ExitCode}; is python3-aiosmtpd installed?");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"aiosmtpd did not listen on {Port} within 20 s.");
    }

    /// <summary>Kills the server by its process id, as if it had died: nothing listens on the port until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Every message received so far.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var delivered = Path.Combine(Directory, "maildir", "new");
        if (!System.IO.Directory.Exists(delivered)) return [];
        return System.IO.Directory.GetFiles(delivered).Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList();
    }

    /// <summary>The messages sent to <paramref name="email"/>.</summary>
    public IReadOnlyList<MimeMessage> To(string email) =>
        Messages().Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>Waits until <paramref name="email"/> has received at least <paramref name="count"/> messages matching <paramref name="match"/>.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string email, Func<MimeMessage, bool> match, int count = 1, int seconds = 45)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var found = To(email).Where(match).ToList();
            if (found.Count >= count) return found;
            if (watch.Elapsed > TimeSpan.FromSeconds(seconds))
                throw new TimeoutException($"{email} received {found.Count} of {count} expected mails in {seconds} s; all it has: {string.Join(" | ", To(email).Select(m => m.Subject))}");
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp directory's cleaner.
        }
    }
}
