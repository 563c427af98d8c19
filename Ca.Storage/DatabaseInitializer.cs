using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ca.Storage;

/// <summary>Creates the database on first start and applies pending migrations on every start.</summary>
public sealed class DatabaseInitializer(ICaDbContextFactory contexts, StorageOptions options, ILogger<DatabaseInitializer> logger)
{
    /// <summary>Migrates; for SQLite also creates the folder and turns on WAL so readers never block the writer.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} database migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        }

        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True when the database answers a trivial query.</summary>
    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Database.CanConnectAsync(cancellationToken).ConfigureAwait(false);
    }
}
