namespace Ca.Storage.Writing;

/// <summary>Server databases: contexts from the pool, like every other store.</summary>
internal sealed class PooledWriterContexts(ICaDbContextFactory contexts) : IWriterContexts
{
    public CaDbContext Create() => contexts.CreateDbContext();

    public void AfterCommit()
    {
    }

    public void AfterFailure()
    {
    }

    public void Dispose()
    {
    }
}
