using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tandem.Application.Data;

/// <summary>
/// SQLite takes one writer at a time. When a second connection meets the write lock, Microsoft.Data.Sqlite
/// retries its statement after sleeping 150 ms on a thread-pool thread, so sixteen concurrent writers
/// spent most of their time asleep (p99 over a second, ADR 26). This gate queues a process's writers
/// asynchronously instead: a write transaction (and a SaveChanges outside one) enters it before it takes
/// the database's write lock and leaves at its end, so writers of this process never meet each other's
/// lock and no thread sleeps. One gate per database file; PostgreSQL needs none (row locks).
/// A writer that cannot enter within <see cref="Patience"/> goes on without the gate, where SQLite's own
/// lock and busy handler still keep it correct: the gate orders, it never decides.
/// </summary>
public static class SqliteWriteGate
{
    /// <summary>How long a writer waits for the gate before it falls back to SQLite's own lock.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>
    /// Enters the gate of the context's database when it is SQLite and no transaction of this context holds
    /// it already; dispose the answer to leave. Null on PostgreSQL, inside a transaction, or when the wait
    /// ran out of patience.
    /// </summary>
    public static async Task<IDisposable?> EnterAsync(TandemDbContext db, CancellationToken ct)
    {
        if (!db.IsSqlite || db.Database.CurrentTransaction is not null) return null;
        var gate = Gates.GetOrAdd(db.Database.GetDbConnection().DataSource ?? "", _ => new SemaphoreSlim(1, 1));
        return await gate.WaitAsync(Patience, ct) ? new Exit(gate) : null;
    }

    private sealed class Exit(SemaphoreSlim gate) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0) gate.Release();
        }
    }
}

/// <summary>
/// Settings SQLite keeps per connection, applied once to each physical connection as the pool hands it
/// out: <c>synchronous=NORMAL</c>, which in write-ahead-log mode never corrupts the database and loses at
/// most the transactions committed since the last checkpoint on a power cut (not on a crash of the
/// process), instead of FULL's flush of the log at every commit (4 ms on the benchmark's disk, a ceiling
/// of 250 commits a second); and a busy timeout, so a writer from outside the gate waits inside SQLite in
/// short steps rather than Microsoft.Data.Sqlite's 150 ms sleeps; and a page cache of 512 KiB instead of
/// 2 MiB per pooled connection, since the operating system caches the file for all of them (ADR 26).
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSettings Instance = new();

    /// <summary>The physical connections already configured; a pooled connection keeps its handle.</summary>
    private static readonly ConditionalWeakTable<object, object> Configured = [];
    private static readonly object Done = new();

    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA cache_size=-512;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (Needs(connection, out var sqlite))
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Needs(connection, out var sqlite))
        {
            await using var command = sqlite.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static bool Needs(DbConnection connection, out SqliteConnection sqlite)
    {
        sqlite = (connection as SqliteConnection)!;
        if (sqlite?.Handle is not { } handle) return false;
        return Configured.TryAdd(handle, Done);
    }
}
