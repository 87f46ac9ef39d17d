using Tandem.Domain.Reports;

namespace Tandem.IntegrationTests.StatusReports;

/// <summary>The RAG rule set, one case per rule: the first rule that matches sets the status and says so.</summary>
public class RagRulesTests
{
    private static readonly DateOnly Today = new(2027, 3, 1);

    private static MilestoneRagInput Planned(int? confidence = 90, int? p85Days = 20, int? p95Days = 25, bool history = true, int total = 10, int open = 5, int dateDays = 30) =>
        new("Pilot", Today.AddDays(dateDays), false, false, total, open, history,
            p85Days is { } a ? Today.AddDays(a) : null, p95Days is { } b ? Today.AddDays(b) : null, confidence, 85);

    [Fact]
    public void Each_milestone_rule_sets_its_status_in_words()
    {
        Assert.Equal((RagStatus.Green, "achieved → green"), Pair(RagRules.Milestone(Planned() with { Achieved = true }, Today)));
        Assert.Equal(RagStatus.Red, RagRules.Milestone(Planned() with { Missed = true }, Today).Status);
        Assert.Equal((RagStatus.Amber, "no scope → amber: nothing to forecast"), Pair(RagRules.Milestone(Planned(total: 0, open: 0), Today)));
        Assert.Equal(RagStatus.Green, RagRules.Milestone(Planned(open: 0), Today).Status);
        Assert.Contains("has passed", RagRules.Milestone(Planned(dateDays: -1), Today).Rule, StringComparison.Ordinal);
        Assert.Equal((RagStatus.Amber, "no throughput history → amber: cannot forecast"), Pair(RagRules.Milestone(Planned(history: false, confidence: null, p85Days: null, p95Days: null), Today)));
        Assert.Equal((RagStatus.Red, "85 % forecast 2027-04-05 after the milestone date 2027-03-31 → red"), Pair(RagRules.Milestone(Planned(p85Days: 35, confidence: 70), Today)));
        Assert.Equal(RagStatus.Red, RagRules.Milestone(Planned(p85Days: null, p95Days: null, confidence: 0), Today).Status);
        var below = RagRules.Milestone(Planned(confidence: 80), Today);
        Assert.Equal(RagStatus.Amber, below.Status);
        Assert.StartsWith("confidence 80 % below the target 85 %", below.Rule, StringComparison.Ordinal);
        Assert.Equal(RagStatus.Amber, RagRules.Milestone(Planned(p95Days: 40), Today).Status);
        Assert.Equal((RagStatus.Green, "95 % forecast 2027-03-26 on or before the milestone date 2027-03-31 → green"), Pair(RagRules.Milestone(Planned(), Today)));
    }

    [Fact]
    public void A_product_takes_its_worst_milestone_then_its_risks_impediments_and_dependencies()
    {
        var green = new RagVerdict(RagStatus.Green, "g");
        var red = new RagVerdict(RagStatus.Red, "r");
        Assert.Equal(RagStatus.Red, RagRules.Product(new([("M1", green), ("M2", red)], 0, 0, 0, 0)).Status);
        Assert.Contains("M2", RagRules.Product(new([("M1", green), ("M2", red)], 0, 0, 0, 0)).Rule, StringComparison.Ordinal);
        Assert.Contains("scored 15 or more (highest 20)", RagRules.Product(new([("M1", green)], 1, 20, 0, 0)).Rule, StringComparison.Ordinal);
        Assert.Contains("escalated impediment", RagRules.Product(new([("M1", green)], 0, 0, 2, 0)).Rule, StringComparison.Ordinal);
        Assert.Contains("dependency at risk", RagRules.Product(new([("M1", green)], 0, 0, 0, 1)).Rule, StringComparison.Ordinal);
        Assert.Equal(RagStatus.Amber, RagRules.Product(new([], 0, 0, 0, 0)).Status);
        Assert.Equal(RagStatus.Green, RagRules.Product(new([("M1", green)], 0, 0, 0, 0)).Status);
    }

    private static (RagStatus, string) Pair(RagVerdict v) => (v.Status, v.Rule);
}
