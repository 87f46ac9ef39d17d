using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tandem.Application.AccessTokens;
using Tandem.Application.Identity;
using Tandem.Domain.Architecture;
using Tandem.Domain.Backlog;
using Tandem.Domain.Common;
using Tandem.Domain.Debt;
using Tandem.Domain.Delivery;
using Tandem.Domain.DecisionLog;
using Tandem.Domain.Disagreements;
using Tandem.Domain.Estimation;
using Tandem.Domain.Evaluations;
using Tandem.Domain.Feedback;
using Tandem.Domain.Nfrs;
using Tandem.Domain.Integrations;
using Tandem.Domain.Products;
using Tandem.Domain.Raid;
using Tandem.Domain.Releases;
using Tandem.Domain.Impediments;
using Tandem.Domain.Sprints;
using Tandem.Domain.Teams;
using Tandem.Domain.Vision;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Data;

/// <summary>
/// Tandem's unit of work. A server leases it from a pool (ADR 48): its one constructor takes only the options, and
/// <see cref="For"/> gives it the request's person and the caches and outboxes a save feeds, forgetting whatever the
/// lease before left behind. Outside a server (tools, tests) it acts as nobody in particular until <see cref="For"/>.
/// </summary>
public sealed class TandemDbContext(DbContextOptions<TandemDbContext> options)
    : IdentityDbContext<TandemUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public const string TenantFilter = "Tenant";

    private readonly PendingChanges _pending = new();
    private CurrentUser currentUser = new();
    private ChangeVersions? versions;
    private Mail.MailOutbox? mail;
    private Webhooks.WebhookOutbox? outbox;

    /// <summary>
    /// Starts a unit of work for <paramref name="person"/>: the tenant filter follows their workspace, and saves move
    /// <paramref name="changeVersions"/> and stage mail and webhook events. A pooled context comes back here with
    /// nothing of its previous lease: EF Core cleared what it tracked and its transaction, and this clears Tandem's own
    /// state (versions not yet published, what was committed, the statements to prepare).
    /// </summary>
    public TandemDbContext For(CurrentUser person, ChangeVersions? changeVersions = null, Mail.MailOutbox? mailOutbox = null,
        Webhooks.WebhookOutbox? webhookOutbox = null)
    {
        currentUser = person;
        versions = changeVersions;
        mail = mailOutbox;
        outbox = webhookOutbox;
        _pending.Clear();
        var advancedMany = _advanced.Count > 64;
        _advanced.Clear();
        if (advancedMany) _advanced.TrimExcess();
        _transactionSeen = false;
        HasCommitted = false;
        PrepareStatements = false;
        return this;
    }

    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<DecisionLogEntry> DecisionLog => Set<DecisionLogEntry>();
    public DbSet<BacklogItem> BacklogItems => Set<BacklogItem>();
    public DbSet<AcceptanceCriterion> AcceptanceCriteria => Set<AcceptanceCriterion>();
    public DbSet<Suggestion> Suggestions => Set<Suggestion>();
    public DbSet<ItemLink> ItemLinks => Set<ItemLink>();
    public DbSet<ItemLabel> ItemLabels => Set<ItemLabel>();
    public DbSet<ItemComment> ItemComments => Set<ItemComment>();
    public DbSet<ItemFollow> ItemFollows => Set<ItemFollow>();
    public DbSet<ItemActivity> ItemActivity => Set<ItemActivity>();
    public DbSet<DefinitionEntry> Definitions => Set<DefinitionEntry>();
    public DbSet<EstimationScale> EstimationScales => Set<EstimationScale>();
    public DbSet<EstimateChange> EstimateChanges => Set<EstimateChange>();
    public DbSet<TechnicalAssessment> TechnicalAssessments => Set<TechnicalAssessment>();
    public DbSet<FeedbackEntry> Feedback => Set<FeedbackEntry>();
    public DbSet<FeedbackVote> FeedbackVotes => Set<FeedbackVote>();
    public DbSet<FeedbackComment> FeedbackComments => Set<FeedbackComment>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<ProductVision> Visions => Set<ProductVision>();
    public DbSet<ProductGoal> Goals => Set<ProductGoal>();
    public DbSet<ArchitectureDecision> ArchitectureDecisions => Set<ArchitectureDecision>();
    public DbSet<PersonalAccessToken> AccessTokens => Set<PersonalAccessToken>();
    public DbSet<DebtItem> DebtItems => Set<DebtItem>();
    public DbSet<DebtSnapshot> DebtSnapshots => Set<DebtSnapshot>();
    public DbSet<DebtCapacityProposal> DebtCapacityProposals => Set<DebtCapacityProposal>();
    public DbSet<Nfr> Nfrs => Set<Nfr>();
    public DbSet<NfrLink> NfrLinks => Set<NfrLink>();
    public DbSet<NfrVerification> NfrVerifications => Set<NfrVerification>();
    public DbSet<Release> Releases => Set<Release>();
    public DbSet<TechnologyEvaluation> TechnologyEvaluations => Set<TechnologyEvaluation>();
    public DbSet<TechnicalDisagreement> TechnicalDisagreements => Set<TechnicalDisagreement>();
    public DbSet<IntegrationSystem> IntegrationSystems => Set<IntegrationSystem>();
    public DbSet<IntegrationInterface> IntegrationInterfaces => Set<IntegrationInterface>();
    public DbSet<IntegrationLink> IntegrationLinks => Set<IntegrationLink>();
    public DbSet<PokerSession> PokerSessions => Set<PokerSession>();
    public DbSet<PokerItem> PokerItems => Set<PokerItem>();
    public DbSet<PokerVote> PokerVotes => Set<PokerVote>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamProduct> TeamProducts => Set<TeamProduct>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<TeamAbsence> TeamAbsences => Set<TeamAbsence>();
    public DbSet<BoardColumn> BoardColumns => Set<BoardColumn>();
    public DbSet<Sprint> Sprints => Set<Sprint>();
    public DbSet<SprintItem> SprintItems => Set<SprintItem>();
    public DbSet<CardMove> CardMoves => Set<CardMove>();
    public DbSet<ScopeChangeRequest> ScopeChangeRequests => Set<ScopeChangeRequest>();
    public DbSet<Impediment> Impediments => Set<Impediment>();
    public DbSet<Milestone> Milestones => Set<Milestone>();
    public DbSet<MilestoneScope> MilestoneScope => Set<MilestoneScope>();
    // Issue 11, milestones: gates, checklists, prerequisites, trade-offs, release scope.
    public DbSet<Gate> Gates => Set<Gate>();
    public DbSet<GateChecklistItem> GateChecklist => Set<GateChecklistItem>();
    public DbSet<MilestoneLink> MilestoneLinks => Set<MilestoneLink>();
    public DbSet<TradeOff> TradeOffs => Set<TradeOff>();
    public DbSet<TradeOffItem> TradeOffItems => Set<TradeOffItem>();
    public DbSet<ReleaseScope> ReleaseScope => Set<ReleaseScope>();
    public DbSet<Risk> Risks => Set<Risk>();
    // Issue 11, cross-team and external dependencies.
    public DbSet<Tandem.Domain.Dependencies.Dependency> Dependencies => Set<Tandem.Domain.Dependencies.Dependency>();
    public DbSet<Tandem.Domain.Dependencies.DependencyItem> DependencyItems => Set<Tandem.Domain.Dependencies.DependencyItem>();
    public DbSet<ImpedimentItem> ImpedimentItems => Set<ImpedimentItem>();
    // The RAID log (issue 11): a risk's trend, assumptions, issues, links and promoted impediments.
    public DbSet<Tandem.Domain.Raid.RiskHistory> RiskHistory => Set<Tandem.Domain.Raid.RiskHistory>();
    public DbSet<Tandem.Domain.Raid.Assumption> Assumptions => Set<Tandem.Domain.Raid.Assumption>();
    public DbSet<Tandem.Domain.Raid.RaidIssue> RaidIssues => Set<Tandem.Domain.Raid.RaidIssue>();
    public DbSet<Tandem.Domain.Raid.RaidLink> RaidLinks => Set<Tandem.Domain.Raid.RaidLink>();
    public DbSet<Tandem.Domain.Raid.ImpedimentPromotion> ImpedimentPromotions => Set<Tandem.Domain.Raid.ImpedimentPromotion>();
    // Issue 11, capacity and budget: the TPM's allocations of people, rates per role or person, a budget per product.
    public DbSet<Tandem.Domain.Capacity.Allocation> Allocations => Set<Tandem.Domain.Capacity.Allocation>();
    public DbSet<Tandem.Domain.Budget.CostRate> CostRates => Set<Tandem.Domain.Budget.CostRate>();
    public DbSet<Tandem.Domain.Budget.ProductBudget> ProductBudgets => Set<Tandem.Domain.Budget.ProductBudget>();
    // The TPM's schedule (issue 11): entries, dependencies and baselines.
    public DbSet<Tandem.Domain.Scheduling.ScheduleEntry> ScheduleEntries => Set<Tandem.Domain.Scheduling.ScheduleEntry>();
    public DbSet<Tandem.Domain.Scheduling.ScheduleLink> ScheduleLinks => Set<Tandem.Domain.Scheduling.ScheduleLink>();
    public DbSet<Tandem.Domain.Scheduling.ScheduleBaseline> ScheduleBaselines => Set<Tandem.Domain.Scheduling.ScheduleBaseline>();
    public DbSet<Tandem.Domain.Scheduling.ScheduleBaselineEntry> ScheduleBaselineEntries => Set<Tandem.Domain.Scheduling.ScheduleBaselineEntry>();

    // Coach hints (issue 10, metrics): the Scrum Master's dismissals, one per team and hint key.
    public DbSet<Tandem.Domain.Coaching.HintDismissal> HintDismissals => Set<Tandem.Domain.Coaching.HintDismissal>();
    // Retrospectives, working agreements and the team health check (issue 10).
    public DbSet<Tandem.Domain.Retros.Retrospective> Retrospectives => Set<Tandem.Domain.Retros.Retrospective>();
    public DbSet<Tandem.Domain.Retros.RetroCard> RetroCards => Set<Tandem.Domain.Retros.RetroCard>();
    public DbSet<Tandem.Domain.Retros.RetroGroup> RetroGroups => Set<Tandem.Domain.Retros.RetroGroup>();
    public DbSet<Tandem.Domain.Retros.RetroVote> RetroVotes => Set<Tandem.Domain.Retros.RetroVote>();
    public DbSet<Tandem.Domain.Retros.RetroAction> RetroActions => Set<Tandem.Domain.Retros.RetroAction>();
    public DbSet<Tandem.Domain.Retros.WorkingAgreement> WorkingAgreements => Set<Tandem.Domain.Retros.WorkingAgreement>();
    public DbSet<Tandem.Domain.Health.HealthRound> HealthRounds => Set<Tandem.Domain.Health.HealthRound>();
    public DbSet<Tandem.Domain.Health.HealthParticipation> HealthParticipations => Set<Tandem.Domain.Health.HealthParticipation>();
    public DbSet<Tandem.Domain.Health.HealthAnswer> HealthAnswers => Set<Tandem.Domain.Health.HealthAnswer>();

    // Issue 10: stand-ups, events and calendar feeds.
    public DbSet<Tandem.Domain.Standups.StandupEntry> StandupEntries => Set<Tandem.Domain.Standups.StandupEntry>();
    public DbSet<Tandem.Domain.Events.TeamEvent> TeamEvents => Set<Tandem.Domain.Events.TeamEvent>();
    public DbSet<Tandem.Domain.Events.TeamCalendarFeed> TeamCalendarFeeds => Set<Tandem.Domain.Events.TeamCalendarFeed>();
    // Issue 11: status reports (a draft is live, a published one frozen).
    public DbSet<Tandem.Domain.Reports.StatusReport> StatusReports => Set<Tandem.Domain.Reports.StatusReport>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    // Issue 16, e-mail (ADR 0037): the mail outbox, filled in SaveChanges for every added notification, and each person's preference.
    public DbSet<Mail.OutgoingMail> MailOutbox => Set<Mail.OutgoingMail>();
    public DbSet<Mail.MailPreference> MailPreferences => Set<Mail.MailPreference>();

    /// <summary>The workspace every tenant filter compares with; read per query, so it follows the current user.</summary>
    internal Guid CurrentWorkspaceId => currentUser.WorkspaceId;

    // EF Core reads the provider's name from its assembly on every call; the provider never changes for a context.
    public bool IsSqlite => _isSqlite ??= Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    private bool? _isSqlite;

    /// <summary>
    /// Set by the hottest requests (an item's read, update, move and create): on PostgreSQL, the statements this
    /// context runs while it is set are prepared once per connection (<see cref="PreparedStatements"/>, issue 12).
    /// </summary>
    public bool PrepareStatements { get; set; }

    /// <summary>The percentage of each <c>backlog_items</c> page PostgreSQL fills on insert; the rest is kept for updates (ADR 49).</summary>
    public const int ItemsFillFactor = 85;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(TandemDbContext).Assembly);
        if (!IsSqlite)
        {
            // Ranks must sort byte by byte; PostgreSQL's default collation is locale-aware.
            builder.Entity<BacklogItem>().Property(i => i.Rank).UseCollation("C");
            // An item update that writes no indexed column (its title, estimate or business value; not its status,
            // rank or epic) stays on its page without a new entry in any of the table's eight indexes, a HOT update,
            // when the page has room: each page keeps 15 % free for it (ADR 49). Full pages made every update a new
            // tuple elsewhere and eight index insertions, and the indexes grew with every update until a vacuum.
            builder.Entity<BacklogItem>().HasStorageParameter("fillfactor", ItemsFillFactor);
        }
        else
        {
            // SQLite keeps decimals as text, so sorting and summing them runs a function per row (100 ms over
            // 10,000 debts). Days have one decimal: store tenths as integers, which sort and sum natively.
            var tenths = new ValueConverter<decimal, long>(v => (long)Math.Round(v * 10m), v => v / 10m);
            builder.Entity<DebtItem>().Property(d => d.Principal).HasConversion(tenths);
            builder.Entity<DebtItem>().Property(d => d.Interest).HasConversion(tenths);
            builder.Entity<DebtSnapshot>().Property(d => d.Principal).HasConversion(tenths);
            builder.Entity<DebtSnapshot>().Property(d => d.Interest).HasConversion(tenths);
            // Points are summed for capacity, burndown and velocity: the same tenths.
            var nullableTenths = new ValueConverter<decimal?, long?>(v => v == null ? null : (long)Math.Round(v.Value * 10m), v => v == null ? null : v.Value / 10m);
            builder.Entity<Sprint>().Property(s => s.CommittedPoints).HasConversion(tenths);
            builder.Entity<Sprint>().Property(s => s.CompletedPoints).HasConversion(tenths);
            builder.Entity<SprintItem>().Property(s => s.Points).HasConversion(nullableTenths);
        }

        // Every tenant-owned row is visible only inside the signed-in user's workspace: one filter per
        // ITenantOwned entity, applied here so a new entity cannot forget it. Users are the one deliberate
        // exception (UnfilteredTenantTypes): sign-in must find an account before it knows the workspace, so
        // every query over people filters by workspace explicitly.
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            if (!typeof(ITenantOwned).IsAssignableFrom(entity.ClrType) || UnfilteredTenantTypes.Contains(entity.ClrType)) continue;
            var row = Expression.Parameter(entity.ClrType, "row");
            var filter = Expression.Lambda(
                Expression.Equal(
                    Expression.Property(row, nameof(ITenantOwned.WorkspaceId)),
                    Expression.Property(Expression.Constant(this), nameof(CurrentWorkspaceId))),
                row);
            builder.Entity(entity.ClrType).HasQueryFilter(TenantFilter, filter);
        }
    }

    /// <summary>Tenant-owned types deliberately left unfiltered, each with its reason above; the model test names them.</summary>
    public static readonly IReadOnlySet<Type> UnfilteredTenantTypes = new HashSet<Type> { typeof(TandemUser) };

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date/time type that sorts or compares correctly with offsets; store instants
        // as UTC ticks there. PostgreSQL keeps its native timestamptz.
        if (Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var (_, detect) = PrepareSave();
        try
        {
            var saved = base.SaveChanges(acceptAllChangesOnSuccess);
            if (saved > 0 && !InTransaction) Committed();
            return saved;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
            if (Database.CurrentTransaction is null) PublishChanges();
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var (hasChanges, detect) = PrepareSave();
        try
        {
            // Outside a transaction, SQLite's writers of this process queue at the gate instead of sleeping on each other's lock (ADR 26).
            using var gate = IsSqlite && Database.CurrentTransaction is null && hasChanges ? await SqliteWriteGate.EnterAsync(this, cancellationToken) : null;
            try
            {
                // Once a save starts it finishes (ADR 45): the request's token fires when its client goes away, and a commit
                // cancelled then was rolled back, or applied with the error logged, for a write someone had decided to make.
                var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, CancellationToken.None);
                if (saved > 0 && !InTransaction) Committed();
                return saved;
            }
            finally
            {
                // Inside an explicit transaction the rows are not visible to other readers yet: publish at its end. Outside
                // one, publish even when the save threw: its own commit may have gone through (see ChangeVersionsInterceptor).
                if (Database.CurrentTransaction is null) PublishChanges();
            }
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>
    /// For writes that bypass the change tracker (ExecuteUpdate): the product's backlog changed, and the details of
    /// <paramref name="items"/> (every item's, when they are more than <see cref="ItemsNamed"/>). Published at once
    /// outside a transaction, else when the transaction ends.
    /// </summary>
    public void BacklogChanged(Guid productId, IReadOnlyCollection<Guid>? items = null)
    {
        _pending.Backlogs.Add(productId);
        if (items is not null && items.Count <= ItemsNamed) _pending.Items.UnionWith(items);
        else _pending.ProductDetails.Add(productId);
        if (Database.CurrentTransaction is null) PublishChanges();
    }

    /// <summary>
    /// Up to this many items changed at once are named to the caches one by one (a local respread's); more move every
    /// detail of their product instead, so a notice to the other nodes stays small.
    /// </summary>
    public const int ItemsNamed = 2_048;

    private bool _transactionSeen;

    private readonly Dictionary<Guid, ItemAdvance> _advanced = [];

    /// <summary>
    /// The item's detail version before and after this context's last publication that moved it, or null when it wrote
    /// nothing the item's detail shows. (Before an earlier publication of the same context, its own earlier write would
    /// look like someone else's: a writer that saves twice answers from the database, which is safe.)
    /// </summary>
    internal ItemAdvance? ItemAdvanced(Guid itemId) => _advanced.TryGetValue(itemId, out var advance) ? advance : null;

    /// <summary>
    /// Whether an explicit transaction is open. Asking <c>Database.CurrentTransaction</c> builds the context's
    /// internal services, which a read served from the caches otherwise never needs (ADR 0042): a context that
    /// never began or joined a transaction (<see cref="ChangeVersionsInterceptor"/> sees each) has none.
    /// </summary>
    public bool InTransaction => _transactionSeen && Database.CurrentTransaction is not null;

    internal void TransactionSeen() => _transactionSeen = true;

    /// <summary>
    /// Whether something this unit of work wrote is durable: a save outside an explicit transaction, a committed
    /// transaction, or a statement run outside one (ExecuteUpdate, ExecuteDelete, raw SQL). While it is false, a
    /// request that failed on a write left nothing behind, so running it again is the same as it arriving a moment
    /// later (ADR 46). A failed save, a rolled-back transaction and a save inside a transaction not yet committed
    /// leave it false.
    /// </summary>
    public bool HasCommitted { get; private set; }

    internal void Committed() => HasCommitted = true;

    /// <summary>
    /// For writes to accounts, tokens or workspaces that bypass the change tracker (ExecuteUpdate): the
    /// authentication caches must read them again (ADR 0042). Published at once outside a transaction.
    /// </summary>
    public void AccountsChanged()
    {
        _pending.Accounts = true;
        if (Database.CurrentTransaction is null) PublishChanges();
    }

    /// <summary>Moves the read caches' versions for what this context wrote; called after the commit.</summary>
    internal void PublishChanges()
    {
        if (_pending.IsEmpty) return;
        versions?.Publish(_pending, _advanced);
        _pending.Clear();
    }

    /// <summary>
    /// What every save does before EF's: the decision log's guard, the mail and webhook outboxes, the versions to move.
    /// Changes are detected once for all of them and for EF Core's save: each <c>Entries()</c>, and EF Core's save
    /// itself, would otherwise scan every tracked entity again, and what staging adds is added, never a property
    /// changed (EF Core's second scan was 1.7 % of a move's samples, ADR 49). Answers whether there is anything to
    /// save, and the detection setting the caller restores once the save is over.
    /// </summary>
    private (bool HasChanges, bool Detect) PrepareSave()
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        if (detect) ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            GuardAppendOnly();
            mail?.Stage(this);
            CollectChanges();
            return (ChangeTracker.HasChanges(), detect);
        }
        catch
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
            throw;
        }
    }

    private void CollectChanges()
    {
        if (versions is null) return;
        _pending.Collect(ChangeTracker);
        // Issue 16: the change's webhook events join this same save (the transactional outbox, ADR 35).
        outbox?.Stage(this);
    }

    /// <summary>The decision log is append-only: a change or deletion of an entry is a bug, not a request.</summary>
    private void GuardAppendOnly()
    {
        foreach (EntityEntry<DecisionLogEntry> entry in ChangeTracker.Entries<DecisionLogEntry>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException("The decision log is append-only; entries cannot be changed or deleted.");
        }
    }
}

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC ticks so SQLite orders and compares it correctly.</summary>
public sealed class DateTimeOffsetToUtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));

/// <summary>The model differs per provider (collations, date-time storage), so it is cached per provider.</summary>
public sealed class ProviderModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) => (context.GetType(), context.Database.ProviderName, designTime);
}
