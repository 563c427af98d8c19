using System.Net;
using System.Net.Http.Headers;
using Ca.Tests.Support;

namespace Ca.Tests.Api;

/// <summary>
/// Revocation end to end on a live socket: revoke over REST, then OpenSSL fetches our CRLs and asks
/// our OCSP responder, exactly as a relying party would.
/// </summary>
public sealed class RevocationApiTests : IClassFixture<KestrelPkiApiFactory>, IDisposable
{
    private readonly KestrelPkiApiFactory factory;
    private readonly HttpClient requester;
    private readonly HttpClient officer;
    private readonly HttpClient anonymous;
    private readonly OpenSslCli openssl = new();

    public RevocationApiTests(KestrelPkiApiFactory factory)
    {
        this.factory = factory;
        requester = factory.ClientFor("requester");
        officer = factory.ClientFor("officer");
        anonymous = factory.CreateClient();
    }

    [Fact]
    public async Task Revoke_KeyCompromise_CrlCheckFailsAndOcspReportsRevokedWithReason()
    {
        var (pem, serial) = await IssueAsync("revoked");
        var (goodPem, _) = await IssueAsync("good");
        await WriteChainAsync();
        openssl.Write("leaf.pem", pem);
        openssl.Write("good.pem", goodPem);
        Assert.Contains("leaf.pem: good", Ocsp("leaf.pem").StandardOutput);

        await DownloadCrlAsync("issuing-ca.crl", "before.crl.pem");
        var revoke = await requester.PostAsJsonAsyncExact($"/api/v1/certificates/{serial}/revoke", new { reason = "keyCompromise" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        // At once: the delta published on revocation completes the older full CRL.
        await DownloadCrlAsync("issuing-ca-delta.crl", "delta.crl.pem");
        var withDelta = openssl.Run("verify", "-crl_check", "-use_deltas", "-CRLfile", "before.crl.pem", "-CRLfile", "delta.crl.pem", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem");
        Assert.Contains("certificate revoked", withDelta.Output);

        // At the next scheduled publication (triggered here), the complete CRL lists it too.
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync("/api/v1/cas/issuing-ca/crl", null)).StatusCode);

        await DownloadCrlAsync("issuing-ca.crl", "issuing.crl.pem");
        await DownloadCrlAsync("root-ca.crl", "root.crl.pem");
        var crlText = openssl.Run("crl", "-in", "issuing.crl.pem", "-CAfile", "chain.pem", "-noout", "-text");
        Assert.Contains("verify OK", crlText.Output);
        Assert.Contains(serial, crlText.StandardOutput);
        Assert.Contains("Key Compromise", crlText.StandardOutput);

        var revoked = openssl.Run("verify", "-crl_check", "-CRLfile", "issuing.crl.pem", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem");
        Assert.NotEqual(0, revoked.ExitCode);
        Assert.Contains("certificate revoked", revoked.Output);
        var good = openssl.Run("verify", "-crl_check", "-CRLfile", "issuing.crl.pem", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "good.pem");
        Assert.True(good.ExitCode == 0, good.ToString());
        var all = openssl.Run("verify", "-crl_check_all", "-CRLfile", "issuing.crl.pem", "-CRLfile", "root.crl.pem", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "good.pem");
        Assert.True(all.ExitCode == 0, all.ToString());

        var ocsp = Ocsp("leaf.pem");
        Assert.Contains("Response verify OK", ocsp.Output);
        Assert.Contains("leaf.pem: revoked", ocsp.StandardOutput);
        Assert.Contains("Reason: keyCompromise", ocsp.StandardOutput);
    }

    [Fact]
    public async Task HoldThenUnhold_DeltaListsRemoveFromCrlAndNextFullCrlDropsIt()
    {
        var (pem, serial) = await IssueAsync("held");
        await WriteChainAsync();
        openssl.Write("leaf.pem", pem);

        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsyncExact($"/api/v1/certificates/{serial}/revoke", new { reason = "certificateHold" })).StatusCode);
        Assert.Contains("Reason: certificateHold", Ocsp("leaf.pem").StandardOutput);
        await DownloadCrlAsync("issuing-ca-delta.crl", "delta1.pem");
        var heldDelta = openssl.Run("crl", "-in", "delta1.pem", "-CAfile", "chain.pem", "-noout", "-text");
        Assert.Contains(serial, heldDelta.StandardOutput);
        Assert.Contains("verify OK", heldDelta.Output);
        Assert.Contains("Delta CRL Indicator", heldDelta.StandardOutput);
        Assert.Contains("Certificate Hold", heldDelta.StandardOutput);

        // The scheduled complete CRL now carries the hold: it becomes the base of the next delta.
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync("/api/v1/cas/issuing-ca/crl", null)).StatusCode);
        await DownloadCrlAsync("issuing-ca.crl", "held-full.pem");
        Assert.Contains(serial, openssl.Run("crl", "-in", "held-full.pem", "-noout", "-text").StandardOutput);

        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync($"/api/v1/certificates/{serial}/unhold", null)).StatusCode);
        await DownloadCrlAsync("issuing-ca-delta.crl", "delta2.pem");
        var unheldDelta = openssl.Run("crl", "-in", "delta2.pem", "-noout", "-text").StandardOutput;
        Assert.Contains(serial, unheldDelta);
        Assert.Contains("Remove From CRL", unheldDelta);
        Assert.Contains("leaf.pem: good", Ocsp("leaf.pem").StandardOutput);

        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync("/api/v1/cas/issuing-ca/crl", null)).StatusCode);
        await DownloadCrlAsync("issuing-ca.crl", "full.pem");
        Assert.DoesNotContain(serial, openssl.Run("crl", "-in", "full.pem", "-noout", "-text").StandardOutput);
    }

    [Fact]
    public async Task Revoke_Twice_Answers409AndHoldMayBecomePermanent()
    {
        var (_, serial) = await IssueAsync("twice");
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsyncExact($"/api/v1/certificates/{serial}/revoke", new { reason = "certificateHold" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsyncExact($"/api/v1/certificates/{serial}/revoke", new { reason = "superseded" })).StatusCode);

        var again = await officer.PostAsJsonAsyncExact($"/api/v1/certificates/{serial}/revoke", new { reason = "keyCompromise" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("certificateHold", HttpStatusCode.Forbidden)]
    [InlineData("privilegeWithdrawn", HttpStatusCode.Forbidden)]
    [InlineData("removeFromCRL", HttpStatusCode.BadRequest)]
    [InlineData("sideways", HttpStatusCode.BadRequest)]
    public async Task Revoke_SubscriberWithReasonItMayNotUse_IsRefused(string reason, HttpStatusCode expected)
    {
        var (_, serial) = await IssueAsync("reason-" + reason.ToLowerInvariant());

        var response = await requester.PostAsJsonAsyncExact($"/api/v1/certificates/{serial}/revoke", new { reason });

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Revoke_UnknownOrSomeoneElsesSerial_Answers404()
    {
        var (_, serial) = await IssueAsync("not-yours");
        using var stranger = factory.ClientFor("other-requester", "requester");

        Assert.Equal(HttpStatusCode.NotFound, (await requester.PostAsJsonAsyncExact("/api/v1/certificates/0123456789ABCDEF/revoke", new { reason = "superseded" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsyncExact($"/api/v1/certificates/{serial}/revoke", new { reason = "superseded" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/certificates/{serial}")).StatusCode);
    }

    [Fact]
    public async Task Ocsp_Garbage_AnswersMalformedRequestNot500()
    {
        var response = await anonymous.PostAsync("/ocsp", new ByteArrayContent("definitely not DER"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/ocsp-request") } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ocsp-response", response.Content.Headers.ContentType?.MediaType);
        openssl.Write("resp.der", await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("malformedrequest", openssl.Run("ocsp", "-respin", "resp.der", "-resp_text").Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await anonymous.PostAsync("/ocsp", new StringContent("x"))).StatusCode);
    }

    [Fact]
    public async Task Ocsp_GetFormAndSha256CertId_AnswerGood()
    {
        var (pem, _) = await IssueAsync("get-form");
        await WriteChainAsync();
        openssl.Write("leaf.pem", pem);
        openssl.Run("ocsp", "-issuer", "issuing.pem", "-sha256", "-cert", "leaf.pem", "-no_nonce", "-reqout", "req.der").EnsureSuccess();
        var encoded = Uri.EscapeDataString(Convert.ToBase64String(openssl.Read("req.der")));

        var response = await anonymous.GetAsync($"/ocsp/{encoded}");
        openssl.Write("resp.der", await response.Content.ReadAsByteArrayAsync());

        var check = openssl.Run("ocsp", "-respin", "resp.der", "-issuer", "issuing.pem", "-sha256", "-cert", "leaf.pem", "-CAfile", "chain.pem", "-no_nonce");
        Assert.Contains("Response verify OK", check.Output);
        Assert.Contains("leaf.pem: good", check.StandardOutput);
    }

    [Fact]
    public async Task Ocsp_NonceLessGetAnsweredFromCacheThenRevoked_AnswersRevoked()
    {
        var (pem, serial) = await IssueAsync("cached-then-revoked");
        await WriteChainAsync();
        openssl.Write("leaf.pem", pem);
        openssl.Run("ocsp", "-issuer", "issuing.pem", "-cert", "leaf.pem", "-no_nonce", "-reqout", "req.der").EnsureSuccess();
        var url = "/ocsp/" + Uri.EscapeDataString(Convert.ToBase64String(openssl.Read("req.der")));

        var first = await anonymous.GetByteArrayAsync(url);
        var second = await anonymous.GetByteArrayAsync(url);
        Assert.Equal(first, second); // ECDSA signatures differ per signing: identical bytes mean the pre-signed cache answered
        Assert.Contains("leaf.pem: good", JudgeOcsp("good.der", second).StandardOutput);

        Assert.Equal(HttpStatusCode.OK, (await requester.PostAsJsonAsyncExact($"/api/v1/certificates/{serial}/revoke", new { reason = "keyCompromise" })).StatusCode);

        var afterRevocation = JudgeOcsp("revoked.der", await anonymous.GetByteArrayAsync(url));
        Assert.Contains("Response verify OK", afterRevocation.Output);
        Assert.Contains("leaf.pem: revoked", afterRevocation.StandardOutput);
        Assert.Contains("Reason: keyCompromise", afterRevocation.StandardOutput);
    }

    [Fact]
    public async Task Crl_Served_HasCachingHeadersAndHonoursIfNoneMatch()
    {
        var response = await anonymous.GetAsync("/crl/issuing-ca.crl");

        Assert.Equal("application/pkix-crl", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Contains("max-age=", response.Headers.CacheControl!.ToString());
        var conditional = new HttpRequestMessage(HttpMethod.Get, "/crl/issuing-ca.crl");
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(conditional)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/crl/nope.crl")).StatusCode);
    }

    [Fact]
    public async Task RevokeIssuingCa_StopsIssuingAndRootCrlListsIt()
    {
        using var factoryWithSecondCa = new PkiApiFactoryWithTwoIssuingCas();
        using var admin = factoryWithSecondCa.AdminClient();
        using var subscriber = factoryWithSecondCa.ClientFor("requester");
        var caJson = await admin.GetJsonAsync("/api/v1/cas/second-ca");
        var caSerial = caJson["serialNumber"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsyncExact("/api/v1/cas/second-ca/revoke", new { reason = "cACompromise" })).StatusCode);

        var (refused, body) = await subscriber.PostJsonAsync("/api/v1/certificate-requests", new { profile = "tls-server", caId = "second-ca", csr = TestCsr.EcdsaP256("CN=x.example.co.th", "x.example.co.th") });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("ca-not-issuing", body!["code"]!.GetValue<string>());
        openssl.Write("arl-delta.der", await admin.GetByteArrayAsync("/crl/root-ca-delta.crl"));
        Assert.Contains(caSerial, openssl.Run("crl", "-inform", "DER", "-in", "arl-delta.der", "-noout", "-text").StandardOutput);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/v1/cas/root-ca/crl", null)).StatusCode);
        openssl.Write("arl.der", await admin.GetByteArrayAsync("/crl/root-ca.crl"));
        var arl = openssl.Run("crl", "-inform", "DER", "-in", "arl.der", "-noout", "-text").StandardOutput;
        Assert.Contains(caSerial, arl);
        Assert.Contains("CA Compromise", arl);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.PostAsJsonAsyncExact("/api/v1/cas/root-ca/revoke", new { reason = "cACompromise" })).StatusCode);
    }

    public void Dispose()
    {
        openssl.Dispose();
        requester.Dispose();
        officer.Dispose();
        anonymous.Dispose();
    }

    private async Task<(string Pem, string Serial)> IssueAsync(string host)
    {
        var name = $"{host}.example.co.th";
        var (pem, serial, _) = await requester.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256($"CN={name}", name) });
        return (pem, serial);
    }

    private async Task WriteChainAsync()
    {
        var root = await anonymous.GetStringAsync("/api/v1/cas/root-ca/certificate");
        var issuing = await anonymous.GetStringAsync("/api/v1/cas/issuing-ca/certificate");
        openssl.Write("root.pem", root);
        openssl.Write("issuing.pem", issuing);
        openssl.Write("chain.pem", issuing + root);
    }

    private async Task DownloadCrlAsync(string file, string pemName)
    {
        openssl.Write(pemName + ".der", await anonymous.GetByteArrayAsync($"/crl/{file}"));
        openssl.Run("crl", "-inform", "DER", "-in", pemName + ".der", "-out", pemName).EnsureSuccess();
    }

    private OpenSslResult JudgeOcsp(string file, byte[] response)
    {
        openssl.Write(file, response);
        return openssl.Run("ocsp", "-respin", file, "-issuer", "issuing.pem", "-cert", "leaf.pem", "-CAfile", "chain.pem", "-no_nonce");
    }

    private OpenSslResult Ocsp(string leaf) =>
        openssl.Run("ocsp", "-issuer", "issuing.pem", "-cert", leaf, "-url", factory.BaseUrl + "/ocsp", "-CAfile", "chain.pem");

    private sealed class PkiApiFactoryWithTwoIssuingCas() : PkiApiFactory(new Dictionary<string, string?>
    {
        ["Pki:Hierarchy:IssuingCas:issuing-ca:Subject:CN"] = "PkiService Issuing CA 1",
        ["Pki:Hierarchy:IssuingCas:issuing-ca:Subject:C"] = "TH",
        ["Pki:Hierarchy:IssuingCas:second-ca:Subject:CN"] = "PkiService Issuing CA 2",
        ["Pki:Hierarchy:IssuingCas:second-ca:Subject:C"] = "TH",
    });
}
