using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ca.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Ca.Tests.Support;

/// <summary>
/// The real service over the real HTTP pipeline, on its own SQLite file in a temporary folder.
/// Tests may pass extra configuration (profile overrides, limits) as key/value pairs.
/// <para>
/// Nothing writes on its own while a test runs, unless the test asks for it: the Quartz scheduler is built
/// with every job and trigger but not started (a test sets <see cref="ScheduledJobs"/> to "true" to start it),
/// and the complete CRL a revocation asks for comes a day later rather than 60 s later (a test may set
/// <c>Pki:Crl:FullCrlDelay</c>; <see cref="FakeClockPkiApiFactory"/> keeps the service's own delay, on its
/// clock). Both run on the wall clock (CRLs on every quarter hour and hour, the CRL sweep every 30 s, the
/// coalesced CRL a minute after the first revocation), so a test that counts rows, CRL numbers or audit
/// records, or pairs a complete CRL with a delta, would otherwise fail whenever a run happened to cross one
/// of those moments, more often the slower the machine.
/// </para>
/// </summary>
public class PkiApiFactory : WebApplicationFactory<Program>
{
    public const string TestKek = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";
    public const string AdminKey = "pki_test-bootstrap-admin-key-0123456789abcdef";

    /// <summary>Test setting: "true" starts the Quartz scheduler, for the tests of scheduled jobs firing.</summary>
    public const string ScheduledJobs = "Tests:ScheduledJobs";
    private readonly ConcurrentDictionary<string, (string AccountId, string Key)> roleKeys = new(StringComparer.Ordinal);
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
            ["Pki:Bootstrap:AdminApiKey"] = AdminKey,
            ["Pki:Crl:FullCrlDelay"] = "1.00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }
    }

    public string DataDirectory { get; }

    /// <summary>A client authenticated with the given API key.</summary>
    public HttpClient CreateClientWithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>The bootstrap admin.</summary>
    public HttpClient AdminClient() => CreateClientWithKey(AdminKey);

    /// <summary>
    /// A client for a fresh account with the given roles; <paramref name="name"/> distinguishes two
    /// accounts with the same role (e.g. two officers for four-eyes tests).
    /// </summary>
    public HttpClient ClientFor(string name, params string[] roles) => CreateClientWithKey(AccountFor(name, roles).Key);

    /// <summary>The id and key of the named test account, created on first use.</summary>
    public (string AccountId, string Key) AccountFor(string name, params string[] roles) =>
        roleKeys.GetOrAdd(name, _ => CreateAccountAsync(name, roles.Length == 0 ? [name] : roles).GetAwaiter().GetResult());

    private async Task<(string, string)> CreateAccountAsync(string name, string[] roles)
    {
        using var admin = AdminClient();
        var created = await admin.PostAsJsonAsync("/api/v1/accounts", new { name, roles });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var key = await admin.PostAsJsonAsync($"/api/v1/accounts/{id}/keys", new { });
        key.EnsureSuccessStatusCode();
        return (id, (await key.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!);
    }

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

        if (!(settings.TryGetValue(ScheduledJobs, out var jobs) && bool.TryParse(jobs, out var start) && start))
        {
            builder.ConfigureTestServices(services => services.ConfigureAll<QuartzHostedServiceOptions>(o => o.AutoStart = false));
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
