using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Sprints;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Standups;

/// <summary>Records the stand-up, impediment and calendar tests need from other areas, and a team of their own.</summary>
public static class ScrumTestData
{
    private static readonly string[] EveryDay = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>A planned sprint of the team, written straight to the database (the sprints API is another area's).</summary>
    public static async Task<Guid> PlanSprintAsync(TandemApp app, Guid teamId, DateOnly start, DateOnly end, string name = "Sprint")
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var team = await db.Teams.IgnoreQueryFilters().FirstAsync(t => t.Id == teamId);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActInWorkspace(team.WorkspaceId);
        var number = await db.Sprints.CountAsync(s => s.TeamId == teamId) + 1;
        var sprint = Sprint.Plan(team.WorkspaceId, team.ProductId, team.Id, number, $"{name} {number}", null, start, end, null, TimeProvider.System.GetUtcNow());
        db.Sprints.Add(sprint);
        await db.SaveChangesAsync();
        return sprint.Id;
    }

    /// <summary>
    /// A product with a PO, TL, SM, TPM, two developers (on the team) and a stakeholder, and a team whose
    /// stand-up stays open all day (cut-off 23:59 in a zone where it is early now), so no test races the clock.
    /// </summary>
    public static async Task<ScrumTeam> CreateTeamAsync(TandemApp app)
    {
        var key = await app.CreateProductAsync("Stand-up product");
        var people = new Dictionary<string, Person>();
        foreach (var role in new[] { "product-owner", "tech-lead", "scrum-master", "technical-project-manager", "developer", "stakeholder" })
        {
            var person = await app.CreatePersonAsync($"{role} {key}");
            await app.AssignAsync(key, person.Id, role);
            people[role] = person;
        }
        var dev2 = await app.CreatePersonAsync($"second developer {key}");
        await app.AssignAsync(key, dev2.Id, "developer");
        var outsiderDev = await app.CreatePersonAsync($"developer off the team {key}");
        await app.AssignAsync(key, outsiderDev.Id, "developer");
        using var admin = await app.SignInAsync(TandemApp.Admin);
        using var created = await admin.PostAsJsonAsync("/api/v1/teams", new
        {
            name = $"Stand-up team {key}", productKey = key, timeZone = ZoneBeforeCutoff(),
            members = new[] { people["developer"].Id, dev2.Id, people["scrum-master"].Id, people["tech-lead"].Id }
                .Select(id => new { userId = id, allocationPercent = 100, workingDays = EveryDay }),
        });
        var teamId = (await Expect.Status(HttpStatusCode.Created, created))!["id"]!.GetValue<Guid>();
        var sm = await app.SignInAsync(people["scrum-master"].Email, people["scrum-master"].Password);
        using var rhythm = await sm.PutAsJsonAsync($"/api/v1/teams/{teamId}/rhythm", new { standupCutoff = "23:59" });
        await Expect.Status(HttpStatusCode.OK, rhythm);
        return new ScrumTeam(key, teamId, sm,
            await app.SignInAsync(people["developer"].Email, people["developer"].Password),
            await app.SignInAsync(dev2.Email, dev2.Password),
            await app.SignInAsync(people["product-owner"].Email, people["product-owner"].Password),
            await app.SignInAsync(people["technical-project-manager"].Email, people["technical-project-manager"].Password),
            await app.SignInAsync(people["tech-lead"].Email, people["tech-lead"].Password),
            await app.SignInAsync(people["stakeholder"].Email, people["stakeholder"].Password),
            await app.SignInAsync(outsiderDev.Email, outsiderDev.Password),
            people["developer"], dev2, people["scrum-master"]);
    }

    /// <summary>An IANA zone where the local time is now between 00:00 and 12:00, so a 23:59 cut-off is hours away.</summary>
    public static string ZoneBeforeCutoff()
    {
        string[] zones = ["Pacific/Kiritimati", "Pacific/Auckland", "Asia/Tokyo", "Asia/Kolkata", "Europe/Berlin", "UTC", "America/Sao_Paulo", "America/New_York", "America/Chicago", "America/Los_Angeles", "Pacific/Honolulu", "Pacific/Pago_Pago"];
        var now = TimeProvider.System.GetUtcNow();
        return zones.First(z => TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(z)).Hour is >= 0 and < 12);
    }
}

public sealed record ScrumTeam(string ProductKey, Guid TeamId, HttpClient Sm, HttpClient Dev, HttpClient Dev2, HttpClient Po, HttpClient Tpm, HttpClient Tl,
    HttpClient Stakeholder, HttpClient OffTeamDev, Person Developer, Person Developer2, Person ScrumMaster);
