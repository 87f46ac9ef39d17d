using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tandem.IntegrationTests.Backlog;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Reliability;

/// <summary>
/// ADR 45: a write whose client goes away once its save has started is saved whole. The client here closes its
/// connection the moment the request sends the item's UPDATE to the database, and the test holds that command until
/// the server has seen the client go (the request's token fired). Before, the commit was cancelled with the request:
/// the change was rolled back and the log had an error for it.
/// </summary>
[Collection(TandemCollection.Name)]
public class AbandonedWriteTests(TandemApp app)
{
    [Theory]
    [InlineData("patch")]
    [InlineData("move")]
    public async Task A_write_whose_client_goes_away_while_it_saves_is_saved_whole(string write)
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(3);
        var before = await team.GetItemAsync(keys[0]);
        var version = before["version"]!.GetValue<int>();

        using var client = new CancellationTokenSource();
        var http = app.Services.GetRequiredService<IHttpContextAccessor>();
        // Whether the server saw its client go while the save waited; set on the server's thread, after the client's cancel.
        var seenGone = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var trace = new Activity("abandoned-write").Start();
        using (new FirstWrite(trace.TraceId, () =>
        {
            client.Cancel();
            var aborted = http.HttpContext!.RequestAborted;
            seenGone.SetResult(SpinWait.SpinUntil(() => aborted.IsCancellationRequested, TimeSpan.FromSeconds(10)));
        }))
        {
            var sent = write == "patch"
                ? team.Po.PatchAsJsonAsync($"/api/v1/items/{keys[0]}", new { businessValue = 42 }, client.Token)
                : team.Po.PostAsJsonAsync($"/api/v1/items/{keys[0]}/move", new { after = keys[2] }, client.Token);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sent);
            Assert.True(await seenGone.Task.WaitAsync(TimeSpan.FromSeconds(20)),
                "The server did not see the client go while the write was saving, so this test proved nothing.");
        }

        // The server goes on after its client left: wait for the write to land, then check it is whole.
        JsonObject after = before;
        for (var wait = Stopwatch.StartNew(); wait.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(50))
            if ((after = await team.GetItemAsync(keys[0]))["version"]!.GetValue<int>() != version) break;
        Assert.Equal(version + 1, after["version"]!.GetValue<int>());
        if (write == "patch") Assert.Equal(42, after["businessValue"]!.GetValue<int>());
        else Assert.Equal([keys[1], keys[2], keys[0]], await team.OrderAsync());
        var history = after["activity"]!.AsArray().Select(a => a!["text"]!.GetValue<string>()).ToList();
        Assert.True(history.Count > before["activity"]!.AsArray().Count, $"No history line for the {write}: {string.Join(" | ", history)}");
    }

    /// <summary>Runs an action, once, when the given trace first updates an item's row, on the thread that sends it.</summary>
    private sealed class FirstWrite : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly ActivityTraceId _trace;
        private readonly Action _action;
        private readonly IDisposable _all;
        private readonly List<IDisposable> _listeners = [];
        private readonly Lock _lock = new();
        private int _done;

        public FirstWrite(ActivityTraceId trace, Action action)
        {
            (_trace, _action) = (trace, action);
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.EntityFrameworkCore") lock (_lock) _listeners.Add(value.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key != "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuting" || Activity.Current?.TraceId != _trace
                || value.Value is not Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData data) return;
            // The item's own save (PostgreSQL sends it in one batch with the log's rows), not a sign-in's bookkeeping.
            var text = data.Command.CommandText;
            if (!text.Contains("UPDATE \"backlog_items\" SET", StringComparison.Ordinal) && !text.Contains("UPDATE backlog_items SET", StringComparison.Ordinal)) return;
            if (Interlocked.Exchange(ref _done, 1) == 0) _action();
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _all.Dispose();
            lock (_lock) foreach (var listener in _listeners) listener.Dispose();
        }
    }
}
