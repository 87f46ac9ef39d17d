using System.Diagnostics;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Account;

/// <summary>ADR 0022: sign-in attempts are limited per client address and per email, and unknown emails look like known ones.</summary>
[Collection(TandemCollection.Name)]
public class SignInProtectionTests(TandemApp app)
{
    private const int PerAddress = 30;
    private const int PerAccount = 10;

    [Fact]
    public async Task Failed_sign_ins_from_one_address_are_limited_with_429_and_retry_after_on_the_api_and_the_form()
    {
        var address = ClientAddress.Random();
        using var client = app.Anonymous();
        for (var i = 0; i < PerAddress; i++)
        {
            using var failed = await ClientAddress.LoginAsync(client, $"nobody-{Guid.NewGuid():N}@test.tandem", "wrong-password", address);
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var limited = await ClientAddress.LoginAsync(client, $"nobody-{Guid.NewGuid():N}@test.tandem", "wrong-password", address);
        var problem = await Expect.Problem(HttpStatusCode.TooManyRequests, limited);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Contains("Try again in", Expect.Detail(problem), StringComparison.Ordinal);

        // Even the right password waits: the limit is checked before the password.
        var person = await app.CreatePersonAsync();
        using var right = await ClientAddress.LoginAsync(client, person.Email, person.Password, address);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);

        using var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        using var form = await AccountClients.PostLoginFormAsync(browser, person.Email, person.Password, address);
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
        Assert.NotNull(form.Headers.RetryAfter?.Delta);

        // Another address is not affected.
        using var elsewhere = await ClientAddress.LoginAsync(client, person.Email, person.Password, ClientAddress.Random());
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Failed_sign_ins_on_one_email_are_limited_whichever_address_they_come_from_and_whether_or_not_it_has_an_account()
    {
        var email = $"nobody-{Guid.NewGuid():N}@test.tandem";
        using var client = app.Anonymous();
        for (var i = 0; i < PerAccount; i++)
        {
            using var failed = await ClientAddress.LoginAsync(client, email, "wrong-password", ClientAddress.Random());
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }
        using var limited = await ClientAddress.LoginAsync(client, email, "wrong-password", ClientAddress.Random());
        await Expect.Problem(HttpStatusCode.TooManyRequests, limited);
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Successful_sign_ins_use_up_no_attempts()
    {
        var address = ClientAddress.Random();
        var person = await app.CreatePersonAsync();
        using var client = app.Anonymous();
        for (var i = 0; i < PerAccount + 2; i++)
        {
            using var signedIn = await ClientAddress.LoginAsync(client, person.Email, person.Password, address);
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        }
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_as_a_known_one_and_a_locked_one_at_a_similar_cost()
    {
        var person = await app.CreatePersonAsync();
        var address = ClientAddress.Random();
        using var client = app.Anonymous();
        var known = new List<double>();
        var unknown = new List<double>();
        string? answer = null;
        // Ten attempts each, alternating; the known account locks after five and must still answer the same.
        for (var i = 0; i < PerAccount; i++)
        {
            answer = await AttemptAsync(person.Email, known, answer);
            answer = await AttemptAsync($"nobody-{Guid.NewGuid():N}@test.tandem", unknown, answer);
        }
        Assert.True(Median(unknown) >= 0.3 * Median(known),
            $"unknown emails answer in {Median(unknown):F1} ms, known ones in {Median(known):F1} ms: timing tells them apart");

        async Task<string> AttemptAsync(string email, List<double> times, string? expected)
        {
            var watch = Stopwatch.StartNew();
            using var response = await ClientAddress.LoginAsync(client, email, "wrong-password", address);
            var problem = await Expect.Problem(HttpStatusCode.Unauthorized, response);
            times.Add(watch.Elapsed.TotalMilliseconds);
            problem.Remove("traceId");
            var text = problem.ToJsonString();
            if (expected is not null) Assert.Equal(expected, text);
            return text;
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
