using Tandem.Domain.Backlog;
using Tandem.Domain.Products;

namespace Tandem.Application.Demo;

/// <summary>
/// Builds a realistic payments backlog of any size: epics, user stories in "As a … I want … so that …"
/// form with Given/When/Then criteria, bugs, spikes and tech debt, with prioritisation inputs and a
/// spread of statuses. Deterministic for a seed, so demo data and benchmark datasets are repeatable.
/// </summary>
public sealed class BacklogGenerator(int seed = 42)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Epics =
    [
        "Card payments", "Refunds and disputes", "Merchant onboarding", "Payouts", "Fraud screening", "Checkout",
        "Invoicing", "Reporting and exports", "Subscriptions", "Multi-currency", "Compliance (PCI DSS)", "Developer API",
    ];

    private static readonly string[] Personas = ["merchant", "shop owner", "finance manager", "customer", "support agent", "developer", "compliance officer", "accountant"];

    private static readonly string[] Capabilities =
    [
        "refund part of an order", "see payouts by day", "export transactions as CSV", "accept Apple Pay", "retry a failed card charge",
        "set a spending limit per card", "download monthly invoices", "be warned about suspicious orders", "pay in my own currency",
        "pause a subscription", "add a team member with read-only access", "search payments by customer email", "reconcile payouts with my bank",
        "receive a webhook when a dispute opens", "see why a payment was declined", "issue a credit note", "set up two-factor sign-in",
        "schedule payouts weekly", "filter reports by store", "see fees per transaction",
    ];

    private static readonly string[] Benefits =
    [
        "I can close my books faster", "customers are not charged twice", "I spend less time on support", "I trust the numbers",
        "I lose fewer sales", "I stay compliant", "my cash flow is predictable", "I can answer customers on the first call",
    ];

    private static readonly string[] Bugs =
    [
        "Refund total rounds to the wrong cent for JPY", "Payout CSV drops rows with commas in the memo", "Checkout spinner never stops on 3-D Secure timeout",
        "Webhook retries send events out of order", "Dispute evidence upload fails above 5 MB", "Invoice PDF shows the wrong VAT number",
        "Timezone shift moves payouts to the previous day", "Search by email is case-sensitive",
    ];

    private static readonly string[] Spikes =
    [
        "Evaluate network tokenisation with the card schemes", "Investigate idempotency keys for the public API", "Compare fraud scoring vendors",
        "Prototype instant payouts on SEPA Instant", "Measure checkout latency by region",
    ];

    private static readonly string[] Debts =
    [
        "Replace the hand-rolled currency table with ISO 4217 data", "Split the payments monolith's ledger module", "Remove the legacy v1 webhook signer",
        "Raise test coverage of the refund engine", "Upgrade the PDF library with known CVEs", "Move settlement jobs off cron",
    ];

    // Where a bug shows, what a spike is for, where debt sits, and how a story narrows: combined with the lists
    // above so the backlog reads like a team's, not like eight titles repeated with numbers after them.
    private static readonly string[] BugPlaces =
    [
        "in the merchant dashboard", "in the iOS app", "in the Android app", "through the public API", "for marketplace merchants",
        "in the EU region", "since the new checkout", "for subscription renewals", "on the hosted payment page", "in Safari",
        "for merchants on annual plans", "in the nightly export",
    ];

    private static readonly string[] SpikeScopes =
    [
        "for the UK market", "for the Nordics", "before the autumn launch", "for marketplace merchants", "with the platform team", "for the mobile SDK",
    ];

    private static readonly string[] DebtPlaces =
    [
        "in the payouts service", "in the checkout service", "before the PCI audit", "in the reporting pipeline", "in the merchant dashboard", "in the API gateway",
    ];

    private static readonly string[] StoryScopes =
    [
        "from my phone", "for each of my stores", "in bulk", "without calling support", "in my own language", "from the dashboard",
        "through the API", "for last quarter",
    ];

    public sealed record Generated(IReadOnlyList<BacklogItem> Items, IReadOnlyList<AcceptanceCriterion> Criteria);

    /// <param name="count">Items in all, epics included.</param>
    /// <param name="people">Who items are created by and assigned to (developers first).</param>
    public Generated Generate(Product product, int count, IReadOnlyList<Guid> people, DateTimeOffset now)
    {
        var items = new List<BacklogItem>(count);
        var criteria = new List<AcceptanceCriterion>();
        var ranks = Rank.Spread(count);
        var epicCount = Math.Min(Epics.Length, Math.Max(1, count / 25));
        var epics = new List<BacklogItem>();

        for (var n = 1; n <= count; n++)
        {
            // Epics are containers: they rank below the work, which fills the top of the backlog in creation order.
            var rank = n <= epicCount ? ranks[count - epicCount + n - 1] : ranks[n - epicCount - 1];
            var createdBy = people[_random.Next(people.Count)];
            var at = now.AddMinutes(-(count - n) * 7);
            BacklogItem item;
            if (n <= epicCount)
            {
                item = BacklogItem.Create(product.WorkspaceId, product.Id, product.Key, n, ItemType.Epic, Epics[n - 1],
                    $"Everything about **{Epics[n - 1].ToLowerInvariant()}** for merchants.", rank, createdBy, at);
                epics.Add(item);
            }
            else
            {
                var roll = _random.Next(100);
                var (type, title, description) = roll switch
                {
                    < 70 => Story(),
                    < 82 => (ItemType.Bug, Pick(Bugs), "Seen in production; steps to reproduce in the linked ticket."),
                    < 90 => (ItemType.Spike, Pick(Spikes), "Time-boxed to two days. Outcome: a recommendation and a decision record."),
                    _ => (ItemType.TechDebt, Pick(Debts), "Slows every change in this area; see the debt register."),
                };
                // The qualifiers come from the item's number, not the random source: the same seed still gives the
                // same statuses, estimates and ranks, which the tests and the benchmarks rely on.
                title = type switch
                {
                    ItemType.Bug => $"{title} {Vary(BugPlaces, n)}",
                    ItemType.Spike => $"{title} {Vary(SpikeScopes, n)}",
                    ItemType.TechDebt => $"{title} {Vary(DebtPlaces, n)}",
                    _ => title,
                };
                if (n > epicCount + 20 && _random.Next(3) == 0 && type == ItemType.Story) title = Narrow(title, Vary(StoryScopes, n));
                item = BacklogItem.Create(product.WorkspaceId, product.Id, product.Key, n, type, title, description, rank, createdBy, at);
                item.PlaceIn(epics[_random.Next(epics.Count)].Id, at);
                if (_random.Next(3) > 0) Prioritise(item, at);
                if (_random.Next(4) > 0) item.SetEstimate(Points[_random.Next(Points.Length)], at);
                SetStatus(item, (double)(n - epicCount) / (count - epicCount), people, at);
                if (type == ItemType.Story)
                {
                    var criteriaCount = _random.Next(0, 4);
                    for (var c = 1; c <= criteriaCount; c++)
                    {
                        var criterion = AcceptanceCriterion.Create(item, c, $"{A(Pick(Personas))} with an active account",
                            $"they {Pick(Capabilities)}", $"the result is shown within 2 seconds and recorded in the audit trail", at);
                        if (item.Status is ItemStatus.Done or ItemStatus.Accepted) criterion.Tick(true, createdBy);
                        criteria.Add(criterion);
                    }
                }
            }
            items.Add(item);
        }
        return new Generated(items, criteria);
    }

    private (ItemType, string, string) Story()
    {
        var persona = Pick(Personas);
        var capability = Pick(Capabilities);
        var benefit = Pick(Benefits);
        var title = $"As {A(persona)} I want to {capability} so that {benefit}";
        if (title.Length > BacklogItem.TitleMaxLength) title = title[..BacklogItem.TitleMaxLength];
        return (ItemType.Story, title, $"**Why:** {benefit}.\n\nNotes from discovery: talk to three {persona}s before refining.");
    }

    private void Prioritise(BacklogItem item, DateTimeOffset at)
    {
        int[] fibonacci = [1, 2, 3, 5, 8, 13, 20];
        item.Prioritise(
            fibonacci[_random.Next(fibonacci.Length)], fibonacci[_random.Next(fibonacci.Length)], fibonacci[_random.Next(fibonacci.Length)],
            _random.Next(50, 5000), BacklogItem.ImpactScale[_random.Next(BacklogItem.ImpactScale.Count)], _random.Next(5, 11) * 10,
            _random.Next(1, 9), (MoSCoW)_random.Next(4), at);
    }

    private static readonly decimal[] Points = [1, 2, 3, 5, 8, 13];

    private void SetStatus(BacklogItem item, double position, IReadOnlyList<Guid> people, DateTimeOffset at)
    {
        // The top of the backlog is where work happens: some accepted, some done awaiting the PO, some in progress.
        var roll = _random.Next(100);
        if (position < 0.08 && roll < 40)
        {
            item.Assign(people[_random.Next(people.Count)], at);
            item.ChangeStatus(ItemStatus.Done, at);
            if (roll < 25) item.Accept(at);
        }
        else if (position < 0.15 && roll < 50)
        {
            item.Assign(people[_random.Next(people.Count)], at);
            item.ChangeStatus(ItemStatus.InProgress, at);
        }
        else if (position < 0.3 && roll < 50)
        {
            item.ChangeStatus(ItemStatus.Ready, at);
        }
    }

    /// <summary>One of the options for item <paramref name="n"/>; neighbours get different ones.</summary>
    private static string Vary(string[] options, int n) => options[(int)((uint)(n * 7919) % (uint)options.Length)];

    /// <summary>"As a … I want to … {scope} so that …", when it still fits a title.</summary>
    private static string Narrow(string story, string scope)
    {
        var at = story.IndexOf(" so that ", StringComparison.Ordinal);
        var narrowed = at < 0 ? story : $"{story[..at]} {scope}{story[at..]}";
        return narrowed.Length <= BacklogItem.TitleMaxLength ? narrowed : story;
    }

    private static string A(string noun) => ("aeiou".Contains(noun[0], StringComparison.Ordinal) ? "an " : "a ") + noun;

    private string Pick(string[] options) => options[_random.Next(options.Length)];
}
