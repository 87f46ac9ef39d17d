using Tandem.Application.Integrations;
using static Tandem.Application.Integrations.IntegrationMapLayout;

namespace Tandem.UnitTests.Integrations;

/// <summary>The map's layout is geometry, so its promises can be checked without drawing anything.</summary>
public class IntegrationMapLayoutTests
{
    private static readonly Guid Gateway = Guid.NewGuid(), Ledger = Guid.NewGuid(), Bank = Guid.NewGuid(), Outbox = Guid.NewGuid();

    private static MapSystemDto System(Guid id, string name, Guid? parent = null, bool external = false) => new(id, parent, name, "", "", external, 1);

    private static MapInterfaceDto Face(string name, Guid provider, Guid consumer) =>
        new(Guid.NewGuid(), name, provider, consumer, "rest", "live", "", false, "none", 1);

    private static IntegrationMapDto Map(params MapInterfaceDto[] faces) => new("PAY",
        [System(Gateway, "Gateway"), System(Ledger, "Ledger"), System(Bank, "Bank", external: true)],
        [System(Outbox, "Outbox", parent: Gateway)],
        faces);

    [Fact]
    public void Providers_stand_left_of_their_consumers_and_each_arrow_runs_from_provider_to_consumer()
    {
        var layout = Lay(Map(Face("Payouts", Ledger, Bank), Face("Card events", Outbox, Ledger)));

        var x = layout.Boxes.ToDictionary(b => b.System.Id, b => b.X);
        Assert.True(x[Gateway] < x[Ledger]);
        Assert.True(x[Ledger] < x[Bank]);
        Assert.All(layout.Curves, c => Assert.True(c.X1 < c.X2));
        Assert.Equal(["Payouts · rest", "Card events · rest"], layout.Curves.Select(c => c.Label));
    }

    [Fact]
    public void A_component_is_a_row_inside_its_system_and_its_interfaces_attach_to_that_row()
    {
        var layout = Lay(Map(Face("Card events", Outbox, Ledger)));

        var gateway = layout.Boxes.Single(b => b.System.Id == Gateway);
        var row = Assert.Single(gateway.Components);
        Assert.Equal(gateway.Y + HeaderHeight + 2, row.Top);
        Assert.Equal(HeaderHeight + RowHeight + 8, gateway.Height);
        Assert.Equal(row.Top - 2 + RowHeight / 2, Assert.Single(layout.Curves).Y1);
    }

    [Fact]
    public void The_same_map_lays_out_the_same_every_time_and_labels_do_not_overlap()
    {
        var map = Map(Face("Payouts", Ledger, Bank), Face("Refunds", Ledger, Bank), Face("Statements", Ledger, Bank));

        var first = Lay(map);
        Assert.Equal(first.Curves.Select(c => (c.X1, c.Y1, c.LabelX, c.LabelY)), Lay(map).Curves.Select(c => (c.X1, c.Y1, c.LabelX, c.LabelY)));
        Assert.Equal(3, first.Curves.Select(c => c.LabelY).Distinct().Count());
    }

    [Fact]
    public void An_empty_map_has_nothing_to_lay_out()
    {
        var layout = Lay(new IntegrationMapDto("PAY", [], [], []));

        Assert.Empty(layout.Boxes);
        Assert.Empty(layout.Curves);
    }
}
