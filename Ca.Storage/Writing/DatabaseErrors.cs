using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ca.Storage.Writing;

/// <summary>Recognises constraint violations across providers without leaking provider types upward.</summary>
internal static class DatabaseErrors
{
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    public static bool IsUniqueViolation(DbUpdateException exception, string tableName) =>
        exception.InnerException switch
        {
            SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey
                && sqlite.Message.Contains(tableName, StringComparison.Ordinal),
            SqlException sql => sql.Number is 2601 or 2627 && sql.Message.Contains(tableName, StringComparison.Ordinal),
            PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation && string.Equals(pg.TableName, tableName, StringComparison.Ordinal),
            _ => false,
        };
}
