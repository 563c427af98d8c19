using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ca.Tests.Support;
using Ca.Tests.Support.Documents;

namespace Ca.Tests.Api;

/// <summary>XML signing and verification over the real HTTP pipeline; xmlsec1 judges ours and signs one for us to verify.</summary>
public sealed class XmlDocumentsApiTests : IClassFixture<DocumentsApiFactory>, IDisposable
{
    private static readonly byte[] Invoice = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "documents", "etax-invoice.xml"));
    private readonly DocumentsApiFactory factory;
    private readonly OpenSslCli openssl = new();

    public XmlDocumentsApiTests(DocumentsApiFactory factory) => this.factory = factory;

    public void Dispose() => openssl.Dispose();

    [Fact]
    public async Task SignXml_EtaxInvoice_Xmlsec1VerifiesServicePassedThenChangedElementHashFailure()
    {
        using var admin = factory.AdminClient();
        var (created, body) = await admin.PostJsonAsync("/api/v1/signers", new { name = "e-tax seal", subject = new Dictionary<string, string> { ["CN"] = "e-Tax seal", ["O"] = "บริษัท ตัวอย่าง จำกัด", ["C"] = "TH" } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, body.Problem());
        using var content = new ByteArrayContent(Invoice);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");

        using var response = await admin.PostAsync($"/api/v1/documents/sign?signerId={body!["id"]!.GetValue<string>()}", content);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        var signed = await response.Content.ReadAsByteArrayAsync();
        openssl.Write("signed.xml", signed);
        openssl.Write("root.pem", await admin.GetStringAsync("/api/v1/cas/root-ca/certificate"));
        openssl.Write("issuing.pem", await admin.GetStringAsync("/api/v1/cas/issuing-ca/certificate"));
        var xmlsec = await ToolRunner.RunAsync("xmlsec1", openssl.WorkingDirectory, "--verify", "--trusted-pem", "root.pem", "--untrusted-pem", "issuing.pem",
            "--id-attr:Id", "http://uri.etsi.org/01903/v1.3.2#:SignedProperties", "signed.xml");
        Assert.True(xmlsec.ExitCode == 0, xmlsec.Output);

        var report = await VerifyAsync(signed, "application/xml");
        Assert.True(report["indication"]!.GetValue<string>() == "PASSED", report.ToJsonString());
        Assert.Equal("XAdES-BASELINE-T", report["signatures"]![0]!["format"]!.GetValue<string>());
        Assert.NotNull(report["timestampTime"]);

        var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(signed).Replace("บริการให้คำปรึกษา", "บริการอื่น", StringComparison.Ordinal));
        var failed = await VerifyAsync(changed, "application/xml");
        Assert.Equal("FAILED", failed["indication"]!.GetValue<string>());
        Assert.Equal("HASH_FAILURE", failed["subIndication"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyXml_SignedByXmlsec1WithIssuedCertificate_PassedWithNoXadesWarningThenChangedHashFailure()
    {
        using var requester = factory.ClientFor("xml-signing-person", "requester");
        openssl.Run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "key.pem").EnsureSuccess();
        openssl.Run("req", "-new", "-key", "key.pem", "-utf8", "-subj", "/CN=สมศักดิ์ ลงนาม/C=TH", "-out", "req.csr").EnsureSuccess();
        var (pem, _, _) = await requester.IssueAsync(new { profile = "person", csr = File.ReadAllText(Path.Combine(openssl.WorkingDirectory, "req.csr")) });
        openssl.Write("cert.pem", pem);
        var invoice = Encoding.UTF8.GetString(Invoice);
        var template = invoice.Replace("</rsm:TaxInvoice_CrossIndustryInvoice>",
            "<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"><SignedInfo><CanonicalizationMethod Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/>"
            + "<SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/><Reference URI=\"\"><Transforms><Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/></Transforms>"
            + "<DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><DigestValue/></Reference></SignedInfo><SignatureValue/><KeyInfo><X509Data/></KeyInfo></Signature></rsm:TaxInvoice_CrossIndustryInvoice>",
            StringComparison.Ordinal);
        openssl.Write("template.xml", template);
        var signing = await ToolRunner.RunAsync("xmlsec1", openssl.WorkingDirectory, "--sign", "--privkey-pem", "key.pem,cert.pem", "--output", "signed.xml", "template.xml");
        Assert.True(signing.ExitCode == 0, signing.Output);
        var signed = openssl.Read("signed.xml");

        var report = await VerifyAsync(signed, "application/xml");
        Assert.True(report["indication"]!.GetValue<string>() == "PASSED", report.ToJsonString());
        var signature = Assert.Single(report["signatures"]!.AsArray())!;
        Assert.Equal("XMLDSig", signature["format"]!.GetValue<string>());
        Assert.Contains(signature["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("no XAdES", StringComparison.Ordinal));
        Assert.Contains("สมศักดิ์ ลงนาม", signature["signer"]!["subject"]!.GetValue<string>());

        var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(signed).Replace("INV2568-0001", "INV2568-0002", StringComparison.Ordinal));
        var failed = await VerifyAsync(changed, "application/xml");
        Assert.Equal("FAILED", failed["indication"]!.GetValue<string>());
        Assert.Equal("HASH_FAILURE", failed["subIndication"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyXml_ExternalEntity_FormatFailureReportNot5xx()
    {
        var report = await VerifyAsync("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>"u8.ToArray(), "application/xml");

        Assert.Equal("FAILED", report["indication"]!.GetValue<string>());
        Assert.Equal("FORMAT_FAILURE", report["subIndication"]!.GetValue<string>());
        Assert.DoesNotContain("root:", report.ToJsonString());
    }

    private async Task<JsonNode> VerifyAsync(byte[] document, string contentType)
    {
        using var anonymous = factory.CreateClient();
        using var content = new ByteArrayContent(document);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await anonymous.PostAsync("/api/v1/documents/verify", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }
}
