using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Products;
using Tandem.Domain.Teams;

namespace Tandem.Application.Demo;

/// <summary>
/// The Scrum Master's demo: the "Payments Crew" team on PAY (home) and MOB, with the Tech Lead, both
/// developers and the Scrum Master (half time), in Europe/Berlin, on the default four-column workflow.
/// </summary>
internal static class ScrumDemo
{
    public const string TeamName = "Payments Crew";

    public static Team SeedTeam(TandemDbContext db, Product pay, Product mob, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var team = Team.Create(pay.WorkspaceId, pay.Id, TeamName, "Europe/Berlin", now.AddDays(-200));
        team.SetWorkingRhythm(14, DayOfWeek.Monday, 0.8m, 6m, new TimeOnly(10, 0), "Europe/Berlin", "https://meet.example.com/payments-crew");
        db.Teams.Add(team);
        db.TeamProducts.Add(TeamProduct.Of(team, pay.Id));
        db.TeamProducts.Add(TeamProduct.Of(team, mob.Id));
        db.TeamMembers.Add(TeamMember.Add(team, people["tl"].Id, 80, WorkingDays.Weekdays, now.AddDays(-200)));
        db.TeamMembers.Add(TeamMember.Add(team, people["dev1"].Id, 100, WorkingDays.Weekdays, now.AddDays(-200)));
        db.TeamMembers.Add(TeamMember.Add(team, people["dev2"].Id, 100, WorkingDays.Monday | WorkingDays.Tuesday | WorkingDays.Wednesday | WorkingDays.Thursday, now.AddDays(-200)));
        db.TeamMembers.Add(TeamMember.Add(team, people["sm"].Id, 50, WorkingDays.Weekdays, now.AddDays(-200)));
        var position = 0;
        foreach (var (name, status, limit) in BoardColumn.DefaultWorkflow)
            db.BoardColumns.Add(BoardColumn.Create(team, name, position++, status, limit, now.AddDays(-200)));
        return team;
    }
}
