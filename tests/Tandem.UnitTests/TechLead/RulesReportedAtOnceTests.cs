using Tandem.Domain.Architecture;
using Tandem.Domain.Common;
using Tandem.Domain.Debt;
using Tandem.Domain.Evaluations;
using Tandem.Domain.Integrations;
using Tandem.Domain.Nfrs;

namespace Tandem.UnitTests.TechLead;

/// <summary>
/// The Tech Lead's models name every field a change gets wrong in one refusal, so the handlers keep no
/// copies of their limits and a form learns all its mistakes at once.
/// </summary>
public class RulesReportedAtOnceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Workspace = Guid.NewGuid();
    private static readonly Guid Product = Guid.NewGuid();
    private static readonly Guid Someone = Guid.NewGuid();

    [Fact]
    public void A_decision_record_names_every_missing_part_and_each_bad_option()
    {
        var content = new DecisionContent(" ", null, "", null, new string('x', ArchitectureDecision.DecidersMaxLength + 1),
            [(null, null, null), ("Fine", new string('p', DecisionOption.TextMaxLength + 1), null)], []);

        var refused = Assert.Throws<DomainException>(() => ArchitectureDecision.Propose(Workspace, Product, 1, content, Someone, Now));

        Assert.Equal(["consequences", "context", "deciders", "decision", "options[0].name", "options[1]", "title"], refused.Fields.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_debt_names_title_days_and_lengths_together_and_a_revision_that_breaks_a_rule_changes_nothing()
    {
        var refused = Assert.Throws<DomainException>(() => DebtItem.Record(Workspace, Product, "", null, new string('a', DebtItem.AreaMaxLength + 1),
            DebtKind.Code, -1, 0.25m, DebtRisk.Low, null, Someone, Now));
        Assert.Equal(["area", "interest", "principal", "title"], refused.Fields.Keys.Order(StringComparer.Ordinal));

        var debt = DebtItem.Record(Workspace, Product, "No retries", null, null, DebtKind.Code, 3, 0.5m, DebtRisk.Medium, null, Someone, Now);
        var version = debt.Version;
        var revision = Assert.Throws<DomainException>(() => debt.Revise("Renamed", null, null, DebtKind.Code, 20_000, 0.5m, DebtRisk.Medium, null, DebtStatus.Repaid, Now));
        Assert.Equal(["principal", "status"], revision.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("No retries", 3m, DebtStatus.Proposed, version), (debt.Title, debt.Principal, debt.Status, debt.Version));
    }

    [Fact]
    public void An_nfr_names_statement_and_metric_together_and_a_target_names_all_four_parts()
    {
        var refused = Assert.Throws<DomainException>(() => Nfr.Propose(Workspace, Product, 1, NfrCategory.Performance, " ", null, null, null, null, null, Someone, Now));
        Assert.Equal(["metric", "statement"], refused.Fields.Keys.Order(StringComparer.Ordinal));

        var nfr = Nfr.Propose(Workspace, Product, 1, NfrCategory.Performance, "Payments are fast", "p95 latency", null, null, null, null, Someone, Now);
        var target = Assert.Throws<DomainException>(() => nfr.SetTarget("", null, " ", null, Someone, Now));
        Assert.Equal(["metric", "target", "threshold", "verification"], target.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("p95 latency", nfr.Metric);
    }

    [Fact]
    public void An_evaluation_names_its_question_a_repeated_option_and_a_weight_out_of_range_at_once()
    {
        var refused = Assert.Throws<DomainException>(() => TechnologyEvaluation.Start(Workspace, Product, 1, "", null,
            [("Kafka", null), ("kafka", null)], [("Fit", 11), ("", 3)], Someone, Now));

        Assert.Equal(["criteria[0].weight", "criteria[1].name", "options[1].name", "question"], refused.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("already an option", refused.Fields["options[1].name"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_component_keeps_its_systems_side_and_follows_it_when_the_system_moves()
    {
        var system = IntegrationSystem.Create(Workspace, Product, null, "Gateway", null, null, external: false, Now);
        var component = IntegrationSystem.Create(Workspace, Product, system, "Adapter", null, null, external: true, Now);
        Assert.False(component.External);

        var refused = Assert.Throws<DomainException>(() => component.Change("", null, null, external: true, Now));
        Assert.Equal(["external", "name"], refused.Fields.Keys.Order(StringComparer.Ordinal));

        system.Change(system.Name, system.Owner, system.Description, external: true, Now);
        component.FollowSystem(system, Now);
        Assert.True(component.External);
    }
}
