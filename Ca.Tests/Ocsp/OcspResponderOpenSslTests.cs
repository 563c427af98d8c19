using Ca.Core.Common;
using Ca.Core.Ocsp;
using Ca.Core.Revocation;
using Ca.Tests.Support;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Ocsp;

namespace Ca.Tests.Ocsp;

/// <summary>Requests made by openssl, answered by <see cref="OcspResponder"/>, judged by openssl.</summary>
public sealed class OcspResponderOpenSslTests : IDisposable
{
    private readonly OpenSslCli openssl = new();
    private readonly OcspTestBed bed = new();

    public OcspResponderOpenSslTests()
    {
        openssl.Write("issuing.pem", bed.Pki.IssuingPem);
        openssl.Write("root.pem", bed.Pki.RootPem);
        openssl.Write("chain.pem", bed.ChainPem);
    }

    public void Dispose() => openssl.Dispose();

    [Fact]
    public async Task RespondAsync_GoodLeafWithNonce_OpensslReportsGoodAndNonceMatches()
    {
        WriteLeaf("leaf.pem", bed.Leaf("good.test", CertificateStatusInfo.Good));
        openssl.Run("ocsp", "-issuer", "issuing.pem", "-cert", "leaf.pem", "-reqout", "req.der").EnsureSuccess();

        await RespondAsync("req.der", "resp.der");
        // -reqin with -no_nonce: openssl checks the response against the nonce in our request file.
        var result = openssl.Run("ocsp", "-reqin", "req.der", "-respin", "resp.der", "-issuer", "issuing.pem", "-cert", "leaf.pem", "-no_nonce", "-CAfile", "chain.pem", "-resp_text");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Response verify OK", result.Output);
        Assert.Contains("leaf.pem: good", result.Output);
        Assert.Contains("OCSP Nonce", result.Output);
        Assert.DoesNotContain("Nonce Verify error", result.Output);
        Assert.DoesNotContain("WARNING", result.Output);
    }

    [Fact]
    public async Task RespondAsync_NonceRequest_EchoesNonceBytes()
    {
        WriteLeaf("leaf.pem", bed.Leaf("nonce.test", CertificateStatusInfo.Good));
        openssl.Run("ocsp", "-issuer", "issuing.pem", "-cert", "leaf.pem", "-reqout", "req.der").EnsureSuccess();

        var response = await RespondAsync("req.der", "resp.der");

        var requestNonce = new OcspReq(openssl.Read("req.der")).RequestExtensions.GetExtension(OcspObjectIdentifiers.PkixOcspNonce);
        var basic = (BasicOcspResp)new OcspResp(response).GetResponseObject();
        var responseNonce = basic.ResponseExtensions.GetExtension(OcspObjectIdentifiers.PkixOcspNonce);
        Assert.Equal(requestNonce.Value.GetOctets(), responseNonce.Value.GetOctets());
    }

    [Fact]
    public async Task RespondAsync_RevokedLeaf_OpensslReportsRevokedWithReason()
    {
        var revokedAt = bed.Clock.GetUtcNow().AddHours(-2);
        WriteLeaf("leaf.pem", bed.Leaf("revoked.test", CertificateStatusInfo.Revoked(revokedAt, RevocationReason.KeyCompromise)));
        openssl.Run("ocsp", "-issuer", "issuing.pem", "-cert", "leaf.pem", "-no_nonce", "-reqout", "req.der").EnsureSuccess();

        await RespondAsync("req.der", "resp.der");
        var result = openssl.Run("ocsp", "-respin", "resp.der", "-issuer", "issuing.pem", "-cert", "leaf.pem", "-no_nonce", "-CAfile", "chain.pem", "-resp_text");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Response verify OK", result.Output);
        Assert.Contains("leaf.pem: revoked", result.Output);
        Assert.Contains("Reason: keyCompromise", result.Output);
        Assert.Contains("Revocation Time:", result.Output);
        Assert.Contains("Next Update:", result.Output);
    }

    [Fact]
    public async Task RespondAsync_HeldLeaf_OpensslReportsCertificateHold()
    {
        WriteLeaf("leaf.pem", bed.Leaf("held.test", CertificateStatusInfo.Revoked(bed.Clock.GetUtcNow().AddHours(-1), RevocationReason.CertificateHold)));
        openssl.Run("ocsp", "-issuer", "issuing.pem", "-cert", "leaf.pem", "-no_nonce", "-reqout", "req.der").EnsureSuccess();

        await RespondAsync("req.der", "resp.der");
        var result = openssl.Run("ocsp", "-respin", "resp.der", "-issuer", "issuing.pem", "-cert", "leaf.pem", "-no_nonce", "-CAfile", "chain.pem");

        Assert.Contains("leaf.pem: revoked", result.Output);
        Assert.Contains("Reason: certificateHold", result.Output);
    }

    [Fact]
    public async Task RespondAsync_NeverIssuedSerial_OpensslReportsUnknown()
    {
        var leaf = bed.Pki.IssueLeaf("unrecorded.test");
        WriteLeaf("leaf.pem", leaf);
        openssl.Run("ocsp", "-issuer", "issuing.pem", "-cert", "leaf.pem", "-no_nonce", "-reqout", "req.der").EnsureSuccess();

        await RespondAsync("req.der", "resp.der");
        var result = openssl.Run("ocsp", "-respin", "resp.der", "-issuer", "issuing.pem", "-cert", "leaf.pem", "-no_nonce", "-CAfile", "chain.pem");

        Assert.Contains("Response verify OK", result.Output);
        Assert.Contains("leaf.pem: unknown", result.Output);
    }

    [Fact]
    public async Task RespondAsync_Sha256CertId_OpensslReportsGood()
    {
        WriteLeaf("leaf.pem", bed.Leaf("sha256.test", CertificateStatusInfo.Good));
        openssl.Run("ocsp", "-issuer", "issuing.pem", "-sha256", "-cert", "leaf.pem", "-no_nonce", "-reqout", "req.der").EnsureSuccess();

        await RespondAsync("req.der", "resp.der");
        var result = openssl.Run("ocsp", "-respin", "resp.der", "-issuer", "issuing.pem", "-sha256", "-cert", "leaf.pem", "-no_nonce", "-CAfile", "chain.pem", "-resp_text");

        Assert.Contains("Hash Algorithm: sha256", result.Output);
        Assert.Contains("Response verify OK", result.Output);
        Assert.Contains("leaf.pem: good", result.Output);
    }

    [Fact]
    public async Task RespondAsync_TwoCertIds_OpensslReportsEach()
    {
        WriteLeaf("a.pem", bed.Leaf("a.test", CertificateStatusInfo.Good));
        WriteLeaf("b.pem", bed.Leaf("b.test", CertificateStatusInfo.Revoked(bed.Clock.GetUtcNow().AddMinutes(-5), RevocationReason.Superseded)));
        openssl.Run("ocsp", "-issuer", "issuing.pem", "-cert", "a.pem", "-cert", "b.pem", "-reqout", "req.der").EnsureSuccess();

        await RespondAsync("req.der", "resp.der");
        var result = openssl.Run("ocsp", "-reqin", "req.der", "-respin", "resp.der", "-issuer", "issuing.pem", "-cert", "a.pem", "-cert", "b.pem", "-no_nonce", "-CAfile", "chain.pem");

        Assert.Contains("Response verify OK", result.Output);
        Assert.Contains("a.pem: good", result.Output);
        Assert.Contains("b.pem: revoked", result.Output);
        Assert.Contains("Reason: superseded", result.Output);
    }

    [Fact]
    public async Task RespondAsync_GarbageBytes_OpensslReportsMalformedRequest()
    {
        openssl.Write("resp.der", await bed.Responder.RespondAsync([0x30, 0x03, 0x02, 0x01], CancellationToken.None));

        var result = openssl.Run("ocsp", "-respin", "resp.der", "-resp_text", "-noverify");

        Assert.Contains("malformedrequest", result.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RespondAsync_IssuerNotServed_OpensslReportsUnauthorized()
    {
        // The root is not served by this responder: ask the root about the issuing CA.
        openssl.Run("ocsp", "-issuer", "root.pem", "-cert", "issuing.pem", "-no_nonce", "-reqout", "req.der").EnsureSuccess();

        await RespondAsync("req.der", "resp.der");
        var result = openssl.Run("ocsp", "-respin", "resp.der", "-resp_text", "-noverify");

        Assert.Contains("unauthorized", result.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RespondAsync_GetFormRequest_OpensslReportsGood()
    {
        WriteLeaf("leaf.pem", bed.Leaf("get.test", CertificateStatusInfo.Good));
        openssl.Run("ocsp", "-issuer", "issuing.pem", "-cert", "leaf.pem", "-no_nonce", "-reqout", "req.der").EnsureSuccess();
        var path = Uri.EscapeDataString(Convert.ToBase64String(openssl.Read("req.der")));

        Assert.True(OcspRequestParser.TryDecodeGetPath(path, out var requestDer));
        openssl.Write("resp.der", await bed.Responder.RespondAsync(requestDer, CancellationToken.None));
        var result = openssl.Run("ocsp", "-respin", "resp.der", "-issuer", "issuing.pem", "-cert", "leaf.pem", "-no_nonce", "-CAfile", "chain.pem");

        Assert.Contains("Response verify OK", result.Output);
        Assert.Contains("leaf.pem: good", result.Output);
    }

    private void WriteLeaf(string name, Org.BouncyCastle.X509.X509Certificate leaf) => openssl.Write(name, Pem.Encode("CERTIFICATE", leaf.GetEncoded()));

    private async Task<byte[]> RespondAsync(string requestFile, string responseFile)
    {
        var response = await bed.Responder.RespondAsync(openssl.Read(requestFile), CancellationToken.None);
        openssl.Write(responseFile, response);
        return response;
    }
}
