using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.Application.Demo;
using Tandem.Application.Identity;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Milestones;

[Collection(TandemCollection.Name)]
public class MilestoneDemoTests(TandemApp app)
{
    private static readonly string[] Keys = ["tpm", "po", "tl", "dev1", "stakeholder"];

    /// <summary>Seeds the milestones' demo when the demo seeder does not yet (this branch), then reads it as the TPM.</summary>
    [Fact]
    public async Task The_demo_has_an_at_risk_PAY_milestone_with_gates_a_prerequisite_and_an_open_trade_off_of_three_options()
    {
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            var pay = await db.Products.IgnoreQueryFilters().FirstAsync(p => p.Key == "PAY");
            scope.ServiceProvider.GetRequiredService<CurrentUser>().ActInWorkspace(pay.WorkspaceId);
            if (!await db.Milestones.AnyAsync(m => m.ProductId == pay.Id))
            {
                var mob = await db.Products.FirstAsync(p => p.Key == "MOB");
                var people = new Dictionary<string, TandemUser>();
                foreach (var key in Keys)
                    people[key] = await db.Users.IgnoreQueryFilters().FirstAsync(u => u.Email == $"{key}@demo.tandem");
                await MilestoneDemo.SeedAsync(db, pay, mob, people, TimeProvider.System.GetUtcNow(), CancellationToken.None);
                await db.SaveChangesAsync();
            }
        }
        using var tpm = await app.SignInAsync("tpm@demo.tandem");
        var milestones = (await tpm.GetFromJsonAsync<JsonArray>("/api/v1/products/PAY/milestones"))!;
        var atRisk = milestones.Single(m => m!["name"]!.GetValue<string>() == "Card network certification")!;
        Assert.True(atRisk["forecast"]!["atRisk"]!.GetValue<bool>(), atRisk["forecast"]!.ToJsonString());
        Assert.Contains(atRisk["gates"]!.AsArray(), g => g!["kind"]!.GetValue<string>() == "design-review" && g["status"]!.GetValue<string>() == "passed");
        Assert.Contains(atRisk["gates"]!.AsArray(), g => g!["kind"]!.GetValue<string>() == "qa-sign-off" && g["status"]!.GetValue<string>() == "pending" && g["checklist"]!.AsArray().Count == 3);
        Assert.Contains(atRisk["prerequisites"]!.AsArray(), p => p!["kind"]!.GetValue<string>() == "decision" && !p["met"]!.GetValue<bool>());
        var tradeOff = (await tpm.GetFromJsonAsync<JsonObject>($"/api/v1/trade-offs/{atRisk["openTradeOffId"]!.GetValue<Guid>()}"))!;
        Assert.Equal(3, tradeOff["options"]!.AsArray().Count);
        Assert.Contains((await tpm.GetFromJsonAsync<JsonArray>("/api/v1/products/MOB/milestones"))!, m => m!["name"]!.GetValue<string>() == "Wallet beta");
    }
}
