using Ca.Core.Accounts;
using Ca.Core.Audit;
using Ca.Core.Authorities;
using Ca.Core.Changes;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Revocation;
using Ca.Storage.Stores;
using Ca.Storage.Writing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ca.Storage;

/// <summary>Wires the EF Core implementation of Core's storage ports.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the provider chosen in <paramref name="options"/>, the single writer and the stores.</summary>
    public static IServiceCollection AddPkiStorage(this IServiceCollection services, StorageOptions options)
    {
        Validate(options);
        var connectionString = ResolveConnectionString(options);
        services.AddSingleton(options);
        switch (options.Provider)
        {
            case DatabaseProvider.SqlServer:
                // No EnableRetryOnFailure: the writer owns its transactions (a retrying execution strategy refuses
                // user-initiated ones) and already replays a failed batch item by item.
                services.AddPooledDbContextFactory<SqlServerCaDbContext>(o => o.UseSqlServer(connectionString));
                services.AddSingleton<ICaDbContextFactory, CaDbContextFactory<SqlServerCaDbContext>>();
                services.AddSingleton<IWriterContexts>(sp => new PooledWriterContexts(sp.GetRequiredService<ICaDbContextFactory>()));
                break;
            case DatabaseProvider.Postgres:
                // Same reasoning as SQL Server: no retrying execution strategy around the writer's own transactions.
                services.AddPooledDbContextFactory<PostgresCaDbContext>(o => o.UseNpgsql(connectionString));
                services.AddSingleton<ICaDbContextFactory, CaDbContextFactory<PostgresCaDbContext>>();
                services.AddSingleton<IWriterContexts>(sp => new PooledWriterContexts(sp.GetRequiredService<ICaDbContextFactory>()));
                break;
            default:
                services.AddPooledDbContextFactory<SqliteCaDbContext>(o => o.UseSqlite(connectionString));
                services.AddSingleton<ICaDbContextFactory, CaDbContextFactory<SqliteCaDbContext>>();
                services.AddSingleton<IWriterContexts>(sp => new SqliteWriterConnection(connectionString, options, sp.GetRequiredService<ILoggerFactory>()));
                break;
        }

        services.AddSingleton<StorageWriter>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<Backup.DatabaseBackup>();
        services.AddSingleton<IAuthorityStore, EfAuthorityStore>();
        services.AddSingleton<IIssuanceStore, EfIssuanceStore>();
        services.AddSingleton<IAccountStore, EfAccountStore>();
        services.AddSingleton<IAuditLog, EfAuditLog>();
        services.AddSingleton<IRevocationStore, EfRevocationStore>();
        services.AddSingleton<IServiceKeyStore, EfServiceKeyStore>();
        services.AddSingleton<IChangeFeed, EfChangeFeed>();
        services.AddSingleton(sp => new DataProtectionKeyStore(sp.GetRequiredService<ICaDbContextFactory>(), sp.GetRequiredService<StorageWriter>()));
        services.AddSingleton<Ca.Core.People.IPersonStore, EfPersonStore>();
        services.AddSingleton<Ca.Core.Acme.IAcmeStore, EfAcmeStore>();
        services.AddSingleton<Ca.Core.Acme.INonceStore, EfNonceStore>();
        return services;
    }

    private static void Validate(StorageOptions options)
    {
        if (options.SqliteWriterCacheMiB is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SqliteWriterCacheMiB, "Pki:Database:SqliteWriterCacheMiB must be between 1 and 4096.");
        }

        if (options.SqliteCheckpointPages is < 0 or > 10_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SqliteCheckpointPages, "Pki:Database:SqliteCheckpointPages must be between 0 (SQLite's own checkpoints) and 10,000,000.");
        }

        if (options.SqliteCheckpointInterval < TimeSpan.Zero || options.SqliteCheckpointInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SqliteCheckpointInterval, "Pki:Database:SqliteCheckpointInterval must be between 00:00:00 and 01:00:00.");
        }
    }

    /// <summary>The effective connection string (the SQLite default lives in the data directory).</summary>
    public static string ResolveConnectionString(StorageOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.ConnectionString;
        }

        if (options.Provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException($"ConnectionStrings:Pki must be set when Pki:Database:Provider is {options.Provider}.");
        }

        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(options.DataDirectory, "pki.db"), Pooling = true }.ToString();
    }
}
