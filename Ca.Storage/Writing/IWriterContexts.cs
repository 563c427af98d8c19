namespace Ca.Storage.Writing;

/// <summary>
/// Where the single writer gets the context for each batch. SQLite gets one dedicated connection, so
/// its page cache stays warm from batch to batch (a pooled connection that readers also used starts
/// every batch cold); server databases use the ordinary pool.
/// </summary>
internal interface IWriterContexts : IDisposable
{
    /// <summary>A context for one batch; the caller disposes it (the dedicated connection stays open).</summary>
    CaDbContext Create();

    /// <summary>Called on the writer thread after each committed batch, outside any transaction.</summary>
    void AfterCommit();

    /// <summary>Called on the writer thread after a batch failed, before it is replayed item by item.</summary>
    void AfterFailure();
}
