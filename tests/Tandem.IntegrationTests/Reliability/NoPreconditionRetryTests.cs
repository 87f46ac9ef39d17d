using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Reliability;

/// <summary>
/// A PATCH or PUT sent without If-Match asked for no precondition: meeting a concurrent change, the server applies
/// it again to the record as it is now instead of answering 412. With If-Match the 412 stays (issue 12).
/// </summary>
[Collection(TandemCollection.Name)]
public class NoPreconditionRetryTests(TandemApp app)
{
    private const int Writers = 16;

    [Fact]
    public async Task Sixteen_renames_of_one_product_without_If_Match_all_apply()
    {
        var key = await app.CreateProductAsync("Retry target");
        using var admin = await app.SignInAsync(TandemApp.Admin);
        using var before = await admin.GetAsync($"/api/v1/products/{key}");
        var version = (await Expect.Status(HttpStatusCode.OK, before))!["version"]!.GetValue<int>();

        var names = Enumerable.Range(1, Writers).Select(n => $"Renamed by writer {n}").ToList();
        var answers = await Task.WhenAll(names.Select(async name =>
        {
            using var response = await admin.PatchAsJsonAsync($"/api/v1/products/{key}", new { name });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(answers, a => Assert.True(a.StatusCode == HttpStatusCode.OK, $"{(int)a.StatusCode}: {a.Body}"));
        using var after = await admin.GetAsync($"/api/v1/products/{key}");
        var product = (await Expect.Status(HttpStatusCode.OK, after))!;
        // Every rename was applied once, one after another: the version moved sixteen times and the name is one of them.
        Assert.Equal(version + Writers, product["version"]!.GetValue<int>());
        Assert.Contains(product["name"]!.GetValue<string>(), names);
    }

    [Fact]
    public async Task With_If_Match_a_concurrent_change_is_still_refused()
    {
        var key = await app.CreateProductAsync("Retry precondition");
        using var admin = await app.SignInAsync(TandemApp.Admin);
        using var read = await admin.GetAsync($"/api/v1/products/{key}");
        await Expect.Status(HttpStatusCode.OK, read);
        var etag = read.Headers.ETag!.ToString();

        var answers = await Task.WhenAll(Enumerable.Range(1, 8).Select(async n =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/products/{key}") { Content = JsonContent.Create(new { name = $"Conditional {n}" }) };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            using var response = await admin.SendAsync(request);
            return response.StatusCode;
        }));

        Assert.Equal(1, answers.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(7, answers.Count(s => s == HttpStatusCode.PreconditionFailed));
    }

    [Fact]
    public async Task A_client_that_gives_up_while_waiting_for_its_turn_takes_nobody_elses()
    {
        var key = await app.CreateProductAsync("Retry abandoned");
        using var admin = await app.SignInAsync(TandemApp.Admin);
        var path = $"/api/v1/products/{key}";
        // This test holds the path's turn, as a rename under way would.
        var stripe = Tandem.Web.Infrastructure.NoPreconditionRetry.StripeOf(path);
        Assert.True(await stripe.WaitAsync(TimeSpan.FromSeconds(30)), "The path's turn was free within 30 s.");
        try
        {
            using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => admin.PatchAsJsonAsync(path, new { name = "Abandoned" }, giveUp.Token));
            // The server sees the client go and ends its wait; it must not give back the turn it never had.
            for (var waited = 0; waited < 20; waited++)
            {
                Assert.True(stripe.CurrentCount == 0, "The abandoned request released the turn another request holds.");
                await Task.Delay(100);
            }
        }
        finally
        {
            // Given back by this test only if nobody gave it back for it (that failure is the assertion's to report).
            if (stripe.CurrentCount == 0) stripe.Release();
        }
        using var renamed = await admin.PatchAsJsonAsync(path, new { name = "Renamed after" });
        await Expect.Status(HttpStatusCode.OK, renamed);
    }
}
