using System.Net;
using System.Text.Json.Nodes;
using Ca.Core.Revocation;
using Ca.Tests.Support;
using Ca.Tests.Support.Pki;
using Ca.Tests.Validation.Online;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Api;

/// <summary>
/// A foreign CA whose OCSP answers are signed by a delegated responder, over the real HTTP pipeline: with
/// id-pkix-ocsp-nocheck the responder is trusted without a CRL; without it, the CA's CRL is fetched (through the
/// same guarded client, cache and request budget as any CRL) to show the responder is not revoked, and a revoked
/// responder's answer is not used, the report saying why, while the CRL answers for the leaf instead.
/// </summary>
public sealed class DelegatedResponderApiTests(DelegatedResponderApiTests.Factory factory) : IClassFixture<DelegatedResponderApiTests.Factory>
{
    private static readonly DateTimeOffset At = TestCertificateBuilder.ValidationTime;

    [Fact]
    public async Task VerifyCertificate_ResponderWithNoCheck_PassedWithoutFetchingAnyCrl()
    {
        await using var foreign = Foreign.Start(noCheck: true, revokeResponder: false);
        using var anonymous = factory.CreateClient();

        var report = await VerifyAsync(anonymous, foreign);

        Assert.Equal("PASSED", report["indication"]!.GetValue<string>());
        var answer = Assert.Single(report["revocation"]!.AsArray())!;
        Assert.Equal("ocsp", answer["source"]!.GetValue<string>());
        Assert.Equal(foreign.Responder.Certificate.SubjectDN.ToString(), answer["signedBy"]!.GetValue<string>());
        Assert.Contains("id-pkix-ocsp-nocheck", answer["responderCheck"]!.GetValue<string>());
        Assert.Equal(1, foreign.Ocsp.Requests);
        Assert.Equal(0, foreign.Crl.Requests);
    }

    [Fact]
    public async Task VerifyCertificate_ResponderWithoutNoCheckNotRevoked_PassedOnOcspWithTheCrlFetchedOnce()
    {
        await using var foreign = Foreign.Start(noCheck: false, revokeResponder: false);
        using var anonymous = factory.CreateClient();

        var report = await VerifyAsync(anonymous, foreign);

        Assert.Equal("PASSED", report["indication"]!.GetValue<string>());
        var answer = Assert.Single(report["revocation"]!.AsArray())!;
        Assert.Equal("ocsp", answer["source"]!.GetValue<string>());
        Assert.Equal("GOOD", answer["status"]!.GetValue<string>());
        Assert.Contains("not revoked", answer["responderCheck"]!.GetValue<string>());
        Assert.Contains(foreign.Crl.Url, answer["responderCheck"]!.GetValue<string>());
        Assert.Equal(1, foreign.Crl.Requests);
    }

    [Fact]
    public async Task VerifyCertificate_ResponderWithoutNoCheckRevokedOnTheCasCrl_OcspNotUsedAndTheCrlAnswersForTheLeaf()
    {
        await using var foreign = Foreign.Start(noCheck: false, revokeResponder: true);
        using var anonymous = factory.CreateClient();

        var report = await VerifyAsync(anonymous, foreign);

        Assert.Equal("PASSED", report["indication"]!.GetValue<string>());
        var answer = Assert.Single(report["revocation"]!.AsArray())!;
        Assert.Equal("crl", answer["source"]!.GetValue<string>());
        Assert.Equal("GOOD", answer["status"]!.GetValue<string>());
        var detail = answer["detail"]!.GetValue<string>();
        Assert.Contains("not used", detail);
        Assert.Contains(foreign.Responder.Certificate.SubjectDN.ToString(), detail);
        Assert.Contains("which is revoked", detail);
        Assert.Equal(1, foreign.Crl.Requests);
    }

    [Fact]
    public async Task VerifyCertificate_CallerSuppliedResponseAndCrlWithoutNoCheck_CallerCrlVouchesForTheResponder()
    {
        await using var foreign = Foreign.Start(noCheck: false, revokeResponder: false, crlReachable: false);
        using var anonymous = factory.CreateClient();

        var report = await VerifyAsync(anonymous, foreign, [Convert.ToBase64String(foreign.CaCrl.GetEncoded())], [Convert.ToBase64String(foreign.OcspResponse)]);

        Assert.Equal("PASSED", report["indication"]!.GetValue<string>());
        var answer = Assert.Single(report["revocation"]!.AsArray())!;
        Assert.Equal("caller-ocsp", answer["source"]!.GetValue<string>());
        Assert.Contains("CRL supplied by the caller", answer["responderCheck"]!.GetValue<string>());
    }

    private static async Task<JsonNode> VerifyAsync(HttpClient client, Foreign foreign, string[]? crls = null, string[]? ocspResponses = null)
    {
        var (response, json) = await client.PostJsonAsync("/api/v1/certificates/verify", new
        {
            certificate = foreign.Leaf.Pem,
            policy = new { trustAnchors = new[] { foreign.Ca.Pem }, crls = crls ?? [], ocspResponses = ocspResponses ?? [], at = At },
        });
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.Problem());
        return json!;
    }

    /// <summary>A foreign CA with an OCSP responder and a CRL, each on its own loopback server.</summary>
    private sealed class Foreign : IAsyncDisposable
    {
        private Foreign(TinyHttpServer ocsp, TinyHttpServer crl, TestCertificate ca, TestCertificate leaf, TestCertificate responder, X509Crl caCrl, byte[] ocspResponse)
        {
            OcspResponse = ocspResponse;
            Ocsp = ocsp;
            Crl = crl;
            Ca = ca;
            Leaf = leaf;
            Responder = responder;
            CaCrl = caCrl;
        }

        public TinyHttpServer Ocsp { get; }

        public TinyHttpServer Crl { get; }

        public TestCertificate Ca { get; }

        public TestCertificate Leaf { get; }

        public TestCertificate Responder { get; }

        public X509Crl CaCrl { get; }

        public byte[] OcspResponse { get; }

        public static Foreign Start(bool noCheck, bool revokeResponder, bool crlReachable = true)
        {
            var ca = TestCertificateBuilder.Root("Foreign Delegating CA").Build();
            var pki = new Holder();
            var ocsp = new TinyHttpServer(() => TinyHttpResponses.Ocsp(pki.OcspResponse!));
            var crl = new TinyHttpServer(() => crlReachable ? CrlResponse(pki.Crl!) : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
            var responderBuilder = TestCertificateBuilder.Leaf("Foreign Delegated Responder", ca).ExtendedKeyUsage("1.3.6.1.5.5.7.3.9").CrlDistributionPoint(crl.Url);
            var responder = (noCheck ? responderBuilder.Extension(OcspObjectIdentifiers.PkixOcspNocheck, false, DerNull.Instance) : responderBuilder).Build();
            var leaf = TestCertificateBuilder.Leaf("Foreign Delegated Leaf", ca).OcspResponder(ocsp.Url).CrlDistributionPoint(crl.Url).Build();
            var crlBuilder = TestCrlBuilder.By(ca).Updates(At.UtcDateTime.AddDays(-30), new DateTime(2036, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            var caCrl = (revokeResponder ? crlBuilder.Revoke(responder, At.UtcDateTime.AddDays(-10), (int)RevocationReason.KeyCompromise) : crlBuilder).Build();
            pki.Crl = caCrl.GetEncoded();
            pki.OcspResponse = DelegatedOcspResponderTests.Respond(ca, leaf, responder);
            return new Foreign(ocsp, crl, ca, leaf, responder, caCrl, pki.OcspResponse);
        }

        public async ValueTask DisposeAsync()
        {
            await Ocsp.DisposeAsync();
            await Crl.DisposeAsync();
        }

        private static byte[] CrlResponse(byte[] der) =>
            [.. System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\nContent-Length: {der.Length}\r\nConnection: close\r\n\r\n"), .. der];

        private sealed class Holder
        {
            public byte[]? OcspResponse { get; set; }

            public byte[]? Crl { get; set; }
        }
    }

    /// <summary>The service with loopback fetching allowed (the test's responder and CRL are on 127.0.0.1).</summary>
    public sealed class Factory : PkiApiFactory
    {
        public Factory()
            : base(new Dictionary<string, string?> { ["Pki:Validation:Fetch:AllowLoopback"] = "true" })
        {
        }
    }
}
