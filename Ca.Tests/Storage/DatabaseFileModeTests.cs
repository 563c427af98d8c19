using Ca.Storage;
using Ca.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Storage;

/// <summary>
/// The SQLite database holds the wrapped CA keys and every certificate: its folder and files are
/// owner-only, also when an earlier version or a copy left them open to others.
/// </summary>
public sealed class DatabaseFileModeTests
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;
    private const UnixFileMode WorldReadableFile = OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Fact]
    public async Task Migrate_ExistingFolderAndDatabaseOpenToOthers_RestrictedToOwner()
    {
        using var temp = new TemporaryDirectory();
        var folder = Path.Combine(temp.Path, "data");
        Directory.CreateDirectory(folder);
        FileModes.Set(folder, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var database = Path.Combine(folder, "pki.db");
        await File.WriteAllBytesAsync(database, []);
        FileModes.Set(database, WorldReadableFile);

        await using (var services = new ServiceCollection().AddLogging().AddPkiStorage(new StorageOptions { DataDirectory = folder }).BuildServiceProvider())
        {
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);

            // An open connection keeps the WAL and shared-memory files SQLite creates beside the database.
            await using var connection = new SqliteConnection($"Data Source={database}");
            await connection.OpenAsync();
            await using var write = connection.CreateCommand();
            write.CommandText = "CREATE TABLE probe (x); INSERT INTO probe VALUES (1);";
            await write.ExecuteNonQueryAsync();

            Assert.Equal(OwnerOnlyDirectory, FileModes.Of(folder));
            Assert.Equal(OwnerOnlyFile, FileModes.Of(database));
            Assert.Equal(OwnerOnlyFile, FileModes.Of(database + "-wal"));
            Assert.Equal(OwnerOnlyFile, FileModes.Of(database + "-shm"));
        }

        SqliteConnection.ClearAllPools();
    }
}
