using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ca.Storage;

/// <summary>Creates the database on first start and applies pending migrations on every start.</summary>
public sealed class DatabaseInitializer(ICaDbContextFactory contexts, StorageOptions options, ILogger<DatabaseInitializer> logger)
{
    private static readonly string[] SqliteCompanionSuffixes = ["-wal", "-shm", "-journal"];

    /// <summary>
    /// Migrates; for SQLite also creates the owner-only folder and file and turns on WAL so readers
    /// never block the writer.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            PrepareSqliteFiles(db.Database.GetConnectionString());
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

    /// <summary>
    /// Before SQLite first opens the file: an owner-only folder and an owner-only database file.
    /// SQLite itself would create pki.db with 0644; it gives the -wal, -shm and -journal files it
    /// creates later the database file's mode, and those left by an earlier run are tightened here.
    /// </summary>
    private void PrepareSqliteFiles(string? connectionString)
    {
        var settings = new SqliteConnectionStringBuilder(connectionString);
        if (settings.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(settings.DataSource) || settings.DataSource == ":memory:")
        {
            return;
        }

        var file = Path.GetFullPath(settings.DataSource);
        if (Path.GetDirectoryName(file) is { } folder)
        {
            PrivateFiles.EnsureDirectory(folder, logger);
        }

        PrivateFiles.EnsureFile(file, logger);
        foreach (var suffix in SqliteCompanionSuffixes)
        {
            PrivateFiles.RestrictIfExists(file + suffix, logger);
        }
    }

    /// <summary>Migrations this build knows that the database has not applied.</summary>
    public async Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        return (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
    }

    /// <summary>True when the database answers a trivial query.</summary>
    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Database.CanConnectAsync(cancellationToken).ConfigureAwait(false);
    }
}
