using System.Xml.Linq;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Metrics;

/// <summary>
/// The team's metrics and charts read back the history written through the domain: three closed sprints with
/// carry-over, an addition and a removal after the start, and an active sprint halfway through.
/// </summary>
[Collection(TandemCollection.Name)]
public class MetricsTests(TandemApp app)
{
    private static readonly DateOnly T = MetricsTeam.Today;

    private async Task<(MetricsTeam Team, Guid First, Guid Active)> SeedAsync()
    {
        var team = await MetricsTeam.CreateAsync(app);
        var first = await team.SprintAsync(T.AddDays(-45), 14, close: true,
            new SeedItem(3, Started: 1, Done: 3), new SeedItem(5, Started: 2, Done: 6), new SeedItem(2, Started: 4, CarriedOver: true), new SeedItem(1, Added: 3, Started: 4, Done: 5));
        await team.SprintAsync(T.AddDays(-31), 14, close: true,
            new SeedItem(5, Started: 1, Done: 4), new SeedItem(5, Started: 2, Done: 8), new SeedItem(3, Removed: 2));
        await team.SprintAsync(T.AddDays(-17), 14, close: true,
            new SeedItem(8, Started: 0, Done: 9), new SeedItem(2, Started: 3, CarriedOver: true));
        var active = await team.SprintAsync(T.AddDays(-3), 14, close: false,
            new SeedItem(3, Started: 0, Done: 2), new SeedItem(5, Started: 1), new SeedItem(2), new SeedItem(1, Added: 1));
        return (team, first, active);
    }

    [Fact]
    public async Task Metrics_match_the_seeded_history()
    {
        var (team, _, _) = await SeedAsync();
        using var response = await team.Dev.GetAsync($"/api/v1/teams/{team.TeamId}/metrics");
        var m = (await Expect.Status(HttpStatusCode.OK, response))!.AsObject();

        Assert.Equal(3, m["sprints"]!.GetValue<int>());
        var velocity = m["velocity"]!.AsArray();
        Assert.Equal([10m, 13m, 10m], velocity.Select(v => v!["committedPoints"]!.GetValue<decimal>()));
        Assert.Equal([9m, 10m, 8m], velocity.Select(v => v!["completedPoints"]!.GetValue<decimal>()));
        Assert.Equal(0.9, velocity[0]!["sayDo"]!.GetValue<double>());
        Assert.Equal(9m, m["averageVelocity3"]!.GetValue<decimal>());
        Assert.Equal(27.0 / 33, m["sayDo"]!.GetValue<double>(), 3);
        Assert.Equal(0.75, m["sayDoItems"]!.GetValue<double>(), 3);
        Assert.Equal(2, m["carriedOverItems"]!.GetValue<int>());
        Assert.Equal(0.25, m["carryOverShare"]!.GetValue<double>(), 3);
        Assert.Equal(0.25, m["scopeChange"]!.GetValue<double>(), 3);
        // Cycle times 2, 4, 1, 3, 6, 9 (closed sprints) and 2 (active): median 3, p85 6 + 0.1 × (9 − 6).
        Assert.Equal(7, m["cycleTime"]!["count"]!.GetValue<int>());
        Assert.Equal(3, m["cycleTime"]!["medianDays"]!.GetValue<double>(), 2);
        Assert.Equal(6.3, m["cycleTime"]!["p85Days"]!.GetValue<double>(), 2);
        Assert.Equal(7, m["leadTime"]!["count"]!.GetValue<int>());
        Assert.Equal(7, m["throughput"]!.AsArray().Sum(w => w!["items"]!.GetValue<int>()));
        var wip = Assert.Single(m["wipAge"]!.AsArray());
        Assert.Equal("In progress", wip!["column"]!.GetValue<string>());
        Assert.InRange(wip["days"]!.GetValue<double>(), 1.4, 2.6);
        Assert.Null(m["retroActionCompletion"]);

        using var fewer = await team.Dev.GetAsync($"/api/v1/teams/{team.TeamId}/metrics?sprints=1");
        Assert.Single((await Expect.Status(HttpStatusCode.OK, fewer))!["velocity"]!.AsArray());
        using var tooMany = await team.Dev.GetAsync($"/api/v1/teams/{team.TeamId}/metrics?sprints=101");
        await Expect.Problem(HttpStatusCode.BadRequest, tooMany);
    }

    [Fact]
    public async Task Every_chart_is_well_formed_svg_with_a_title_and_csv_with_a_header()
    {
        var (team, first, _) = await SeedAsync();
        foreach (var chart in new[] { "burndown", "burnup", "velocity", "cfd", "cycle-time" })
        {
            using var svg = await team.Dev.GetAsync($"/api/v1/teams/{team.TeamId}/charts/{chart}.svg");
            Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
            Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
            var doc = XDocument.Parse(await svg.Content.ReadAsStringAsync());
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal(ns + "svg", doc.Root!.Name);
            Assert.Equal("img", doc.Root.Attribute("role")!.Value);
            Assert.False(string.IsNullOrWhiteSpace(doc.Root.Attribute("aria-label")!.Value));
            Assert.False(string.IsNullOrWhiteSpace(doc.Root.Element(ns + "title")!.Value));
            Assert.NotNull(doc.Root.Element(ns + "desc"));

            using var csv = await team.Dev.GetAsync($"/api/v1/teams/{team.TeamId}/charts/{chart}.csv");
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
            var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length > 1, $"{chart}.csv has rows");
            Assert.Contains(',', lines[0]);
        }

        // The active sprint's burndown: 10 committed, 1 point added on day 1, 3 done on day 2.
        var burn = await CsvAsync(team, "burndown");
        Assert.Equal("Day,Ideal remaining,Scope,Completed,Remaining", burn[0]);
        Assert.Equal($"{T.AddDays(-3):yyyy-MM-dd},10,10,0,10", burn[1]);
        Assert.Equal($"{T.AddDays(-2):yyyy-MM-dd},9.2,11,0,11", burn[2]);
        Assert.Equal($"{T.AddDays(-1):yyyy-MM-dd},8.5,11,3,8", burn[3]);
        Assert.Equal($"{T.AddDays(1):yyyy-MM-dd},6.9,,,", burn[5]);

        // A closed sprint by id; the velocity table; cumulative flow on the last day: 2 to do, 1 in progress, 0 in review, 7 done.
        var closed = await CsvAsync(team, $"burnup", $"?sprint={first}");
        Assert.Equal(15, closed.Length);
        Assert.EndsWith(",11,9,2", closed[^1], StringComparison.Ordinal);
        var velocity = await CsvAsync(team, "velocity");
        Assert.StartsWith("Sprint 1,", velocity[1], StringComparison.Ordinal);
        var cfd = await CsvAsync(team, "cfd");
        Assert.Equal("Day,To do,In progress,Review,Done", cfd[0]);
        Assert.Equal($"{T:yyyy-MM-dd},2,1,0,7", cfd[^1]);
        Assert.Equal(43, cfd.Length);

        using var unknown = await team.Dev.GetAsync($"/api/v1/teams/{team.TeamId}/charts/pie.svg");
        await Expect.Problem(HttpStatusCode.NotFound, unknown);
        using var otherSprint = await team.Dev.GetAsync($"/api/v1/teams/{team.TeamId}/charts/burndown.svg?sprint={Guid.NewGuid()}");
        await Expect.Problem(HttpStatusCode.NotFound, otherSprint);
        using var badDays = await team.Dev.GetAsync($"/api/v1/teams/{team.TeamId}/charts/cfd.csv?days=0");
        await Expect.Problem(HttpStatusCode.BadRequest, badDays);
        using var outsider = await app.SignInAsync(TandemApp.GlobexPo);
        using var hidden = await outsider.GetAsync($"/api/v1/teams/{team.TeamId}/charts/velocity.svg");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task The_metrics_page_shows_every_chart_with_its_table_and_csv_link()
    {
        var (team, _, _) = await SeedAsync();
        var html = await team.Dev.GetStringAsync($"/teams/{team.TeamId}/metrics");
        foreach (var chart in new[] { "burndown", "burnup", "velocity", "cfd", "cycle-time" })
        {
            Assert.Contains($"data-testid=\"chart-{chart}\"", html, StringComparison.Ordinal);
            Assert.Contains($"/api/v1/teams/{team.TeamId}/charts/{chart}.csv", html, StringComparison.Ordinal);
        }
        Assert.Contains("data-testid=\"metric-say-do\"", html, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", html, StringComparison.Ordinal);
    }

    private static async Task<string[]> CsvAsync(MetricsTeam team, string chart, string query = "")
    {
        using var response = await team.Dev.GetAsync($"/api/v1/teams/{team.TeamId}/charts/{chart}.csv{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync()).Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
    }
}
