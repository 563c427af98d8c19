namespace Ca.Storage;

/// <summary>Creates a context for whichever provider is configured, so stores never name a provider.</summary>
public interface ICaDbContextFactory
{
    /// <summary>A fresh context; the caller disposes it.</summary>
    CaDbContext CreateDbContext();
}

internal sealed class CaDbContextFactory<TContext>(Microsoft.EntityFrameworkCore.IDbContextFactory<TContext> inner) : ICaDbContextFactory
    where TContext : CaDbContext
{
    public CaDbContext CreateDbContext() => inner.CreateDbContext();
}
