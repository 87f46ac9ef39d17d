using Tandem.Domain.Backlog;
using Tandem.Domain.Common;
using Tandem.Domain.Estimation;
using Tandem.UnitTests.Backlog;

namespace Tandem.UnitTests.Estimation;

public class EstimationTests
{
    [Theory]
    [InlineData("1,2,2", "once each")]
    [InlineData("3,2", "smallest first")]
    [InlineData("?,1", "last")]
    [InlineData("1,big", "not a point value")]
    [InlineData("-1", "not a point value")]
    [InlineData("", "at least one")]
    public void A_scale_refuses_values_out_of_order_repeated_or_not_numbers(string values, string message)
    {
        var e = Assert.Throws<DomainException>(() => EstimationScale.Validate(values.Split(',')));
        Assert.Equal("values", e.Field);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scale_normalises_numbers_and_keeps_the_unknown_last()
    {
        Assert.Equal(["0.5", "1", "2", "?"], EstimationScale.Validate([" 0.50 ", "1", "2.0", "?"]));
        Assert.Equal("0,1,2,3,5,8,13,21,?", string.Join(',', EstimationScale.Default));
    }

    [Fact]
    public void A_risk_above_low_needs_a_reason_and_components_are_normalised_like_labels()
    {
        var assessment = TechnicalAssessment.Of(Items.New());
        var e = Assert.Throws<DomainException>(() => assessment.Assess(Feasibility.Feasible, TechnicalRisk.High, " ", AssessmentConfidence.Low, [], null, Guid.NewGuid(), Items.Now));
        Assert.Equal("riskReason", e.Field);

        assessment.Assess(Feasibility.NeedsSpike, TechnicalRisk.Medium, "New API", AssessmentConfidence.Medium, ["Payments API", "payments api", " "], "notes", Guid.NewGuid(), Items.Now);
        Assert.Equal(["payments-api"], assessment.ComponentList);
        Assert.Equal(1, assessment.Version);
    }

    [Fact]
    public void The_first_spike_is_kept()
    {
        var assessment = TechnicalAssessment.Of(Items.New());
        var first = Guid.NewGuid();
        assessment.LinkSpike(first);
        assessment.LinkSpike(Guid.NewGuid());
        Assert.Equal(first, assessment.SpikeId);
    }

    [Fact]
    public void The_tech_leads_half_needs_an_estimate_and_feasible()
    {
        var item = Items.New(type: ItemType.Bug);
        item.SetBusinessValue(10, Items.Now);
        Assert.False(Readiness.Of(item, 1, "feasible").Ready);
        item.SetEstimate(3, Items.Now);
        Assert.False(Readiness.Of(item, 1, "needs-spike").TechLeadReady);
        Assert.True(Readiness.Of(item, 1, "feasible").Ready);
    }
}
