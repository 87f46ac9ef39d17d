using Tandem.Application.Data;

namespace Tandem.UnitTests.Data;

/// <summary>The read caches' counters across nodes (ADR 0032): another node's notice moves them; no channel, no cache.</summary>
public class ChangeVersionsTests
{
    private static readonly Guid Product = Guid.NewGuid();
    private static readonly Guid Workspace = Guid.NewGuid();

    [Fact]
    public void Another_nodes_notice_moves_the_same_counters_its_own_write_would()
    {
        var versions = new ChangeVersions();
        var (backlog, roles, products, people, details) = (versions.Backlog(Product), versions.Roles, versions.Products, versions.People, versions.ItemDetails(Product));
        versions.Apply(new ChangeNotice([Product], [], [], Products: true, Roles: true, People: true));
        Assert.True(versions.Backlog(Product) > backlog);
        Assert.True(versions.Roles > roles);
        Assert.True(versions.Products > products);
        Assert.True(versions.People > people);
        Assert.True(versions.ItemDetails(Product) > details);
        // Stable while nothing moves: the caches serve.
        Assert.Equal(versions.Backlog(Product), versions.Backlog(Product));
        Assert.Equal(versions.Roles, versions.Roles);
    }

    [Fact]
    public void While_suspended_no_counter_answers_the_same_twice_so_no_cache_serves()
    {
        var versions = new ChangeVersions();
        var before = versions.Backlog(Product);
        versions.Suspend();
        Assert.False(versions.Trusted);
        var first = versions.Backlog(Product);
        Assert.NotEqual(first, versions.Backlog(Product));
        Assert.NotEqual(versions.Roles, versions.Roles);
        Assert.NotEqual(before, first);
        // An item-details reader takes the clock first; the product's version is then always past it: not cached.
        var clock = versions.DetailsClock;
        Assert.True(versions.ItemDetails(Product) > clock);
        Assert.True(versions.ItemDetailsInWorkspace(Workspace) > clock);
    }

    [Fact]
    public void Resuming_drops_everything_cached_before_and_caches_again()
    {
        var versions = new ChangeVersions();
        var backlog = versions.Backlog(Product);
        var details = versions.ItemDetails(Product);
        var workspace = versions.ItemDetailsInWorkspace(Workspace);
        versions.Suspend();
        versions.Resume();
        Assert.True(versions.Trusted);
        Assert.True(versions.Backlog(Product) > backlog);
        Assert.True(versions.ItemDetails(Product) > details);
        Assert.True(versions.ItemDetailsInWorkspace(Workspace) > workspace);
        Assert.Equal(versions.Backlog(Product), versions.Backlog(Product));
        Assert.Equal(versions.ItemDetails(Product), versions.ItemDetails(Product));
    }

    [Fact]
    public void A_reset_notice_drops_everything()
    {
        var versions = new ChangeVersions();
        var (backlog, roles) = (versions.Backlog(Product), versions.Roles);
        versions.Apply(ChangeNotice.DropAll);
        Assert.True(versions.Backlog(Product) > backlog);
        Assert.True(versions.Roles > roles);
    }
}
