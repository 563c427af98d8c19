namespace Ca.Storage;

/// <summary>Which database, and where (<c>Pki:Database</c>, <c>ConnectionStrings:Pki</c>, <c>Pki:DataDirectory</c>).</summary>
public sealed class StorageOptions
{
    /// <summary><c>Sqlite</c> (embedded default) or <c>SqlServer</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Connection string; for SQLite defaults to <c>Data Source={DataDirectory}/pki.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder for the SQLite file and the generated development KEK.</summary>
    public string DataDirectory { get; set; } = "data";
}

/// <summary>Supported database providers.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded file database.</summary>
    Sqlite,
    /// <summary>Microsoft SQL Server (production).</summary>
    SqlServer,
}
