using System.Text.Json;
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

    [Fact]
    public void A_notice_that_names_its_items_moves_those_items_details_and_not_their_products()
    {
        var versions = new ChangeVersions();
        var (changed, other) = (Guid.NewGuid(), Guid.NewGuid());
        var (backlog, details, workspace, before, untouched) = (versions.Backlog(Product), versions.ItemDetails(Product),
            versions.ItemDetailsInWorkspace(Workspace), versions.ItemDetail(changed), versions.ItemDetail(other));
        // Details and DetailWorkspaces are for the nodes of the version before; this version reads the items.
        versions.Apply(new ChangeNotice([Product], [Product], [Workspace], false, false, false, Items: [changed], ProductDetails: []));
        Assert.True(versions.Backlog(Product) > backlog);
        Assert.True(versions.ItemDetail(changed) > before);
        Assert.Equal(untouched, versions.ItemDetail(other));
        Assert.Equal(details, versions.ItemDetails(Product));
        Assert.Equal(workspace, versions.ItemDetailsInWorkspace(Workspace));

        versions.Apply(new ChangeNotice([], [], [], false, false, false, Items: [], ProductDetails: [Product]));
        Assert.True(versions.ItemDetails(Product) > details);
    }

    [Fact]
    public void A_notice_from_the_version_before_moves_the_details_of_every_product_it_names()
    {
        var versions = new ChangeVersions();
        var details = versions.ItemDetails(Product);
        var workspace = versions.ItemDetailsInWorkspace(Workspace);
        // What a node of the version before sends for a comment on an item whose product it did not know.
        var json = """{"backlogs":[],"details":[],"detailWorkspaces":["{{Workspace}}"],"products":false,"roles":false,"people":false,"reset":false,"accounts":false}""";
        var notice = JsonSerializer.Deserialize<ChangeNotice>(json.Replace("{{Workspace}}", Workspace.ToString(), StringComparison.Ordinal), Web)!;
        Assert.Null(notice.Items);
        versions.Apply(notice);
        Assert.True(versions.ItemDetailsInWorkspace(Workspace) > workspace);
        versions.Apply(new ChangeNotice([Product], [], [], false, false, false));
        Assert.True(versions.ItemDetails(Product) > details);
    }

    [Fact]
    public void A_notice_with_items_reaches_another_node_as_sent()
    {
        var item = Guid.NewGuid();
        var sent = new ChangeNotice([Product], [Product], [], false, false, false, Items: [item], ProductDetails: [Product]);
        var received = JsonSerializer.Deserialize<ChangeNotice>(JsonSerializer.Serialize(sent, Web), Web)!;
        Assert.Equal([item], received.Items!);
        Assert.Equal([Product], received.ProductDetails!);
        Assert.Equal([Product], received.Backlogs);
    }

    [Fact]
    public void Past_the_items_it_keeps_every_item_is_forgotten_and_every_detail_read_again()
    {
        var versions = new ChangeVersions();
        var first = Guid.NewGuid();
        versions.Apply(new ChangeNotice([], [], [], false, false, false, Items: [first], ProductDetails: []));
        var firstVersion = versions.ItemDetail(first);
        var productVersion = versions.ItemDetails(Product);
        Assert.Equal(firstVersion, versions.ItemDetail(first));

        var many = Enumerable.Range(0, ChangeVersions.TrackedItems).Select(_ => Guid.NewGuid()).ToArray();
        versions.Apply(new ChangeNotice([], [], [], false, false, false, Items: many, ProductDetails: []));

        // Forgotten: what was cached under the versions before is not served again, for items and products alike.
        Assert.NotEqual(firstVersion, versions.ItemDetail(first));
        Assert.True(versions.ItemDetails(Product) > productVersion);
        // And stable afterwards, so the caches serve again.
        Assert.Equal(versions.ItemDetail(first), versions.ItemDetail(first));
        Assert.Equal(versions.ItemDetail(many[^1]), versions.ItemDetail(many[^1]));
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
