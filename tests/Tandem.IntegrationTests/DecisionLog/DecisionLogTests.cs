using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.DecisionLog;

[Collection(TandemCollection.Name)]
public class DecisionLogTests(TandemApp app)
{
    /// <summary>A fresh product with three logged assignments and one logged rename.</summary>
    private async Task<(string Key, Person A, Person B)> ProductWithHistoryAsync()
    {
        var key = await app.CreateProductAsync();
        var a = await app.CreatePersonAsync();
        var b = await app.CreatePersonAsync();
        await app.AssignAsync(key, a.Id, "product-owner");
        await app.AssignAsync(key, b.Id, "tech-lead");
        await app.AssignAsync(key, b.Id, "developer");
        using var admin = await app.SignInAsync(TandemApp.Admin);
        using var renamed = await admin.PatchAsJsonAsync($"/api/v1/products/{key}", new { name = "Renamed for the log" });
        await Expect.Status(HttpStatusCode.OK, renamed);
        return (key, a, b);
    }

    private static List<JsonNode> Items(JsonObject page) => page["items"]!.AsArray().Select(i => i!).ToList();

    [Fact]
    public async Task The_log_filters_by_area_person_and_subject()
    {
        var (key, a, b) = await ProductWithHistoryAsync();
        using var admin = await app.SignInAsync(TandemApp.Admin);
        var adminId = await app.UserIdOfAsync(TandemApp.Admin);

        var all = Items((await admin.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/decision-log"))!);
        Assert.Equal(5, all.Count); // created, three assignments, renamed
        Assert.Equal(all.Select(e => e["id"]!.GetValue<long>()).OrderDescending(), all.Select(e => e["id"]!.GetValue<long>()));

        var membership = Items((await admin.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/decision-log?area=membership"))!);
        Assert.Equal(5, membership.Count);
        var none = Items((await admin.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/decision-log?area=backlog-order"))!);
        Assert.Empty(none);

        var byAdmin = Items((await admin.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/decision-log?person={adminId}"))!);
        Assert.Equal(5, byAdmin.Count);
        var byA = Items((await admin.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/decision-log?person={a.Id}"))!);
        Assert.Empty(byA);

        var aboutB = Items((await admin.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/decision-log?subject={b.Id}"))!);
        Assert.Equal(2, aboutB.Count);
        Assert.All(aboutB, e => Assert.Equal("person", e["subjectType"]!.GetValue<string>()));
        var aboutProduct = Items((await admin.GetFromJsonAsync<JsonObject>($"/api/v1/products/{key}/decision-log?subject={key}"))!);
        Assert.Equal(2, aboutProduct.Count);
    }

    [Fact]
    public async Task The_log_pages_with_a_cursor_without_gaps_or_repeats()
    {
        var (key, _, _) = await ProductWithHistoryAsync();
        using var admin = await app.SignInAsync(TandemApp.Admin);

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/products/{key}/decision-log?limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = (await admin.GetFromJsonAsync<JsonObject>(url))!;
            var items = Items(page);
            Assert.InRange(items.Count, 1, 2);
            seen.AddRange(items.Select(e => e["id"]!.GetValue<long>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(seen.OrderDescending(), seen);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("area=nonsense", "area")]
    [InlineData("cursor=%21%21%21", "cursor")]
    public async Task Bad_query_parameters_are_a_400_problem_naming_the_parameter(string query, string field)
    {
        using var po = await app.SignInAsync(TandemApp.AcmePo);
        using var response = await po.GetAsync($"/api/v1/products/PAY/decision-log?{query}");
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Stakeholders_may_not_read_the_log()
    {
        using var stakeholder = await app.SignInAsync("stakeholder@demo.tandem");
        using var response = await stakeholder.GetAsync("/api/v1/products/PAY/decision-log");
        var problem = await Expect.Problem(HttpStatusCode.Forbidden, response);
        Assert.Contains("Only", Expect.Detail(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    [InlineData("POST")]
    public async Task The_api_offers_no_way_to_change_the_log(string method)
    {
        using var admin = await app.SignInAsync(TandemApp.Admin);
        var entry = Items((await admin.GetFromJsonAsync<JsonObject>("/api/v1/products/PAY/decision-log?limit=1"))!).Single();
        var id = entry["id"]!.GetValue<long>();

        foreach (var path in new[] { "/api/v1/products/PAY/decision-log", $"/api/v1/products/PAY/decision-log/{id}" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { summary = "rewritten" }) };
            using var response = await admin.SendAsync(request);
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        }

        var still = Items((await admin.GetFromJsonAsync<JsonObject>("/api/v1/products/PAY/decision-log?limit=1"))!).Single();
        Assert.Equal(entry.ToJsonString(), still.ToJsonString());
    }

    [Fact]
    public async Task The_database_context_refuses_to_change_or_delete_an_entry()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var acme = await db.Workspaces.SingleAsync(w => w.Name == "Acme");
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActInWorkspace(acme.Id);

        var entry = await db.DecisionLog.OrderBy(e => e.Id).FirstAsync();
        var original = entry.Summary;
        db.Entry(entry).Property(e => e.Summary).CurrentValue = "Rewritten history";
        var changed = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Contains("append-only", changed.Message, StringComparison.Ordinal);

        db.ChangeTracker.Clear();
        var again = await db.DecisionLog.SingleAsync(e => e.Id == entry.Id);
        Assert.Equal(original, again.Summary);
        db.DecisionLog.Remove(again);
        Assert.Throws<InvalidOperationException>(() => db.SaveChanges());

        db.ChangeTracker.Clear();
        Assert.True(await db.DecisionLog.AnyAsync(e => e.Id == entry.Id));
    }
}
