using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Ca.Storage.Writing;

/// <summary>
/// Copies the SQLite WAL back into the database file on a thread and connection of its own, so the
/// writer's commits no longer stop for checkpoints (a checkpoint of thousands of random index pages
/// plus an fsync of the database file took tens of milliseconds inside a commit). A background pass
/// cannot finish alone, because the writer keeps appending while it runs; once the WAL has reached
/// <c>restartPages</c>, the writer copies the few frames left between two batches (<see cref="CatchUpIfDue"/>)
/// and its next transaction starts the WAL over. Reusing the same WAL space matters: fsync on a file
/// that keeps growing costs far more than on one that does not.
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    private static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(1);
    private readonly string connectionString;
    private readonly int restartPages;
    private readonly TimeSpan passInterval;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly AutoResetEvent wake = new(false);
    private readonly ManualResetEventSlim stop = new(false);
    private readonly Thread thread;
    private volatile bool catchUpDue;
    private volatile bool stopping;

    public SqliteCheckpointer(string connectionString, int restartPages, TimeSpan passInterval, ILogger logger)
    {
        this.connectionString = connectionString;
        this.restartPages = restartPages;
        this.passInterval = passInterval;
        this.logger = logger;
        thread = new Thread(Run) { IsBackground = true, Name = "Ca.Storage.Checkpointer" };
        thread.Start();
    }

    /// <summary>The writer committed: there are frames to copy.</summary>
    public void Committed() => wake.Set();

    /// <summary>
    /// Called by the writer between batches, on its own connection: when the WAL is due to start over,
    /// copies what the background pass left so the next write transaction can reset it.
    /// </summary>
    public void CatchUpIfDue(SqliteConnection writerConnection)
    {
        if (!catchUpDue || !gate.TryEnter())
        {
            return;
        }

        try
        {
            Checkpoint(writerConnection);
            catchUpDue = false;
        }
        catch (SqliteException e)
        {
            logger.LogWarning(e, "Writer-side WAL checkpoint failed; the next one will retry");
        }
        finally
        {
            gate.Exit();
        }
    }

    public void Dispose()
    {
        if (stopping)
        {
            return;
        }

        stopping = true;
        stop.Set();
        wake.Set();
        thread.Join();
        wake.Dispose();
        stop.Dispose();
    }

    private void Run()
    {
        SqliteConnection? connection = null;
        try
        {
            while (!stopping)
            {
                wake.WaitOne();
                if (stopping)
                {
                    break;
                }

                try
                {
                    connection ??= Open();
                    lock (gate)
                    {
                        var (walPages, _) = Checkpoint(connection);
                        catchUpDue = walPages >= restartPages;
                    }

                    // Copying less often copies less: a hot page (the end of a time-ordered index)
                    // changed by a thousand commits is written to the database file once. Once the WAL
                    // is due to start over, passes follow each other so the writer's share stays small.
                    if (!catchUpDue)
                    {
                        stop.Wait(passInterval);
                    }
                }
                catch (SqliteException e)
                {
                    logger.LogWarning(e, "Background WAL checkpoint failed; retrying in {Pause}", FailurePause);
                    connection?.Dispose();
                    connection = null;
                    stop.Wait(FailurePause);
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private SqliteConnection Open()
    {
        var opened = new SqliteConnection(connectionString);
        opened.Open();
        using var command = opened.CreateCommand();
        command.CommandText = "PRAGMA synchronous=FULL;";
        command.ExecuteNonQuery();
        return opened;
    }

    /// <summary>A PASSIVE checkpoint: never waits for readers or the writer. Returns the WAL's size and how much of it is now in the database.</summary>
    private static (long WalPages, long CopiedPages) Checkpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(1), reader.GetInt64(2)) : (0, 0);
    }
}
