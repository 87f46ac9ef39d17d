using System.Text.RegularExpressions;
using Tandem.Application.Demo;
using Tandem.Domain.Backlog;
using Tandem.Domain.Products;

namespace Tandem.UnitTests.Backlog;

/// <summary>Issue 14: the demo reads like a real team's backlog, with no titles repeated with numbers after them.</summary>
public partial class BacklogGeneratorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_demo_payments_backlog_has_no_numbered_titles_and_few_repeats()
    {
        var product = Product.Create(Guid.NewGuid(), "PAY", "Payments", Now);
        var items = new BacklogGenerator(seed: 7).Generate(product, 320, [Guid.NewGuid(), Guid.NewGuid()], Now).Items;

        Assert.Equal(320, items.Count);
        Assert.DoesNotContain(items, i => NumberedSuffix().IsMatch(i.Title));
        var work = items.Where(i => i.Type != ItemType.Epic).ToList();
        var distinct = work.Select(i => i.Title).Distinct(StringComparer.Ordinal).Count();
        Assert.True(distinct >= work.Count * 0.85, $"{distinct} distinct titles among {work.Count} items.");
        Assert.All(work.Where(i => i.Type == ItemType.Story), s => Assert.NotNull(StoryText.Parse(s.Title)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_backlog()
    {
        var product = Product.Create(Guid.NewGuid(), "PAY", "Payments", Now);
        Guid[] people = [Guid.NewGuid()];
        var first = new BacklogGenerator(seed: 7).Generate(product, 120, people, Now).Items;
        var second = new BacklogGenerator(seed: 7).Generate(product, 120, people, Now).Items;
        Assert.Equal(first.Select(i => (i.Title, i.Status, i.Estimate)), second.Select(i => (i.Title, i.Status, i.Estimate)));
    }

    [GeneratedRegex(@"\(\d+\)$")]
    private static partial Regex NumberedSuffix();
}
