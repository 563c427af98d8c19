using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ca.Tests.Support;
using Ca.Tests.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Api;

/// <summary>
/// The worst inputs found against the anonymous verification and protocol endpoints, over the real HTTP pipeline:
/// each gets its documented answer (a report, a 400, an OCSP or RFC 3161 error response) and never a 5xx or a hang.
/// </summary>
public sealed class HostileVerificationApiTests(PkiApiFactory factory) : IClassFixture<PkiApiFactory>
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task VerifyCertificate_HundredSameNamedCasWithoutAki_IndeterminateNoChainBudgetExhausted()
    {
        using var anonymous = factory.CreateClient();
        anonymous.Timeout = Generous;

        using var response = await anonymous.PostAsync("/api/v1/certificates/verify", new StringContent(SameNamedCaFlood.PemBundle, Encoding.ASCII, "application/x-pem-file"));

        var report = await ReportAsync(response);
        Assert.Equal("INDETERMINATE", report["indication"]!.GetValue<string>());
        Assert.Equal("NO_CERTIFICATE_CHAIN_FOUND", report["subIndication"]!.GetValue<string>());
        Assert.Contains("budget", report["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyCertificate_ChainCertificateWithMalformedPublicKey_FailedFormatFailure()
    {
        using var anonymous = factory.CreateClient();
        var (root, issuing) = await HierarchyAsync(anonymous);
        var impostor = CertificateSurgery.WithSubjectPublicKeyInfo(root, CertificateSurgery.EcKeyWithoutParameters(), Ca.Tests.Support.Pki.TestKeys.New().Private);

        var report = await VerifyAsync(anonymous, new { certificate = Pem(issuing), chain = new[] { Pem(impostor) } });

        Assert.Equal("FAILED", report["indication"]!.GetValue<string>());
        Assert.Equal("FORMAT_FAILURE", report["subIndication"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyCertificate_OuterSignatureAlgorithmDiffersFromTbs_FailedFormatFailure()
    {
        using var anonymous = factory.CreateClient();
        var (_, issuing) = await HierarchyAsync(anonymous);
        var altered = CertificateSurgery.WithOuterSignatureAlgorithm(issuing, new AlgorithmIdentifier(Org.BouncyCastle.Asn1.X9.X9ObjectIdentifiers.ECDsaWithSha512));

        var report = await VerifyAsync(anonymous, new { certificate = Pem(altered) });

        Assert.Equal("FAILED", report["indication"]!.GetValue<string>());
        Assert.Equal("FORMAT_FAILURE", report["subIndication"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyCertificate_NullInChainArray_400InvalidCertificate()
    {
        using var anonymous = factory.CreateClient();
        var (_, issuing) = await HierarchyAsync(anonymous);

        var (response, body) = await anonymous.PostJsonAsync("/api/v1/certificates/verify", new { certificate = Pem(issuing), chain = new string?[] { null } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid-certificate", body!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyCertificate_MutatedCertificates_NeverServerError()
    {
        using var anonymous = factory.CreateClient();
        var (root, issuing) = await HierarchyAsync(anonymous);
        var failures = new List<string>();
        foreach (var mutation in ByteMutator.Mutate(issuing.GetEncoded(), 6101, 40))
        {
            using var response = await anonymous.PostAsync("/api/v1/certificates/verify",
                new StringContent(Ca.Core.Common.Pem.Encode("CERTIFICATE", mutation.Bytes) + Pem(root), Encoding.ASCII, "application/x-pem-file"));
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.BadRequest))
            {
                failures.Add($"{mutation}: {(int)response.StatusCode}");
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("MEIwQDA-MDwwOjAJBgUrDgMCGgUABBQ")]
    [InlineData("%%%%")]
    [InlineData("AAAAAAAA")]
    [InlineData("MAA=")]
    public async Task OcspGet_HostilePath_MalformedRequestResponse(string path)
    {
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.GetAsync($"/ocsp/{path}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ocsp-response", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(OCSPRespGenerator.MalformedRequest, new OcspResp(await response.Content.ReadAsByteArrayAsync()).Status);
    }

    [Fact]
    public async Task Tsa_MutatedQueries_RejectionResponsesNeverServerError()
    {
        using var anonymous = factory.CreateClient();
        var query = new Org.BouncyCastle.Tsp.TimeStampRequestGenerator().Generate(Org.BouncyCastle.Tsp.TspAlgorithms.Sha256, new byte[32]).GetEncoded();
        var failures = new List<string>();
        foreach (var mutation in ByteMutator.Mutate(query, 6201, 40))
        {
            using var content = new ByteArrayContent(mutation.Bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
            using var response = await anonymous.PostAsync("/tsa", content);
            var status = response.StatusCode == HttpStatusCode.OK ? new Org.BouncyCastle.Tsp.TimeStampResponse(await response.Content.ReadAsByteArrayAsync()).Status : -1;
            if (status is not ((int)Org.BouncyCastle.Asn1.Cmp.PkiStatus.Granted or (int)Org.BouncyCastle.Asn1.Cmp.PkiStatus.Rejection))
            {
                failures.Add($"{mutation}: HTTP {(int)response.StatusCode}, PKIStatus {status}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task VerifyDocument_SignatureCarryingCertificateWithMalformedKey_FailedFormatFailure()
    {
        var pki = Support.Documents.DocumentPki.Shared;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(pki.Now);
        var signature = await new Core.Documents.CadesSigner(clock, new Core.Documents.LocalTimeStampClient(
                new Core.Timestamping.TimeStampAuthority(new Core.Timestamping.FixedTsaSigner(pki.Tsa), clock, Microsoft.Extensions.Options.Options.Create(new Core.Timestamping.TsaOptions()))))
            .SignAsync("สัญญา\n"u8.ToArray(), pki.EcSigner, detached: false, timestamp: false, CancellationToken.None);
        var malformed = CertificateSurgery.WithSubjectPublicKeyInfo(pki.Issuing.Certificate, CertificateSurgery.EcKeyOnUnknownCurve(), Ca.Tests.Support.Pki.TestKeys.New().Private);
        var hostile = Support.Documents.CmsMutator.Mutate(signature, s => s, certificates => new DerSet(certificates.Cast<Asn1Encodable>().Append(malformed.CertificateStructure).ToArray()));
        using var anonymous = factory.CreateClient();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(hostile), "signature", "sig.p7m" } };

        using var response = await anonymous.PostAsync("/api/v1/documents/verify", form);

        var report = await ReportAsync(response);
        Assert.Equal("FAILED", report["indication"]!.GetValue<string>());
        Assert.Equal("FORMAT_FAILURE", report["subIndication"]!.GetValue<string>());
    }

    private static async Task<(X509Certificate Root, X509Certificate Issuing)> HierarchyAsync(HttpClient client)
    {
        var root = Parse(await client.GetStringAsync("/api/v1/cas/root-ca/certificate"));
        var issuing = Parse(await client.GetStringAsync("/api/v1/cas/issuing-ca/certificate"));
        return (root, issuing);

        static X509Certificate Parse(string pem) => new(Ca.Core.Common.Pem.TryDecode(pem, "CERTIFICATE")!);
    }

    private static string Pem(X509Certificate certificate) => Ca.Core.Common.Pem.Encode("CERTIFICATE", certificate.GetEncoded());

    private static async Task<JsonNode> VerifyAsync(HttpClient client, object body)
    {
        var (response, json) = await client.PostJsonAsync("/api/v1/certificates/verify", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.Problem());
        return json!;
    }

    private static async Task<JsonNode> ReportAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }
}

/// <summary>
/// The client gives up on a verification the budget would let run for a day: the server must stop working on it
/// (HttpContext.RequestAborted reaches path building), seen as the request finishing on the server side.
/// </summary>
public sealed class AbandonedVerificationApiTests(AbandonedVerificationApiTests.UnlimitedBudgetFactory factory) : IClassFixture<AbandonedVerificationApiTests.UnlimitedBudgetFactory>
{
    [Fact]
    public async Task VerifyCertificate_ClientCancelsDuringPathBuilding_ServerStopsWorkingOnIt()
    {
        using var anonymous = factory.CreateClient();
        anonymous.Timeout = Timeout.InfiniteTimeSpan;
        using var bundle = new StringContent(SameNamedCaFlood.PemBundle, Encoding.ASCII, "application/x-pem-file");
        using var giveUp = new CancellationTokenSource();

        var request = anonymous.PostAsync("/api/v1/certificates/verify", bundle, giveUp.Token);
        await factory.TrustContextRead.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        giveUp.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await factory.VerificationFinished.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>
    /// The service with a path-building budget no request could exhaust, and two probes: one sees the trust context
    /// read (path building starts right after), the other sees the verification request end.
    /// </summary>
    public sealed class UnlimitedBudgetFactory : PkiApiFactory
    {
        public UnlimitedBudgetFactory()
            : base(new Dictionary<string, string?>
            {
                ["Pki:Validation:PathBuilding:MaxIssuerCandidates"] = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Pki:Validation:PathBuilding:MaxSignatureChecks"] = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Pki:Validation:PathBuilding:MaxCandidatePaths"] = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Pki:Validation:PathBuilding:Timeout"] = "1.00:00:00",
            })
        {
        }

        private int verifying;

        public TaskCompletionSource TrustContextRead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource VerificationFinished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<IStartupFilter>(new FinishProbe(this));
                var stored = services.Single(d => d.ServiceType == typeof(Core.Authorities.IAuthorityStore));
                services.Remove(stored);
                services.AddSingleton(stored.ImplementationType!);
                services.AddSingleton<Core.Authorities.IAuthorityStore>(sp => new ListProbe((Core.Authorities.IAuthorityStore)sp.GetRequiredService(stored.ImplementationType!), this));
            });
        }

        private sealed class FinishProbe(UnlimitedBudgetFactory owner) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use(async (context, inner) =>
                {
                    var verifying = context.Request.Path.StartsWithSegments("/api/v1/certificates/verify");
                    if (verifying)
                    {
                        Interlocked.Increment(ref owner.verifying);
                    }

                    try
                    {
                        await inner(context);
                    }
                    finally
                    {
                        if (verifying)
                        {
                            Interlocked.Decrement(ref owner.verifying);
                            owner.VerificationFinished.TrySetResult();
                        }
                    }
                });
                next(app);
            };
        }

        private sealed class ListProbe(Core.Authorities.IAuthorityStore inner, UnlimitedBudgetFactory owner) : Core.Authorities.IAuthorityStore
        {
            public async Task<IReadOnlyList<Core.Authorities.AuthorityRecord>> ListAsync(CancellationToken cancellationToken)
            {
                var records = await inner.ListAsync(cancellationToken);
                if (Volatile.Read(ref owner.verifying) > 0)
                {
                    owner.TrustContextRead.TrySetResult();
                }

                return records;
            }

            public Task<Core.Authorities.AuthorityRecord?> FindAsync(string id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

            public Task AddAsync(Core.Authorities.AuthorityRecord authority, Core.Audit.AuditEvent audit, CancellationToken cancellationToken) => inner.AddAsync(authority, audit, cancellationToken);

            public Task RevokeAsync(string id, int reason, DateTimeOffset at, Core.Audit.AuditEvent audit, CancellationToken cancellationToken) => inner.RevokeAsync(id, reason, at, audit, cancellationToken);
        }
    }
}
