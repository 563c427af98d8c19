using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Ca.Tests.Support;
using Ca.Tests.Support.Documents;

namespace Ca.Tests.Api;

/// <summary>PDF signing and verification over the real HTTP pipeline; poppler's pdfsig and qpdf judge, and pdfsig signs for us to verify.</summary>
public sealed class PdfDocumentsApiTests : IClassFixture<DocumentsApiFactory>, IDisposable
{
    private readonly DocumentsApiFactory factory;
    private readonly OpenSslCli openssl = new();

    public PdfDocumentsApiTests(DocumentsApiFactory factory) => this.factory = factory;

    public void Dispose() => openssl.Dispose();

    [Fact]
    public async Task SignPdf_TwoOfficersOneAfterTheOther_PdfsigBothValidAndTrustedServicePassedThenByteChangedFailed()
    {
        using var admin = factory.AdminClient();
        var first = await CreateSignerAsync(admin, "pdf officer one");
        var second = await CreateSignerAsync(admin, "pdf officer two");

        var once = await SignPdfAsync(admin, first, TestPdfs.Minimal("Invoice 2568/001"), "");
        var twice = await SignPdfAsync(admin, second, once, "&visible=true&page=1&x=300&y=40&width=250&height=60");

        using var nss = NssDatabase.Trusting(openssl.Write("root.pem", await admin.GetStringAsync("/api/v1/cas/root-ca/certificate")));
        openssl.Write("twice.pdf", twice);
        var pdfsig = (await ToolRunner.RunAsync("pdfsig", openssl.WorkingDirectory, "-nssdir", nss.Spec, "-no-ocsp", "twice.pdf")).Output;
        Assert.True(CountOf(pdfsig, "Signature Validation: Signature is Valid.") == 2, pdfsig);
        Assert.True(CountOf(pdfsig, "Certificate Validation: Certificate is Trusted.") == 2, pdfsig);
        var qpdf = await ToolRunner.RunAsync("qpdf", openssl.WorkingDirectory, "--check", "twice.pdf");
        Assert.True(qpdf.ExitCode == 0 && qpdf.Output.Contains("No syntax or stream encoding errors found", StringComparison.Ordinal), qpdf.Output);

        var report = await VerifyPdfAsync(twice);
        Assert.True(report["indication"]!.GetValue<string>() == "PASSED", report.ToJsonString());
        var signatures = report["signatures"]!.AsArray();
        Assert.Equal(2, signatures.Count);
        Assert.Equal("PAdES-BASELINE-T", signatures[0]!["format"]!.GetValue<string>());
        Assert.False(signatures[0]!["pdf"]!["coversWholeFile"]!.GetValue<bool>());
        Assert.True(signatures[1]!["pdf"]!["coversWholeFile"]!.GetValue<bool>());

        var tampered = (byte[])twice.Clone();
        tampered[twice.AsSpan().IndexOf("2568/001"u8)] ^= 0x01;
        var failed = await VerifyPdfAsync(tampered);
        Assert.Equal("FAILED", failed["indication"]!.GetValue<string>());
        Assert.Equal("HASH_FAILURE", failed["subIndication"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyPdf_SignedByPdfsigWithIssuedCertificate_PassedThenContentByteChangedFailed()
    {
        using var requester = factory.ClientFor("pdf-signing-person", "requester");
        // RSA: poppler 22 sizes /Contents from a trial signature, and a longer ECDSA DER signature then fails to fit.
        openssl.Run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "key.pem").EnsureSuccess();
        openssl.Run("req", "-new", "-key", "key.pem", "-utf8", "-subj", "/CN=สมหญิง รักดี/C=TH", "-out", "req.csr").EnsureSuccess();
        var (pem, _, _) = await requester.IssueAsync(new { profile = "person", csr = File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "req.csr")) });
        openssl.Write("cert.pem", pem);
        openssl.Write("chain.pem", await requester.GetStringAsync("/api/v1/cas/issuing-ca/chain"));
        openssl.Write("root.pem", await requester.GetStringAsync("/api/v1/cas/root-ca/certificate"));
        openssl.Run("pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem", "-certfile", "chain.pem", "-name", "somying", "-passout", "pass:pw", "-out", "signer.p12").EnsureSuccess();
        using var nss = NssDatabase.Trusting(Path.Combine(openssl.WorkingDirectory, "root.pem"));
        nss.ImportPkcs12(Path.Combine(openssl.WorkingDirectory, "signer.p12"), "pw");
        openssl.Write("in.pdf", TestPdfs.Minimal("Contract 42"));

        var signing = await ToolRunner.RunAsync("pdfsig", openssl.WorkingDirectory, "-nssdir", nss.Spec, "-add-signature", "-nick", "somying", "-new-signature-field-name", "PopplerSig", "in.pdf", "out.pdf");
        Assert.True(signing.ExitCode == 0, signing.Output);
        var signed = openssl.Read("out.pdf");

        var report = await VerifyPdfAsync(signed);
        Assert.True(report["indication"]!.GetValue<string>() == "PASSED", report.ToJsonString());
        var signature = Assert.Single(report["signatures"]!.AsArray())!;
        Assert.Equal("PopplerSig", signature["signatureId"]!.GetValue<string>());
        Assert.Contains("สมหญิง รักดี", signature["signer"]!["subject"]!.GetValue<string>());

        var tampered = (byte[])signed.Clone();
        tampered[signed.AsSpan().IndexOf("Contract 42"u8) + 9] = (byte)'7';
        var failed = await VerifyPdfAsync(tampered);
        Assert.Equal("FAILED", failed["indication"]!.GetValue<string>());
    }

    [Fact]
    public async Task SignPdf_BLtAndBLta_ValidatesFromItsDssWithTheCaUnreachable()
    {
        using var admin = factory.AdminClient();
        var signer = await CreateSignerAsync(admin, "long-term seal");
        using (var publish = await admin.PostAsync("/api/v1/cas/issuing-ca/crl", null))
        {
            Assert.True(publish.IsSuccessStatusCode, await publish.Content.ReadAsStringAsync());
        }

        var bt = await SignPdfAsync(admin, signer, TestPdfs.Minimal("Long-term record"), "&level=B-T");
        var blt = await SignPdfAsync(admin, signer, TestPdfs.Minimal("Long-term record"), "&level=B-LT");
        var blta = await SignPdfAsync(admin, signer, TestPdfs.Minimal("Long-term record"), "&level=B-LTA");
        Assert.Contains("/DSS", System.Text.Encoding.Latin1.GetString(blt));
        Assert.Contains("/ETSI.RFC3161", System.Text.Encoding.Latin1.GetString(blta));

        // A relying party elsewhere: trusts our root, but our OCSP responder and CRL distribution point are unreachable.
        var root = new Org.BouncyCastle.X509.X509Certificate(Ca.Core.Common.Pem.DecodeAll(await admin.GetStringAsync("/api/v1/cas/root-ca/certificate"), "CERTIFICATE")[0]);
        var context = new Ca.Core.Validation.TrustContext([new Ca.Core.Validation.ValidationTrustAnchor(root)], [], new Ca.Tests.Documents.Pades.PadesVerifierTests.Unreachable());
        var verifier = new Ca.Core.Documents.Pades.PadesVerifier(new Ca.Core.Documents.CmsSignatureInspector(), new Ca.Core.Validation.SignerValidator(new Ca.Core.Validation.CertificatePathBuilder(), new Ca.Core.Validation.CertificatePathValidator()));

        var offlineBt = await verifier.VerifyAsync(bt, context, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(Ca.Core.Validation.ValidationIndication.Indeterminate, offlineBt.Indication);
        Assert.Equal(Ca.Core.Validation.ValidationSubIndication.TryLater, offlineBt.SubIndication);
        var offlineBlt = await verifier.VerifyAsync(blt, context, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.True(offlineBlt.Indication == Ca.Core.Validation.ValidationIndication.Passed, offlineBlt.Message + string.Join("; ", offlineBlt.Warnings));
        Assert.Equal("PAdES-BASELINE-LT", offlineBlt.Signatures[0].Format);
        var offlineBlta = await verifier.VerifyAsync(blta, context, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.True(offlineBlta.Indication == Ca.Core.Validation.ValidationIndication.Passed, string.Join(" | ", offlineBlta.Signatures.Select(r => $"{r.SignatureId}: {r.Indication} {r.Message}")));
        Assert.Equal("PAdES-BASELINE-LTA", offlineBlta.Signatures[0].Format);
        Assert.Equal(2, offlineBlta.Signatures.Count);

        openssl.Write("blta.pdf", blta);
        var qpdf = await ToolRunner.RunAsync("qpdf", openssl.WorkingDirectory, "--check", "blta.pdf");
        Assert.True(qpdf.ExitCode == 0, qpdf.Output);
        using var nss = NssDatabase.Trusting(openssl.Write("root.pem", await admin.GetStringAsync("/api/v1/cas/root-ca/certificate")));
        var pdfsig = (await ToolRunner.RunAsync("pdfsig", openssl.WorkingDirectory, "-nssdir", nss.Spec, "-no-ocsp", "blta.pdf")).Output;
        Assert.True(pdfsig.Contains("Signature Validation: Signature is Valid.", StringComparison.Ordinal), pdfsig);
    }

    [Theory]
    [InlineData("%PDF-1.7\nnot really")]
    [InlineData("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\nxref\n0 2\n0000000000 65535 f\r\n0000000009 00000 n\r\ntrailer << /Size 2 /Root 1 0 R >>\nstartxref\n52\n%%EOF\n")]
    public async Task SignPdf_BrokenPdf_422Problem(string pdf)
    {
        using var admin = factory.AdminClient();
        var signer = await CreateSignerAsync(admin, "broken pdf seal");
        using var content = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes(pdf));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");

        using var response = await admin.PostAsync($"/api/v1/documents/sign?signerId={signer}", content);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    private static async Task<string> CreateSignerAsync(HttpClient admin, string name)
    {
        var (response, body) = await admin.PostJsonAsync("/api/v1/signers", new
        {
            name,
            subject = new Dictionary<string, string> { ["CN"] = name, ["O"] = "กรมตัวอย่าง", ["C"] = "TH" },
            email = "e-seal@example.go.th", // NSS trusts a PDF signer only with emailProtection, which needs a mailbox
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.Problem());
        return body!["id"]!.GetValue<string>();
    }

    private static async Task<byte[]> SignPdfAsync(HttpClient client, string signerId, byte[] pdf, string query)
    {
        using var content = new ByteArrayContent(pdf);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var response = await client.PostAsync($"/api/v1/documents/sign?signerId={signerId}{query}", content);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<JsonNode> VerifyPdfAsync(byte[] pdf)
    {
        using var anonymous = factory.CreateClient();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(pdf), "signature", "signed.pdf" } };
        using var response = await anonymous.PostAsync("/api/v1/documents/verify", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    private static int CountOf(string text, string what) => text.Split(what).Length - 1;
}
