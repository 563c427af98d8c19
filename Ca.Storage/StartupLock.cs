using System.Data.Common;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace Ca.Storage;

/// <summary>
/// Lets one instance at a time run start-up (migrations, creating the CA hierarchy, the first admin) when
/// several start together on one server database: a PostgreSQL session advisory lock or a SQL Server
/// session app lock, held on a connection of its own until disposed. SQLite has one machine and one
/// process: no lock.
/// </summary>
public sealed class StartupLock : IAsyncDisposable
{
    // Any constant both sides agree on; "pkiservice-startup" hashed once.
    private const long AdvisoryKey = 0x706b_6973_7461_7274;
    private readonly DbConnection? connection;

    private StartupLock(DbConnection? connection) => this.connection = connection;

    /// <summary>Waits for the lock (up to <paramref name="timeout"/>) and returns it.</summary>
    public static async Task<StartupLock> AcquireAsync(StorageOptions options, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connectionString = StorageServiceCollectionExtensions.ResolveConnectionString(options);
        DbConnection? connection = options.Provider switch
        {
            // Not pooled: a pooled session would keep the lock after "closing".
            DatabaseProvider.Postgres => new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString()),
            DatabaseProvider.SqlServer => new SqlConnection(new SqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString()),
            _ => null,
        };
        if (connection is null)
        {
            return new StartupLock(null);
        }

        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds) + 5;
            if (options.Provider == DatabaseProvider.Postgres)
            {
                command.CommandText = $"SET lock_timeout = {(long)timeout.TotalMilliseconds}; SELECT pg_advisory_lock({AdvisoryKey});";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                command.CommandText = "DECLARE @r int; EXEC @r = sp_getapplock @Resource = 'pkiservice-startup', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = @timeout; IF @r < 0 THROW 50000, 'The start-up lock was not granted.', 1;";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@timeout";
                parameter.Value = (int)timeout.TotalMilliseconds;
                command.Parameters.Add(parameter);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return new StartupLock(connection);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closing the session releases the lock.</summary>
    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
