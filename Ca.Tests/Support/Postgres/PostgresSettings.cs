using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

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

/// <summary>One instance of a deployment on a PostgreSQL database: a real Kestrel socket on 127.0.0.1 (a free port).</summary>
public sealed class PostgresInstance : PkiApiFactory
{
    public PostgresInstance(string connectionString, IDictionary<string, string?>? more = null)
        : base(PostgresSettings.For(connectionString, more))
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }

    public string BaseUrl { get; }
}
