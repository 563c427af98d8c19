using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Ca.Tests.Support;
using Ca.Tests.Support.Documents;
using Ca.Tests.Support.Hsm;

namespace Ca.Tests.Keys.Pkcs11;

/// <summary>
/// The service with every key on one SoftHSM2 token: what it signs there (certificates of every
/// profile, CRLs, OCSP responses, time-stamp tokens, CMS signatures) is judged by OpenSSL, PAdES by
/// pdfsig, XAdES by xmlsec1, and the token itself by pkcs11-tool.
/// </summary>
[Collection(SoftHsmCollection.Name)]
public sealed class HsmSigningApiTests : IClassFixture<HsmSigningApiTests.Fixture>, IDisposable
{
    private readonly Fixture fixture;
    private readonly HttpClient requester;
    private readonly HttpClient anonymous;
    private readonly OpenSslCli openssl = new();

    public HsmSigningApiTests(Fixture fixture)
    {
        this.fixture = fixture;
        requester = fixture.Service.ClientFor("requester");
        anonymous = fixture.Service.CreateClient();
    }

    public sealed class Fixture : IDisposable
    {
        public Fixture()
        {
            Hsm = new SoftHsm().InitToken("PkiOnline");
            Service = new HsmPkiApiFactory(Hsm, "PkiOnline");
            Service.CreateClient().Dispose();
        }

        public SoftHsm Hsm { get; }

        public HsmPkiApiFactory Service { get; }

        public void Dispose()
        {
            Service.Dispose();
            Hsm.Dispose();
        }
    }

    public void Dispose()
    {
        requester.Dispose();
        anonymous.Dispose();
        openssl.Dispose();
    }

    [Theory]
    [InlineData("tls-server", "CN=www.example.co.th", "www.example.co.th")]
    [InlineData("tls-client", "CN=payroll-batch, O=Example Co", null)]
    [InlineData("person", "CN=Somchai Jaidee, C=TH", null)]
    [InlineData("organization", "CN=Example Co Ltd, O=Example Co Ltd, C=TH", null)]
    [InlineData("document-signing", "CN=Department of Examples e-Seal, O=Department of Examples, C=TH", null)]
    public async Task Issue_EachProfileWithTheCaKeyOnTheToken_OpenSslVerifies(string profile, string subject, string? dns)
    {
        var (pem, _, _) = await requester.IssueAsync(new { profile, csr = dns is null ? TestCsr.EcdsaP256(subject) : TestCsr.EcdsaP256(subject, dns) });
        await WriteChainAsync();
        openssl.Write("leaf.pem", pem);

        var verify = openssl.Run("verify", "-x509_strict", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem");

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("leaf.pem: OK", verify.StandardOutput);
    }

    [Fact]
    public async Task Cas_KeysOnTheToken_AreOnlineAndSayWhere()
    {
        var cas = await anonymous.GetJsonAsync("/api/v1/cas");

        Assert.All(cas.AsArray(), ca =>
        {
            Assert.True(ca!["keyOnline"]!.GetValue<bool>());
            Assert.Equal("pkcs11", ca["keyStorage"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Crls_SignedOnTheToken_OpenSslVerifies()
    {
        await WriteChainAsync();
        foreach (var ca in new[] { "root-ca", "issuing-ca" })
        {
            openssl.Write($"{ca}.crl", await anonymous.GetByteArrayAsync($"/crl/{ca}.crl"));
            var verify = openssl.Run("crl", "-inform", "DER", "-in", $"{ca}.crl", "-CAfile", "chain.pem", "-noout");

            Assert.True(verify.ExitCode == 0, verify.ToString());
            Assert.Contains("verify OK", verify.Output);
        }
    }

    [Fact]
    public async Task Ocsp_ResponderKeyOnTheToken_OpenSslVerifiesTheResponse()
    {
        var (pem, _, _) = await requester.IssueAsync(new { profile = "tls-client", csr = TestCsr.EcdsaP256("CN=ocsp-subject") });
        await WriteChainAsync();
        openssl.Write("leaf.pem", pem);
        openssl.Run("ocsp", "-issuer", "issuing.pem", "-cert", "leaf.pem", "-no_nonce", "-reqout", "req.der").EnsureSuccess();
        using var request = new ByteArrayContent(openssl.Read("req.der"));
        request.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");

        using var response = await anonymous.PostAsync("/ocsp", request);
        openssl.Write("resp.der", await response.Content.ReadAsByteArrayAsync());
        var check = openssl.Run("ocsp", "-respin", "resp.der", "-issuer", "issuing.pem", "-cert", "leaf.pem", "-CAfile", "chain.pem", "-no_nonce");

        Assert.Contains("Response verify OK", check.Output);
        Assert.Contains("leaf.pem: good", check.StandardOutput);
        Assert.Contains("ocsp-", fixture.Hsm.Pkcs11Tool(fixture.Service.Token, "--list-objects", "--type", "privkey").StandardOutput);
    }

    [Fact]
    public async Task Tsa_KeyOnTheToken_OpenSslVerifiesTheToken()
    {
        openssl.Write("doc.txt", "เอกสารราชการ"u8.ToArray());
        openssl.Write("chain.pem", await anonymous.GetStringAsync("/api/v1/cas/issuing-ca/chain"));
        openssl.Run("ts", "-query", "-data", "doc.txt", "-sha256", "-cert", "-out", "q.tsq").EnsureSuccess();
        using var content = new ByteArrayContent(openssl.Read("q.tsq"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");

        using var response = await anonymous.PostAsync("/tsa", content);
        openssl.Write("reply.tsr", await response.Content.ReadAsByteArrayAsync());
        var verified = openssl.Run("ts", "-verify", "-in", "reply.tsr", "-queryfile", "q.tsq", "-CAfile", "chain.pem");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains("Verification: OK", verified.Output);
    }

    [Fact]
    public async Task DocumentSignature_ESealKeyOnTheToken_OpenSslVerifiesTheCms()
    {
        using var admin = fixture.Service.AdminClient();
        var (created, signer) = await admin.PostJsonAsync("/api/v1/signers", new { name = "Token e-seal", subject = new Dictionary<string, string> { ["CN"] = "Token e-Seal", ["O"] = "Department of Examples", ["C"] = "TH" } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, signer.Problem());
        using var document = new ByteArrayContent("signed on the token"u8.ToArray());
        document.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var signed = await admin.PostAsync($"/api/v1/documents/sign?signerId={signer!["id"]!.GetValue<string>()}&detached=true&timestamp=true", document);
        Assert.True(signed.IsSuccessStatusCode, await signed.Content.ReadAsStringAsync());
        openssl.Write("sig.der", await signed.Content.ReadAsByteArrayAsync());
        openssl.Write("doc.txt", "signed on the token"u8.ToArray());
        await WriteChainAsync();
        var verified = openssl.Run("cms", "-verify", "-binary", "-content", "doc.txt", "-inform", "DER", "-in", "sig.der", "-CAfile", "root.pem", "-purpose", "any", "-out", "/dev/null");

        Assert.True(verified.ExitCode == 0, verified.ToString());
    }

    [Fact]
    public async Task SignPdf_ESealKeyOnTheToken_PdfsigValidAndTrusted()
    {
        using var admin = fixture.Service.AdminClient();
        var signerId = await CreateESealAsync(admin, "Token PDF e-seal");
        using var pdf = new ByteArrayContent(TestPdfs.Minimal("Signed on the token"));
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");

        using var signed = await admin.PostAsync($"/api/v1/documents/sign?signerId={signerId}", pdf);
        Assert.True(signed.StatusCode == HttpStatusCode.OK, await signed.Content.ReadAsStringAsync());
        await WriteChainAsync();
        openssl.Write("signed.pdf", await signed.Content.ReadAsByteArrayAsync());
        using var nss = NssDatabase.Trusting(Path.Combine(openssl.WorkingDirectory, "root.pem"));
        var pdfsig = (await ToolRunner.RunAsync("pdfsig", openssl.WorkingDirectory, "-nssdir", nss.Spec, "-no-ocsp", "signed.pdf")).Output;

        Assert.True(pdfsig.Contains("Signature Validation: Signature is Valid.", StringComparison.Ordinal), pdfsig);
        Assert.True(pdfsig.Contains("Certificate Validation: Certificate is Trusted.", StringComparison.Ordinal), pdfsig);
    }

    [Fact]
    public async Task SignXml_ESealKeyOnTheToken_Xmlsec1Verifies()
    {
        using var admin = fixture.Service.AdminClient();
        var signerId = await CreateESealAsync(admin, "Token XML e-seal");
        using var xml = new ByteArrayContent(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "documents", "etax-invoice.xml")));
        xml.Headers.ContentType = new MediaTypeHeaderValue("application/xml");

        using var signed = await admin.PostAsync($"/api/v1/documents/sign?signerId={signerId}", xml);
        Assert.True(signed.StatusCode == HttpStatusCode.OK, await signed.Content.ReadAsStringAsync());
        await WriteChainAsync();
        openssl.Write("signed.xml", await signed.Content.ReadAsByteArrayAsync());
        var xmlsec = await ToolRunner.RunAsync("xmlsec1", openssl.WorkingDirectory, "--verify", "--trusted-pem", "root.pem", "--untrusted-pem", "issuing.pem",
            "--id-attr:Id", "http://uri.etsi.org/01903/v1.3.2#:SignedProperties", "signed.xml");

        Assert.True(xmlsec.ExitCode == 0, xmlsec.Output);
    }

    [Fact]
    public async Task TokenObjects_EveryPrivateKey_IsSensitiveNeverExtractableAndSignsOnly()
    {
        await requester.IssueAsync(new { profile = "tls-client", csr = TestCsr.EcdsaP256("CN=any") });

        var listed = fixture.Hsm.Pkcs11Tool(fixture.Service.Token, "--list-objects", "--type", "privkey").EnsureSuccess().StandardOutput;
        var keys = listed.Split("Private Key Object", StringSplitOptions.RemoveEmptyEntries).Where(k => k.Contains("label:", StringComparison.Ordinal)).ToList();

        Assert.Contains(keys, k => k.Contains("label:      issuing-ca", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.Contains("label:      root-ca", StringComparison.Ordinal));
        Assert.All(keys, k =>
        {
            Assert.Contains("sensitive", k, StringComparison.Ordinal);
            Assert.Contains("never extractable", k, StringComparison.Ordinal);
            Assert.Matches(@"Usage:\s+sign\s*\n", k); // signing only: no decrypt, unwrap or derive
        });
    }

    [Fact]
    public async Task Health_EveryKeyOnTheToken_SignsATestDigest()
    {
        using var response = await anonymous.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("signed a test digest", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_1000ConcurrentRequestsThroughTheToken_UniqueSerialsAllVerify()
    {
        var csrs = Enumerable.Range(0, 1000).Select(i => TestCsr.EcdsaP256($"CN=client-{i}")).ToList();

        var issued = await Task.WhenAll(csrs.Select(csr => requester.IssueAsync(new { profile = "tls-client", csr })));

        Assert.Equal(1000, issued.Select(i => i.Serial).Distinct(StringComparer.Ordinal).Count());
        await WriteChainAsync();
        var files = issued.Select((c, i) => openssl.Write($"c{i}.pem", c.Pem)).Select(Path.GetFileName).ToList();
        var verify = openssl.Run(["verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", .. files!]);
        Assert.True(verify.ExitCode == 0, verify.ToString()[..Math.Min(2000, verify.ToString().Length)]);
        Assert.Equal(1000, verify.StandardOutput.Split('\n').Count(l => l.EndsWith(": OK", StringComparison.Ordinal)));
    }

    private static async Task<string> CreateESealAsync(HttpClient admin, string name)
    {
        var (created, signer) = await admin.PostJsonAsync("/api/v1/signers", new
        {
            name,
            subject = new Dictionary<string, string> { ["CN"] = name, ["O"] = "Department of Examples", ["C"] = "TH" },
            email = "e-seal@example.go.th", // NSS trusts a PDF signer only with emailProtection, which needs a mailbox
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, signer.Problem());
        return signer!["id"]!.GetValue<string>();
    }

    private async Task WriteChainAsync()
    {
        var root = await anonymous.GetStringAsync("/api/v1/cas/root-ca/certificate");
        var issuing = await anonymous.GetStringAsync("/api/v1/cas/issuing-ca/certificate");
        openssl.Write("root.pem", root);
        openssl.Write("issuing.pem", issuing);
        openssl.Write("chain.pem", issuing + root);
    }
}
