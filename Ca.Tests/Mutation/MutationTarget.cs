using System.Net.Http.Headers;
using System.Text;
using Ca.Tests.Api;
using Ca.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ca.Tests.Mutation;

/// <summary>
/// The mutation campaigns run alone (not beside other test classes), because they measure the memory of the
/// whole process and their request rate should not starve anyone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MutationCollection : ICollectionFixture<MutationTarget>
{
    public const string Name = "mutation";
}

/// <summary>
/// The running service the campaigns attack, over a real socket, with its seed inputs; and the two things
/// every case is judged by besides the answer: a fingerprint of the database (row count and highest row id of
/// every table) and the process's memory after a full collection.
/// </summary>
public sealed class MutationTarget : IAsyncLifetime
{
    /// <summary>Audit records that refused input is meant to write: failed authentications are audited in bursts, failed sign-ins and lockouts one by one.</summary>
    private static readonly string[] SecurityAudit = ["auth.failure-burst", "auth.sign-in-failed", "person.locked-out"];

    private readonly ForeignPki foreign = ForeignPki.Create();
    private MutationService? service;
    private HttpClient? http;
    private SqliteConnection? database;
    private SqliteCommand? fingerprint;
    private SeedCorpus? seeds;

    internal MutationService Service => service ?? throw new InvalidOperationException("Not started.");

    internal SeedCorpus Seeds => seeds ?? throw new InvalidOperationException("Not started.");

    internal ForeignPki Foreign => foreign;

    /// <summary>Managed memory after the seeds were made and every seed was sent once.</summary>
    internal long BaselineBytes { get; private set; }

    public async Task InitializeAsync()
    {
        service = new MutationService(foreign.RootPath);
        http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(service.BaseUrl),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        database = new SqliteConnection($"Data Source={service.DatabasePath};Mode=ReadOnly;Pooling=False");
        await database.OpenAsync();
        fingerprint = await FingerprintCommandAsync(database);
        seeds = await SeedCorpus.CreateAsync(this);
        await WarmUpAsync(seeds);
        BaselineBytes = MeasureMemory();
    }

    public async Task DisposeAsync()
    {
        fingerprint?.Dispose();
        if (database is not null)
        {
            await database.DisposeAsync();
        }

        http?.Dispose();
        service?.Dispose();
        foreign.Dispose();
    }

    /// <summary>A client of the running service with the given API key (or none); cookies and redirects left to the caller.</summary>
    internal HttpClient Client(string? apiKey)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(Service.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>
    /// Sends the request as built: no canonicalization of the path, no header validation; header values only made
    /// printable ASCII, because Kestrel refuses anything else before the service sees it.
    /// </summary>
    internal async Task<HttpResponseMessage> SendAsync(FuzzRequest request, CancellationToken cancellationToken)
    {
        var uri = new Uri(Service.BaseUrl + request.Target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        if (request.Body is not null || request.ContentType is not null)
        {
            message.Content = new ByteArrayContent(request.Body ?? []);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", HostileValues.ForHeader(request.ContentType));
            }
        }

        if (request.Chunked)
        {
            message.Headers.TransferEncodingChunked = true;
        }

        if (request.ApiKey is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + request.ApiKey);
        }

        if (request.Cookie is not null)
        {
            message.Headers.TryAddWithoutValidation("Cookie", request.Cookie);
        }

        foreach (var (name, raw) in request.Headers)
        {
            var value = HostileValues.ForHeader(raw);
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await http!.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    /// <summary>
    /// Sends every protocol and verification seed once, unmodified, and checks it is answered: the first OCSP
    /// request creates the responders' keys and the first time-stamp query the TSA's (by design, once), which must
    /// not be taken for a write caused by a mutated request.
    /// </summary>
    private async Task WarmUpAsync(SeedCorpus corpus)
    {
        var requests = corpus.OcspRequests.Select(der => new FuzzRequest("POST", "/ocsp") { Body = der, ContentType = "application/ocsp-request" })
            .Concat(corpus.TimeStampQueries.Select(der => new FuzzRequest("POST", "/tsa") { Body = der, ContentType = "application/timestamp-query" }))
            .Concat(corpus.Signatures.Select(s => MultipartBody.Write(s.Document is null
                    ? [MultipartPart.File("signature", "s.p7s", s.Der)]
                    : [MultipartPart.File("signature", "s.p7s", s.Der), MultipartPart.File("document", "d.txt", s.Document)]))
                .Select(form => new FuzzRequest("POST", "/api/v1/documents/verify") { Body = form.Body, ContentType = form.ContentType }))
            .Concat(corpus.SignedPdfs.Select(p => new FuzzRequest("POST", "/api/v1/documents/verify") { Body = p.Bytes, ContentType = "application/pdf" }))
            .Concat(corpus.SignedXmls.Select(x => new FuzzRequest("POST", "/api/v1/documents/verify") { Body = x.Bytes, ContentType = "application/xml" }))
            .Concat(corpus.Chains.Select(c => new FuzzRequest("POST", "/api/v1/certificates/verify")
            {
                Body = Encoding.UTF8.GetBytes(string.Concat(c.Certificates.Select(der => Ca.Core.Common.Pem.Encode("CERTIFICATE", der)))),
                ContentType = "application/x-pem-file",
            }));
        foreach (var request in requests)
        {
            using var response = await SendAsync(request, CancellationToken.None);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"the seed {request.Method} {request.Target} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Row count and highest row id of every table (audit records of refused logins left out).</summary>
    internal async Task<string> FingerprintAsync()
    {
        var text = new StringBuilder();
        await using var reader = await fingerprint!.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            text.Append(reader.GetString(0)).Append('=').Append(reader.GetInt64(1)).Append('/').Append(reader.GetInt64(2)).Append(' ');
        }

        return text.ToString();
    }

    /// <summary>Managed heap size after a full, compacting collection.</summary>
    internal static long MeasureMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task<SqliteCommand> FingerprintCommandAsync(SqliteConnection connection)
    {
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            // AcmeNonces is left out: every ACME answer, a refusal included, hands out a fresh nonce (RFC 8555 6.5),
            // which is stored for any instance to redeem; nonces are not state changes.
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%' AND name <> 'AcmeNonces' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var excluded = string.Join(", ", SecurityAudit.Select(a => $"'{a}'"));
        var command = connection.CreateCommand();
        command.CommandText = string.Join(" UNION ALL ", tables.Select(t => t == "AuditRecords"
            ? $"SELECT '{t}', COUNT(*), IFNULL(MAX(rowid), 0) FROM \"{t}\" WHERE \"Action\" NOT IN ({excluded})"
            : $"SELECT '{t}', COUNT(*), IFNULL(MAX(rowid), 0) FROM \"{t}\""));
        return command;
    }
}

/// <summary>
/// The service as the campaigns need it: rate limits out of the way (thousands of requests from one address),
/// no CRL publication on a timer, after a delay or by the sweep of status changes (a background write would look like a write caused by the
/// case that happened to be running), a second issuing CA the campaigns may revoke, person certificates
/// without approval (so openssl-made CMS signers exist), the foreign test PKI as an extra anchor, and the
/// service's errors captured so a 5xx can be shown with its stack trace.
/// </summary>
internal sealed class MutationService(string foreignRoot) : KestrelPkiApiFactory(new Dictionary<string, string?>
{
    ["Pki:RateLimits:AnonymousBurst"] = "1000000",
    ["Pki:RateLimits:AnonymousPerSecond"] = "1000000",
    ["Pki:RateLimits:AccountBurst"] = "1000000",
    ["Pki:RateLimits:AccountPerSecond"] = "1000000",
    ["Pki:Crl:FullCron"] = "0 0 0 1 1 ? 2099",
    ["Pki:Crl:DeltaCron"] = "0 0 0 1 1 ? 2099",
    ["Pki:Crl:FullCrlDelay"] = "1.00:00:00",
    ["Pki:Changes:CrlSweepInterval"] = "365.00:00:00",
    ["Pki:Profiles:person:RequiresApproval"] = "false",
    ["Pki:Validation:ExtraTrustAnchors:0"] = foreignRoot,
    ["Pki:Hierarchy:IssuingCas:issuing-ca:Subject:CN"] = "PkiService Issuing CA 1",
    ["Pki:Hierarchy:IssuingCas:issuing-ca:Subject:O"] = "PkiService",
    ["Pki:Hierarchy:IssuingCas:issuing-ca:Subject:C"] = "TH",
    ["Pki:Hierarchy:IssuingCas:victim-ca:Subject:CN"] = "ผู้ออกใบรับรอง ที่ถูกโจมตี",
    ["Pki:Hierarchy:IssuingCas:victim-ca:Subject:O"] = "PkiService",
    ["Pki:Hierarchy:IssuingCas:victim-ca:Subject:C"] = "TH",
})
{
    public ServerErrorLog Errors { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Errors));
    }
}
