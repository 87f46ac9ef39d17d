using Tandem.Domain.DecisionRights;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.DecisionRights;

/// <summary>
/// The authorization matrix, generated from <see cref="DecisionRightsTable"/>: every operation for every
/// actor through the permissions endpoint, and every endpoint that performs an operation for every actor.
/// </summary>
[Collection(TandemCollection.Name)]
public class AuthorizationMatrixTests(TandemApp app)
{
    public static TheoryData<string, string> OperationsByActor()
    {
        var data = new TheoryData<string, string>();
        foreach (var op in Operations.All)
            foreach (var actor in MatrixTeam.Actors)
                data.Add(op.Name, actor);
        return data;
    }

    public static TheoryData<string, string> EndpointsByActor()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in ApiEndpoints.Samples.Keys.Order(StringComparer.Ordinal))
            foreach (var actor in MatrixTeam.Actors.Where(a => a != MatrixTeam.OtherWorkspace))
                data.Add(endpoint, actor);
        return data;
    }

    [Theory]
    [MemberData(nameof(OperationsByActor))]
    public async Task Permissions_answer_what_the_table_says(string operation, string actorName)
    {
        var team = await app.MatrixTeamAsync();
        using var client = await team.SignInAsync(app, actorName);
        using var response = await client.GetAsync($"/api/v1/products/{team.ProductKey}/permissions?operation={Uri.EscapeDataString(operation)}");

        var actor = MatrixTeam.ActorFor(actorName);
        if (actor is null)
        {
            await Expect.Problem(HttpStatusCode.NotFound, response);
            return;
        }
        if (!actor.IsMember && !actor.IsWorkspaceAdmin)
        {
            var refusal = await Expect.Problem(HttpStatusCode.Forbidden, response);
            Assert.Contains("Only", Expect.Detail(refusal), StringComparison.Ordinal);
            return;
        }

        var permission = Assert.Single((await Expect.Status(HttpStatusCode.OK, response))!.AsArray())!;
        var op = Operations.Find(operation)!;
        Assert.Equal(operation, permission["operation"]!.GetValue<string>());
        var expected = DecisionRightsTable.IsAllowed(op, actor);
        Assert.Equal(expected, permission["allowed"]!.GetValue<bool>());
        if (expected)
        {
            Assert.Null(permission["reason"]);
        }
        else
        {
            Assert.Contains("Only", permission["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(EndpointsByActor))]
    public async Task Endpoints_refuse_exactly_what_the_table_refuses(string endpointId, string actorName)
    {
        var endpoint = ApiEndpoints.All(app.Endpoints).SingleOrDefault(e => e.Id == endpointId);
        Assert.True(endpoint is not null, $"{endpointId} is no longer an endpoint; remove its sample request.");
        Assert.NotNull(endpoint.Operation);
        var team = await app.MatrixTeamAsync();
        using var client = await team.SignInAsync(app, actorName);

        using var admin = await team.SignInAsync(app, MatrixTeam.WorkspaceAdmin);
        var logBefore = await LatestDecisionAsync(admin, team.ProductKey);
        using var request = ApiEndpoints.Request(endpoint, team.Context);
        using var response = await client.SendAsync(request);

        var allowed = DecisionRightsTable.IsAllowed(endpoint.Operation, MatrixTeam.ActorFor(actorName)!);
        var logged = await DecisionsSinceAsync(admin, team.ProductKey, logBefore);
        if (allowed)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode != HttpStatusCode.Forbidden, $"{endpoint} refused {actorName}, whom the table allows to {endpoint.Operation.Name}: {body}");
            Assert.True((int)response.StatusCode < 500, $"{endpoint} failed for {actorName}: {(int)response.StatusCode} {body}");
            // A decision that happened is in the log exactly once (ADR 21); adding a person or a product
            // decides for the workspace, not for this product, so this product's log does not move.
            if (response.IsSuccessStatusCode && endpoint.Operation.Kind == OperationKind.Decide)
            {
                var workspaceWide = endpoint.Operation == Operations.Members.InvitePeople || endpoint.Operation == Operations.Members.ManageTeams || endpoint.Pattern == "/api/v1/products";
                Assert.Equal(workspaceWide ? [] : [endpoint.Operation.Name], logged);
            }
            else if (!response.IsSuccessStatusCode)
            {
                Assert.Empty(logged);
            }
        }
        else
        {
            var refusal = await Expect.Problem(HttpStatusCode.Forbidden, response);
            Assert.Contains("Only", Expect.Detail(refusal), StringComparison.Ordinal);
            Assert.Empty(logged);
        }
    }

    private static async Task<long> LatestDecisionAsync(HttpClient admin, string productKey)
    {
        var page = await Expect.Status(HttpStatusCode.OK, await admin.GetAsync($"/api/v1/products/{productKey}/decision-log?limit=1"));
        return page!["items"]!.AsArray().Select(e => e!["id"]!.GetValue<long>()).FirstOrDefault();
    }

    /// <summary>The operations logged on the product since entry <paramref name="after"/>, oldest first.</summary>
    private static async Task<List<string>> DecisionsSinceAsync(HttpClient admin, string productKey, long after)
    {
        var page = await Expect.Status(HttpStatusCode.OK, await admin.GetAsync($"/api/v1/products/{productKey}/decision-log?limit=20"));
        return page!["items"]!.AsArray().Where(e => e!["id"]!.GetValue<long>() > after)
            .OrderBy(e => e!["id"]!.GetValue<long>()).Select(e => e!["operation"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public void Every_endpoint_that_performs_an_operation_has_a_sample_request_and_no_sample_is_stale()
    {
        var performing = ApiEndpoints.All(app.Endpoints).Where(e => e.Operation is not null).Select(e => e.Id).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(performing);
        Assert.Equal(performing, ApiEndpoints.Samples.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_product_scoped_endpoint_names_the_operation_it_performs()
    {
        var unnamed = ApiEndpoints.All(app.Endpoints)
            .Where(e => e.Pattern.Contains("{key}", StringComparison.Ordinal) && e.Operation is null)
            .Select(e => e.Id);
        Assert.Empty(unnamed);
    }

    [Fact]
    public void Every_operation_an_endpoint_performs_is_in_the_table()
    {
        var unknown = ApiEndpoints.All(app.Endpoints).Where(e => e.Operation is not null && !Operations.All.Contains(e.Operation)).Select(e => e.Id);
        Assert.Empty(unknown);
    }
}
