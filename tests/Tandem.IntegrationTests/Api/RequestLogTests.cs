using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Api;

/// <summary>The one-line request log tells what the client got, failures included (issue 13).</summary>
[Collection(TandemCollection.Name)]
public class RequestLogTests(TandemApp app)
{
    [Fact]
    public async Task A_request_that_fails_is_logged_with_the_500_it_answered()
    {
        var admin = await app.SignInAsync(TandemApp.Admin);
        using var response = await admin.GetAsync(FailingPath.Path);
        var problem = await Expect.Problem(HttpStatusCode.InternalServerError, response);
        var traceId = TraceIdOf(problem);

        var line = await app.RequestLog.WaitForAsync(l => Equals(l["TraceId"], traceId));
        Assert.Equal(500, line["Status"]);
        Assert.Equal("GET", line["Method"]);
        Assert.Equal(FailingPath.Path, line["Route"]);
        Assert.NotEqual("-", line["User"]);
    }

    [Fact]
    public async Task A_request_is_logged_with_its_route_pattern_and_status()
    {
        var admin = await app.SignInAsync(TandemApp.Admin);
        using var response = await admin.GetAsync("/api/v1/products/NOPE42");
        var problem = await Expect.Problem(HttpStatusCode.NotFound, response);

        var line = await app.RequestLog.WaitForAsync(l => Equals(l["TraceId"], TraceIdOf(problem)));
        Assert.Equal(404, line["Status"]);
        Assert.Equal("/api/v1/products/{key}", line["Route"]);
    }

    /// <summary>The W3C trace id inside the problem's traceId ("00-{trace id}-{span id}-00").</summary>
    private static string TraceIdOf(JsonObject problem) => problem["traceId"]!.GetValue<string>().Split('-')[1];
}
