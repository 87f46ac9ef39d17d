using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Delivery;
using Tandem.Domain.Raid;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.StatusReports;

/// <summary>Milestones and risks written straight to the database: their APIs are other areas' of issue 11.</summary>
public static class DeliveryTestData
{
    public static async Task<Guid> AddMilestoneAsync(TandemApp app, string productKey, string name, DateOnly date, IReadOnlyList<string> itemKeys)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var product = await db.Products.IgnoreQueryFilters().FirstAsync(p => p.Key == productKey);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActInWorkspace(product.WorkspaceId);
        var number = await db.Milestones.CountAsync(m => m.ProductId == product.Id) + 1;
        var creator = await db.RoleAssignments.Where(r => r.ProductId == product.Id).Select(r => r.UserId).FirstAsync();
        var milestone = Milestone.Plan(product.WorkspaceId, product.Id, number, name, date, null, null, null, null, creator, TimeProvider.System.GetUtcNow());
        db.Milestones.Add(milestone);
        var items = await db.BacklogItems.Where(i => itemKeys.Contains(i.Key)).Select(i => i.Id).ToListAsync();
        foreach (var item in items) db.MilestoneScope.Add(MilestoneScope.Of(milestone, item));
        await db.SaveChangesAsync();
        return milestone.Id;
    }

    public static async Task<Guid> AddRiskAsync(TandemApp app, string productKey, string title, int probability, int impact, DateOnly? proximityOn = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var product = await db.Products.IgnoreQueryFilters().FirstAsync(p => p.Key == productKey);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActInWorkspace(product.WorkspaceId);
        var number = await db.Risks.CountAsync(r => r.ProductId == product.Id) + 1;
        var owner = await db.RoleAssignments.Where(r => r.ProductId == product.Id).Select(r => r.UserId).FirstAsync();
        var risk = Risk.Raise(product.WorkspaceId, product.Id, number, title, null, probability, impact, proximityOn, owner, TimeProvider.System.GetUtcNow());
        db.Risks.Add(risk);
        await db.SaveChangesAsync();
        return risk.Id;
    }

    /// <summary>Items created by the Product Owner through the API; their keys.</summary>
    public static async Task<List<string>> ItemsAsync(HttpClient po, string productKey, int count)
    {
        var keys = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var response = await po.PostAsJsonAsync($"/api/v1/products/{productKey}/items", new { type = "story", title = $"Scope item {i + 1}" });
            keys.Add((await Expect.Status(HttpStatusCode.Created, response))!["key"]!.GetValue<string>());
        }
        return keys;
    }
}
