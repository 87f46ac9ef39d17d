namespace Tandem.Web.Components;

/// <summary>
/// Every page address the web layer hands out (links, redirects, notification targets), built in one place
/// so that a page that moves changes one line. Keys are used as given: product and item keys are already
/// upper case where they come from.
/// </summary>
public static class AppRoutes
{
    public static string Product(string productKey) => $"/p/{productKey}";

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
}
