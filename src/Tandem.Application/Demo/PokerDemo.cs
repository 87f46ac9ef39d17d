using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionLog;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Estimation;
using Tandem.Domain.Products;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Demo;

/// <summary>
/// An open planning-poker session on PAY, mid-way through its first item: the Tech Lead opened it over
/// the three highest-ranked stories without an estimate, and two developers have voted (hidden until the
/// reveal), so a visitor sees who has voted and can join, vote and reveal. Deterministic.
/// </summary>
internal static class PokerDemo
{
    public static void Seed(TandemDbContext db, Product pay, IReadOnlyList<BacklogItem> items, IReadOnlyDictionary<string, TandemUser> people, DateTimeOffset now)
    {
        var tl = people["tl"];
        var agenda = items
            .Where(i => i.ProductId == pay.Id && i.Type == ItemType.Story && i.Estimate == null && i.Status is ItemStatus.New or ItemStatus.Ready)
            .OrderBy(i => i.Rank, StringComparer.Ordinal).Take(3).ToList();
        if (agenda.Count == 0) return;

        var openedAt = now.AddMinutes(-12);
        var session = PokerSession.Open(pay.WorkspaceId, pay.Id, "Sprint refinement: checkout stories", tl.Id, openedAt);
        db.PokerSessions.Add(session);
        var first = PokerItem.For(session, agenda[0], 0);
        db.PokerItems.Add(first);
        for (var i = 1; i < agenda.Count; i++) db.PokerItems.Add(PokerItem.For(session, agenda[i], i));
        db.DecisionLog.Add(DecisionLogEntry.Record(pay.WorkspaceId, pay.Id, openedAt, tl.Id, tl.DisplayName, Role.TechLead, Operations.Estimation.RunPoker,
            $"Opened planning poker \"{session.Title}\" over {string.Join(", ", agenda.Select(i => i.Key))}", null, "poker", session.Id.ToString()));

        db.PokerVotes.Add(PokerVote.Cast(first, people["dev1"].Id, "3", now.AddMinutes(-4)));
        db.PokerVotes.Add(PokerVote.Cast(first, people["dev2"].Id, "8", now.AddMinutes(-3)));
    }
}
