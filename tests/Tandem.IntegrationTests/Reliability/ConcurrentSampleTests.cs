using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Application.Data;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Workspaces;
using Tandem.IntegrationTests.Account;
using Tandem.IntegrationTests.DecisionRights;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Reliability;

/// <summary>
/// Concurrent writers never see an error page (issue 12), on every write path, not only the backlog's: each sample
/// write of <see cref="ApiEndpoints.Samples"/> is sent by someone the decision rights allow, eight copies at the same
/// instant, on a team of its own (so the matrix's team stays as its tests expect). Whatever the copies race on (a
/// number, a unique name, a record's version, a state one of them has already moved), each answers a success or a
/// ProblemDetails below 500. A write that lost such a race runs again on the data as it is now (ADR 46), so the
/// answers are those of the same requests sent one after another.
/// </summary>
[Collection(TandemCollection.Name)]
public class ConcurrentSampleTests(TandemApp app)
{
    private const int Copies = 8;

    private static readonly ConcurrentDictionary<TandemApp, Task<MatrixTeam>> Teams = new();

    /// <summary>A team of this class's own, built once per app: the sweep changes it.</summary>
    private Task<MatrixTeam> TeamAsync() => Teams.GetOrAdd(app, a => MatrixTeam.CreateAsync(a));

    /// <summary>Every write that performs an operation, with the first actor the decision rights allow to send it.</summary>
    private IEnumerable<(ApiEndpoint Endpoint, string Actor)> Writes() =>
        from endpoint in ApiEndpoints.All(app.Endpoints)
        where endpoint.Operation is not null && endpoint.Method != "GET"
        let actor = MatrixTeam.Actors.Where(a => a != MatrixTeam.OtherWorkspace)
            .FirstOrDefault(a => DecisionRightsTable.IsAllowed(endpoint.Operation!, MatrixTeam.ActorFor(a)!))
        where actor is not null
        select (endpoint, actor);

    private static async Task<(int Status, string Body)[]> AtOnceAsync(HttpClient client, int copies, Func<HttpRequestMessage> request) =>
        await Task.WhenAll(Enumerable.Range(0, copies).Select(_ => request()).ToList().Select(async message =>
        {
            using (message)
            using (var response = await client.SendAsync(message))
                return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }));

    [Fact]
    public async Task Eight_people_adding_one_label_at_once_all_see_it_and_it_is_added_once()
    {
        var team = await TeamAsync();
        using var po = await team.SignInAsync(app, nameof(Role.ProductOwner));
        var item = (await Expect.Status(HttpStatusCode.Created, await po.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/items", new { type = "story", title = "Labelled at once" })))!;
        var key = item["key"]!.GetValue<string>();

        var answers = await AtOnceAsync(po, Copies, () => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/items/{key}/labels") { Content = JsonContent.Create(new { label = "Raced" }) });

        Assert.All(answers, a => Assert.True(a.Status == 200, $"{a.Status}: {a.Body}"));
        var read = (await Expect.Status(HttpStatusCode.OK, await po.GetAsync($"/api/v1/items/{key}")))!;
        Assert.Equal(["raced"], read["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Single(read["activity"]!.AsArray(), a => a!["text"]!.GetValue<string>() == "added label raced");
    }

    [Fact]
    public async Task Eight_label_forms_of_one_item_submitted_at_once_from_the_page_all_succeed_and_add_it_once()
    {
        // The pages' forms call the features directly, not through the API (ADR 46 covers both).
        var key = await app.CreateProductAsync("Labelled from the page");
        using var clients = await AccountClients.CreateAsync(app);
        await app.AssignAsync(key, clients.Person.Id, "product-owner");
        var bearer = await clients.BearerAsync();
        var item = (await Expect.Status(HttpStatusCode.Created, await bearer.PostAsJsonAsync($"/api/v1/products/{key}/items", new { type = "story", title = "Labelled from the page" })))!;
        var itemKey = item["key"]!.GetValue<string>();
        var browser = await clients.BrowserAsync();
        var page = $"/p/{key}/items/{itemKey}";
        var html = await browser.GetStringAsync(page);
        var token = AccountClients.AntiforgeryTokenOf(html);
        Assert.NotEmpty(token);

        var answers = await AtOnceAsync(browser, Copies, () => new HttpRequestMessage(HttpMethod.Post, page)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "label-add", ["__RequestVerificationToken"] = token, ["Label"] = "From the page" }),
        });

        Assert.All(answers, a => Assert.True(a.Status < 400, $"{a.Status}: {a.Body[..Math.Min(a.Body.Length, 300)]}"));
        var read = (await Expect.Status(HttpStatusCode.OK, await bearer.GetAsync($"/api/v1/items/{itemKey}")))!;
        Assert.Equal(["from-the-page"], read["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Single(read["activity"]!.AsArray(), a => a!["text"]!.GetValue<string>() == "added label from-the-page");
    }

    [Fact]
    public async Task Eight_absences_recorded_at_once_on_one_team_are_all_kept()
    {
        var team = await TeamAsync();
        using var sm = await team.SignInAsync(app, nameof(Role.ScrumMaster));
        // Ahead of today whenever this runs: the team lists absences that ended at most 30 days ago.
        var day = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(60 + Random.Shared.Next(0, 300));
        var note = TandemApp.Unique("Away");

        var answers = await AtOnceAsync(sm, Copies, () => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/teams/{team.TeamId}/absences")
        {
            Content = JsonContent.Create(new { from = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), note }),
        });

        // Each absence touches the team's version; the seven that met another's save ran again on the team as it was then.
        Assert.All(answers, a => Assert.True(a.Status == 200, $"{a.Status}: {a.Body}"));
        var read = (await Expect.Status(HttpStatusCode.OK, await sm.GetAsync($"/api/v1/teams/{team.TeamId}")))!;
        Assert.Equal(Copies, read["absences"]!.AsArray().Count(a => a!["note"]?.GetValue<string>() == note));
    }

    [Fact]
    public async Task Removing_one_person_eight_times_at_once_removes_them_once_and_logs_it_once()
    {
        var key = await app.CreateProductAsync("Removed at once");
        var person = await app.CreatePersonAsync();
        await app.AssignAsync(key, person.Id, "stakeholder");
        using var admin = await app.SignInAsync(TandemApp.Admin);
        var before = (await Expect.Status(HttpStatusCode.OK, await admin.GetAsync($"/api/v1/products/{key}/decision-log?limit=50")))!["items"]!.AsArray().Count;

        var answers = await AtOnceAsync(admin, Copies, () => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/products/{key}/members/{person.Id}"));

        // The first removal is the one that happened; the others ran again and found nobody to remove, as they would
        // have one after another.
        Assert.Equal(1, answers.Count(a => a.Status == 200));
        Assert.All(answers.Where(a => a.Status != 200), a => Assert.True(a.Status == 404, $"{a.Status}: {a.Body}"));
        var after = (await Expect.Status(HttpStatusCode.OK, await admin.GetAsync($"/api/v1/products/{key}/decision-log?limit=50")))!["items"]!.AsArray().Count;
        Assert.Equal(before + 1, after);
    }

    [Fact]
    public async Task A_unit_of_work_has_committed_only_once_something_it_wrote_is_durable()
    {
        // What running a write again relies on (ADR 46): a failed save, a save inside an open transaction and a
        // rolled-back transaction leave nothing durable; a save outside one, a commit and an ExecuteUpdate outside one do.
        var key = await app.CreateProductAsync("Committed or not");
        using var first = app.Services.CreateScope();
        using var second = app.Services.CreateScope();
        using var third = app.Services.CreateScope();
        var db = first.ServiceProvider.GetRequiredService<TandemDbContext>();
        var other = second.ServiceProvider.GetRequiredService<TandemDbContext>();
        var plain = third.ServiceProvider.GetRequiredService<TandemDbContext>();
        var staleRow = await other.Products.IgnoreQueryFilters().SingleAsync(p => p.Key == key);

        var product = await db.Products.IgnoreQueryFilters().SingleAsync(p => p.Key == key);
        Assert.False(db.HasCommitted);
        await using (var rolledBack = await db.Database.BeginTransactionAsync())
        {
            product.Rename("Inside a transaction");
            await db.SaveChangesAsync();
            Assert.False(db.HasCommitted);
            await rolledBack.RollbackAsync();
        }
        Assert.False(db.HasCommitted);
        await db.Products.IgnoreQueryFilters().Where(p => p.Key == key).ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, p => p.Version + 1));
        Assert.True(db.HasCommitted);

        staleRow.Rename("Saved over someone");
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => other.SaveChangesAsync());
        Assert.False(other.HasCommitted);
        other.ChangeTracker.Clear();
        await using (var committed = await other.Database.BeginTransactionAsync())
        {
            (await other.Products.IgnoreQueryFilters().SingleAsync(p => p.Key == key)).Rename("Committed");
            await other.SaveChangesAsync();
            Assert.False(other.HasCommitted);
            await committed.CommitWholeAsync();
        }
        Assert.True(other.HasCommitted);

        (await plain.Products.IgnoreQueryFilters().SingleAsync(p => p.Key == key)).Rename("Saved on its own");
        Assert.False(plain.HasCommitted);
        await plain.SaveChangesAsync();
        Assert.True(plain.HasCommitted);
    }

    /// <summary>
    /// Different writes of one team meeting each other (an item labelled while its sprint starts, a member removed while
    /// they vote), about 250 requests at once: besides the races, the burst must wait for database connections rather
    /// than be refused them (ADR 46: on PostgreSQL's default max_connections this answered 53300 before).
    /// </summary>
    [Fact]
    public async Task Every_sample_write_sent_at_once_on_one_team_never_answers_a_server_error()
    {
        var team = await MatrixTeam.CreateAsync(app);
        var actors = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        var work = new List<(ApiEndpoint Endpoint, string Actor)>();
        foreach (var (endpoint, actorName) in Writes())
        {
            if (!actors.ContainsKey(actorName)) actors[actorName] = await team.SignInAsync(app, actorName);
            work.Add((endpoint, actorName));
        }
        try
        {
            var answers = await Task.WhenAll(work.Select(async w =>
            {
                using var request = ApiEndpoints.Request(w.Endpoint, team.Context);
                using var response = await actors[w.Actor].SendAsync(request);
                return (w.Endpoint, w.Actor, Status: (int)response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }));
            Assert.True(answers.Length > 100, $"only {answers.Length} writes were sent; the samples should reach far more endpoints");
            var failures = answers.Where(a => a.Status >= 500).Select(a => $"{a.Endpoint} as {a.Actor}: {a.Status} {a.Body[..Math.Min(a.Body.Length, 300)]}").ToList();
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
        finally
        {
            foreach (var client in actors.Values) client.Dispose();
        }
    }

    [Fact]
    public async Task Eight_copies_of_every_sample_write_sent_at_once_never_answer_a_server_error()
    {
        var team = await TeamAsync();
        var actors = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        var failures = new List<string>();
        var sent = 0;
        try
        {
            foreach (var (endpoint, actorName) in Writes())
            {
                if (!actors.TryGetValue(actorName, out var client))
                    actors[actorName] = client = await team.SignInAsync(app, actorName);

                var requests = Enumerable.Range(0, Copies).Select(_ => ApiEndpoints.Request(endpoint, team.Context)).ToList();
                var answers = await Task.WhenAll(requests.Select(async request =>
                {
                    using (request)
                    using (var response = await client.SendAsync(request))
                        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
                }));
                sent += Copies;
                foreach (var (status, body) in answers.Where(a => a.Item1 >= 500).DistinctBy(a => a.Item1))
                    failures.Add($"{endpoint} as {actorName}: {status} {body[..Math.Min(body.Length, 400)]}");
            }
        }
        finally
        {
            foreach (var client in actors.Values) client.Dispose();
        }

        Assert.True(sent > 100 * Copies, $"only {sent} requests were sent; the samples should reach far more write endpoints");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
