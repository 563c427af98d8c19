using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using SQLitePCL;

namespace Ca.Storage.Writing;

/// <summary>
/// The SQLite writer's own connection (not pooled), opened on first use and kept while it is healthy.
/// Only the writer thread touches it. Its settings are the durability contract and the writer's
/// working set: <c>synchronous=FULL</c> (the WAL is fsynced before a commit returns, so "issued"
/// survives a power cut) and a page cache large enough for the hot index pages. Checkpoints run beside
/// the writer (<see cref="SqliteCheckpointer"/>); SQLite's own automatic checkpoint stays on at four
/// times the restart size as a fallback should the background passes stop, and the WAL file is cut
/// back to twice the restart size after it has grown past it (long readers can hold a restart off).
/// </summary>
internal sealed class SqliteWriterConnection(string connectionString, StorageOptions options, ILoggerFactory loggers) : IWriterContexts
{
    private SqliteConnection? connection;
    private IDbContextFactory<SqliteCaDbContext>? factory;
    private SqliteCheckpointer? checkpointer;

    /// <summary>The background checkpointer, once the first batch has opened the connection.</summary>
    internal SqliteCheckpointer? Checkpointer => checkpointer;

    public CaDbContext Create()
    {
        if (connection is null || factory is null)
        {
            connection = Open();
            factory = new PooledDbContextFactory<SqliteCaDbContext>(new DbContextOptionsBuilder<SqliteCaDbContext>()
                .UseSqlite(connection)
                .UseLoggerFactory(loggers)
                .Options);
            if (options.SqliteCheckpointPages > 0)
            {
                checkpointer ??= new SqliteCheckpointer(connectionString, options.SqliteCheckpointPages, options.SqliteCheckpointInterval, loggers.CreateLogger<SqliteCheckpointer>());
            }
        }

        return factory.CreateDbContext();
    }

    public void AfterCommit()
    {
        if (checkpointer is not null && connection is not null)
        {
            checkpointer.CatchUpIfDue(connection);
            checkpointer.Committed();
        }
    }

    public void AfterFailure()
    {
        // A connection left closed or inside a transaction (a failed ROLLBACK, an I/O error) would fail
        // every later batch: open a fresh one for the next.
        if (connection is not null && (connection.State != System.Data.ConnectionState.Open || raw.sqlite3_get_autocommit(connection.Handle) == 0))
        {
            connection.Dispose();
            connection = null;
            factory = null;
        }
    }

    public void Dispose()
    {
        checkpointer?.Dispose();
        checkpointer = null;
        connection?.Dispose();
        connection = null;
    }

    private SqliteConnection Open()
    {
        var checkpointing = options.SqliteCheckpointPages > 0;
        var automaticCheckpoint = checkpointing ? options.SqliteCheckpointPages * 4L : 1000;
        var walLimitBytes = checkpointing ? options.SqliteCheckpointPages * 2L * 4096 : -1;
        return DedicatedSqliteConnection.Open(connectionString, $"""
            PRAGMA synchronous=FULL;
            PRAGMA cache_size=-{options.SqliteWriterCacheMiB * 1024L};
            PRAGMA wal_autocheckpoint={automaticCheckpoint};
            PRAGMA journal_size_limit={walLimitBytes};
            """);
    }
}
