using Microsoft.Playwright;

namespace Tandem.EndToEndTests.Pages;

/// <summary>A team's sprint list with the Scrum Master's plan form (/teams/{id}/sprints).</summary>
public sealed class SprintListPage(IPage page)
{
    public async Task OpenAsync(Guid teamId) => await page.GotoAsync($"/teams/{teamId}/sprints");

    public ILocator Rows => page.GetByTestId("sprint-row");
    public ILocator PlanRefusal => page.GetByTestId("plan-refusal");

    /// <summary>Plans a sprint on the pre-filled cadence dates; lands on the new sprint's page.</summary>
    public async Task PlanAsync(string goal)
    {
        await page.GetByTestId("sprint-goal").FillAsync(goal);
        await page.GetByTestId("plan-sprint").ClickAsync();
        await page.GetByTestId("sprint-heading").WaitForAsync();
    }
}

/// <summary>One sprint (/sprints/{id}): goal, capacity, sprint backlog, pull list, start/close and scope-change requests.</summary>
public sealed class SprintPage(IPage page)
{
    public IPage Page => page;

    public async Task OpenAsync(Guid sprintId) => await page.GotoAsync($"/sprints/{sprintId}");

    public Guid Id => Guid.Parse(new Uri(page.Url).AbsolutePath.Split('/')[2]);
    public ILocator Heading => page.GetByTestId("sprint-heading");
    public ILocator State => page.GetByTestId("sprint-state");
    public ILocator Notice => page.GetByTestId("notice");
    public ILocator Problem => page.GetByTestId("problem");
    public ILocator Goal => page.GetByTestId("sprint-goal");
    public ILocator Commitment => page.GetByTestId("commitment");
    public ILocator CapacityTable => page.GetByTestId("capacity-table");
    public ILocator CapacityTotal => page.GetByTestId("capacity-total");
    public ILocator Candidates => page.GetByTestId("candidate");
    public ILocator Items => page.GetByTestId("sprint-item");
    public ILocator RunRefusal => page.GetByTestId("run-refusal");
    public ILocator ScopeRefusal => page.GetByTestId("scope-refusal");
    public ILocator Requests => page.GetByTestId("scope-request");
    public ILocator ClosedSummary => page.GetByTestId("closed-summary");

    public ILocator Item(string key) => page.Locator($"[data-testid=sprint-item][data-key='{key}']");
    public ILocator Request(string key) => page.Locator($"[data-testid=scope-request][data-key='{key}']");

    public async Task<string> CandidateKeyAsync(int index) => (await Candidates.Nth(index).GetAttributeAsync("data-key"))!;

    private async Task SubmitAsync(ILocator button)
    {
        await button.ClickAsync();
        await Notice.Or(Problem).First.WaitForAsync();
    }

    public Task AddAsync(string key) => SubmitAsync(page.Locator($"[data-testid=candidate][data-key='{key}']").GetByTestId("add-item"));
    public Task CommitAsync() => SubmitAsync(page.GetByTestId("commit"));
    public Task StartAsync() => SubmitAsync(page.GetByTestId("start-sprint"));

    public async Task AskAsync(string key, string kind, string reason)
    {
        await page.GetByTestId("ask-item").FillAsync(key);
        await page.GetByTestId("ask-kind").SelectOptionAsync(kind);
        await page.GetByTestId("ask-reason").FillAsync(reason);
        await SubmitAsync(page.GetByTestId("ask-change"));
    }

    public async Task DeclineAsync(string key, string reason)
    {
        var request = Request(key);
        await request.GetByTestId("decline-reason").FillAsync(reason);
        await SubmitAsync(request.GetByTestId("decline-request"));
    }

    public async Task CloseAsync(params string[] carryOver)
    {
        foreach (var key in carryOver)
            await page.Locator($"[data-testid=close-choice][data-key='{key}']").GetByTestId("choice-carry").CheckAsync();
        await SubmitAsync(page.GetByTestId("close-sprint"));
    }
}

/// <summary>The sprint review (/sprints/{id}/review).</summary>
public sealed class SprintReviewPage(IPage page)
{
    public async Task OpenAsync(Guid sprintId) => await page.GotoAsync($"/sprints/{sprintId}/review");

    public ILocator Notice => page.GetByTestId("notice");
    public ILocator Increment(string key) => page.Locator($"[data-testid=increment-item][data-key='{key}']");
    public ILocator Markdown => page.GetByTestId("review-markdown");

    public async Task AcceptAsync(string key)
    {
        await Increment(key).GetByTestId("accept-item").ClickAsync();
        await Notice.WaitForAsync();
    }

    public async Task RecordGoalMetAsync()
    {
        await page.GetByTestId("goal-met-yes").CheckAsync();
        await page.GetByTestId("record-review").ClickAsync();
        await Notice.WaitForAsync();
    }
}
