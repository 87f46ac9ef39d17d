using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Raid;
using Tandem.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Tandem.IntegrationTests.Raid;

[Collection(TandemCollection.Name)]
public class RaidScaleTests(TandemApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task Four_hundred_risks_with_their_history_are_listed_in_one_page_quickly()
    {
        var team = await RaidTeam.CreateAsync(app);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            var product = await db.Products.IgnoreQueryFilters().FirstAsync(p => p.Key == team.Key);
            scope.ServiceProvider.GetRequiredService<CurrentUser>().ActInWorkspace(product.WorkspaceId);
            var now = TimeProvider.System.GetUtcNow();
            for (var n = 1; n <= 400; n++)
            {
                var raisedAt = now.AddDays(-30 - n % 20);
                var risk = Risk.Raise(product.WorkspaceId, product.Id, n, $"Scale risk {n}", "", 1 + n % 5, 1 + n / 5 % 5, DateOnly.FromDateTime(now.UtcDateTime).AddDays(n % 60), team.TpmPerson.Id, raisedAt);
                db.Risks.Add(risk);
                db.RiskHistory.Add(RiskHistory.Of(risk, team.TpmPerson.Id, raisedAt));
                risk.Handle(team.TpmPerson.Id, 1 + (n + 1) % 5, risk.Impact, "", "", "", risk.ProximityOn, now.AddDays(-3));
                db.RiskHistory.Add(RiskHistory.Of(risk, team.TpmPerson.Id, now.AddDays(-3)));
            }
            await db.SaveChangesAsync();
        }

        await team.Po.GetStringAsync($"/p/{team.Key}/raid"); // warm
        var clock = Stopwatch.StartNew();
        var page = await team.Po.GetStringAsync($"/p/{team.Key}/raid");
        clock.Stop();
        output.WriteLine($"RAID page with 400 risks: {clock.ElapsedMilliseconds} ms, {page.Length / 1024} KiB");
        Assert.Equal(400, page.Split("data-testid=\"risk-row\"").Length - 1);
        // Trend arrows both ways (Blazor encodes them as character references).
        var text = System.Net.WebUtility.HtmlDecode(page);
        Assert.Contains("↑ +", text, StringComparison.Ordinal);
        Assert.Contains("↓ -", text, StringComparison.Ordinal);
        Assert.True(clock.ElapsedMilliseconds < 3000, $"The RAID page of 400 risks took {clock.ElapsedMilliseconds} ms.");

        var first = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.Key}/risks?limit=200"))!;
        Assert.Equal(400, first["total"]!.GetValue<int>());
        var scores = first["items"]!.AsArray().Select(r => r!["score"]!.GetValue<int>()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        var second = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.Key}/risks?limit=200&cursor={first["nextCursor"]}"))!;
        Assert.Equal(200, second["items"]!.AsArray().Count);
        Assert.Null(second["nextCursor"]);
        Assert.NotNull(first["items"]![0]!["trend"]);
    }
}
