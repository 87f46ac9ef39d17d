namespace Tandem.Application.Common;

/// <summary>
/// The page addresses the Application layer must store or return: a notification's target, a
/// disagreement's subject. Routes are the Web layer's, so it implements this from its one routes helper
/// (<c>AppRoutes</c>); the Application layer never spells a URL.
/// </summary>
public interface IPageLinks
{
    string Feedback(string productKey, int number);

    /// <summary>The disagreements section of an item's page.</summary>
    string ItemDisagreements(string productKey, string itemKey);

    /// <summary>The disagreements section of a decision record's page.</summary>
    string DecisionRecordDisagreements(string productKey, string number);

    // Sprints (issue 10): scope-change notifications and review feedback link back to these.
    string Sprint(Guid sprintId);

    string SprintReview(Guid sprintId);

    /// <summary>The product's webhooks page (issue 16): a disabled subscription's notification links here.</summary>
    string Webhooks(string productKey);
}
