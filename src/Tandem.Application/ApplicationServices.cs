using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.AccessTokens;
using Tandem.Application.Backlog;
using Tandem.Application.Data;
using Tandem.Application.DecisionLog;
using Tandem.Application.DecisionRights;
using Tandem.Application.Demo;
using Tandem.Application.Home;
using Tandem.Application.Identity;
using Tandem.Application.Jobs;
using Tandem.Application.Mail;
using Tandem.Application.Members;
using Tandem.Application.People;
using Tandem.Application.Products;
using Tandem.Application.Setup;
using Tandem.Application.Vision;

namespace Tandem.Application;

public static class ApplicationServices
{
    /// <summary>Registers every feature's handler explicitly: the list below is the application's table of contents.</summary>
    public static IServiceCollection AddTandemApplication(this IServiceCollection services)
    {
        services.AddScoped<CurrentUser>();
        // Read caches and the counters that invalidate them (ADR 0009): one set per process; with several web
        // nodes the counters move for every node's writes through Redis (ADR 0032). Tandem:ReadCache=false turns them off.
        services.AddSingleton<Data.ChangeVersions>();
        services.AddSingleton(sp => new DecisionRightsCache(ReadCacheEnabled(sp)));
        services.AddSingleton(sp => new BacklogPageCache(ReadCacheEnabled(sp)));
        services.AddSingleton(sp => new ItemDetailCache(sp.GetRequiredService<BacklogPageCache>(), ItemCacheMegabytes(sp.GetRequiredService<IConfiguration>()), sp.GetService<TimeProvider>()));
        services.AddScoped<DecisionRightsService>();
        services.AddScoped<ProductNumbers>();
        services.AddScoped<DecisionRightsFeature>();
        services.AddScoped<DecisionLogFeature>();
        services.AddScoped<Exports.ExportsFeature>(); // Issue 16: backlog and decision-log exports.
        services.AddScoped<Imports.ImportsFeature>(); // Issue 16: Jira CSV imports, run in the background (ADR 34).
        services.AddSingleton<Imports.ImportQueue>();
        services.AddHostedService<Imports.ImportRunner>();
        // Issue 16: the Redmine import's outgoing client, one per process (ADR 39: no redirects, private networks opt-in).
        services.AddSingleton(sp => new Imports.RedmineClient(Imports.RedmineOptions.From(sp.GetRequiredService<IConfiguration>())));
        // Issue 16: GitHub and GitLab repositories, their webhooks and the delivery ids kept against replays (ADR 36).
        services.AddScoped<CodeHosts.RepositoriesFeature>();
        services.AddScoped<CodeHosts.CodeHooksFeature>();
        services.AddClusterJob(CodeHosts.CodeHookDeliveryPruning.Create);
        // Issue 16: outgoing webhooks from a transactional outbox, delivered once per cluster (ADR 35).
        services.AddOptions<Webhooks.WebhookOptions>().BindConfiguration(Webhooks.WebhookOptions.Section);
        services.AddSingleton<Webhooks.WebhookOutbox>();
        services.AddScoped<Webhooks.WebhooksFeature>();
        services.AddSingleton<Webhooks.WebhookSender>();
        services.AddHttpClient(Webhooks.WebhookUrls.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => Webhooks.WebhookUrls.Handler(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Webhooks.WebhookOptions>>().Value.AllowPrivateNetworks))
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan); // each attempt has its own timeout (WebhookOptions.TimeoutSeconds)
        services.AddClusterJob(Webhooks.WebhookSender.Job);
        services.AddScoped<ProductsFeature>();
        services.AddScoped<MembersFeature>();
        services.AddScoped<PeopleFeature>();
        services.AddScoped<AccessTokensFeature>();
        services.AddScoped<AccessTokenAuthenticator>();
        // Tokens and sessions are checked from memory under the accounts version (ADR 0042); last uses are written in the background.
        services.AddSingleton(sp => new AccountCache(ReadCacheEnabled(sp)));
        services.AddSingleton<SessionCheck>();
        services.AddSingleton<AccessTokenUses>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessTokenUses>());
        // Security events (ADR 0027): staged with the changes they record; the admin's audit view reads them.
        services.AddScoped<Security.SecurityEvents>();
        services.AddSingleton<Security.SecurityEventPruning>();
        services.AddScoped<Security.SecurityAuditFeature>();
        services.AddOptions<Security.SecurityEventOptions>().BindConfiguration(Security.SecurityEventOptions.Section);
        services.AddScoped<SetupFeature>();
        services.AddScoped<HomeFeature>();
        services.AddScoped<MyWork.MyWorkFeature>();
        services.AddScoped<Items>();
        services.AddSingleton<ItemCreations>(); // ADR 41: concurrent creates of a product share one transaction.
        // Facts the backlog raises and the contributions it composes, handled where they are known.
        services.AddScoped<IItemAccepted, Feedback.ShipFeedbackOnAcceptance>();
        services.AddScoped<BacklogFeature>();
        services.AddScoped<BacklogBoardFeature>();
        services.AddScoped<Search.SearchFeature>();
        services.AddScoped<CriteriaFeature>();
        services.AddScoped<PrioritisationFeature>();
        services.AddScoped<ValueEffortFeature>();
        services.AddScoped<VisionFeature>();
        services.AddScoped<SuggestionsFeature>();
        services.AddScoped<DefinitionsFeature>();
        services.AddScoped<ItemDetailsFeature>();
        services.AddScoped<Estimation.EstimationFeature>();
        services.AddScoped<Roadmap.RoadmapFeature>();
        services.AddScoped<Feedback.FeedbackFeature>();
        services.AddScoped<Notifications.NotificationsFeature>();
        services.AddTandemMail(); // Issue 16: notifications and set-password links by e-mail, from an outbox (ADR 37).
        services.AddScoped<Architecture.ArchitectureDecisionsFeature>();
        services.AddScoped<Debt.DebtFeature>();
        services.AddScoped<Releases.ReleasesFeature>();
        services.AddScoped<Nfrs.NfrFeature>();
        services.AddScoped<Evaluations.EvaluationsFeature>();
        services.AddScoped<Disagreements.DisagreementsFeature>();
        services.AddScoped<Integrations.IntegrationFeature>();
        services.AddScoped<Architecture.AdrLinksFeature>();
        services.AddScoped<Estimation.PokerFeature>();
        services.AddScoped<Teams.TeamsFeature>();
        services.AddScoped<Sprints.SprintsFeature>();
        // Team metrics, charts and coach hints (issue 10): the coach reads every registered hint source.
        services.AddScoped<Metrics.MetricsFeature>();
        services.AddScoped<Coaching.CoachFeature>();
        services.AddScoped<Coaching.ICoachHintSource, Coaching.SprintPatternHints>();
        services.AddScoped<Coaching.ICoachHintSource, Coaching.WipLimitHints>();
        // Retrospectives, working agreements and the team health check (issue 10).
        services.AddScoped<Retros.RetrosFeature>();
        services.AddScoped<Agreements.AgreementsFeature>();
        services.AddScoped<Health.HealthFeature>();
        // Issue 10: stand-ups, impediments, the team calendar (settings read once from configuration).
        services.AddSingleton(sp => new Impediments.ImpedimentSettings(Math.Max(1, sp.GetRequiredService<IConfiguration>()
            .GetValue($"{Impediments.ImpedimentSettings.Section}:OldAfterDays", Impediments.ImpedimentSettings.DefaultOldAfterDays))));
        services.AddSingleton(sp => new Disagreements.DisagreementSettings(Math.Max(1, sp.GetRequiredService<IConfiguration>()
            .GetValue($"{Disagreements.DisagreementSettings.Section}:FlagAfterDays", Disagreements.DisagreementSettings.DefaultFlagAfterDays))));
        services.AddScoped<Impediments.ImpedimentsFeature>();
        // The TPM's schedule: dates, dependencies, critical path and baselines (issue 11).
        services.AddScoped<Schedule.ScheduleFeature>();
        services.AddScoped<Standups.StandupsFeature>();
        services.AddScoped<Calendar.CalendarFeature>();
        services.AddScoped<Coaching.ICoachHintSource, Standups.StandupCoachHints>();
        // Issue 10, the sprint board.
        services.AddScoped<Board.BoardFeature>();
        // Issue 11, the Technical Project Manager's workspace: the shared forecasts.
        services.AddSingleton(sp => new Forecasting.ForecastSettings(Math.Clamp(sp.GetRequiredService<IConfiguration>()
            .GetValue($"{Forecasting.ForecastSettings.Section}:Weeks", Forecasting.ForecastSettings.DefaultWeeks), 1, Forecasting.ForecastSettings.MaxWeeks)));
        services.AddScoped<Forecasting.DeliveryForecasts>();
        // Issue 11: cross-team and external dependencies; the register is also what the TPM's home and the
        // status reports read as IAtRiskDependencies. A background pass re-assesses open ones on a timer.
        services.AddScoped<Dependencies.DependencyAssessor>();
        services.AddScoped<Dependencies.DependenciesFeature>();
        services.AddScoped<Program.IAtRiskDependencies>(sp => sp.GetRequiredService<Dependencies.DependenciesFeature>());
        services.AddSingleton(sp => new Dependencies.DependencySettings(Math.Max(0, sp.GetRequiredService<IConfiguration>()
            .GetValue($"{Dependencies.DependencySettings.Section}:ReassessMinutes", Dependencies.DependencySettings.DefaultReassessMinutes))));
        services.AddSingleton<Dependencies.DependencyReassessment>();
        // Once per cluster, on the node holding the job's lease (ADR 0033).
        services.AddClusterJob(Dependencies.DependencyReassessmentJob.Create);
        // Issue 11: status reports and the TPM's home (program view). They read the dependency register and the
        // milestones' gates through IAtRiskDependencies and IGatesDue, registered with those features.
        services.AddScoped<StatusReports.StatusReportBuilder>();
        services.AddScoped<StatusReports.StatusReportsFeature>();
        services.AddScoped<Program.ProgramFeature>();
        // Issue 11, the RAID log: risks, assumptions, issues, links and promoted impediments.
        services.AddScoped<Raid.RaidFeature>();
        // Issue 11, milestones with their gates and prerequisites, and scope–date trade-offs; the TPM's home reads the gates due.
        services.AddScoped<Milestones.MilestonesFeature>();
        services.AddScoped<TradeOffs.TradeOffsFeature>();
        services.AddScoped<Program.IGatesDue, Milestones.GatesDue>();
        // Issue 11: the forecast page and API, capacity (allocations) and budget (rates, burn, estimate at completion).
        services.AddScoped<Forecasting.ForecastFeature>();
        services.AddScoped<Capacity.CapacityFeature>();
        services.AddScoped<Budget.BudgetFeature>();
        services.AddScoped<DemoSeeder>();
        return services;
    }

    private static bool ReadCacheEnabled(IServiceProvider services) =>
        services.GetRequiredService<IConfiguration>().GetValue("Tandem:ReadCache", true);

    /// <summary>
    /// Tandem:ItemCacheMiB, the item detail cache's bound (ADR 43): a whole number from 1 to 65,536. The host reads it at
    /// start too, so a wrong value stops the server there rather than at the first item read.
    /// </summary>
    public static int ItemCacheMegabytes(IConfiguration configuration)
    {
        var text = configuration["Tandem:ItemCacheMiB"];
        if (string.IsNullOrWhiteSpace(text)) return ItemDetailCache.DefaultMegabytes;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var megabytes) && megabytes is >= 1 and <= 65_536)
            return megabytes;
        throw new InvalidOperationException(
            $"Tandem:ItemCacheMiB is \"{text}\": give the item detail cache's bound as a whole number of MiB from 1 to 65536 (default {ItemDetailCache.DefaultMegabytes}).");
    }
}
