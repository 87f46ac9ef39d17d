using Microsoft.Extensions.Options;
using Tandem.Web.Auth;

namespace Tandem.IntegrationTests.Account;

/// <summary>The throttle's windows on a clock the test moves (the HTTP tests cannot wait a minute).</summary>
public class SignInThrottleTests
{
    private static readonly IPAddress Office = IPAddress.Parse("192.0.2.10");

    [Fact]
    public void A_full_window_says_how_long_to_wait_and_opens_again_when_it_ends()
    {
        var clock = new Clock();
        var throttle = Throttle(clock, perAddress: 100, perAccount: 2);
        Assert.True(throttle.TryEnter(Office, "ALICE@EXAMPLE.COM", out _));
        Assert.True(throttle.TryEnter(Office, "ALICE@EXAMPLE.COM", out _));

        Assert.False(throttle.TryEnter(Office, "ALICE@EXAMPLE.COM", out var wait));
        Assert.Equal(TimeSpan.FromSeconds(60), wait);
        clock.Now += TimeSpan.FromSeconds(45);
        Assert.False(throttle.TryEnter(Office, "ALICE@EXAMPLE.COM", out wait));
        Assert.Equal(TimeSpan.FromSeconds(15), wait);
        Assert.True(throttle.TryEnter(Office, "BOB@EXAMPLE.COM", out _));

        clock.Now += TimeSpan.FromSeconds(15);
        Assert.True(throttle.TryEnter(Office, "ALICE@EXAMPLE.COM", out _));
    }

    [Fact]
    public void Attempts_that_succeed_give_their_places_back()
    {
        var throttle = Throttle(new Clock(), perAddress: 2, perAccount: 2);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(throttle.TryEnter(Office, "ALICE@EXAMPLE.COM", out _));
            throttle.Release(Office, "ALICE@EXAMPLE.COM");
        }
    }

    [Fact]
    public void An_ipv6_client_is_counted_by_its_64_bit_prefix()
    {
        var throttle = Throttle(new Clock(), perAddress: 2, perAccount: 100);
        Assert.True(throttle.TryEnter(IPAddress.Parse("2001:db8:1:2::1"), "A", out _));
        Assert.True(throttle.TryEnter(IPAddress.Parse("2001:db8:1:2::2"), "B", out _));
        Assert.False(throttle.TryEnter(IPAddress.Parse("2001:db8:1:2:ffff::3"), "C", out _));
        Assert.True(throttle.TryEnter(IPAddress.Parse("2001:db8:1:3::1"), "D", out _));
    }

    private static SignInThrottle Throttle(Clock clock, int perAddress, int perAccount) =>
        new(new Fixed(new SignInLimits { AttemptsPerAddress = perAddress, AttemptsPerAccount = perAccount, WindowSeconds = 60 }), clock);

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
