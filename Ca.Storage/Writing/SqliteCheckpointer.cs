using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Ca.Storage.Writing;

/// <summary>
/// Copies the SQLite WAL back into the database file on a thread and connection of its own, so the
/// writer's commits no longer stop for checkpoints (a checkpoint of thousands of random index pages
/// plus an fsync of the database file took tens of milliseconds inside a commit). A background pass
/// cannot finish alone, because the writer keeps appending while it runs. Once the WAL has reached
/// <c>restartPages</c>, passes follow each other until one is quick (little was left), then this thread
/// stands aside and the writer copies the last few frames between two batches
/// (<see cref="CatchUpIfDue"/>), so its next transaction starts the WAL over. Reusing the same WAL
/// space matters: fsync on a file that keeps growing costs far more than on one that does not.
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    private static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan QuickPass = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(1);
    private static readonly Meter Meter = new(StorageWriter.MeterName);
    private static readonly Counter<long> Checkpoints = Meter.CreateCounter<long>("ca.sqlite.checkpoints", "{checkpoints}", "WAL checkpoints, by who ran them (background or writer).");
    private readonly string connectionString;
    private readonly int restartPages;
    private readonly TimeSpan passInterval;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly AutoResetEvent wake = new(false);
    private readonly ManualResetEventSlim caughtUp = new(false);
    private readonly ManualResetEventSlim stop = new(false);
    private readonly Thread thread;
    private volatile bool catchUpDue;
    private volatile bool stopping;
    private long backgroundPasses;
    private long writerCatchUps;

    public SqliteCheckpointer(string connectionString, int restartPages, TimeSpan passInterval, ILogger logger)
    {
        this.connectionString = connectionString;
        this.restartPages = restartPages;
        this.passInterval = passInterval;
        this.logger = logger;
        thread = new Thread(Run) { IsBackground = true, Name = "Ca.Storage.Checkpointer" };
        thread.Start();
    }

    /// <summary>Background passes run so far.</summary>
    public long BackgroundPasses => Interlocked.Read(ref backgroundPasses);

    /// <summary>Times the writer copied the last frames so the WAL could start over.</summary>
    public long WriterCatchUps => Interlocked.Read(ref writerCatchUps);

    /// <summary>The writer committed: there are frames to copy.</summary>
    public void Committed() => wake.Set();

    /// <summary>
    /// Called by the writer between batches, on its own connection: when the WAL is due to start over,
    /// copies what the background passes left so the next write transaction can reset it.
    /// </summary>
    public void CatchUpIfDue(SqliteConnection writerConnection)
    {
        if (!catchUpDue)
        {
            return;
        }

        lock (gate)
        {
            try
            {
                Checkpoint(writerConnection);
                Interlocked.Increment(ref writerCatchUps);
                Checkpoints.Add(1, new KeyValuePair<string, object?>("by", "writer"));
            }
            catch (SqliteException e)
            {
                logger.LogWarning(e, "Writer-side WAL checkpoint failed; the next one will retry");
            }
            finally
            {
                catchUpDue = false;
                caughtUp.Set();
            }
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
        caughtUp.Set();
        wake.Set();
        thread.Join();
        wake.Dispose();
        caughtUp.Dispose();
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
                    connection ??= DedicatedSqliteConnection.Open(connectionString, "PRAGMA synchronous=FULL;");
                    var started = Stopwatch.GetTimestamp();
                    long walPages;
                    lock (gate)
                    {
                        walPages = Checkpoint(connection);
                    }

                    Interlocked.Increment(ref backgroundPasses);
                    Checkpoints.Add(1, new KeyValuePair<string, object?>("by", "background"));
                    if (walPages < restartPages)
                    {
                        // Copying less often copies less: a hot page (the end of a time-ordered index)
                        // changed by a thousand commits is written to the database file once.
                        stop.Wait(passInterval);
                    }
                    else if (Stopwatch.GetElapsedTime(started) <= QuickPass)
                    {
                        // Little is left: the writer takes the tail (and the gate is free for it).
                        caughtUp.Reset();
                        catchUpDue = true;
                        caughtUp.Wait(CatchUpWait);
                    }
                }
                catch (Exception e) when (!stopping)
                {
                    // Only an optimisation: the writer's connection keeps SQLite's own checkpoint as a fallback.
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

    /// <summary>A PASSIVE checkpoint: never waits for readers or the writer. Returns the WAL's size in pages.</summary>
    private static long Checkpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var reader = command.ExecuteReader();
        return reader.Read() ? reader.GetInt64(1) : 0;
    }
}
