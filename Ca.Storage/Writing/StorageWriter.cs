using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Ca.Core.Audit;
using Ca.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ca.Storage.Writing;

/// <summary>
/// The single writer of the database, with group commit. Every state change arrives as a work item
/// carrying its audit events; the writer applies a batch of items in one transaction, appends their
/// audit records to the hash chain in order, commits once, and only then completes each caller.
/// Each batch transaction first locks the chain's head row (<see cref="AuditChainHeadLock"/>), so
/// writers of several instances on one database take turns and the chain stays one; one commit per
/// batch is what lets issuance run at thousands per second on an fsync-bound disk. A failing batch is replayed item by
/// item so one bad request never takes others down with it.
/// </summary>
internal sealed class StorageWriter : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private const int ChainConflictRetries = 5;

    /// <summary>Meter name for <c>dotnet-counters monitor --counters Ca.Storage.Writer</c>.</summary>
    public const string MeterName = StorageTelemetry.WriterMeterName;
    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("ca.writer.batch.size", "{items}", "Work items committed per transaction.");
    private static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>("ca.writer.batch.duration", "ms", "Time from opening to committing one batch transaction.");
    private static readonly Counter<long> Items = Meter.CreateCounter<long>("ca.writer.items", "{items}", "Work items committed.");
    private static readonly UpDownCounter<long> QueueDepth = Meter.CreateUpDownCounter<long>("ca.writer.queue.depth", "{items}", "Work items waiting for the writer.");
    private readonly Channel<WorkItem> queue = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(8192) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly IWriterContexts contexts;
    private readonly ILogger<StorageWriter> logger;
    private readonly Thread thread;
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StorageWriter(IWriterContexts contexts, ILogger<StorageWriter> logger)
    {
        this.contexts = contexts;
        this.logger = logger;

        // A thread of its own: SQLite does its I/O synchronously (fsync included), and a blocked
        // thread-pool worker on a 2-core machine is a request handler fewer.
        thread = new Thread(Run) { IsBackground = true, Name = "Ca.Storage.Writer" };
        thread.Start();
    }

    /// <summary>Queues a change and waits until it is committed (or has failed).</summary>
    public Task WriteAsync(Func<CaDbContext, CancellationToken, Task> apply, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken) =>
        WriteAsync(apply, [], audit, cancellationToken);

    /// <summary>
    /// Queues a change that also appends brand-new rows (written by <see cref="RowInserter"/> for the
    /// whole batch) and waits until it is committed (or has failed).
    /// </summary>
    public async Task WriteAsync(Func<CaDbContext, CancellationToken, Task> apply, IReadOnlyList<object> newRows, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken)
    {
        var item = new WorkItem(apply, newRows, audit, cancellationToken);
        await queue.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        QueueDepth.Add(1);
        await item.Completion.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await stopped.Task.ConfigureAwait(false);
    }

    private void Run()
    {
        try
        {
            var batch = new List<WorkItem>(MaxBatch);

            // Blocking waits are deliberate: this thread exists only to write. With SQLite every
            // awaited call below completes synchronously; with a server database the continuations
            // run on the pool while this thread waits for them.
            while (queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                batch.Clear();
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var item))
                {
                    QueueDepth.Add(-1);
                    if (item.CancellationToken.IsCancellationRequested)
                    {
                        item.Completion.TrySetCanceled(item.CancellationToken);
                        continue;
                    }

                    batch.Add(item);
                }

                if (batch.Count > 0)
                {
                    WriteBatchAsync(batch).GetAwaiter().GetResult();
                }
            }
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "The storage writer stopped");
            throw;
        }
        finally
        {
            stopped.TrySetResult();
        }
    }

    private async Task WriteBatchAsync(List<WorkItem> batch)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            await CommitAsync(batch).ConfigureAwait(false);
            BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            BatchSize.Record(batch.Count);
            Items.Add(batch.Count);
            foreach (var item in batch)
            {
                item.Completion.TrySetResult();
            }
        }
        catch (Exception batchFailure)
        {
            contexts.AfterFailure();
            if (batch.Count == 1)
            {
                await CommitAloneAsync(batch[0], batchFailure).ConfigureAwait(false);
            }
            else
            {
                logger.LogDebug(batchFailure, "Batch of {Count} writes failed; replaying them one by one", batch.Count);
                foreach (var item in batch)
                {
                    await CommitAloneAsync(item, null).ConfigureAwait(false);
                }
            }
        }

        contexts.AfterCommit();
    }

    private async Task CommitAloneAsync(WorkItem item, Exception? alreadyFailed)
    {
        var failure = alreadyFailed;
        for (var attempt = 0; attempt <= ChainConflictRetries; attempt++)
        {
            if (failure is not null && !IsChainConflict(failure))
            {
                item.Completion.TrySetException(failure);
                return;
            }

            try
            {
                await CommitAsync([item]).ConfigureAwait(false);
                item.Completion.TrySetResult();
                return;
            }
            catch (Exception e)
            {
                failure = e;
            }
        }

        item.Completion.TrySetException(failure!);
    }

    private async Task CommitAsync(IReadOnlyList<WorkItem> items)
    {
        await using var db = contexts.Create();
        await using var transaction = await db.Database.BeginTransactionAsync().ConfigureAwait(false);
        var (sequence, hash) = await AuditChainHeadLock.LockAsync(db).ConfigureAwait(false);
        var firstSequence = sequence;
        var appended = new Dictionary<Type, List<object>>();
        void Append(object row)
        {
            if (!appended.TryGetValue(row.GetType(), out var list))
            {
                appended[row.GetType()] = list = [];
            }

            list.Add(row);
        }

        foreach (var item in items)
        {
            await item.Apply(db, CancellationToken.None).ConfigureAwait(false);
            foreach (var row in item.NewRows)
            {
                Append(row);
            }

            foreach (var auditEvent in item.Audit)
            {
                var record = AuditChain.Append(sequence, hash, auditEvent);
                Append(AuditMapping.ToEntity(record));
                (sequence, hash) = (record.Sequence, record.Hash);
            }
        }

        await db.SaveChangesAsync().ConfigureAwait(false);
        foreach (var (type, rows) in appended)
        {
            await RowInserter.InsertAsync(db, type, rows).ConfigureAwait(false);
        }

        if (sequence != firstSequence)
        {
            await AuditChainHeadLock.MoveAsync(db, sequence, hash).ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
    }

    private static bool IsChainConflict(Exception e) =>
        e is DbUpdateException update && DatabaseErrors.IsUniqueViolation(update, "AuditRecords");

    private sealed record WorkItem(Func<CaDbContext, CancellationToken, Task> Apply, IReadOnlyList<object> NewRows, IReadOnlyList<AuditEvent> Audit, CancellationToken CancellationToken)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
