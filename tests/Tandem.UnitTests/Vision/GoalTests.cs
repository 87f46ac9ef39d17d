using Tandem.Domain.Common;
using Tandem.Domain.Vision;

namespace Tandem.UnitTests.Vision;

public class GoalRules
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_goal_without_title_outcome_or_target_date_hears_about_all_three()
    {
        var e = Assert.Throws<DomainException>(() => ProductGoal.Create(Guid.NewGuid(), Guid.NewGuid(), " ", null, null, GoalStatus.OnTrack, Now));

        Assert.Equal(["outcome", "targetDate", "title"], e.Fields.Keys.Order());
    }

    [Fact]
    public void A_refused_change_leaves_the_goal_as_it_was()
    {
        var goal = ProductGoal.Create(Guid.NewGuid(), Guid.NewGuid(), "Next-day payouts", "90 % next day", new DateOnly(2027, 3, 31), GoalStatus.OnTrack, Now);

        Assert.Throws<DomainException>(() => goal.Change("", "90 % next day", null, GoalStatus.AtRisk));

        Assert.Equal("Next-day payouts", goal.Title);
        Assert.Equal(GoalStatus.OnTrack, goal.Status);
        Assert.Equal(1, goal.Version);
    }

    [Fact]
    public void A_vision_too_long_in_two_places_names_both()
    {
        var vision = ProductVision.Empty(Guid.NewGuid(), Guid.NewGuid(), Now);

        var e = Assert.Throws<DomainException>(() => vision.Rewrite(new string('x', ProductVision.StatementMaxLength + 1), "", new string('x', ProductVision.TextMaxLength + 1), Now));

        Assert.Equal(["problem", "statement"], e.Fields.Keys.Order());
        Assert.Equal(0, vision.Version);
    }
}
