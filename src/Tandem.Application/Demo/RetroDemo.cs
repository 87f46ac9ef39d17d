using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Health;
using Tandem.Domain.Products;
using Tandem.Domain.Retros;
using Tandem.Domain.Teams;

namespace Tandem.Application.Demo;

/// <summary>
/// The demo team's retrospectives (two closed ones, the second reviewing the first's actions: one done, one
/// not done and overdue), its working agreements, and a health check every four weeks with a trend.
/// </summary>
internal static class RetroDemo
{
    public static void Seed(TandemDbContext db, Team team, Product pay, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var sm = people["sm"].Id;
        var (tl, dev1, dev2) = (people["tl"].Id, people["dev1"].Id, people["dev2"].Id);

        // Sprint 11: start, stop, continue.
        var first = Retrospective.Start(team, null, "Sprint 11 retro", RetroFormat.StartStopContinue, null, 3, null, sm, now.AddDays(-28));
        db.Retrospectives.Add(first);
        Cards(db, first, now.AddDays(-28),
            ("Start", "Review pull requests within a day", dev1, false), ("Stop", "Merging without a green build", tl, false),
            ("Stop", "Meetings that could have been a message", dev2, true), ("Continue", "Pairing on tricky payments code", dev2, false));
        foreach (var phase in new[] { RetroPhase.Group, RetroPhase.Vote, RetroPhase.Discuss, RetroPhase.Actions })
            first.MoveTo(phase, now.AddDays(-28).AddMinutes(10 * (int)phase));
        var reviews = RetroAction.Agree(first, "Review pull requests within a day", dev1, team.Today(now.AddDays(-18)), now.AddDays(-28));
        var checklist = RetroAction.Agree(first, "Automate the release checklist", tl, team.Today(now.AddDays(-16)), now.AddDays(-28));
        db.RetroActions.AddRange(reviews, checklist);
        first.MoveTo(RetroPhase.Closed, now.AddDays(-28).AddHours(1));

        // Sprint 12: mad, sad, glad, opening with the review of sprint 11's actions.
        var second = Retrospective.Start(team, null, "Sprint 12 retro", RetroFormat.MadSadGlad, null, 3, first.Id, sm, now.AddDays(-14));
        db.Retrospectives.Add(second);
        reviews.Review(RetroActionStatus.Done, second.Id, now.AddDays(-14));
        checklist.Review(RetroActionStatus.NotDone, second.Id, now.AddDays(-14));
        var cards = Cards(db, second, now.AddDays(-14),
            ("Mad", "The staging database was down twice", tl, false), ("Mad", "Staging outages block testing", dev1, true),
            ("Sad", "The release checklist is still manual", dev2, false), ("Glad", "Reviews got much faster", sm, false));
        second.MoveTo(RetroPhase.Group, now.AddDays(-14).AddMinutes(10));
        var staging = RetroGroup.Create(second, "Staging is unreliable", now.AddDays(-14).AddMinutes(12));
        db.RetroGroups.Add(staging);
        cards[0].PutIn(staging.Id);
        cards[1].PutIn(staging.Id);
        second.MoveTo(RetroPhase.Vote, now.AddDays(-14).AddMinutes(20));
        var slots = new Dictionary<Guid, int>();
        void Vote(Guid who, Guid? card, Guid? group)
        {
            slots[who] = slots.GetValueOrDefault(who) + 1;
            db.RetroVotes.Add(RetroVote.Cast(second, who, slots[who], card, group, now.AddDays(-14).AddMinutes(25)));
        }
        foreach (var who in new[] { tl, dev1, dev2, sm }) Vote(who, null, staging.Id);
        Vote(dev1, null, staging.Id);
        Vote(dev2, cards[2].Id, null);
        Vote(sm, cards[2].Id, null);
        Vote(tl, cards[3].Id, null);
        second.MoveTo(RetroPhase.Discuss, now.AddDays(-14).AddMinutes(30));
        second.MoveTo(RetroPhase.Actions, now.AddDays(-14).AddMinutes(50));
        db.RetroActions.Add(RetroAction.Agree(second, "Ask platform for a staging health alert", sm, team.Today(now.AddDays(5)), now.AddDays(-14)));
        second.MoveTo(RetroPhase.Closed, now.AddDays(-14).AddHours(1));

        // Working agreements: three adopted (one from a retro action), one suggestion waiting for the Scrum Master.
        db.WorkingAgreements.AddRange(
            WorkingAgreement.Create(team, "Stand-up answers before 10:00 Berlin time", true, sm, null, now.AddDays(-60)),
            WorkingAgreement.Create(team, "No merge without a green build", true, sm, null, now.AddDays(-40)),
            WorkingAgreement.Create(team, "Review pull requests within a day", true, sm, reviews.Id, now.AddDays(-14)),
            WorkingAgreement.Create(team, "Demo work in progress on Wednesdays", false, dev2, null, now.AddDays(-3)));

        // Health checks every four weeks; the latest is still open. Answers carry no person (see HealthRound).
        int[][][] rounds =
        [
            [[3, 3, 4, 4, 3, 2, 3, 3], [4, 2, 3, 4, 3, 2, 2, 3], [3, 3, 3, 3, 4, 2, 3, 4], [4, 3, 4, 4, 3, 1, 3, 3]],
            [[4, 3, 4, 4, 3, 2, 3, 3], [4, 2, 4, 5, 4, 2, 3, 3], [3, 3, 3, 4, 4, 3, 3, 4], [4, 3, 4, 4, 4, 2, 3, 4]],
            [[4, 2, 4, 5, 4, 3, 3, 4], [5, 3, 4, 4, 4, 3, 3, 4], [4, 2, 4, 4, 4, 3, 4, 4], [4, 3, 5, 5, 4, 2, 3, 4]],
            [[5, 3, 4, 5, 4, 3, 4, 4], [4, 3, 5, 5, 4, 4, 3, 4], [4, 3, 4, 4, 5, 3, 4, 5]],
        ];
        var members = new[] { tl, dev1, dev2, sm };
        for (var i = 0; i < rounds.Length; i++)
        {
            var opened = now.AddDays(-28 * (rounds.Length - 1 - i) - 2);
            var round = HealthRound.Open(team, i + 1, null, opened);
            db.HealthRounds.Add(round);
            for (var a = 0; a < rounds[i].Length; a++)
            {
                db.HealthAnswers.Add(HealthAnswer.Give(round, round.BallotOf(members[a]), rounds[i][a]));
                db.HealthParticipations.Add(HealthParticipation.Of(round, members[a]));
            }
            if (i < rounds.Length - 1) round.Close(opened.AddDays(7));
        }
    }

    private static List<RetroCard> Cards(TandemDbContext db, Retrospective retro, DateTimeOffset at, params (string Column, string Text, Guid By, bool Anonymous)[] cards)
    {
        var written = cards.Select((c, i) => RetroCard.Write(retro, c.Column, c.Text, c.Anonymous, c.By, at.AddMinutes(i + 1))).ToList();
        db.RetroCards.AddRange(written);
        return written;
    }
}
