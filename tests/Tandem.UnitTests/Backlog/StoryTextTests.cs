using Tandem.Domain.Backlog;

namespace Tandem.UnitTests.Backlog;

public class StoryTextRules
{
    [Theory]
    [InlineData("As a merchant I want to see payouts by day so that I can reconcile with my bank")]
    [InlineData("As an accountant I want to export transactions as CSV so that I can close my books faster")]
    [InlineData("As a PO, I want criteria so that the team knows when it is done")]
    public void A_story_title_splits_into_its_parts_and_joins_back_to_the_same_title(string title)
    {
        var parts = StoryText.Parse(title);

        Assert.NotNull(parts);
        var (joined, errors) = StoryText.Compose(parts.Who, parts.Want, parts.Why);
        Assert.Null(errors);
        Assert.Equal(title, joined);
    }

    [Fact]
    public void Parts_are_who_what_and_why()
    {
        var parts = StoryText.Parse("As a shop owner I want to pause a subscription so that my cash flow is predictable");

        Assert.Equal(new StoryText("a shop owner", "to pause a subscription", "my cash flow is predictable"), parts);
    }

    [Fact]
    public void A_title_that_is_not_a_story_has_no_parts() =>
        Assert.Null(StoryText.Parse("Refund total rounds to the wrong cent for JPY"));

    [Theory]
    [InlineData("merchant", "As a merchant I want x so that y")]
    [InlineData("accountant", "As an accountant I want x so that y")]
    [InlineData("an accountant", "As an accountant I want x so that y")]
    public void The_article_is_added_when_left_out_so_readiness_recognises_the_story(string who, string expected)
    {
        var (title, _) = StoryText.Compose(who, "x", "y");

        Assert.Equal(expected, title);
        Assert.True(Readiness.IsStoryForm(title!));
    }

    [Fact]
    public void Each_missing_part_is_named()
    {
        var (title, errors) = StoryText.Compose("a merchant", " ", null);

        Assert.Null(title);
        Assert.Equal(["storyWant", "storyWhy"], errors!.Keys.Order(StringComparer.Ordinal));
    }
}
