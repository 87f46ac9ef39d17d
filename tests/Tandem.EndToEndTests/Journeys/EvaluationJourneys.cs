using Tandem.EndToEndTests.Infrastructure;
using Tandem.EndToEndTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace Tandem.EndToEndTests.Journeys;

/// <summary>The team scores a technology evaluation and the Tech Lead decides it; a developer's disagreement goes to the Tech Lead and back.</summary>
[Collection(DemoCollection.Name)]
public sealed class EvaluationJourneys(DemoApp app)
{
    [Fact]
    public async Task The_team_scores_an_evaluation_and_the_Tech_Lead_decides_it_producing_a_decision_record()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var question = $"Which cache for merchant sessions ({suffix})?";

        var dev = await DemoPerson.SignInAsync(app, "dev1@demo.tandem");
        var list = new EvaluationsPage(dev);
        await list.OpenAsync("PAY");

        // A weight that does not parse is named on its row, and nothing is started.
        await list.StartAsync(question, ["Redis: in-memory, the team knows it", "Memcached: simpler, no persistence"], (2, "heavy"));
        await Expect(list.FieldError("criteria[2].weight")).ToContainTextAsync("not a number");
        await list.OpenAsync("PAY");
        await Expect(dev.GetByTestId("evaluation-link").GetByText(question, new() { Exact = true })).ToHaveCountAsync(0);

        await list.StartAsync(question, ["Redis: in-memory, the team knows it", "Memcached: simpler, no persistence"], (2, "4"));
        var evaluation = new EvaluationPage(dev);
        await Expect(evaluation.Notice).ToContainTextAsync("Evaluation started");
        await Expect(evaluation.Heading).ToContainTextAsync(question);
        var url = dev.Url.Split('?')[0];

        foreach (var (criterion, redis, memcached) in new[] { ("Fit", 5, 3), ("Cost", 3, 4), ("Maturity", 5, 4), ("Licence", 4, 5), ("Team skill", 5, 2) })
        {
            await evaluation.ScoreAsync("Redis", criterion, redis);
            await evaluation.ScoreAsync("Memcached", criterion, memcached);
        }
        await evaluation.SaveScores.ClickAsync();
        await Expect(evaluation.Notice).ToContainTextAsync("Scores saved");
        await Expect(evaluation.RankingChart).ToBeVisibleAsync();
        await Expect(evaluation.RankingEntries.First).ToHaveAttributeAsync("data-option", "Redis");
        await Expect(evaluation.RankingEntries.First).ToHaveAttributeAsync("data-rank", "1");
        // Weights 5, 3, 4 (changed), 2, 3: Redis 25 + 9 + 20 + 8 + 15 = 77 of 5 × 17 = 85.
        await Expect(evaluation.RankingEntries.First.GetByTestId("ranking-percent")).ToHaveTextAsync("90.6 %");
        await Expect(evaluation.DecideButton).ToHaveCountAsync(0);
        await Expect(evaluation.Waiting).ToContainTextAsync("Waiting for the Tech Lead");
        await Expect(evaluation.Waiting).ToContainTextAsync("Tomás Lee");

        var tl = await DemoPerson.SignInAsync(app, "tl@demo.tandem");
        await tl.GotoAsync(url);
        var decision = new EvaluationPage(tl);
        await decision.DecideAsync("Redis", "Sessions need persistence across deploys; Redis gives it and the team runs it already.");
        await Expect(decision.Notice).ToContainTextAsync("Decided");
        await Expect(decision.Status).ToHaveTextAsync("decided");
        await Expect(decision.Chosen).ToContainTextAsync("Redis");
        await Expect(decision.ClosedNote).ToBeVisibleAsync();
        await Expect(decision.SaveScores).ToHaveCountAsync(0);

        await decision.DecisionRecord.ClickAsync();
        var adr = new AdrPage(tl);
        await Expect(adr.Status).ToHaveTextAsync("Accepted");
        await Expect(adr.Options).ToHaveCountAsync(2);
        await Expect(tl.GetByTestId("from-evaluation")).ToContainTextAsync(question);
        await Expect(tl.GetByTestId("adr-decision")).ToContainTextAsync("We chose Redis");

        // The developer sees the choice and a matrix that no longer changes.
        await dev.GotoAsync(url);
        await Expect(evaluation.Chosen).ToContainTextAsync("Redis");
        await Expect(evaluation.SaveScores).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_developer_raises_a_disagreement_on_an_item_the_Tech_Lead_resolves_it_and_the_developer_sees_the_resolution()
    {
        var concern = $"Retrying inside the request keeps the shopper waiting ({Guid.NewGuid().ToString("N")[..6]}).";
        var dev = await DemoPerson.SignInAsync(app, "dev1@demo.tandem");
        await dev.GotoAsync("/p/PAY/items/PAY-20");
        var devSection = new DisagreementsSection(dev);
        await devSection.RaiseAsync(concern, "Queue the retry and tell the shopper it is pending.");
        await Expect(devSection.Notice).ToContainTextAsync("Raised");
        await Expect(devSection.With(concern)).ToHaveAttributeAsync("data-status", "open");
        await Expect(devSection.With(concern).GetByTestId("resolve")).ToHaveCountAsync(0);
        await Expect(devSection.With(concern).GetByTestId("waiting-for-tl")).ToContainTextAsync("Tomás Lee");

        var tl = await DemoPerson.SignInAsync(app, "tl@demo.tandem");
        await tl.GotoAsync("/p/PAY/disagreements?status=open");
        await Expect(tl.GetByTestId("disagreement-row").Filter(new() { HasText = concern[..40] })).ToHaveCountAsync(1);
        await tl.GotoAsync("/p/PAY/items/PAY-20");
        var tlSection = new DisagreementsSection(tl);
        await tlSection.ResolveAsync(concern, "changed", "Agreed: the retry moves to the outbox worker.");
        await Expect(tlSection.Notice).ToContainTextAsync("Resolved");
        await Expect(tlSection.With(concern)).ToHaveAttributeAsync("data-status", "resolved");

        await dev.GotoAsync("/p/PAY/items/PAY-20");
        var resolution = devSection.With(concern).GetByTestId("disagreement-resolution");
        await Expect(resolution).ToContainTextAsync("the retry moves to the outbox worker");
        await Expect(resolution).ToContainTextAsync("Tomás Lee");
        await dev.GotoAsync("/notifications");
        await Expect(dev.GetByText("resolved your disagreement on PAY-20").First).ToBeVisibleAsync();
    }
}
