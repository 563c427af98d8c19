using Microsoft.Data.Sqlite;

namespace Ca.Storage.Writing;

/// <summary>
/// Opens a connection that belongs to one thread for the life of the process (the writer's, the
/// checkpointer's): not pooled, so its settings never leak to a reader and a broken one is never handed
/// back, and set up with its own PRAGMAs before first use.
/// </summary>
internal static class DedicatedSqliteConnection
{
    public static SqliteConnection Open(string connectionString, string pragmas)
    {
        var opened = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        try
        {
            opened.Open();
            using var command = opened.CreateCommand();
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }
}
