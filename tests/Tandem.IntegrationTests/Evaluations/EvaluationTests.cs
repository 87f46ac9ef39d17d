using System.Net.Http.Headers;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Evaluations;

/// <summary>A fresh product with a named Tech Lead, a Developer and a Product Owner, and intent helpers for evaluations and disagreements.</summary>
public sealed class EvaluationTeam
{
    private EvaluationTeam(string productKey) => ProductKey = productKey;

    public string ProductKey { get; }
    public string TechLeadName { get; private set; } = "";
    public HttpClient Tl { get; private set; } = null!;
    public HttpClient Dev { get; private set; } = null!;
    public HttpClient Po { get; private set; } = null!;
    public HttpClient Stakeholder { get; private set; } = null!;

    public static async Task<EvaluationTeam> CreateAsync(TandemApp app)
    {
        var team = new EvaluationTeam(await app.CreateProductAsync());
        var tl = await app.CreatePersonAsync(TandemApp.Unique("Tech Lead"));
        await app.AssignAsync(team.ProductKey, tl.Id, "tech-lead");
        team.TechLeadName = tl.DisplayName;
        team.Tl = await app.SignInAsync(tl.Email, tl.Password);
        team.Dev = await MemberAsync(app, team.ProductKey, "developer");
        team.Po = await MemberAsync(app, team.ProductKey, "product-owner");
        team.Stakeholder = await MemberAsync(app, team.ProductKey, "stakeholder");
        return team;
    }

    private static async Task<HttpClient> MemberAsync(TandemApp app, string key, string role)
    {
        var person = await app.CreatePersonAsync(TandemApp.Unique(role));
        await app.AssignAsync(key, person.Id, role);
        return await app.SignInAsync(person.Email, person.Password);
    }

    public static object Broker(object? criteria = null) => new
    {
        question = "Which message broker for settlement events?",
        context = "Ordering per **merchant**.",
        options = new[] { new { name = "Kafka", description = "Log-based" }, new { name = "RabbitMQ", description = "AMQP" }, new { name = "SQS", description = "Managed" } },
        criteria = criteria ?? new object[] { new { name = "Fit", weight = 5 }, new { name = "Cost", weight = 3 }, new { name = "Team skill", weight = "2" } },
    };

    public async Task<JsonObject> StartAsync(object? body = null, HttpClient? as_ = null)
    {
        using var response = await (as_ ?? Dev).PostAsJsonAsync($"/api/v1/products/{ProductKey}/evaluations", body ?? Broker());
        return (await Expect.Status(HttpStatusCode.Created, response))!.AsObject();
    }

    public static Guid OptionId(JsonObject e, string name) => e["options"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == name)!["id"]!.GetValue<Guid>();

    public static Guid CriterionId(JsonObject e, string name) => e["criteria"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == name)!["id"]!.GetValue<Guid>();

    /// <summary>Scores rows of the matrix: option name → scores in criteria order.</summary>
    public async Task<HttpResponseMessage> ScoreAsync(JsonObject e, Dictionary<string, object?[]> rows, HttpClient? as_ = null)
    {
        var criteria = e["criteria"]!.AsArray().Select(c => c!["id"]!.GetValue<Guid>()).ToList();
        var cells = rows.SelectMany(r => r.Value.Select((score, i) => new { option = OptionId(e, r.Key), criterion = criteria[i], score })).ToList();
        return await (as_ ?? Dev).PutAsJsonAsync($"/api/v1/evaluations/{e["id"]}/scores", new { scores = cells });
    }

    public static JsonObject Rank(JsonObject e, string name) => e["ranking"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == name)!.AsObject();
}

[Collection(TandemCollection.Name)]
public class EvaluationTests(TandemApp app)
{
    [Fact]
    public async Task The_team_starts_an_evaluation_and_its_scores_rank_the_options_by_weighted_sum()
    {
        var team = await EvaluationTeam.CreateAsync(app);
        using var created = await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/evaluations", EvaluationTeam.Broker());
        var e = (await Expect.Status(HttpStatusCode.Created, created))!.AsObject();
        Assert.Equal($"/api/v1/evaluations/{e["id"]}", created.Headers.Location!.ToString());
        Assert.Equal(1, e["number"]!.GetValue<int>());
        Assert.Equal("open", e["status"]!.GetValue<string>());
        Assert.Equal(2, e["criteria"]!.AsArray()[2]!["weight"]!.GetValue<int>());
        Assert.Contains("<strong>merchant</strong>", e["contextHtml"]!.GetValue<string>(), StringComparison.Ordinal);

        // Weights 5, 3, 2: max = 10 × 5 = 50.
        using var scored = await team.ScoreAsync(e, new()
        {
            ["Kafka"] = [5, 2, 4],     // 25 + 6 + 8 = 39 → 78 %
            ["RabbitMQ"] = [4, 4, 4],  // 20 + 12 + 8 = 40 → 80 %
            ["SQS"] = [3, 5, null],    // 15 + 15 = 30 → 60 %, one unscored
        }, team.Po);
        var after = (await Expect.Status(HttpStatusCode.OK, scored))!.AsObject();
        var rabbit = EvaluationTeam.Rank(after, "RabbitMQ");
        Assert.Equal(1, rabbit["rank"]!.GetValue<int>());
        Assert.Equal(40, rabbit["weightedSum"]!.GetValue<int>());
        Assert.Equal(50, rabbit["maxSum"]!.GetValue<int>());
        Assert.Equal(80.0m, rabbit["percent"]!.GetValue<decimal>());
        Assert.Equal(78.0m, EvaluationTeam.Rank(after, "Kafka")["percent"]!.GetValue<decimal>());
        var sqs = EvaluationTeam.Rank(after, "SQS");
        Assert.Equal(3, sqs["rank"]!.GetValue<int>());
        Assert.Equal(60.0m, sqs["percent"]!.GetValue<decimal>());
        Assert.Equal(2, sqs["scored"]!.GetValue<int>());
        Assert.Contains("2 of 3", sqs["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(8, after["scores"]!.AsArray().Count);

        var list = (await team.Po.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/evaluations?status=open"))!;
        var row = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal("RabbitMQ", row["leading"]!.GetValue<string>());
    }

    [Fact]
    public async Task Equal_weighted_sums_share_a_rank_and_the_tie_is_explained()
    {
        var team = await EvaluationTeam.CreateAsync(app);
        var e = await team.StartAsync();
        using var scored = await team.ScoreAsync(e, new() { ["Kafka"] = [4, 4, 4], ["RabbitMQ"] = [4, 4, 4], ["SQS"] = [5, 5, 5] });
        var after = (await Expect.Status(HttpStatusCode.OK, scored))!.AsObject();
        Assert.Equal(1, EvaluationTeam.Rank(after, "SQS")["rank"]!.GetValue<int>());
        Assert.Equal(2, EvaluationTeam.Rank(after, "Kafka")["rank"]!.GetValue<int>());
        Assert.Equal(2, EvaluationTeam.Rank(after, "RabbitMQ")["rank"]!.GetValue<int>());
        Assert.Contains("Tied with RabbitMQ", EvaluationTeam.Rank(after, "Kafka")["note"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_criteria_an_evaluation_starts_with_the_default_ones()
    {
        var team = await EvaluationTeam.CreateAsync(app);
        var e = await team.StartAsync(new { question = "Which PDF library?", options = new[] { new { name = "QuestPDF" } } });
        var names = e["criteria"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["Fit", "Cost", "Maturity", "Licence", "Team skill"], names);
    }

    [Theory]
    [InlineData("\"heavy\"", "not a number")]
    [InlineData("11", "out of range")]
    [InlineData("-1", "out of range")]
    [InlineData("2.5", "not a whole number")]
    public async Task A_weight_that_does_not_parse_or_is_out_of_range_names_its_field_and_nothing_is_saved(string weight, string says)
    {
        var team = await EvaluationTeam.CreateAsync(app);
        var body = $$"""
            {"question":"Which cache?","options":[{"name":"Redis"}],
             "criteria":[{"name":"Fit","weight":5},{"name":"Cost","weight":3},{"name":"Licence","weight":{{weight}}}]}
            """;
        using var response = await team.Dev.PostAsync($"/api/v1/products/{team.ProductKey}/evaluations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await Expect.Problem(HttpStatusCode.BadRequest, response);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("criteria[2].weight"), problem.ToJsonString());
        Assert.Contains(says, errors["criteria[2].weight"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var list = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/evaluations"))!;
        Assert.Empty(list["items"]!.AsArray());
    }

    [Fact]
    public async Task Every_bad_field_of_a_new_evaluation_is_listed_at_once()
    {
        var team = await EvaluationTeam.CreateAsync(app);
        using var response = await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/evaluations", new
        {
            question = " ",
            options = new[] { new { name = "Kafka" }, new { name = "kafka" } },
            criteria = new object[] { new { name = "", weight = 3 }, new { name = "Cost" } },
        });
        var errors = (await Expect.Problem(HttpStatusCode.BadRequest, response))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("question"));
        Assert.True(errors.ContainsKey("options[1].name"));
        Assert.True(errors.ContainsKey("criteria[0].name"));
        Assert.True(errors.ContainsKey("criteria[1].weight"));
    }

    [Fact]
    public async Task A_bad_score_names_its_cell_and_no_score_of_the_request_is_saved()
    {
        var team = await EvaluationTeam.CreateAsync(app);
        var e = await team.StartAsync();
        using var response = await team.ScoreAsync(e, new() { ["Kafka"] = [5, 6, "x"] });
        var errors = (await Expect.Problem(HttpStatusCode.BadRequest, response))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("scores[1].score"));
        Assert.True(errors.ContainsKey("scores[2].score"));
        Assert.False(errors.ContainsKey("scores[0].score"));

        var unknown = await team.Dev.PutAsJsonAsync($"/api/v1/evaluations/{e["id"]}/scores", new { scores = new[] { new { option = Guid.NewGuid(), criterion = EvaluationTeam.CriterionId(e, "Fit"), score = 3 } } });
        Assert.True((await Expect.Problem(HttpStatusCode.BadRequest, unknown))["errors"]!.AsObject().ContainsKey("scores[0].option"));

        var reread = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/evaluations/{e["id"]}"))!;
        Assert.Empty(reread["scores"]!.AsArray());
        Assert.Equal(e["version"]!.GetValue<int>(), reread["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Options_and_criteria_are_added_reweighted_and_removed_with_their_scores()
    {
        var team = await EvaluationTeam.CreateAsync(app);
        var e = await team.StartAsync();
        var id = e["id"]!.GetValue<Guid>();
        using (var s = await team.ScoreAsync(e, new() { ["Kafka"] = [5, 5, 5] })) await Expect.Status(HttpStatusCode.OK, s);

        using var added = await team.Dev.PostAsJsonAsync($"/api/v1/evaluations/{id}/options", new { name = "NATS", description = "Lightweight" });
        var withNats = (await Expect.Status(HttpStatusCode.OK, added))!.AsObject();
        Assert.Equal(4, withNats["options"]!.AsArray().Count);
        using var duplicate = await team.Dev.PostAsJsonAsync($"/api/v1/evaluations/{id}/options", new { name = "nats" });
        Assert.True((await Expect.Problem(HttpStatusCode.BadRequest, duplicate))["errors"]!.AsObject().ContainsKey("name"));

        using var criterion = await team.Dev.PostAsJsonAsync($"/api/v1/evaluations/{id}/criteria", new { name = "Latency", weight = 12 });
        Assert.True((await Expect.Problem(HttpStatusCode.BadRequest, criterion))["errors"]!.AsObject().ContainsKey("weight"));
        using var criterionOk = await team.Dev.PostAsJsonAsync($"/api/v1/evaluations/{id}/criteria", new { name = "Latency", weight = 4 });
        var withLatency = (await Expect.Status(HttpStatusCode.OK, criterionOk))!.AsObject();
        var latency = EvaluationTeam.CriterionId(withLatency, "Latency");
        using var reweighted = await team.Dev.PatchAsJsonAsync($"/api/v1/evaluations/{id}/criteria/{latency}", new { weight = 0 });
        Assert.Equal(0, (await Expect.Status(HttpStatusCode.OK, reweighted))!["criteria"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "Latency")!["weight"]!.GetValue<int>());

        using var removed = await team.Dev.DeleteAsync($"/api/v1/evaluations/{id}/options/{EvaluationTeam.OptionId(e, "Kafka")}");
        var withoutKafka = (await Expect.Status(HttpStatusCode.OK, removed))!.AsObject();
        Assert.DoesNotContain(withoutKafka["options"]!.AsArray(), o => o!["name"]!.GetValue<string>() == "Kafka");
        Assert.Empty(withoutKafka["scores"]!.AsArray());
        using var removedCriterion = await team.Dev.DeleteAsync($"/api/v1/evaluations/{id}/criteria/{latency}");
        Assert.Equal(3, (await Expect.Status(HttpStatusCode.OK, removedCriterion))!["criteria"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_Tech_Lead_decides_creating_an_accepted_record_with_the_options_as_pros_and_cons_and_the_evaluation_closes()
    {
        var team = await EvaluationTeam.CreateAsync(app);
        var e = await team.StartAsync();
        var id = e["id"]!.GetValue<Guid>();
        using (var s = await team.ScoreAsync(e, new() { ["Kafka"] = [5, 2, 4], ["RabbitMQ"] = [3, 4, 5], ["SQS"] = [2, 5, 1] })) await Expect.Status(HttpStatusCode.OK, s);

        using var decided = await team.Tl.PostAsJsonAsync($"/api/v1/evaluations/{id}/decide",
            new { option = EvaluationTeam.OptionId(e, "Kafka"), rationale = "Replay and ordering per merchant." });
        var after = (await Expect.Status(HttpStatusCode.OK, decided))!.AsObject();
        Assert.Equal("decided", after["status"]!.GetValue<string>());
        var decision = after["decision"]!.AsObject();
        Assert.Equal("Kafka", decision["optionName"]!.GetValue<string>());
        Assert.Equal(team.TechLeadName, decision["decidedBy"]!["displayName"]!.GetValue<string>());
        var record = decision["record"]!.AsObject();
        Assert.Equal("accepted", record["status"]!.GetValue<string>());

        var adr = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/adrs/{record["id"]}"))!;
        Assert.Equal("accepted", adr["status"]!.GetValue<string>());
        Assert.StartsWith("Kafka: Which message broker for settlement events", adr["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains($"/p/{team.ProductKey}/evaluations/1", adr["context"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Replay and ordering per merchant.", adr["decision"]!.GetValue<string>(), StringComparison.Ordinal);
        var options = adr["options"]!.AsArray();
        Assert.Equal(3, options.Count);
        var kafka = options.Single(o => o!["name"]!.GetValue<string>() == "Kafka")!;
        Assert.Contains("Fit: 5/5", kafka["pros"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Cost: 2/5", kafka["cons"]!.GetValue<string>(), StringComparison.Ordinal);

        var log = (await team.Tl.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/decision-log"))!.ToJsonString();
        Assert.Contains("evaluation.decide", log, StringComparison.Ordinal);
        Assert.Contains("Replay and ordering per merchant.", log, StringComparison.Ordinal);

        // Closed: scoring, options and a second decision answer 409 with the explanation.
        using var late = await team.ScoreAsync(after, new() { ["SQS"] = [5, 5, 5] });
        var conflict = await Expect.Problem(HttpStatusCode.Conflict, late);
        Assert.Contains("closed to scoring", Expect.Detail(conflict), StringComparison.Ordinal);
        Assert.Contains(team.TechLeadName, Expect.Detail(conflict), StringComparison.Ordinal);
        using var option = await team.Dev.PostAsJsonAsync($"/api/v1/evaluations/{id}/options", new { name = "NATS" });
        await Expect.Problem(HttpStatusCode.Conflict, option);
        using var again = await team.Tl.PostAsJsonAsync($"/api/v1/evaluations/{id}/decide", new { option = EvaluationTeam.OptionId(e, "SQS"), rationale = "Changed my mind" });
        await Expect.Problem(HttpStatusCode.Conflict, again);
    }

    [Fact]
    public async Task The_Tech_Lead_may_link_an_existing_record_instead_of_creating_one()
    {
        var team = await EvaluationTeam.CreateAsync(app);
        var e = await team.StartAsync();
        using var proposed = await team.Dev.PostAsJsonAsync($"/api/v1/products/{team.ProductKey}/adrs", new { title = "Use Kafka", context = "c", decision = "d", consequences = "q" });
        var adrId = (await Expect.Status(HttpStatusCode.Created, proposed))!["id"]!.GetValue<Guid>();
        using var decided = await team.Tl.PostAsJsonAsync($"/api/v1/evaluations/{e["id"]}/decide", new { option = EvaluationTeam.OptionId(e, "Kafka"), rationale = "Replay.", adr = adrId });
        var after = (await Expect.Status(HttpStatusCode.OK, decided))!.AsObject();
        Assert.Equal(adrId, after["decision"]!["record"]!["id"]!.GetValue<Guid>());
        var adrs = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/adrs"))!["items"]!.AsArray();
        Assert.Single(adrs);
    }

    [Fact]
    public async Task A_developers_decision_is_refused_naming_the_Tech_Lead_and_nothing_changes()
    {
        var team = await EvaluationTeam.CreateAsync(app);
        var e = await team.StartAsync();
        using var refused = await team.Dev.PostAsJsonAsync($"/api/v1/evaluations/{e["id"]}/decide", new { option = EvaluationTeam.OptionId(e, "Kafka"), rationale = "I like it." });
        var problem = await Expect.Problem(HttpStatusCode.Forbidden, refused);
        Assert.Contains("Tech Lead", Expect.Detail(problem), StringComparison.Ordinal);
        Assert.Contains(team.TechLeadName, Expect.Detail(problem), StringComparison.Ordinal);
        var reread = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/evaluations/{e["id"]}"))!;
        Assert.Equal("open", reread["status"]!.GetValue<string>());
        Assert.Empty((await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/adrs"))!["items"]!.AsArray());

        using var stakeholder = await team.ScoreAsync(e, new() { ["Kafka"] = [5] }, team.Stakeholder);
        await Expect.Problem(HttpStatusCode.Forbidden, stakeholder);
    }

    [Fact]
    public async Task A_decision_without_a_rationale_or_with_an_unknown_option_is_refused_and_nothing_is_created()
    {
        var team = await EvaluationTeam.CreateAsync(app);
        var e = await team.StartAsync();
        using var bad = await team.Tl.PostAsJsonAsync($"/api/v1/evaluations/{e["id"]}/decide", new { option = Guid.NewGuid(), rationale = " " });
        var errors = (await Expect.Problem(HttpStatusCode.BadRequest, bad))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("option"));
        Assert.True(errors.ContainsKey("rationale"));
        Assert.Empty((await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/adrs"))!["items"]!.AsArray());
        Assert.Equal("open", (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/evaluations/{e["id"]}"))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stale_If_Match_is_refused_with_412()
    {
        var team = await EvaluationTeam.CreateAsync(app);
        var e = await team.StartAsync();
        using var get = await team.Dev.GetAsync($"/api/v1/evaluations/{e["id"]}");
        var etag = get.Headers.ETag!.Tag;
        using (var change = await team.Po.PatchAsJsonAsync($"/api/v1/evaluations/{e["id"]}", new { question = "Which broker, really?" }))
            Assert.Equal("Which broker, really?", (await Expect.Status(HttpStatusCode.OK, change))!["question"]!.GetValue<string>());

        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/evaluations/{e["id"]}") { Content = JsonContent.Create(new { question = "Mine" }) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        using var stale = await team.Dev.SendAsync(request);
        await Expect.Problem(HttpStatusCode.PreconditionFailed, stale);
        Assert.Equal("Which broker, really?", (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/evaluations/{e["id"]}"))!["question"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_list_pages_by_cursor_newest_first()
    {
        var team = await EvaluationTeam.CreateAsync(app);
        for (var i = 0; i < 3; i++) await team.StartAsync(new { question = $"Question {i}" });
        var first = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/evaluations?limit=2"))!;
        Assert.Equal([3, 2], first["items"]!.AsArray().Select(x => x!["number"]!.GetValue<int>()));
        var next = first["nextCursor"]!.GetValue<string>();
        var second = (await team.Dev.GetFromJsonAsync<JsonObject>($"/api/v1/products/{team.ProductKey}/evaluations?limit=2&cursor={Uri.EscapeDataString(next)}"))!;
        Assert.Equal([1], second["items"]!.AsArray().Select(x => x!["number"]!.GetValue<int>()));
        Assert.Null(second["nextCursor"]);
        using var badStatus = await team.Dev.GetAsync($"/api/v1/products/{team.ProductKey}/evaluations?status=maybe");
        await Expect.Problem(HttpStatusCode.BadRequest, badStatus);
    }
}
