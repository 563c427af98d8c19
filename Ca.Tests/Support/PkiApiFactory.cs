using Ca.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Support;

/// <summary>
/// The real service over the real HTTP pipeline, on its own SQLite file in a temporary folder.
/// Tests may pass extra configuration (profile overrides, limits) as key/value pairs.
/// </summary>
public class PkiApiFactory : WebApplicationFactory<Program>
{
    public const string TestKek = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";
    private readonly Dictionary<string, string?> settings;
    private readonly bool ownsDirectory;

    public PkiApiFactory()
        : this(null)
    {
    }

    protected PkiApiFactory(IDictionary<string, string?>? settings, string? dataDirectory = null)
    {
        ownsDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("pki-api-").FullName;
        this.settings = new Dictionary<string, string?>
        {
            ["Pki:DataDirectory"] = DataDirectory,
            ["Pki:KeyEncryptionKey"] = TestKek,
            ["Pki:PublicBaseUrl"] = "http://pki.test",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }
    }

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "pki.db");

    /// <summary>Row counts of the tables a rejected request must not touch.</summary>
    public async Task<(int Requests, int Certificates, int Audit)> CountRowsAsync()
    {
        await using var db = Services.GetRequiredService<ICaDbContextFactory>().CreateDbContext();
        return (await db.CertificateRequests.CountAsync(), await db.Certificates.CountAsync(), await db.AuditRecords.CountAsync());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
