namespace Ca.Storage;

/// <summary>Which database, and where (<c>Pki:Database</c>, <c>ConnectionStrings:Pki</c>, <c>Pki:DataDirectory</c>).</summary>
public sealed class StorageOptions
{
    /// <summary><c>Sqlite</c> (embedded default), <c>SqlServer</c> or <c>Postgres</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Connection string; for SQLite defaults to <c>Data Source={DataDirectory}/pki.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder for the SQLite file and the generated development KEK.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// SQLite page cache of the writer's connection, in MiB. Random-keyed indexes (serials) touch pages
    /// all over the file; SQLite's default 2 MiB reads many of them back from the OS every batch, while
    /// 64 MiB measured slower than 16 (SQLite's cache bookkeeping grows with its size).
    /// </summary>
    public int SqliteWriterCacheMiB { get; set; } = 16;

    /// <summary>
    /// SQLite: WAL checkpoints run in the background, and once the WAL holds this many pages (4 KiB
    /// each) the writer finishes the checkpoint and starts the WAL over. 0 leaves SQLite's own automatic
    /// checkpoint (every 1,000 pages, inside a commit).
    /// </summary>
    public int SqliteCheckpointPages { get; set; } = 16000;

    /// <summary>
    /// SQLite: the pause between background checkpoints while the WAL is below
    /// <see cref="SqliteCheckpointPages"/>. Longer pauses copy each hot page once for many commits
    /// (issuance: 4,300/s with back-to-back checkpoints, 4,700/s at 100 ms, 4,900/s at 1 s).
    /// </summary>
    public TimeSpan SqliteCheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Supported database providers.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded file database.</summary>
    Sqlite,
    /// <summary>Microsoft SQL Server (production).</summary>
    SqlServer,
    /// <summary>PostgreSQL (production; several instances on one database).</summary>
    Postgres,
}
