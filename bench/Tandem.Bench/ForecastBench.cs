using System.Diagnostics;
using System.Globalization;
using Tandem.Application.Forecasting;
using Tandem.Bench.Shared;

namespace Tandem.Bench;

/// <summary>
/// Issue 11's forecast budget: 10,000 Monte Carlo trials ≤ 20 ms. Pure in-process (the computation the budget is
/// about), 50 runs each after a warm-up, for "when will N items be done" and "how many by a date"; then the
/// forecast endpoint once per run on the demo's PAY (12 weeks of the Payments Crew's throughput).
/// </summary>
internal static class ForecastBench
{
    private static readonly int[] History = [6, 4, 7, 3, 5, 8, 2, 6, 5, 4, 7, 5];

    public static async Task RunAsync(HttpClient http, Func<HttpClient, string, Task<double>> get)
    {
        const int runs = 50;
        Console.WriteLine("| forecast (10,000 trials) | p50 ms | p95 ms | max ms |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, run) in new (string, Func<int, SimulationResult>)[]
        {
            ("weeks to finish 100 items (in-process)", seed => MonteCarlo.WeeksToFinish(History, 100, MonteCarlo.DefaultTrials, seed)),
            ("weeks to finish 1,000 items (in-process)", seed => MonteCarlo.WeeksToFinish(History, 1_000, MonteCarlo.DefaultTrials, seed)),
            ("items within 26 weeks (in-process)", seed => MonteCarlo.ItemsWithin(History, 26, MonteCarlo.DefaultTrials, seed)),
        })
        {
            for (var i = 0; i < 5; i++) run(i);
            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var started = Stopwatch.GetTimestamp();
                run(1000 + i);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            Row(name, times);
        }
        await get(http, "/api/v1/products/PAY/forecast?items=100&seed=1");
        var endpoint = new List<double>();
        for (var i = 0; i < runs; i++) endpoint.Add(await get(http, $"/api/v1/products/PAY/forecast?items=100&seed={i}"));
        Row("GET /products/PAY/forecast?items=100 (demo, HTTP)", endpoint);
    }

    private static void Row(string name, List<double> times) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {BenchData.P(times, 50):0.00} | {BenchData.P(times, 95):0.00} | {times.Max():0.00} |"));
}
