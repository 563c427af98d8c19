using System.Data.Common;
using Ca.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ca.Storage.Writing;

/// <summary>
/// Takes the audit chain's head row at the start of a write transaction and holds it until commit, so
/// writers in different processes append one after another and never fork the chain. PostgreSQL:
/// <c>SELECT ... FOR UPDATE</c>; SQL Server: <c>UPDLOCK, HOLDLOCK</c>; SQLite: its write transaction
/// (BEGIN IMMEDIATE) already excludes every other writer of the file.
/// </summary>
internal static class AuditChainHeadLock
{
    public static async Task<(long Sequence, string Hash)> LockAsync(CaDbContext db)
    {
        var sql = db.Database.ProviderName switch
        {
            "Npgsql.EntityFrameworkCore.PostgreSQL" => """SELECT "Sequence", "Hash" FROM "AuditChainHead" WHERE "Id" = 1 FOR UPDATE""",
            "Microsoft.EntityFrameworkCore.SqlServer" => "SELECT [Sequence], [Hash] FROM [AuditChainHead] WITH (UPDLOCK, HOLDLOCK, ROWLOCK) WHERE [Id] = 1",
            _ => """SELECT "Sequence", "Hash" FROM "AuditChainHead" WHERE "Id" = 1""",
        };
        await using var command = CreateCommand(db, sql);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            throw new InvalidOperationException("The audit chain head row is missing: the database was not migrated.");
        }

        return (reader.GetInt64(0), reader.GetString(1));
    }

    public static async Task MoveAsync(CaDbContext db, long sequence, string hash)
    {
        var sql = db.Database.ProviderName == "Microsoft.EntityFrameworkCore.SqlServer"
            ? "UPDATE [AuditChainHead] SET [Sequence] = @sequence, [Hash] = @hash WHERE [Id] = 1"
            : """UPDATE "AuditChainHead" SET "Sequence" = @sequence, "Hash" = @hash WHERE "Id" = 1""";
        await using var command = CreateCommand(db, sql);
        Add(command, "@sequence", sequence);
        Add(command, "@hash", hash);
        if (await command.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
        {
            throw new InvalidOperationException("The audit chain head row is missing: the database was not migrated.");
        }
    }

    private static DbCommand CreateCommand(CaDbContext db, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
