namespace Ca.Tests.Support.Postgres;

/// <summary>The configuration that points an instance at a PostgreSQL database.</summary>
public static class PostgresSettings
{
    public static Dictionary<string, string?> For(string connectionString, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pki:Database:Provider"] = "Postgres",
            ["ConnectionStrings:Pki"] = connectionString,
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}

/// <summary>The service over the in-memory test server, on a PostgreSQL database.</summary>
public sealed class PostgresPkiApiFactory(string connectionString, IDictionary<string, string?>? more = null)
    : PkiApiFactory(PostgresSettings.For(connectionString, more));
