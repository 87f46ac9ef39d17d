using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Api;

[Collection(TandemCollection.Name)]
public class HealthAndProblemsTests(TandemApp app)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_200(string path)
    {
        using var client = app.Anonymous();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/no-such-thing")]
    [InlineData("/api/v2/products")]
    [InlineData("/api/v1/products/PAY/no-such-thing")]
    [InlineData("/api/v1/products/PAY/report.json")]
    [InlineData("/api/nothing")]
    public async Task An_unknown_api_route_is_a_404_problem(string path)
    {
        using var client = await app.SignInAsync(TandemApp.AcmePo);
        using var response = await client.GetAsync(path);
        await Expect.Problem(HttpStatusCode.NotFound, response);
    }

    [Fact]
    public async Task The_app_runs_on_the_provider_under_test()
    {
        await using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(app.Services);
        var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Tandem.Application.Data.TandemDbContext>(scope.ServiceProvider);
        Assert.Equal(TestDatabase.ProviderUnderTest == Tandem.Application.Data.DatabaseProvider.Sqlite, db.IsSqlite);
        Assert.Equal(TestDatabase.ProviderUnderTest, app.Provider);
    }

    [Fact]
    public async Task An_unknown_api_route_is_a_404_problem_even_when_signed_out()
    {
        using var client = app.Anonymous();
        using var response = await client.GetAsync("/api/v1/no-such-thing");
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Unauthorized });
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Signed_out_api_calls_are_a_401_problem()
    {
        using var client = app.Anonymous();
        using var response = await client.GetAsync("/api/v1/products");
        await Expect.Problem(HttpStatusCode.Unauthorized, response);
    }

    [Fact]
    public async Task An_unknown_product_is_a_404_problem()
    {
        using var client = await app.SignInAsync(TandemApp.Admin);
        using var response = await client.GetAsync("/api/v1/products/NOPE42");
        var problem = await Expect.Problem(HttpStatusCode.NotFound, response);
        Assert.Contains("NOPE42", Expect.Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var client = await app.SignInAsync(TandemApp.Admin);
        using var content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/products", content);
        await Expect.Problem(HttpStatusCode.BadRequest, response);
    }
}
