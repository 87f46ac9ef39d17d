using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tandem.Application.Data;
using Tandem.IntegrationTests.Infrastructure;
using Tandem.Web.Auth;

namespace Tandem.IntegrationTests.Account;

/// <summary>
/// The throttle's windows, kept in the database (ADR 0022, amended), on a clock the test moves (the HTTP tests
/// cannot wait a minute). Each test owns an empty database of the provider under test.
/// </summary>
public sealed class SignInThrottleTests : IAsyncLifetime
{
    private static readonly IPAddress Office = IPAddress.Parse("192.0.2.10");
    private TestDatabase _database = null!;
    private readonly List<TandemDbContext> _contexts = [];

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("throttle");
        await using var db = _database.NewDbContext();
        await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var db in _contexts) await db.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_full_window_says_how_long_to_wait_and_opens_again_when_it_ends()
    {
        var clock = new Clock();
        var throttle = Throttle(clock, perAddress: 100, perAccount: 2);
        Assert.True((await throttle.EnterAsync(Office, "ALICE@EXAMPLE.COM")).Allowed);
        Assert.True((await throttle.EnterAsync(Office, "ALICE@EXAMPLE.COM")).Allowed);

        var refused = await throttle.EnterAsync(Office, "ALICE@EXAMPLE.COM");
        Assert.False(refused.Allowed);
        Assert.True(refused.FirstRefusal);
        Assert.Equal(TimeSpan.FromSeconds(60), refused.RetryAfter);
        clock.Now += TimeSpan.FromSeconds(45);
        refused = await throttle.EnterAsync(Office, "ALICE@EXAMPLE.COM");
        Assert.False(refused.Allowed);
        Assert.False(refused.FirstRefusal);
        Assert.Equal(TimeSpan.FromSeconds(15), refused.RetryAfter);
        Assert.True((await throttle.EnterAsync(Office, "BOB@EXAMPLE.COM")).Allowed);

        clock.Now += TimeSpan.FromSeconds(15);
        Assert.True((await throttle.EnterAsync(Office, "ALICE@EXAMPLE.COM")).Allowed);
    }

    [Fact]
    public async Task Attempts_that_succeed_give_their_places_back()
    {
        var throttle = Throttle(new Clock(), perAddress: 2, perAccount: 2);
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await throttle.EnterAsync(Office, "ALICE@EXAMPLE.COM")).Allowed);
            await throttle.ReleaseAsync(Office, "ALICE@EXAMPLE.COM");
        }
    }

    [Fact]
    public async Task An_ipv6_client_is_counted_by_its_64_bit_prefix()
    {
        var throttle = Throttle(new Clock(), perAddress: 2, perAccount: 100);
        Assert.True((await throttle.EnterAsync(IPAddress.Parse("2001:db8:1:2::1"), "A")).Allowed);
        Assert.True((await throttle.EnterAsync(IPAddress.Parse("2001:db8:1:2::2"), "B")).Allowed);
        Assert.False((await throttle.EnterAsync(IPAddress.Parse("2001:db8:1:2:ffff::3"), "C")).Allowed);
        Assert.True((await throttle.EnterAsync(IPAddress.Parse("2001:db8:1:3::1"), "D")).Allowed);
    }

    [Fact]
    public async Task Two_nodes_count_against_one_window_and_a_parallel_burst_cannot_slip_through()
    {
        var clock = new Clock();
        // Two throttles on two connections: as two web nodes would be.
        var nodeA = Throttle(clock, perAddress: 1000, perAccount: 10);
        var nodeB = Throttle(clock, perAddress: 1000, perAccount: 10);
        var results = new List<bool>();
        for (var i = 0; i < 10; i++) results.Add((await (i % 2 == 0 ? nodeA : nodeB).EnterAsync(Office, "SHARED@EXAMPLE.COM")).Allowed);
        Assert.All(results, Assert.True);
        Assert.False((await nodeA.EnterAsync(Office, "SHARED@EXAMPLE.COM")).Allowed);
        Assert.False((await nodeB.EnterAsync(Office, "SHARED@EXAMPLE.COM")).Allowed);

        // Twenty at once, each on its own connection: exactly the limit gets in.
        var burst = Enumerable.Range(0, 20).Select(_ => Throttle(clock, perAddress: 1000, perAccount: 5)).ToList();
        var entered = await Task.WhenAll(burst.Select(node => Task.Run(() => node.EnterAsync(Office, "BURST@EXAMPLE.COM"))));
        Assert.Equal(5, entered.Count(d => d.Allowed));
    }

    [Fact]
    public async Task Keys_are_stored_hashed_and_ended_windows_are_pruned()
    {
        var clock = new Clock();
        var throttle = Throttle(clock, perAddress: 100, perAccount: 100);
        await throttle.EnterAsync(Office, "CAROL@EXAMPLE.COM");
        await using (var db = _database.NewDbContext())
        {
            var keys = await db.Set<Tandem.Application.Security.SignInWindow>().Select(w => w.Key).ToListAsync();
            Assert.Equal(2, keys.Count);
            Assert.All(keys, k => Assert.Matches("^[0-9a-f]{64}$", k));
        }
        clock.Now += TimeSpan.FromMinutes(5);
        await throttle.EnterAsync(IPAddress.Parse("192.0.2.99"), "DAVE@EXAMPLE.COM");
        await using (var db = _database.NewDbContext())
            Assert.Equal(2, await db.Set<Tandem.Application.Security.SignInWindow>().CountAsync());
    }

    private SignInThrottle Throttle(Clock clock, int perAddress, int perAccount)
    {
        var db = _database.NewDbContext();
        _contexts.Add(db);
        return new(db, new Fixed(new SignInLimits { AttemptsPerAddress = perAddress, AttemptsPerAccount = perAccount, WindowSeconds = 60 }), clock, new SignInThrottlePruning());
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class Fixed(SignInLimits limits) : IOptionsMonitor<SignInLimits>
    {
        public SignInLimits CurrentValue => limits;

        public SignInLimits Get(string? name) => limits;

        public IDisposable? OnChange(Action<SignInLimits, string?> listener) => null;
    }
}
