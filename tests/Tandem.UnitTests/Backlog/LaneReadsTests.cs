using Tandem.Application.Backlog;
using Tandem.Application.Data;

namespace Tandem.UnitTests.Backlog;

/// <summary>
/// ADR 41, amended: a product's batches of creates keep the Definition of Done and the creators' names their answers
/// show from one batch to the next, and read them again once anything they show changed.
/// </summary>
public class LaneReadsTests
{
    private static readonly Guid Product = Guid.NewGuid();
    private static readonly Guid Ann = Guid.NewGuid();
    private static readonly Guid Bo = Guid.NewGuid();
    private static readonly string[] Done = ["Reviewed", "Deployed"];

    private static Dictionary<Guid, string> Names(params (Guid Id, string Name)[] people) => people.ToDictionary(p => p.Id, p => p.Name);

    [Fact]
    public void Nothing_is_kept_before_a_batch_has_read()
    {
        var reads = new LaneReads(new ChangeVersions(), Product);
        Assert.False(reads.TryGet([Ann], out _, out _));
    }

    [Fact]
    public void Reads_kept_serve_the_next_batch_of_the_same_people()
    {
        var reads = new LaneReads(new ChangeVersions(), Product);
        reads.Keep(reads.Stamp(), Done, Names((Ann, "Ann")));

        Assert.True(reads.TryGet([Ann], out var done, out var names));
        Assert.Equal(Done, done);
        Assert.Equal("Ann", names[Ann]);
        // Someone the last batches did not name is read.
        Assert.False(reads.TryGet([Ann, Bo], out _, out _));
    }

    [Fact]
    public void Names_of_several_batches_are_kept_together()
    {
        var reads = new LaneReads(new ChangeVersions(), Product);
        reads.Keep(reads.Stamp(), Done, Names((Ann, "Ann")));
        reads.Keep(reads.Stamp(), Done, Names((Bo, "Bo")));

        Assert.True(reads.TryGet([Ann, Bo], out _, out var names));
        Assert.Equal(["Ann", "Bo"], names.Values.Order());
    }

    [Fact]
    public void A_Definition_of_Done_edit_or_a_new_name_means_reading_again()
    {
        var versions = new ChangeVersions();
        var reads = new LaneReads(versions, Product);
        reads.Keep(reads.Stamp(), Done, Names((Ann, "Ann")));
        versions.Apply(new ChangeNotice([], [Product], [], Products: false, Roles: false, People: false));
        Assert.False(reads.TryGet([Ann], out _, out _));

        reads.Keep(reads.Stamp(), Done, Names((Ann, "Ann")));
        Assert.True(reads.TryGet([Ann], out _, out _));
        versions.Apply(new ChangeNotice([], [], [], Products: false, Roles: false, People: true));
        Assert.False(reads.TryGet([Ann], out _, out _));
    }

    [Fact]
    public void Another_products_change_leaves_them_kept()
    {
        var versions = new ChangeVersions();
        var reads = new LaneReads(versions, Product);
        reads.Keep(reads.Stamp(), Done, Names((Ann, "Ann")));
        versions.Apply(new ChangeNotice([Guid.NewGuid()], [Guid.NewGuid()], [], Products: false, Roles: false, People: false));
        Assert.True(reads.TryGet([Ann], out _, out _));
    }

    [Fact]
    public void Reads_taken_while_what_they_show_changed_are_not_kept()
    {
        var versions = new ChangeVersions();
        var reads = new LaneReads(versions, Product);
        var stamp = reads.Stamp();
        // The Definition of Done is edited between the stamp and the end of the read.
        versions.Apply(new ChangeNotice([], [Product], [], Products: false, Roles: false, People: false));
        reads.Keep(stamp, Done, Names((Ann, "Ann")));
        Assert.False(reads.TryGet([Ann], out _, out _));
    }

    [Fact]
    public void Nothing_is_kept_while_the_invalidation_channel_is_down()
    {
        var versions = new ChangeVersions();
        var reads = new LaneReads(versions, Product);
        versions.Suspend();
        reads.Keep(reads.Stamp(), Done, Names((Ann, "Ann")));
        Assert.False(reads.TryGet([Ann], out _, out _));
    }

    [Fact]
    public void The_names_kept_are_bounded()
    {
        var reads = new LaneReads(new ChangeVersions(), Product);
        var many = Enumerable.Range(0, LaneReads.MaxNames).Select(_ => (Guid.NewGuid(), "Someone")).ToArray();
        reads.Keep(reads.Stamp(), Done, Names(many));
        reads.Keep(reads.Stamp(), Done, Names((Ann, "Ann")));

        // Past the bound the kept names start again from the last batch's.
        Assert.True(reads.TryGet([Ann], out _, out var names));
        Assert.Equal(Ann, Assert.Single(names).Key);
        Assert.False(reads.TryGet([many[0].Item1], out _, out _));
    }
}
