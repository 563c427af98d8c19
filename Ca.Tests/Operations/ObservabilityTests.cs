using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Ca.Tests.Support;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Operations;

/// <summary>What an operator's monitoring sees: Prometheus text at /metrics, liveness and readiness, JSON logs with the trace id.</summary>
public sealed class ObservabilityTests : IClassFixture<KestrelPkiApiFactory>
{
    private readonly KestrelPkiApiFactory factory;

    public ObservabilityTests(KestrelPkiApiFactory factory) => this.factory = factory;

    [Fact]
    public async Task Metrics_AfterIssuanceOcspAndABadKey_PrometheusTextWithTheServiceMeters()
    {
        using var requester = factory.ClientFor("metrics-requester", "requester");
        var (_, serial, _) = await requester.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=metrics.example.co.th", "metrics.example.co.th") });
        using var anonymous = factory.CreateClient();
        var issuer = new X509Certificate(await anonymous.GetByteArrayAsync("/ca/issuing-ca.crt"));
        Assert.Equal("good", await OcspGet.StatusAsync(anonymous, issuer, serial));
        Assert.Equal("good", await OcspGet.StatusAsync(anonymous, issuer, serial));
        using var stranger = factory.CreateClientWithKey("pki_not-a-key-at-all");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/v1/certificates")).StatusCode);

        using var response = await anonymous.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches("""pki_certificates_issued_total\{[^}]*profile="tls-server"[^}]*\} [1-9]""", text);
        Assert.Matches("""pki_ocsp_responses_total\{[^}]*source="cache"[^}]*\} [1-9]""", text);
        Assert.Matches("""pki_ocsp_responses_total\{[^}]*source="signed"[^}]*\} [1-9]""", text);
        Assert.Matches("""pki_authentication_failures_total(\{[^}]*\})? [1-9]""", text);
        Assert.Matches("""pki_crl_age_seconds\{[^}]*ca="issuing-ca"[^}]*\} """, text);
        Assert.Contains("pki_ocsp_cache_entries", text);
        Assert.Contains("ca_writer_batch_size_bucket", text);
        Assert.Contains("ca_writer_batch_duration_milliseconds_bucket", text);
        Assert.Contains("ca_writer_queue_depth", text);
        Assert.Contains("http_server_request_duration_seconds_bucket", text);
        Assert.Contains("dotnet_gc_", text);
    }

    [Fact]
    public async Task HealthProbes_RunningService_LiveAndReadyWithTheirChecks()
    {
        using var client = factory.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");
        var all = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        var checks = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(["pki", "migrations"], checks);
        Assert.Empty(JsonDocument.Parse(await live.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").EnumerateArray());
    }

    [Fact]
    public async Task JsonConsoleLogs_Configured_OneJsonObjectPerLineWithTheTraceId()
    {
        using var data = new TemporaryDirectory();
        var url = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        await using var service = ServiceProcess.Start(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = url,
            ["Pki__KeyEncryptionKey"] = PkiApiFactory.TestKek,
            ["Pki__Bootstrap__AdminApiKey"] = PkiApiFactory.AdminKey,
            ["Pki__DataDirectory"] = data.Path,
            ["Logging__Console__FormatterName"] = "json",
        });
        await service.WaitUntilHealthyAsync(url);

        using var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "pki_wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/certificates")).StatusCode);

        // The console logger writes from its own queue and the line crosses a pipe: waited for, generously.
        JsonElement? rejected = null;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (rejected is null && waited.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(100);
            rejected = service.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(l => l.TrimStart().StartsWith('{'))
                .Select(l => JsonDocument.Parse(l).RootElement)
                .FirstOrDefault(e => e.GetProperty("Message").GetString()!.StartsWith("Rejected", StringComparison.Ordinal));
        }

        Assert.True(rejected is not null, service.Output);
        var scopes = rejected.Value.GetProperty("Scopes").EnumerateArray().ToList();
        Assert.Contains(scopes, s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out var trace) && trace.GetString()!.Length == 32);
        Assert.DoesNotContain("pki_wrong", service.Output);
    }
}
