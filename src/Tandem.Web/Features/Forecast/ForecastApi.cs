using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Forecasting;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Forecast;

public static class ForecastApi
{
    private const string Parameters = "`items` (when will N items be done → `p50`, `p85`, `p95` dates) or `date` YYYY-MM-DD (how many items by then → `itemsP50`…) or `milestone` (id: its open scope and confidence), one of them; " +
        "`team` (id) one team's throughput instead of all the product's teams; `weeks` of history (default `Tandem:Forecast:Weeks`); `seed` (omitted: a fresh one, reported in `assumptions.seed`); `trials` (default 10,000, at most 100,000). " +
        "No throughput history answers 409 saying so.";

    public static void MapForecastApi(this IEndpointRouteBuilder api)
    {
        var products = api.MapGroup("/products/{key}/forecast").WithTags("Forecasts").RequireAuthorization();

        products.MapGet("/", async Task<Results<Ok<ForecastDto>, ProblemHttpResult>> (string key, string? items, string? date, string? milestone, string? team, string? weeks, string? seed, string? trials,
                ForecastFeature forecasts, CancellationToken ct) =>
            (await forecasts.ForecastAsync(key, new ForecastQuery(items, date, milestone, team, weeks, seed, trials), ct)).ToOk())
            .Performs(Operations.Products.Read)
            .WithSummary("A Monte Carlo forecast from the teams' real weekly throughput, with the assumptions it made and the histogram: " + Parameters);

        products.MapGet("/histogram.svg", async Task<Results<ContentHttpResult, ProblemHttpResult>> (string key, string? items, string? date, string? milestone, string? team, string? weeks, string? seed, string? trials,
                ForecastFeature forecasts, CancellationToken ct) =>
        {
            if ((await forecasts.ForecastAsync(key, new ForecastQuery(items, date, milestone, team, weeks, seed, trials), ct)).Failed(out var error, out var forecast)) return error.ToProblem();
            return TypedResults.Text(ForecastChart.HistogramSvg(forecast), "image/svg+xml", Encoding.UTF8);
        }).Performs(Operations.Products.Read)
            .WithSummary("The same forecast's histogram drawn as SVG, with the 50/85/95 % markers labelled (same parameters; give `seed` to draw the forecast you read)");
    }
}
