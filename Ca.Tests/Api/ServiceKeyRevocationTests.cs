using System.Net;
using System.Net.Http.Headers;
using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Core.Keys;
using Ca.Core.Ocsp;
using Ca.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Api;

/// <summary>
/// An officer revokes the certificate of a key the service signs with (the TSA's, an OCSP responder's):
/// the service stops signing with that key at once, makes a successor (audited), and until one exists the
/// TSA answers 503 and the CA signs its own OCSP responses. OpenSSL judges every token and response.
/// </summary>
public sealed class ServiceKeyRevocationTests : IDisposable
{
    private readonly OpenSslCli openssl = new();

    public void Dispose() => openssl.Dispose();

    [Fact]
    public async Task Tsa_CertificateRevokedByOfficer_NextTokenSignedByNewAuditedKey()
    {
        using var factory = new PkiApiFactory();
        using var anonymous = factory.CreateClient();
        using var officer = factory.ClientFor("officer");
        using var auditor = factory.ClientFor("auditor");
        await WriteChainAsync(anonymous);
        var (status, first) = await TimeStampAsync(anonymous, "first.tsr");
        Assert.Equal(HttpStatusCode.OK, status);
        var revokedSerial = TsaSerial(first);

        var revoke = await officer.PostAsJsonAsyncExact($"/api/v1/certificates/{revokedSerial.Hex}/revoke", new { reason = "keyCompromise" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var (after, second) = await TimeStampAsync(anonymous, "second.tsr");

        Assert.Equal(HttpStatusCode.OK, after);
        Assert.NotEqual(revokedSerial, TsaSerial(second));
        var verified = openssl.Run("ts", "-verify", "-in", "second.tsr", "-queryfile", "q.tsq", "-CAfile", "chain.pem");
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains("Verification: OK", verified.Output);
        var created = (await auditor.GetJsonAsync($"/api/v1/audit?action={AuditActions.KeyCreated}"))["items"]!.AsArray()
            .Select(i => i!["details"]!.GetValue<string>()).ToList();
        Assert.Contains(created, d => d.Contains("\"purpose\":\"Tsa\"", StringComparison.Ordinal) && d.Contains("\"reason\":\"revoked\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tsa_IssuingCaRevoked_Answers503WithSystemFailure()
    {
        using var factory = new PkiApiFactory();
        using var anonymous = factory.CreateClient();
        using var admin = factory.AdminClient();
        await WriteChainAsync(anonymous);
        Assert.Equal(HttpStatusCode.OK, (await TimeStampAsync(anonymous, "before.tsr")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsyncExact("/api/v1/cas/issuing-ca/revoke", new { reason = "cACompromise" })).StatusCode);
        var (status, reply) = await TimeStampAsync(anonymous, "after.tsr");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Null(reply.TimeStampToken);
        var text = openssl.Run("ts", "-reply", "-in", "after.tsr", "-text");
        Assert.Contains("Status: Rejected", text.Output);
        Assert.Contains("system failure", text.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ocsp_ResponderCertificateRevokedByOfficer_NextResponseSignedByNewResponder()
    {
        using var factory = new PkiApiFactory();
        using var anonymous = factory.CreateClient();
        using var officer = factory.ClientFor("officer");
        using var requester = factory.ClientFor("requester");
        await WriteChainAsync(anonymous);
        await IssueLeafAsync(requester);
        var revokedResponder = ResponderCertificate(await OcspAsync(anonymous, "leaf.pem", "first.der"));
        openssl.Write("old-responder.pem", Pem.Encode("CERTIFICATE", revokedResponder.GetEncoded()));

        var revoke = await officer.PostAsJsonAsyncExact($"/api/v1/certificates/{SerialNumber.From(revokedResponder.SerialNumber).Hex}/revoke", new { reason = "keyCompromise" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var after = await OcspAsync(anonymous, "leaf.pem", "after.der");
        var aboutOldResponder = await OcspAsync(anonymous, "old-responder.pem", "old.der");

        var responder = ResponderCertificate(after);
        Assert.NotEqual(revokedResponder.SerialNumber, responder.SerialNumber);
        Assert.NotEqual(responder.SubjectDN.ToString(), responder.IssuerDN.ToString());
        Assert.Contains("Response verify OK", after.Output);
        Assert.Contains("leaf.pem: good", after.StandardOutput);
        Assert.Contains("old-responder.pem: revoked", aboutOldResponder.StandardOutput);
        Assert.Contains("Reason: keyCompromise", aboutOldResponder.StandardOutput);
    }

    [Fact]
    public async Task Ocsp_ResponderRevokedAndNoSuccessorCanBeMade_CaSignsItselfUntilOneCan()
    {
        using var factory = new FaultyKeyStoreFactory();
        using var anonymous = factory.CreateClient();
        using var officer = factory.ClientFor("officer");
        using var requester = factory.ClientFor("requester");
        await WriteChainAsync(anonymous);
        await IssueLeafAsync(requester);
        var revokedResponder = ResponderCertificate(await OcspAsync(anonymous, "leaf.pem", "first.der"));

        factory.Store.FailOcspKeys = true;
        var revoke = await officer.PostAsJsonAsyncExact($"/api/v1/certificates/{SerialNumber.From(revokedResponder.SerialNumber).Hex}/revoke", new { reason = "keyCompromise" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var fallback = await OcspAsync(anonymous, "leaf.pem", "fallback.der");

        Assert.Equal(openssl.Read("issuing.der"), ResponderCertificate(fallback).GetEncoded());
        Assert.Contains("Response verify OK", fallback.Output);
        Assert.Contains("leaf.pem: good", fallback.StandardOutput);

        factory.Store.FailOcspKeys = false;
        await factory.Services.GetRequiredService<StoredOcspSigningKeys>().EnsureCurrentAsync(CancellationToken.None);
        var replaced = ResponderCertificate(await OcspAsync(anonymous, "leaf.pem", "replaced.der"));

        Assert.NotEqual(revokedResponder.SerialNumber, replaced.SerialNumber);
        Assert.NotEqual(openssl.Read("issuing.der"), replaced.GetEncoded());
    }

    private async Task WriteChainAsync(HttpClient anonymous)
    {
        var issuing = await anonymous.GetStringAsync("/api/v1/cas/issuing-ca/certificate");
        openssl.Write("issuing.pem", issuing);
        openssl.Write("issuing.der", Pem.DecodeAll(issuing, "CERTIFICATE").Single());
        openssl.Write("chain.pem", await anonymous.GetStringAsync("/api/v1/cas/issuing-ca/chain"));
    }

    private async Task IssueLeafAsync(HttpClient requester)
    {
        var (pem, _, _) = await requester.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=relying.example.co.th", "relying.example.co.th") });
        openssl.Write("leaf.pem", pem);
    }

    /// <summary>An openssl-made query (with nonce and certReq) posted to /tsa; the reply is saved as <paramref name="file"/>.</summary>
    private async Task<(HttpStatusCode Status, TimeStampResponse Reply)> TimeStampAsync(HttpClient client, string file)
    {
        openssl.Write("doc.txt", "สัญญาจ้าง ฉบับที่ 7"u8.ToArray());
        openssl.Run("ts", "-query", "-data", "doc.txt", "-sha256", "-cert", "-out", "q.tsq").EnsureSuccess();
        using var content = new ByteArrayContent(openssl.Read("q.tsq"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await client.PostAsync("/tsa", content);
        Assert.Equal("application/timestamp-reply", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        openssl.Write(file, bytes);
        return (response.StatusCode, new TimeStampResponse(bytes));
    }

    private static SerialNumber TsaSerial(TimeStampResponse reply) =>
        SerialNumber.From(Assert.IsType<TimeStampToken>(reply.TimeStampToken).SignerID.SerialNumber);

    /// <summary>Asks /ocsp (with a nonce, so never from the cache) about <paramref name="certificate"/>; openssl judges the answer.</summary>
    private async Task<OcspAnswer> OcspAsync(HttpClient client, string certificate, string file)
    {
        openssl.Run("ocsp", "-issuer", "issuing.pem", "-cert", certificate, "-reqout", file + ".req").EnsureSuccess();
        using var content = new ByteArrayContent(openssl.Read(file + ".req"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
        using var response = await client.PostAsync("/ocsp", content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        openssl.Write(file, bytes);
        var judged = openssl.Run("ocsp", "-respin", file, "-issuer", "issuing.pem", "-cert", certificate, "-CAfile", "chain.pem", "-no_nonce");
        return new OcspAnswer(bytes, judged.StandardOutput, judged.Output);
    }

    private static X509Certificate ResponderCertificate(OcspAnswer answer) =>
        Assert.Single(Assert.IsType<BasicOcspResp>(new OcspResp(answer.Der).GetResponseObject()).GetCerts());

    private sealed record OcspAnswer(byte[] Der, string StandardOutput, string Output);

    /// <summary>The service whose key store can be told to refuse new OCSP responder keys: a fault a test cannot cause otherwise.</summary>
    private sealed class FaultyKeyStoreFactory : PkiApiFactory
    {
        public FaultyKeyStore Store { get; private set; } = null!;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                var real = services.Single(d => d.ServiceType == typeof(IServiceKeyStore));
                services.Remove(real);
                services.AddSingleton<IServiceKeyStore>(sp => Store = new FaultyKeyStore((IServiceKeyStore)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!)));
            });
        }
    }

    private sealed class FaultyKeyStore(IServiceKeyStore inner) : IServiceKeyStore
    {
        public volatile bool FailOcspKeys;

        public Task<IReadOnlyList<ServiceKeyRecord>> ListAsync(ServiceKeyPurpose purpose, string? caId, bool includeInactive, CancellationToken cancellationToken) =>
            inner.ListAsync(purpose, caId, includeInactive, cancellationToken);

        public Task<ServiceKeyRecord?> FindAsync(string id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

        public Task AddAsync(ServiceKeyRecord key, Ca.Core.Issuance.IssuedCertificateRecord certificate, string? supersedes, AuditEvent audit, CancellationToken cancellationToken) =>
            FailOcspKeys && key.Purpose == ServiceKeyPurpose.Ocsp
                ? throw new IOException("injected: the database refuses the write")
                : inner.AddAsync(key, certificate, supersedes, audit, cancellationToken);
    }
}
