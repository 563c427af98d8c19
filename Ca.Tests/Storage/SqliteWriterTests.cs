using Ca.Core.Audit;
using Ca.Core.Issuance;
using Ca.Storage;
using Ca.Storage.Writing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Storage;

/// <summary>
/// The SQLite writer's own connection and the background checkpointer, on a real file: commits stay
/// durable, the WAL is copied back and starts over instead of growing, and nothing is lost on the way.
/// </summary>
public sealed class SqliteWriterTests : IAsyncLifetime
{
    private const int RestartPages = 64;
    private const long PageSize = 4096;
    private readonly string directory = Directory.CreateTempSubdirectory("pki-writer-").FullName;
    private ServiceProvider services = null!;

    private string DatabaseFile => Path.Combine(directory, "pki.db");

    public async Task InitializeAsync()
    {
        services = new ServiceCollection().AddLogging()
            .AddPkiStorage(new StorageOptions { DataDirectory = directory, SqliteCheckpointPages = RestartPages, SqliteCheckpointInterval = TimeSpan.FromMilliseconds(5) })
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task WriterConnection_Opened_IsDurableWithItsOwnCache()
    {
        await using var db = services.GetRequiredService<IWriterContexts>().Create();

        Assert.Equal(2, await Pragma(db, "synchronous"));           // FULL: the WAL is fsynced before a commit returns
        Assert.Equal(-16 * 1024, await Pragma(db, "cache_size"));  // 16 MiB
        Assert.Equal(RestartPages * 4, await Pragma(db, "wal_autocheckpoint")); // a fallback, should the background checkpoints stop
        Assert.Equal(RestartPages * 2 * PageSize, await Pragma(db, "journal_size_limit"));
        Assert.Equal("wal", await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").AsAsyncEnumerable().SingleAsync());
    }

    [Fact]
    public async Task Checkpointer_SustainedWritesFarBeyondRestartSize_WalStartsOverInsteadOfGrowing()
    {
        var store = services.GetRequiredService<IIssuanceStore>();

        // Eight clients writing without pause: the writer never idles, so the WAL can only start over if the
        // background passes hand the writer a small tail between two batches.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(client => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var (request, certificate) = StoredSamples.Issued($"{client:X2}{i:X4}");
                await store.SaveNewIssuedAsync(request, certificate, [StoredSamples.Audit(certificate.SerialNumber)], CancellationToken.None);
            }
        })));

        var checkpointer = ((SqliteWriterConnection)services.GetRequiredService<IWriterContexts>()).Checkpointer!;
        var walBytes = new FileInfo(DatabaseFile + "-wal").Length;
        var databaseBytes = new FileInfo(DatabaseFile).Length;
        Assert.True(checkpointer.BackgroundPasses > 0, "no background checkpoint ran");
        Assert.True(checkpointer.WriterCatchUps > 0, "the writer never took the tail, so the WAL never started over");

        // Without checkpoints every page written (thousands) would still be in the WAL and the database file
        // would hold none of the rows.
        Assert.True(walBytes < 8 * RestartPages * PageSize, $"WAL is {walBytes / PageSize} pages");
        Assert.True(databaseBytes > 4 * RestartPages * PageSize, $"database file is {databaseBytes / PageSize} pages");
        Assert.Equal(1600, await CountFromFreshConnection("Certificates"));
        Assert.Equal(1600, await CountFromFreshConnection("AuditRecords"));
        var chain = await new AuditService(services.GetRequiredService<IAuditLog>(), TimeProvider.System).VerifyAsync(CancellationToken.None);
        Assert.True(chain.Valid);
    }

    [Theory]
    [InlineData(0, 100, 1000)]
    [InlineData(16, -1, 1000)]
    [InlineData(16, 100, -1)]
    public void AddPkiStorage_OutOfRangeSqliteSettings_AreRefusedAtStart(int cacheMiB, int checkpointPages, int intervalMs)
    {
        var options = new StorageOptions
        {
            DataDirectory = directory,
            SqliteWriterCacheMiB = cacheMiB,
            SqliteCheckpointPages = checkpointPages,
            SqliteCheckpointInterval = TimeSpan.FromMilliseconds(intervalMs),
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceCollection().AddPkiStorage(options));
    }

    [Fact]
    public async Task Writer_DisposedWithWritesCommitted_EverythingIsInTheDatabaseFileAfterwards()
    {
        var store = services.GetRequiredService<IIssuanceStore>();
        var samples = Enumerable.Range(0, 300).Select(i => StoredSamples.Issued($"{0x20000 + i:X5}")).ToList();
        await Task.WhenAll(samples.Select(s => store.SaveNewIssuedAsync(s.Item1, s.Item2, [StoredSamples.Audit(s.Item2.SerialNumber)], CancellationToken.None)));

        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();

        // The last connection to close checkpoints the rest and removes the WAL.
        Assert.False(File.Exists(DatabaseFile + "-wal") && new FileInfo(DatabaseFile + "-wal").Length > 0);
        Assert.Equal(300, await CountFromFreshConnection("Certificates"));
        services = new ServiceCollection().BuildServiceProvider();
    }

    private static async Task<long> Pragma(CaDbContext db, string name)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task<long> CountFromFreshConnection(string table)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\";";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
