namespace Tandem.Web.Components;

/// <summary>
/// Every page address the web layer hands out (links, redirects, notification targets), built in one place
/// so that a page that moves changes one line. Keys are used as given: product and item keys are already
/// upper case where they come from.
/// </summary>
public static class AppRoutes
{
    public static string Product(string productKey) => $"/p/{productKey}";

    // The Scrum Master's workspace (issue 10): a team's pages hang off the team, a sprint's off the sprint.
    public static string Teams(string productKey) => $"/p/{productKey}/teams";

    public static string TeamsAdmin => "/admin/teams";

    public static string Team(Guid teamId) => $"/teams/{teamId}";

    public static string TeamSettings(Guid teamId) => $"/teams/{teamId}/settings";

    public static string Sprints(Guid teamId) => $"/teams/{teamId}/sprints";

    public static string Sprint(Guid sprintId) => $"/sprints/{sprintId}";

    public static string SprintReview(Guid sprintId) => $"/sprints/{sprintId}/review";

    public static string Board(Guid sprintId) => $"/sprints/{sprintId}/board";

    /// <summary>The board of the team's active sprint (or a page saying there is none).</summary>
    public static string TeamBoard(Guid teamId) => $"/teams/{teamId}/board";

    public static string Standups(Guid teamId, string? query = null) => $"/teams/{teamId}/standups{Query(query)}";

    public static string Impediments(string productKey, string? query = null) => $"/p/{productKey}/impediments{Query(query)}";

    public static string Impediment(string productKey, int number) => $"/p/{productKey}/impediments/{number}";

    public static string TeamCalendar(Guid teamId) => $"/teams/{teamId}/calendar";

    public static string Retros(Guid teamId) => $"/teams/{teamId}/retros";

    public static string Retro(Guid retroId) => $"/retros/{retroId}";

    public static string WorkingAgreements(Guid teamId) => $"/teams/{teamId}/agreements";

    public static string HealthCheck(Guid teamId) => $"/teams/{teamId}/health";

    public static string TeamMetrics(Guid teamId) => $"/teams/{teamId}/metrics";

    // The Technical Project Manager's workspace (issue 11): program views span the workspace (filters by product
    // and team in the query); a product's delivery pages hang off the product.
    public static string Program(string? query = null) => $"/delivery{Query(query)}";

    public static string ProgramMilestones(string? query = null) => $"/delivery/milestones{Query(query)}";

    public static string Dependencies(string? query = null) => $"/delivery/dependencies{Query(query)}";

    public static string Dependency(Guid id) => $"/delivery/dependencies/{id}";

    public static string Capacity(string? query = null) => $"/delivery/capacity{Query(query)}";

    public static string Budget(string? query = null) => $"/delivery/budget{Query(query)}";

    public static string Milestones(string productKey) => $"/p/{productKey}/milestones";

    public static string Milestone(string productKey, int number) => $"/p/{productKey}/milestones/{number}";

    public static string TradeOff(Guid id) => $"/delivery/trade-offs/{id}";

    public static string Schedule(string productKey, string? query = null) => $"/p/{productKey}/schedule{Query(query)}";

    public static string Raid(string productKey, string? query = null) => $"/p/{productKey}/raid{Query(query)}";

    public static string Risk(string productKey, int number) => $"/p/{productKey}/risks/{number}";

    public static string Forecast(string productKey, string? query = null) => $"/p/{productKey}/forecast{Query(query)}";

    public static string StatusReports(string productKey) => $"/p/{productKey}/status-reports";

    public static string StatusReport(Guid id) => $"/status-reports/{id}";

    public static string Releases(string productKey) => $"/p/{productKey}/releases";

    public static string Backlog(string productKey, string? query = null) => $"/p/{productKey}/backlog{Query(query)}";

    public static string Item(string productKey, string itemKey) => $"/p/{productKey}/items/{itemKey}";

    public static string Suggestions(string productKey) => $"/p/{productKey}/suggestions";

    public static string Definitions(string productKey) => $"/p/{productKey}/definitions";

    public static string DecisionLog(string productKey, string? subject = null) =>
        $"/p/{productKey}/decision-log{(subject is null ? "" : "?subject=" + Uri.EscapeDataString(subject))}";

    public static string System(string productKey, Guid id) => $"/p/{productKey}/integrations/systems/{id}";

    public static string Interface(string productKey, Guid id) => $"/p/{productKey}/integrations/interfaces/{id}";

    public static string Adr(string productKey, int number) => $"/p/{productKey}/adrs/{number}";

    public static string Nfrs(string productKey) => $"/p/{productKey}/nfrs";

    public static string Nfr(string productKey, string number) => $"/p/{productKey}/nfrs/{number}";

    public static string ProductAdmin(string productKey) => $"/admin/products/{productKey}";

    public static string Webhooks(string productKey) => $"/p/{productKey}/webhooks";

    public static string Feedback(string productKey, string? query = null) => $"/p/{productKey}/feedback{Query(query)}";

    public static string FeedbackEntry(string productKey, int number) => $"/p/{productKey}/feedback/{number}";

    public static string Adrs(string productKey, string? query = null) => $"/p/{productKey}/adrs{Query(query)}";

    public static string Debt(string productKey, string? query = null) => $"/p/{productKey}/debt{Query(query)}";

    public static string Disagreements(string productKey, string? query = null) => $"/p/{productKey}/disagreements{Query(query)}";

    public static string Evaluations(string productKey, string? query = null) => $"/p/{productKey}/evaluations{Query(query)}";

    public static string NfrCompliance(string productKey) => $"/p/{productKey}/nfrs/compliance";

    public static string Poker(string productKey) => $"/p/{productKey}/poker";

    public static string PokerSession(string productKey, Guid id) => $"/p/{productKey}/poker/{id}";

    private static string Query(string? query) => string.IsNullOrEmpty(query) ? "" : "?" + query;
}

/// <summary>The Application layer's page links, answered from <see cref="AppRoutes"/>.</summary>
public sealed class PageLinks : Tandem.Application.Common.IPageLinks
{
    public string Feedback(string productKey, int number) => AppRoutes.FeedbackEntry(productKey, number);

    public string ItemDisagreements(string productKey, string itemKey) => AppRoutes.Item(productKey, itemKey) + "#disagreements";

    public string DecisionRecordDisagreements(string productKey, string number) => $"{AppRoutes.Adrs(productKey)}/{number}#disagreements";

    public string Sprint(Guid sprintId) => AppRoutes.Sprint(sprintId);

    public string SprintReview(Guid sprintId) => AppRoutes.SprintReview(sprintId);

    public string Webhooks(string productKey) => AppRoutes.Webhooks(productKey);
}
