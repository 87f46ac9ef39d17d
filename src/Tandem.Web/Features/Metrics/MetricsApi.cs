using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Coaching;
using Tandem.Application.Metrics;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Metrics;

/// <summary>A drawn chart and its numbers.</summary>
public sealed record RenderedChart(string Svg, ChartTable Table);

public static class MetricsApi
{
    /// <summary>Draws one of <see cref="TeamCharts.Names"/>; an unknown name is not found.</summary>
    public static async Task<Result<RenderedChart>> ChartAsync(MetricsFeature metrics, Guid teamId, string chart, Guid? sprint, int? sprints, int? days, CancellationToken ct)
    {
        switch (chart)
        {
            case "burndown" or "burnup":
                if ((await metrics.BurnAsync(teamId, sprint, ct)).Failed(out var e1, out var burn)) return e1;
                return new RenderedChart(chart == "burndown" ? TeamCharts.BurndownSvg(burn) : TeamCharts.BurnupSvg(burn), TeamCharts.BurnTable(burn));
            case "velocity":
                if ((await metrics.VelocityAsync(teamId, sprints, ct)).Failed(out var e2, out var velocity)) return e2;
                return new RenderedChart(TeamCharts.VelocitySvg(velocity), TeamCharts.VelocityTable(velocity));
            case "cfd":
                if ((await metrics.CumulativeFlowAsync(teamId, days, ct)).Failed(out var e3, out var flow)) return e3;
                return new RenderedChart(TeamCharts.CfdSvg(flow), TeamCharts.CfdTable(flow));
            case "cycle-time":
                if ((await metrics.CycleTimeAsync(teamId, days, ct)).Failed(out var e4, out var cycle)) return e4;
                return new RenderedChart(TeamCharts.CycleTimeSvg(cycle), TeamCharts.CycleTimeTable(cycle));
            default:
                return Error.NotFound($"There is no chart called {chart}; the charts are {string.Join(", ", TeamCharts.Names)}.");
        }
    }

    public static void MapMetricsApi(this IEndpointRouteBuilder api)
    {
        var team = api.MapGroup("/teams/{teamId:guid}").WithTags("Team metrics").RequireAuthorization();

        team.MapGet("/metrics", async Task<Results<Ok<TeamMetricsDto>, ProblemHttpResult>> (Guid teamId, int? sprints, MetricsFeature metrics, CancellationToken ct) =>
            (await metrics.MetricsAsync(teamId, sprints, ct)).ToOk())
            .Performs(Operations.Products.Read)
            .WithSummary("The team's metrics over its last `sprints` closed sprints (default 12, at most 100): velocity, say/do, carry-over, scope change, cycle and lead time, throughput, WIP age, impediment age");

        team.MapGet("/charts/{chart}.svg", async Task<Results<ContentHttpResult, ProblemHttpResult>> (Guid teamId, string chart, Guid? sprint, int? sprints, int? days, MetricsFeature metrics, CancellationToken ct) =>
        {
            if ((await ChartAsync(metrics, teamId, chart, sprint, sprints, days, ct)).Failed(out var error, out var drawn)) return error.ToProblem();
            return TypedResults.Text(drawn.Svg, "image/svg+xml", Encoding.UTF8);
        }).Performs(Operations.Products.Read)
            .WithSummary("A chart drawn as SVG: burndown, burnup (the active sprint or `sprint`), velocity (last `sprints`), cfd (last `days`, default 42), cycle-time (last `days`, default 90)");

        team.MapGet("/charts/{chart}.csv", async Task<Results<ContentHttpResult, ProblemHttpResult>> (Guid teamId, string chart, Guid? sprint, int? sprints, int? days, MetricsFeature metrics, CancellationToken ct) =>
        {
            if ((await ChartAsync(metrics, teamId, chart, sprint, sprints, days, ct)).Failed(out var error, out var drawn)) return error.ToProblem();
            return TypedResults.Text(TeamCharts.Csv(drawn.Table), "text/csv", Encoding.UTF8);
        }).Performs(Operations.Products.Read).WithSummary("The same chart's numbers as CSV (RFC 4180, with a header row)");

        team.MapGet("/coach-hints", async Task<Results<Ok<CoachHintsDto>, ProblemHttpResult>> (Guid teamId, CoachFeature coach, CancellationToken ct) =>
            (await coach.HintsAsync(teamId, ct)).ToOk())
            .Performs(Operations.Products.Read)
            .WithSummary("Patterns the Scrum Master should look at (chronic carry-over, a column over its WIP limit, low say/do…), each with its data and a link; dismissed ones left out");

        team.MapPost("/coach-hints/dismiss", async Task<Results<Ok<CoachHintsDto>, ProblemHttpResult>> (Guid teamId, DismissHintRequest request, CoachFeature coach, CancellationToken ct) =>
            (await coach.DismissAsync(teamId, request, ct)).ToOk())
            .Performs(Operations.Process.DismissHint).WithSummary("Dismiss a coach hint by its key, with a reason (Scrum Master; logged)");
    }
}
