using System.Text;
using Tandem.Application.CodeHosts;
using Tandem.Domain.CodeHosts;

namespace Tandem.UnitTests.CodeHosts;

/// <summary>Which texts name which items (ADR 36), and what a hostile or odd delivery reads as.</summary>
public class HookPayloadsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("PAY-12: refunds", "PAY-12")]
    [InlineData("feature/pay-12-refunds", "PAY-12")]
    [InlineData("Fix PAY-007 and pay-3, again PAY-12", "PAY-7,PAY-3,PAY-12")]
    [InlineData("XPAY-1 and PAY-1234567890 and PAY-0", "")]
    [InlineData("(PAY-5) [PAY-6] PAY-5.", "PAY-5,PAY-6")]
    [InlineData("PAYMENT-3, PAY_4, PAY 5", "")]
    [InlineData("fix_PAY-9", "PAY-9")]
    public void Keys_are_the_products_key_in_any_case_not_inside_a_longer_word(string text, string expected)
    {
        var keys = new ItemKeyScanner("PAY").Keys([text]);
        Assert.Equal(expected, string.Join(",", keys));
    }

    [Fact]
    public void Unknown_events_are_ignored_and_bodies_that_are_not_the_promised_object_are_refused()
    {
        Assert.True(HookPayloads.Read(CodeHost.GitHub, "issues", "{}"u8, Now)!.Ignored);
        Assert.True(HookPayloads.Read(CodeHost.GitLab, "Pipeline Hook", "{}"u8, Now)!.Ignored);
        Assert.Null(HookPayloads.Read(CodeHost.GitHub, "push", "[1,2]"u8, Now));
        Assert.Null(HookPayloads.Read(CodeHost.GitHub, "push", "{\"ref\":"u8, Now));
        var deep = Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100));
        Assert.Null(HookPayloads.Read(CodeHost.GitHub, "push", deep, Now));
        // Fields of the wrong type are left out, not a failure.
        var odd = HookPayloads.Read(CodeHost.GitHub, "pull_request", "{\"action\":1,\"pull_request\":{\"number\":\"7\",\"title\":[]}}"u8, Now)!;
        Assert.True(odd.Ignored);
    }

    [Fact]
    public void A_deleted_branch_or_a_tag_push_is_ignored_and_a_push_reads_at_most_200_commits()
    {
        Assert.True(HookPayloads.Read(CodeHost.GitHub, "push",
            "{\"ref\":\"refs/heads/pay-1\",\"deleted\":true,\"after\":\"0000000000000000000000000000000000000000\",\"repository\":{\"full_name\":\"a/b\"}}"u8, Now)!.Ignored);
        Assert.True(HookPayloads.Read(CodeHost.GitLab, "Push Hook", "{\"ref\":\"refs/tags/v1\",\"after\":\"abc\",\"project\":{\"path_with_namespace\":\"a/b\"}}"u8, Now)!.Ignored);
        var commits = string.Join(",", Enumerable.Range(0, 300).Select(n => $"{{\"id\":\"{n:x40}\",\"message\":\"PAY-{n + 1}\",\"timestamp\":\"2026-12-05T10:00:00Z\"}}"));
        var push = HookPayloads.Read(CodeHost.GitHub, "push",
            Encoding.UTF8.GetBytes($"{{\"ref\":\"refs/heads/main\",\"after\":\"1\",\"repository\":{{\"full_name\":\"a/b\",\"default_branch\":\"main\"}},\"commits\":[{commits}]}}"), Now)!;
        Assert.Equal(HookPayloads.MaxCommits, push.Changes.Count);
        Assert.All(push.Changes, c => Assert.Equal(CodeLink.Merged, c.State));
    }

    [Fact]
    public void Gitlab_times_in_its_older_format_are_read_as_utc()
    {
        var mr = HookPayloads.Read(CodeHost.GitLab, "Merge Request Hook",
            "{\"project\":{\"path_with_namespace\":\"a/b\"},\"object_attributes\":{\"iid\":7,\"title\":\"PAY-1\",\"state\":\"opened\",\"action\":\"open\",\"updated_at\":\"2026-12-05 09:41:07 UTC\"}}"u8, Now)!;
        var change = Assert.Single(mr.Changes);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 9, 41, 7, TimeSpan.Zero), change.ChangedAt);
        Assert.Equal("a/b!7", change.ExternalId);
    }
}
