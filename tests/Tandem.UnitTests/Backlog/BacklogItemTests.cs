using Tandem.Domain.Backlog;
using Tandem.Domain.Common;
using Tandem.Domain.Feedback;

namespace Tandem.UnitTests.Backlog;

internal static class Items
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static BacklogItem New(string title = "Pay by card", ItemType type = ItemType.Story, int number = 7) =>
        BacklogItem.Create(Guid.NewGuid(), Guid.NewGuid(), "PAY", number, type, title, null, "U", Guid.NewGuid(), Now);

    public static BacklogItem Done()
    {
        var item = New();
        item.ChangeStatus(ItemStatus.Done, Now);
        return item;
    }
}

public class BacklogItemRules
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_title_is_refused_naming_the_title(string title)
    {
        var e = Assert.Throws<DomainException>(() => Items.New(title));
        Assert.Equal("title", e.Field);
    }

    [Fact]
    public void A_title_over_200_characters_is_refused_but_200_is_fine()
    {
        Assert.Equal(200, Items.New(new string('x', 200)).Title.Length);
        var e = Assert.Throws<DomainException>(() => Items.New(new string('x', 201)));
        Assert.Equal("title", e.Field);
        var item = Items.New();
        Assert.Equal("title", Assert.Throws<DomainException>(() => item.Retitle(new string('y', 201), Items.Now)).Field);
        Assert.Equal("Pay by card", item.Title);
    }

    [Fact]
    public void A_new_item_has_its_key_status_and_version()
    {
        var item = Items.New(number: 12);
        Assert.Equal("PAY-12", item.Key);
        Assert.Equal(ItemStatus.New, item.Status);
        Assert.Equal(1, item.Version);
    }

    [Theory]
    [InlineData(ItemStatus.New)]
    [InlineData(ItemStatus.Ready)]
    [InlineData(ItemStatus.InProgress)]
    public void Only_done_work_can_be_accepted(ItemStatus status)
    {
        var item = Items.New();
        item.ChangeStatus(status, Items.Now);
        Assert.Equal("decision", Assert.Throws<DomainException>(() => item.Accept(Items.Now)).Field);
        Assert.Equal(status, item.Status);
    }

    [Fact]
    public void Done_work_is_accepted_and_then_its_status_no_longer_changes()
    {
        var item = Items.Done();
        item.Accept(Items.Now);
        Assert.Equal(ItemStatus.Accepted, item.Status);
        Assert.Throws<DomainException>(() => item.ChangeStatus(ItemStatus.InProgress, Items.Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_rejection_needs_a_reason(string? reason)
    {
        var item = Items.Done();
        Assert.Equal("reason", Assert.Throws<DomainException>(() => item.Reject(reason, Items.Now)).Field);
        Assert.Equal(ItemStatus.Done, item.Status);
    }

    [Fact]
    public void A_rejection_sends_the_work_back_to_in_progress_with_the_reason()
    {
        var item = Items.Done();
        item.Reject("  The receipt is missing  ", Items.Now);
        Assert.Equal(ItemStatus.InProgress, item.Status);
        Assert.Equal("The receipt is missing", item.RejectionReason);

        item.ChangeStatus(ItemStatus.Done, Items.Now);
        Assert.Null(item.RejectionReason);
    }

    [Fact]
    public void Only_done_work_can_be_rejected() =>
        Assert.Equal("decision", Assert.Throws<DomainException>(() => Items.New().Reject("no", Items.Now)).Field);

    [Fact]
    public void A_status_change_to_accepted_is_refused()
    {
        var item = Items.Done();
        Assert.Equal("status", Assert.Throws<DomainException>(() => item.ChangeStatus(ItemStatus.Accepted, Items.Now)).Field);
        Assert.Equal(ItemStatus.Done, item.Status);
    }

    [Fact]
    public void Only_epics_go_on_the_roadmap()
    {
        Assert.Equal("lane", Assert.Throws<DomainException>(() => Items.New().PlaceOnRoadmap(RoadmapLane.Now, Items.Now)).Field);
        var epic = Items.New("Cards", ItemType.Epic);
        epic.PlaceOnRoadmap(RoadmapLane.Next, Items.Now);
        Assert.Equal(RoadmapLane.Next, epic.Lane);
    }
}

public class Scores
{
    [Fact]
    public void Wsjf_is_cost_of_delay_over_job_size_rounded_to_two_places()
    {
        var item = Items.New();
        item.Prioritise(8, 5, 3, null, null, null, null, null, Items.Now);
        Assert.Null(item.Wsjf);
        item.SetEstimate(3, Items.Now);
        Assert.Equal(5.33m, item.Wsjf);
        item.SetEstimate(0, Items.Now);
        Assert.Null(item.Wsjf);
    }

    [Fact]
    public void Rice_is_reach_times_impact_times_confidence_over_effort_rounded_to_two_places()
    {
        var item = Items.New();
        item.Prioritise(null, null, null, 1000, 2m, 80, 3m, MoSCoW.Should, Items.Now);
        Assert.Equal(533.33m, item.Rice);
        item.Prioritise(null, null, null, 1000, 2m, null, 3m, null, Items.Now);
        Assert.Null(item.Rice);
    }

    [Theory]
    [InlineData("businessValue", 101, null, null, null, null)]
    [InlineData("impact", null, 7, null, null, null)]
    [InlineData("confidence", null, null, 101, null, null)]
    [InlineData("effort", null, null, null, 0, null)]
    [InlineData("reach", null, null, null, null, -1)]
    public void Out_of_range_inputs_are_refused_naming_the_field(string field, int? value, int? impact, int? confidence, int? effort, int? reach)
    {
        var item = Items.New();
        var e = Assert.Throws<DomainException>(() => item.Prioritise(value, null, null, reach, impact, confidence, effort, null, Items.Now));
        Assert.Equal(field, e.Field);
    }
}

public class StoryForm
{
    [Theory]
    [InlineData("As a payer I want to pay by card so that I keep my cash", true)]
    [InlineData("as an admin i want exports so that audits are quick", true)]
    [InlineData("Pay by card", false)]
    [InlineData("As a payer I want to pay by card", false)]
    [InlineData("As a payer I want to pay by card so that ", false)]
    [InlineData("I want things so that they happen", false)]
    public void Recognises_as_a_I_want_so_that(string title, bool expected) =>
        Assert.Equal(expected, Readiness.IsStoryForm(title));

    [Fact]
    public void Only_stories_need_story_form()
    {
        Assert.True(Readiness.Of(Items.New("Crash on login", ItemType.Bug), 0, "not-assessed").StoryForm);
        Assert.False(Readiness.Of(Items.New("Crash on login"), 0, "not-assessed").StoryForm);
    }
}

public class Suggestions
{
    [Fact]
    public void A_rank_suggestion_names_exactly_one_place()
    {
        var item = Items.New();
        var by = Guid.NewGuid();
        Assert.Equal("position", Assert.Throws<DomainException>(() => Suggestion.ForRank(item, null, null, null, null, by, Items.Now)).Field);
        Assert.Equal("position", Assert.Throws<DomainException>(() => Suggestion.ForRank(item, "top", "PAY-1", null, null, by, Items.Now)).Field);
        Assert.Equal("position", Assert.Throws<DomainException>(() => Suggestion.ForRank(item, "middle", null, null, null, by, Items.Now)).Field);
        Assert.Equal("before", Assert.Throws<DomainException>(() => Suggestion.ForRank(item, null, "pay-7", null, null, by, Items.Now)).Field);
        Assert.Equal("after", Assert.Throws<DomainException>(() => Suggestion.ForRank(item, null, null, "PAY-7", null, by, Items.Now)).Field);

        var s = Suggestion.ForRank(item, null, " pay-3 ", null, "  sooner please ", by, Items.Now);
        Assert.Equal("PAY-3", s.Before);
        Assert.Equal("sooner please", s.Note);
        Assert.Equal(SuggestionStatus.Open, s.Status);
    }

    [Fact]
    public void A_decline_needs_a_reason_and_a_suggestion_is_decided_once()
    {
        var s = Suggestion.ForRank(Items.New(), "top", null, null, null, Guid.NewGuid(), Items.Now);
        Assert.Equal("reason", Assert.Throws<DomainException>(() => s.Decline(Guid.NewGuid(), " ", Items.Now)).Field);
        s.Accept(Guid.NewGuid(), null, Items.Now);
        Assert.Equal(SuggestionStatus.Accepted, s.Status);
        Assert.Equal("decision", Assert.Throws<DomainException>(() => s.Decline(Guid.NewGuid(), "no", Items.Now)).Field);
    }
}

public class FeedbackTriage
{
    private static FeedbackEntry Entry() =>
        FeedbackEntry.Submit(Guid.NewGuid(), Guid.NewGuid(), 1, "Export to CSV", null, "Reports", Urgency.Medium, Guid.NewGuid(), Items.Now);

    [Fact]
    public void Linking_to_an_open_item_waits_for_it_to_ship_then_ships()
    {
        var entry = Entry();
        entry.LinkTo(Guid.NewGuid(), itemAlreadyAccepted: false);
        Assert.Equal(FeedbackStatus.Linked, entry.Status);
        entry.Ship();
        Assert.Equal(FeedbackStatus.Shipped, entry.Status);
    }

    [Fact]
    public void Linking_to_accepted_work_ships_at_once()
    {
        var entry = Entry();
        entry.LinkTo(Guid.NewGuid(), itemAlreadyAccepted: true);
        Assert.Equal(FeedbackStatus.Shipped, entry.Status);
    }

    [Fact]
    public void Triaged_feedback_cannot_be_triaged_again_and_only_linked_feedback_ships()
    {
        var entry = Entry();
        entry.Ship();
        Assert.Equal(FeedbackStatus.New, entry.Status);
        entry.Decline("Out of scope");
        Assert.Equal(FeedbackStatus.Declined, entry.Status);
        Assert.Equal("action", Assert.Throws<DomainException>(() => entry.LinkTo(Guid.NewGuid(), false)).Field);
        Assert.Equal("action", Assert.Throws<DomainException>(() => entry.Decline("again")).Field);
        entry.Ship();
        Assert.Equal(FeedbackStatus.Declined, entry.Status);
    }

    [Fact]
    public void A_decline_needs_a_reason_and_a_snooze_a_future_day()
    {
        var entry = Entry();
        Assert.Equal("reason", Assert.Throws<DomainException>(() => entry.Decline("  ")).Field);
        var today = DateOnly.FromDateTime(Items.Now.UtcDateTime);
        Assert.Equal("until", Assert.Throws<DomainException>(() => entry.Snooze(today, today)).Field);
        entry.Snooze(today.AddDays(7), today);
        Assert.Equal(FeedbackStatus.Snoozed, entry.Status);
        entry.LinkTo(Guid.NewGuid(), false);
        Assert.Equal(FeedbackStatus.Linked, entry.Status);
    }

    [Fact]
    public void Feedback_cannot_duplicate_itself()
    {
        var entry = Entry();
        Assert.Equal("duplicateOf", Assert.Throws<DomainException>(() => entry.MarkDuplicateOf(entry)).Field);
    }
}

public class Labels
{
    [Theory]
    [InlineData("Quick Win", "quick-win")]
    [InlineData("  Tech \t Debt ", "tech-debt")]
    [InlineData("tech-debt", "tech-debt")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Normalise_to_lower_case_words_joined_by_dashes(string? label, string expected) =>
        Assert.Equal(expected, ItemLabel.Normalize(label));

    [Fact]
    public void An_empty_label_is_refused() =>
        Assert.Equal("label", Assert.Throws<DomainException>(() => ItemLabel.On(Items.New(), "   ")).Field);
}
