using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ca.Storage.Backup;

/// <summary>
/// An online backup of everything the service keeps except the KEK: CAs and their encrypted keys,
/// certificates, requests, revocations, CRLs, service keys, accounts and key hashes, the audit chain and
/// the change feed. SQLite: SQLite's online backup API (a consistent copy while the service writes).
/// PostgreSQL: <c>pg_dump</c> in its custom format (a consistent snapshot; restore with
/// <c>pg_restore</c>). SQL Server: its own <c>BACKUP DATABASE</c>.
/// </summary>
public sealed class DatabaseBackup(StorageOptions options, ILogger<DatabaseBackup> logger)
{
    /// <summary>Writes the backup to <paramref name="destination"/> (owner-only), which must not exist yet.</summary>
    public async Task WriteAsync(string destination, string pgDump, CancellationToken cancellationToken)
    {
        destination = Path.GetFullPath(destination);
        if (File.Exists(destination))
        {
            throw new IOException($"{destination} already exists; a backup never overwrites a file.");
        }

        if (Path.GetDirectoryName(destination) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var connectionString = StorageServiceCollectionExtensions.ResolveConnectionString(options);
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                BackUpSqlite(connectionString, destination);
                break;
            case DatabaseProvider.Postgres:
                await DumpPostgresAsync(connectionString, destination, pgDump, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new NotSupportedException("SQL Server databases are backed up with SQL Server's own BACKUP DATABASE (see docs/OPERATIONS.md).");
        }

        logger.LogInformation("Backed up the {Provider} database to {Destination} ({Bytes} bytes)", options.Provider, destination, new FileInfo(destination).Length);
    }

    private void BackUpSqlite(string connectionString, string destination)
    {
        // The copy is as secret as the database: owner-only before the first byte is written.
        PrivateFiles.EnsureFile(destination, logger);
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Pooling = false }.ToString());
        source.Open();
        target.Open();
        source.BackupDatabase(target);
        using var command = target.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=DELETE;"; // a single self-contained file
        command.ExecuteNonQuery();
    }

    private static async Task DumpPostgresAsync(string connectionString, string destination, string pgDump, CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(pgDump, ["--format=custom", "--no-owner", "--no-privileges", "--file", destination,
            "--host", settings.Host ?? "localhost", "--port", settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--username", settings.Username ?? "postgres", "--dbname", settings.Database ?? "pki"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };

        // The password goes through the environment, never the command line (visible to every user in ps).
        if (!string.IsNullOrEmpty(settings.Password))
        {
            start.Environment["PGPASSWORD"] = settings.Password;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{pgDump} could not be started.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_dump failed with exit code {process.ExitCode}: {await errors.ConfigureAwait(false)}");
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(destination, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
