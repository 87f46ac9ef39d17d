using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using Tandem.Application.Data;

namespace Tandem.Web.Infrastructure;

/// <summary>
/// Several web nodes on one PostgreSQL and one Redis (issue 15, ADR 0032). With
/// <c>ConnectionStrings:Redis</c> set: SignalR's messages go through the Redis backplane, every node's
/// read-cache counters move for every node's writes through one Redis pub/sub channel
/// (<see cref="CacheInvalidationChannel"/>), and <c>/health/ready</c> pings Redis. Without it nothing
/// changes: one node, caches in the process.
/// </summary>
public static class Cluster
{
    public const string RedisConnectionName = "Redis";

    public static void AddTandemCluster(this WebApplicationBuilder builder, ISignalRServerBuilder signalR)
    {
        var services = builder.Services;
        var redis = builder.Configuration.GetConnectionString(RedisConnectionName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<ILiveChannel>(AlwaysLive.Instance);
            return;
        }
        AddRedis(services, signalR, redis);
    }

    // In its own method, so that StackExchange.Redis loads only when Redis is configured (ADR 26).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void AddRedis(IServiceCollection services, ISignalRServerBuilder signalR, string redis)
    {
        // SignalR's backplane keeps its own connections (one per hub); the node holds on to them to know when they are back (LiveBackplane).
        var backplane = new LiveBackplane();
        services.AddSingleton(backplane);
        signalR.AddStackExchangeRedis(redis, o =>
        {
            o.Configuration.ChannelPrefix = RedisChannel.Literal("tandem:signalr");
            Resilient(o.Configuration);
            o.ConnectionFactory = async log =>
            {
                var connection = await ConnectionMultiplexer.ConnectAsync(o.Configuration, log);
                backplane.Add(connection);
                return connection;
            };
        });
        services.AddHostedService<LiveBackplaneWatch>();
        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(redis);
            Resilient(options);
            options.ClientName ??= "tandem-" + Environment.MachineName;
            return ConnectionMultiplexer.Connect(options);
        });
        // Suspended from the start (before any request can fill a cache) until the channel is proven.
        services.AddSingleton(_ =>
        {
            var versions = new ChangeVersions();
            versions.Suspend();
            return versions;
        });
        services.AddSingleton<CacheInvalidationChannel>();
        services.AddSingleton<ILiveChannel>(sp => sp.GetRequiredService<CacheInvalidationChannel>());
        services.AddHostedService(sp => sp.GetRequiredService<CacheInvalidationChannel>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
    }

    // Start without Redis and keep trying; a command while it is away fails at once instead of waiting in a queue.
    private static void Resilient(ConfigurationOptions options)
    {
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectRetry = 1;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.ReconnectRetryPolicy = new LinearRetry(500);
    }
}

/// <summary>Whether this node's live messages reach the other nodes' screens (the hubs tell their pages).</summary>
public interface ILiveChannel
{
    bool IsLive { get; }
}

/// <summary>One node, no Redis: SignalR's groups are all in this process.</summary>
internal sealed class AlwaysLive : ILiveChannel
{
    public static readonly AlwaysLive Instance = new();
    public bool IsLive => true;
}

/// <summary>
/// The read caches' invalidation channel (ADR 0032). Each node publishes what its commits moved
/// (<see cref="ChangeNotice"/>) on <c>tandem:changes</c> and applies what the others publish. Until the
/// channel is proven (a probe this node sent came back through it) and whenever Redis is lost, the
/// counters are suspended: nothing is served from a cache. On the way back everything cached before is
/// dropped, and a node that could not publish a write meanwhile asks every node to drop everything too.
/// </summary>
public sealed class CacheInvalidationChannel(IConnectionMultiplexer redis, ChangeVersions versions, LiveBackplane backplane, TimeProvider clock,
    ILogger<CacheInvalidationChannel> logger)
    : BackgroundService, ILiveChannel
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("tandem:changes");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _node = Guid.NewGuid().ToString("N")[..12];
    private RedisProbe? _probe;
    private volatile bool _unsent;

    public bool IsLive => versions.Trusted && redis.IsConnected && backplane.Proven;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var probe = _probe = new RedisProbe($"{_node}|probe|");
        versions.Attach(Send);
        redis.ConnectionFailed += (_, e) =>
        {
            if (!versions.Trusted) return;
            logger.LogWarning("Redis lost ({FailureType}, {ConnectionType}): read caches suspended until the invalidation channel is back", e.FailureType, e.ConnectionType);
            versions.Suspend();
        };
        var subscriber = redis.GetSubscriber();
        var subscribed = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!subscribed)
                {
                    await subscriber.SubscribeAsync(Channel, (_, message) => Receive(message));
                    subscribed = true;
                }
                if (!versions.Trusted && redis.IsConnected && await probe.RunAsync(subscriber, Channel, stoppingToken))
                {
                    if (_unsent)
                    {
                        await subscriber.PublishAsync(Channel, Envelope("notice", ChangeNotice.DropAll));
                        _unsent = false;
                    }
                    versions.Resume();
                    logger.LogInformation("Cache invalidation channel live on node {Node}: read caches on", _node);
                }
                else if (versions.Trusted && !redis.IsConnected)
                {
                    versions.Suspend();
                }
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogDebug(e, "Redis not reachable yet");
            }
            try { await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    private void Send(ChangeNotice notice)
    {
        try
        {
            // Before the write's response is sent, so a request to another node right after it sees the change.
            redis.GetSubscriber().Publish(Channel, Envelope("notice", notice));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _unsent = true;
            versions.Suspend();
            logger.LogWarning(e, "A change could not be sent to the other nodes; they are told to drop their caches once Redis is back");
        }
    }

    // node|kind|sent (Unix ms, for the backplane-lag metric)|notice
    private string Envelope(string kind, ChangeNotice notice) =>
        $"{_node}|{kind}|{clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)}|{JsonSerializer.Serialize(notice, Json)}";

    private void Receive(RedisValue message)
    {
        var text = (string?)message;
        if (text is null) return;
        var parts = text.Split('|', 4);
        if (parts.Length < 3) return;
        if (parts[0] == _node)
        {
            _probe?.Receive(message);
            return;
        }
        if (parts[1] != "notice") return;
        // A node of the version before sends node|notice|json, without the time it was sent.
        var json = parts.Length == 4 ? parts[3] : parts[2];
        if (parts.Length == 4 && long.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sent))
            TandemMetrics.RecordBackplaneLag(clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(sent), "tandem:changes");
        var notice = JsonSerializer.Deserialize<ChangeNotice>(json, Json);
        if (notice is not null) versions.Apply(notice);
    }
}

/// <summary>Redis answers a ping (part of <c>/health/ready</c> when Redis is configured).</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0.#} ms");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer", e);
        }
    }
}

/// <summary>Sends to a hub's clients without failing the request that saved the change when the backplane is away.</summary>
public static class LiveSend
{
    public static async Task SendOrLogAsync(this IClientProxy clients, string method, object message, ILogger logger)
    {
        try
        {
            await clients.SendAsync(method, message, CancellationToken.None);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The change is saved; screens show "live updates paused" and read it on reload (ADR 0032).
            logger.LogWarning(e, "Live message {Method} not sent: the Redis backplane is unreachable", method);
        }
    }
}

/// <summary>
/// SignalR's Redis connections, as the backplane made them (one per hub), and whether their subscriptions are proven
/// to receive: a probe this node published through each came back. A screen's live channel is live only then
/// (<see cref="CacheInvalidationChannel.IsLive"/>): the cache channel's own connection can be back a moment before
/// the backplane's, and a change sent in that moment reached nobody.
/// </summary>
public sealed class LiveBackplane
{
    private readonly Lock _gate = new();
    private List<IConnectionMultiplexer> _connections = [];
    private volatile bool _proven = true;

    public void Add(IConnectionMultiplexer connection)
    {
        lock (_gate)
        {
            _connections = [.. _connections, connection];
            _proven = false;
        }
    }

    public IReadOnlyList<IConnectionMultiplexer> Connections => _connections;

    /// <summary>Every connection made so far is proven (true before the first: no hub has sent anything yet).</summary>
    public bool Proven
    {
        get => _proven;
        internal set => _proven = value;
    }
}

/// <summary>
/// Proves the backplane's subscriptions after every connection loss, and then tells every live screen, on every
/// node, to read its state again (the client method <c>resync</c>): a change this node sent while its backplane was
/// away reached no other node, and one the others sent did not reach this node's screens.
/// </summary>
internal sealed class LiveBackplaneWatch(LiveBackplane backplane, IHubContext<Features.Poker.PokerHub> poker, IHubContext<Features.Board.BoardHub> board,
    IHubContext<Features.Retros.RetroHub> retro, ILogger<LiveBackplaneWatch> logger) : BackgroundService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("tandem:backplane-probe");
    private readonly string _node = Guid.NewGuid().ToString("N")[..12];
    private readonly Dictionary<IConnectionMultiplexer, Watched> _watched = new(ReferenceEqualityComparer.Instance);

    private sealed class Watched(string node)
    {
        public volatile bool Proven;
        public bool ProvenBefore;
        public readonly RedisProbe Probe = new($"{node}|");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var back = false;
            foreach (var connection in backplane.Connections)
            {
                try
                {
                    if (!_watched.TryGetValue(connection, out var watched))
                    {
                        watched = new Watched(_node);
                        _watched[connection] = watched;
                        connection.ConnectionFailed += (_, _) => { watched.Proven = false; backplane.Proven = false; };
                        await connection.GetSubscriber().SubscribeAsync(Channel, (_, message) => watched.Probe.Receive(message));
                    }
                    if (!watched.Proven && connection.IsConnected && await watched.Probe.RunAsync(connection.GetSubscriber(), Channel, stoppingToken))
                    {
                        watched.Proven = true;
                        back |= watched.ProvenBefore;
                        watched.ProvenBefore = true;
                    }
                    else if (watched.Proven && !connection.IsConnected)
                    {
                        watched.Proven = false;
                    }
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    logger.LogDebug(e, "SignalR's Redis backplane not reachable yet");
                }
            }
            backplane.Proven = backplane.Connections.All(c => _watched.TryGetValue(c, out var w) && w.Proven);
            if (back) await ResyncAsync(stoppingToken);
            try { await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    private async Task ResyncAsync(CancellationToken ct)
    {
        logger.LogInformation("SignalR's Redis backplane is back on node {Node}: live screens read their state again", _node);
        try
        {
            await poker.Clients.All.SendAsync("resync", ct);
            await board.Clients.All.SendAsync("resync", ct);
            await retro.Clients.All.SendAsync("resync", ct);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Another hub's connection is not back yet; its own return sends this again.
            logger.LogDebug(e, "A resync could not be sent yet");
        }
    }
}

/// <summary>
/// Proves that a subscription receives: a message of this node's own, with a fresh id, published on the channel and come
/// back through it within two seconds. Used by the cache channel and by the backplane's watch; the message is the
/// prefix (which names the node) and the id.
/// </summary>
internal sealed class RedisProbe(string prefix)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);
    private volatile TaskCompletionSource<bool>? _pending;
    private volatile string _message = "";

    public async Task<bool> RunAsync(ISubscriber subscriber, RedisChannel channel, CancellationToken ct)
    {
        var pending = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var message = prefix + Guid.NewGuid().ToString("N");
        // The completion first: a receiver that sees the new message then finds the completion that waits for it.
        _pending = pending;
        _message = message;
        await subscriber.PublishAsync(channel, message);
        var done = await Task.WhenAny(pending.Task, Task.Delay(Wait, ct));
        return done == pending.Task;
    }

    /// <summary>A message that came through the subscription: the probe's own, with its current id, proves it.</summary>
    public void Receive(RedisValue message)
    {
        if ((string?)message == _message) _pending?.TrySetResult(true);
    }
}
