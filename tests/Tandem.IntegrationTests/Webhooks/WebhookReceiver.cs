using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Tandem.IntegrationTests.Webhooks;

/// <summary>One request a receiver got: the Tandem headers and the body as sent.</summary>
public sealed record ReceivedHook(string EventId, string Event, string Signature, string Body, int AnsweredWith)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
}

/// <summary>
/// A real HTTP receiver on loopback (HttpListener): records every delivery and answers each with the status
/// <c>answer(n)</c> gives for the n-th request (1-based), 200 unless told otherwise.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedHook> _received = new();
    private readonly Func<int, int> _answer;
    private readonly TimeSpan _delay;
    private int _count;

    /// <param name="answer">The status for the n-th request.</param>
    /// <param name="delay">How long each answer takes (a slow receiver keeps a delivery in flight).</param>
    public WebhookReceiver(Func<int, int>? answer = null, TimeSpan? delay = null)
    {
        _answer = answer ?? (_ => 200);
        _delay = delay ?? TimeSpan.Zero;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/hooks/tandem";
    public IReadOnlyList<ReceivedHook> Received => [.. _received];

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var status = _answer(Interlocked.Increment(ref _count));
            if (_delay > TimeSpan.Zero) await Task.Delay(_delay);
            _received.Enqueue(new ReceivedHook(context.Request.Headers["Tandem-Event-Id"] ?? "", context.Request.Headers["Tandem-Event"] ?? "",
                context.Request.Headers["Tandem-Signature"] ?? "", body, status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    /// <summary>Waits until a request matches.</summary>
    public async Task<ReceivedHook> WaitForAsync(Func<ReceivedHook, bool> match, TimeSpan? timeout = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (_received.FirstOrDefault(match) is { } hit) return hit;
            if (watch.Elapsed > (timeout ?? TimeSpan.FromSeconds(30)))
                throw new Xunit.Sdk.XunitException($"No matching delivery within {watch.Elapsed.TotalSeconds:0} s; got: {string.Join(", ", _received.Select(r => r.Event))}.");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// The verification snippet of docs/integrations.md, as a receiver writes it: the HMAC-SHA256 of "t.body" with the
    /// secret's UTF-8 bytes as the key, compared in constant time, and the timestamp within five minutes.
    /// </summary>
    public static bool Verify(string secret, string header, string body, long nowUnixSeconds)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1) || !long.TryParse(t, out var sentAt)) return false;
        if (Math.Abs(nowUnixSeconds - sentAt) > 300) return false;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return v1.Length == 64 && CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(v1));
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
