using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Ca.Storage.Writing;

/// <summary>
/// The SQLite writer's own connection, opened on first use and kept for the life of the process. Only
/// the writer thread touches it. Its settings are the durability contract and the writer's working set:
/// <c>synchronous=FULL</c> (the WAL is fsynced before a commit returns, so "issued" survives a power cut)
/// and a page cache large enough to hold the hot index pages. Checkpoints run beside the writer
/// (<see cref="SqliteCheckpointer"/>); SQLite's own automatic checkpoint stays on at four times that
/// size, only as a bound on the WAL should the background checkpoints stop.
/// </summary>
internal sealed class SqliteWriterConnection(string connectionString, StorageOptions options, ILoggerFactory loggers) : IWriterContexts
{
    private SqliteConnection? connection;
    private IDbContextFactory<SqliteCaDbContext>? factory;
    private SqliteCheckpointer? checkpointer;

    public CaDbContext Create()
    {
        if (connection is null || factory is null)
        {
            connection = Open();
            factory = new PooledDbContextFactory<SqliteCaDbContext>(new DbContextOptionsBuilder<SqliteCaDbContext>().UseSqlite(connection).Options);
            if (options.SqliteCheckpointPages > 0)
            {
                checkpointer = new SqliteCheckpointer(connectionString, options.SqliteCheckpointPages, options.SqliteCheckpointInterval, loggers.CreateLogger<SqliteCheckpointer>());
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

    public void Dispose()
    {
        checkpointer?.Dispose();
        checkpointer = null;
        connection?.Dispose();
        connection = null;
    }

    private SqliteConnection Open()
    {
        var opened = new SqliteConnection(connectionString);
        try
        {
            opened.Open();
            using var command = opened.CreateCommand();
            var automaticCheckpoint = options.SqliteCheckpointPages > 0 ? options.SqliteCheckpointPages * 4 : 1000;
            command.CommandText = $"""
                PRAGMA synchronous=FULL;
                PRAGMA cache_size=-{options.SqliteWriterCacheMiB * 1024};
                PRAGMA wal_autocheckpoint={automaticCheckpoint};
                """;
            command.ExecuteNonQuery();
            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }
}
