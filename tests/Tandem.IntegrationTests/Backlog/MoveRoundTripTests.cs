using System.Diagnostics;
using Xunit.Abstractions;
using Tandem.IntegrationTests.Infrastructure;

namespace Tandem.IntegrationTests.Backlog;

/// <summary>
/// Issue 9/12: a move writes its row, its log entry and its activity line and answers with the item built
/// once. Counted as the SQL commands EF Core sends while the request runs (its diagnostic events): 29 on
/// SQLite before the item was built once (2026-12-04), 16 after — find, target, neighbour, the three
/// writes, and the detail's ten reads — plus, since sessions end at sign-out (ADR 22), the one read of the
/// person's security stamp that every signed-in request makes: 17. PostgreSQL batches the three writes into one.
/// Since the detail reads its small collections in one statement (issue 12): the session check, find, target,
/// neighbour, the three writes and the detail's three reads: 10. With the item's neighbours in that statement
/// (the assessment read only when there is one) and the target read with its neighbour: 8. A patch: 7.
/// With the NFR lines in the detail's statement (2026-12-06), on SQLite: a move 6, a patch 5 (PostgreSQL 4 and 3).
/// With the target and its neighbour read with the item (2026-12-06): a move 5 (PostgreSQL 3, and its commit).
/// An item whose detail is cached answers from it, without the detail's read (2026-12-07).
/// </summary>
[Collection(TandemCollection.Name)]
public class MoveRoundTripTests(TandemApp app, ITestOutputHelper output)
{
    [Theory]
    [InlineData("after")]
    [InlineData("before")]
    [InlineData("top")]
    [InlineData("bottom")]
    public async Task A_move_costs_at_most_five_database_round_trips(string where)
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(5);
        using (var warm = await team.MoveAsync(keys[4], new { position = "top" })) await Expect.Status(HttpStatusCode.OK, warm);
        object request = where switch
        {
            "after" => new { after = keys[0] },
            "before" => new { before = keys[1] },
            _ => new { position = where },
        };

        // Only this request's commands: its trace goes with it to the server (traceparent), while the background
        // jobs (webhook and mail senders, leases) and the other collections' hosts send theirs in traces of their own.
        using var trace = new Activity("move-under-test").Start();
        using var commands = new SqlCommandCounter(trace.TraceId);
        using (var move = await team.MoveAsync(keys[3], request)) await Expect.Status(HttpStatusCode.OK, move);
        var afterMove = commands.Count;
        output.WriteLine($"{afterMove} SQL commands:\n{string.Join("\n", commands.Texts)}");

        Assert.True(afterMove >= 3, $"Only {afterMove} SQL commands were seen in the move's trace; is the trace still carried to the server?");
        Assert.True(afterMove <= MoveBudget, $"A move sent {afterMove} SQL commands:\n{string.Join("\n", commands.Texts)}");
    }

    [Fact]
    public async Task A_patch_of_the_business_value_stays_within_its_round_trip_budget()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(2);
        await team.PatchAsync(keys[0], new { businessValue = 3 });

        using var trace = new Activity("patch-under-test").Start();
        using var commands = new SqlCommandCounter(trace.TraceId);
        await team.PatchAsync(keys[1], new { businessValue = 5 });
        var count = commands.Count;
        output.WriteLine($"{count} SQL commands:\n{string.Join("\n", commands.Texts)}");

        Assert.True(count >= 3, $"Only {count} SQL commands were seen in the patch's trace; is the trace still carried to the server?");
        Assert.True(count <= PatchBudget, $"A patch sent {count} SQL commands:\n{string.Join("\n", commands.Texts)}");
    }

    [Fact]
    public async Task A_patch_and_a_move_of_an_item_just_read_answer_without_reading_its_detail_again()
    {
        var team = await BacklogTeam.CreateAsync(app);
        var keys = await team.CreateItemsAsync(3);
        await team.GetItemAsync(keys[1]);

        // Read, so cached: the write answers from that detail and its own change (issue 12, eighth pass).
        var patch = await CommandsAsync(() => team.PatchAsync(keys[1], new { businessValue = 5 }));
        Assert.DoesNotContain(patch, DetailRead);
        // The patch kept its answer for the next reader and writer: the move finds it too.
        var move = await CommandsAsync(async () => { using var moved = await team.MoveAsync(keys[1], new { after = keys[2] }); await Expect.Status(HttpStatusCode.OK, moved); });
        Assert.DoesNotContain(move, DetailRead);
        // An item nobody read is built from the database, and the counter sees that read.
        var unread = await CommandsAsync(() => team.PatchAsync(keys[0], new { businessValue = 8 }));
        Assert.Contains(unread, DetailRead);
    }

    private static bool DetailRead(string command) => command.Contains("AS \"Part\"", StringComparison.Ordinal);

    private async Task<IReadOnlyList<string>> CommandsAsync(Func<Task> request)
    {
        using var trace = new Activity("write-under-test").Start();
        using var commands = new SqlCommandCounter(trace.TraceId);
        await request();
        output.WriteLine($"{commands.Count} SQL commands:\n{string.Join("\n", commands.Texts)}");
        Assert.True(commands.Count >= 2, $"Only {commands.Count} SQL commands were seen in the write's trace; is the trace still carried to the server?");
        return commands.Texts;
    }

    private const int MoveBudget = 5;
    private const int PatchBudget = 5;

    /// <summary>Counts the commands and savepoints EF Core sends in this process, in the given trace, while it lives.</summary>
    private sealed class SqlCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly IDisposable _all;
        private readonly List<IDisposable> _listeners = [];
        private readonly List<string> _texts = [];
        private readonly Lock _lock = new();

        private readonly ActivityTraceId _trace;

        private const string SavepointCreating = "Microsoft.EntityFrameworkCore.Database.Transaction.CreatingTransactionSavepoint";
        private const string SavepointReleasing = "Microsoft.EntityFrameworkCore.Database.Transaction.ReleasingTransactionSavepoint";

        public SqlCommandCounter(ActivityTraceId trace)
        {
            _trace = trace;
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int Count
        {
            get { lock (_lock) return _texts.Count; }
        }

        public IReadOnlyList<string> Texts
        {
            get { lock (_lock) return _texts.ToList(); }
        }

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.EntityFrameworkCore") lock (_lock) _listeners.Add(value.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            // A savepoint and its release are round trips of their own, which EF sends outside its commands.
            if (value.Key is not ("Microsoft.EntityFrameworkCore.Database.Command.CommandExecuting" or SavepointCreating or SavepointReleasing)
                || Activity.Current?.TraceId != _trace) return;
            var text = value.Value is Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData data ? data.Command.CommandText : value.Key;
            lock (_lock) _texts.Add(text.Split('\n')[0]);
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
