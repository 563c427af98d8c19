using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using Ca.Core.Common;
using Ca.Core.Documents.Xades;
using Ca.Core.Validation;
using Ca.Core.Validation.Policy;
using Ca.Tests.Documents.Pades;
using Ca.Tests.Support;
using Ca.Tests.Support.Documents;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Tests.Api;

/// <summary>
/// Long-term XAdES (EN 319 132-1 B-LT, B-LTA) on the Thai e-Tax invoice sample, signed through the API:
/// xmlsec1 still verifies the core, openssl judges the embedded OCSP responses and CRLs, and a relying party
/// whose revocation sources are all unreachable validates from the embedded values alone.
/// </summary>
public sealed class XmlLongTermApiTests : IClassFixture<DocumentsApiFactory>, IDisposable
{
    private const string XadesNs = "http://uri.etsi.org/01903/v1.3.2#";
    private const string Xades141Ns = "http://uri.etsi.org/01903/v1.4.1#";
    private static readonly byte[] Invoice = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "documents", "etax-invoice.xml"));
    private readonly DocumentsApiFactory factory;
    private readonly OpenSslCli openssl = new();

    public XmlLongTermApiTests(DocumentsApiFactory factory) => this.factory = factory;

    public void Dispose() => openssl.Dispose();

    [Fact]
    public async Task SignXml_BLtAndBLta_Xmlsec1VerifiesAndOpensslAcceptsEmbeddedOcspAndCrl()
    {
        using var admin = factory.AdminClient();
        var signer = await PrepareSignerAsync(admin, "e-Tax long-term seal");

        var blt = await SignXmlAsync(admin, signer, "&level=B-LT");
        var blta = await SignXmlAsync(admin, signer, "&level=B-LTA");

        openssl.Write("root.pem", await admin.GetStringAsync("/api/v1/cas/root-ca/certificate"));
        openssl.Write("issuing.pem", await admin.GetStringAsync("/api/v1/cas/issuing-ca/certificate"));
        openssl.Write("chain.pem", await admin.GetStringAsync("/api/v1/cas/root-ca/certificate") + await admin.GetStringAsync("/api/v1/cas/issuing-ca/certificate"));
        foreach (var (name, xml) in new[] { ("blt.xml", blt), ("blta.xml", blta) })
        {
            openssl.Write(name, xml);
            var xmlsec = await ToolRunner.RunAsync("xmlsec1", openssl.WorkingDirectory, "--verify", "--trusted-pem", "root.pem", "--untrusted-pem", "issuing.pem",
                "--id-attr:Id", XadesNs + ":SignedProperties", name);
            Assert.True(xmlsec.ExitCode == 0, name + ": " + xmlsec.Output);
        }

        var document = Load(blta);
        Assert.Single(document.GetElementsByTagName("ArchiveTimeStamp", Xades141Ns).Cast<XmlElement>());
        Assert.NotEmpty(Values(document, "EncapsulatedX509Certificate"));
        var signerSerial = SignerCertificate(blt).SerialNumber.ToString(16);

        // Our responder signed a response saying good for the signer's serial.
        var ocsps = Values(Load(blt), "EncapsulatedOCSPValue");
        Assert.NotEmpty(ocsps);
        var saysGood = false;
        for (var i = 0; i < ocsps.Count; i++)
        {
            openssl.Write($"ocsp{i}.der", ocsps[i]);
            var check = openssl.Run("ocsp", "-respin", $"ocsp{i}.der", "-issuer", "issuing.pem", "-serial", "0x" + signerSerial, "-CAfile", "chain.pem");
            if (check.ExitCode == 0 && check.Output.Contains("Response verify OK", StringComparison.Ordinal) && check.Output.Contains($"0x{signerSerial}: good", StringComparison.OrdinalIgnoreCase))
            {
                saysGood = true;
            }
        }

        Assert.True(saysGood, $"no embedded OCSP response verified by openssl says good for 0x{signerSerial}");

        // The issuing CA's CRL, signed by it.
        var crls = Values(Load(blt), "EncapsulatedCRLValue");
        Assert.NotEmpty(crls);
        var crlVerified = false;
        for (var i = 0; i < crls.Count; i++)
        {
            openssl.Write($"crl{i}.der", crls[i]);
            var check = openssl.Run("crl", "-inform", "DER", "-in", $"crl{i}.der", "-CAfile", "chain.pem", "-noout", "-issuer");
            crlVerified |= check.ExitCode == 0 && check.Output.Contains("verify OK", StringComparison.Ordinal) && check.Output.Contains("Issuing", StringComparison.OrdinalIgnoreCase);
        }

        Assert.True(crlVerified, "no embedded CRL of the issuing CA verified by openssl");

        var online = await VerifyAsync(blta);
        Assert.True(online["indication"]!.GetValue<string>() == "PASSED", online.ToJsonString());
        Assert.Equal("XAdES-BASELINE-LTA", online["signatures"]![0]!["format"]!.GetValue<string>());
    }

    [Fact]
    public async Task VerifyXml_RevocationSourcesUnreachable_BLtPassedFromEmbeddedValuesWhileBtIndeterminate()
    {
        using var admin = factory.AdminClient();
        var signer = await PrepareSignerAsync(admin, "e-Tax offline seal");
        var bt = await SignXmlAsync(admin, signer, "");
        var blt = await SignXmlAsync(admin, signer, "&level=B-LT");
        var blta = await SignXmlAsync(admin, signer, "&level=B-LTA");
        var root = await RootAsync(admin);

        var offlineBt = await VerifyOfflineAsync(bt, root);
        Assert.Equal(ValidationIndication.Indeterminate, offlineBt.Indication);
        Assert.Equal(ValidationSubIndication.TryLater, offlineBt.SubIndication);
        Assert.Equal("XAdES-BASELINE-T", offlineBt.Format);

        var offlineBlt = await VerifyOfflineAsync(blt, root);
        Assert.True(offlineBlt.Indication == ValidationIndication.Passed, offlineBlt.Message + " | " + string.Join("; ", offlineBlt.Revocation.Select(r => $"{r.Certificate?.Subject}: {r.Status} {r.Detail}")));
        Assert.Equal("XAdES-BASELINE-LT", offlineBlt.Format);
        Assert.NotNull(offlineBlt.TimestampTime);
        var signerSerial = CertificateIdentity.From(SignerCertificate(blt)).SerialNumber;
        var signerAnswer = Assert.Single(offlineBlt.Revocation, r => r.Certificate?.SerialNumber == signerSerial);
        Assert.Equal(RevocationStatus.Good, signerAnswer.Status);
        Assert.Equal(RevocationOrigin.Document, signerAnswer.Source!.Origin);
        Assert.NotNull(signerAnswer.Source.ProducedAt); // the embedded OCSP response answered
        Assert.All(offlineBlt.Revocation, r => Assert.Equal(RevocationOrigin.Document, r.Source?.Origin));

        var offlineBlta = await VerifyOfflineAsync(blta, root);
        Assert.True(offlineBlta.Indication == ValidationIndication.Passed, string.Join(" | ", offlineBlta.Signatures.Select(r => $"{r.SignatureId}: {r.Indication} {r.Message}")));
        Assert.Equal(2, offlineBlta.Signatures.Count);
        Assert.Equal("XAdES-BASELINE-LTA", offlineBlta.Signatures[0].Format);
        Assert.Equal("XAdES archive time-stamp", offlineBlta.Signatures[1].Format);
        Assert.EndsWith("/archive-timestamp-1", offlineBlta.Signatures[1].SignatureId, StringComparison.Ordinal);
        Assert.Equal(ValidationIndication.Passed, offlineBlta.Signatures[1].Indication);
        Assert.NotNull(offlineBlta.Signatures[1].TimestampTime);
    }

    [Fact]
    public async Task VerifyXml_BLtWithTamperedOcspValues_OcspNotUsedAsProof()
    {
        using var admin = factory.AdminClient();
        var signer = await PrepareSignerAsync(admin, "e-Tax tampered seal");
        var blt = await SignXmlAsync(admin, signer, "&level=B-LT");
        var root = await RootAsync(admin);
        var signerSerial = CertificateIdentity.From(SignerCertificate(blt)).SerialNumber;

        var document = Load(blt);
        var signersResponse = document.GetElementsByTagName("EncapsulatedOCSPValue", XadesNs).Cast<XmlElement>()
            .Single(e => AnswersFor(Convert.FromBase64String(e.InnerText), SignerCertificate(blt)));
        signersResponse.InnerText = Convert.ToBase64String(ChangeProducedAt(Convert.FromBase64String(signersResponse.InnerText)));

        // With the CRLs beside them, the signer is answered by its CRL, never by the altered response.
        var withCrls = await VerifyOfflineAsync(Save(document), root);
        var crlAnswer = Assert.Single(withCrls.Revocation, r => r.Certificate?.SerialNumber == signerSerial);
        Assert.Null(crlAnswer.Source?.ProducedAt);
        Assert.NotNull(crlAnswer.Source?.CrlNumber);

        // Without them, nothing proves the signer's status: the altered response is not evidence (the CA's intact one still is).
        foreach (var crls in document.GetElementsByTagName("CRLValues", XadesNs).Cast<XmlElement>().ToList())
        {
            crls.ParentNode!.RemoveChild(crls);
        }

        var ocspOnly = await VerifyOfflineAsync(Save(document), root);
        Assert.Equal(ValidationIndication.Indeterminate, ocspOnly.Indication);
        Assert.Equal(ValidationSubIndication.TryLater, ocspOnly.SubIndication);
        var noAnswer = Assert.Single(ocspOnly.Revocation, r => r.Certificate?.SerialNumber == signerSerial);
        Assert.Equal(RevocationStatus.Unknown, noAnswer.Status);
        Assert.Null(noAnswer.Source);
        Assert.Contains(ocspOnly.Revocation, r => r.Status == RevocationStatus.Good && r.Source?.Origin == RevocationOrigin.Document);
    }

    [Fact]
    public async Task VerifyXml_BLtaValidationDataChangedAfterArchiveTimeStamp_ArchiveTimeStampHashFailure()
    {
        using var admin = factory.AdminClient();
        var signer = await PrepareSignerAsync(admin, "e-Tax archive seal");
        var document = Load(await SignXmlAsync(admin, signer, "&level=B-LTA"));
        var crls = document.GetElementsByTagName("CRLValues", XadesNs).Cast<XmlElement>().Single();
        crls.ParentNode!.RemoveChild(crls);

        var report = await VerifyOfflineAsync(Save(document), await RootAsync(admin));

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        var archive = Assert.Single(report.Signatures, r => r.Format == "XAdES archive time-stamp");
        Assert.Equal(ValidationIndication.Failed, archive.Indication);
        Assert.Equal(ValidationSubIndication.HashFailure, archive.SubIndication);
        Assert.Equal("XAdES-BASELINE-LT", report.Signatures[0].Format);
    }

    [Fact]
    public async Task VerifyXml_BLtWithEntityInRevocationValues_FormatFailureNot5xx()
    {
        using var admin = factory.AdminClient();
        var signer = await PrepareSignerAsync(admin, "e-Tax hostile seal");
        var text = Encoding.UTF8.GetString(await SignXmlAsync(admin, signer, "&level=B-LT"));
        var start = text.IndexOf("<xades:EncapsulatedOCSPValue>", StringComparison.Ordinal) + "<xades:EncapsulatedOCSPValue>".Length;
        var hostile = "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + text.Remove(start, 4).Insert(start, "&x;");
        hostile = hostile.Replace("<?xml version=\"1.0\" encoding=\"utf-8\"?><!DOCTYPE", "<!DOCTYPE", StringComparison.Ordinal);

        var report = await VerifyAsync(Encoding.UTF8.GetBytes(hostile));

        Assert.Equal("FAILED", report["indication"]!.GetValue<string>());
        Assert.Equal("FORMAT_FAILURE", report["subIndication"]!.GetValue<string>());
        Assert.DoesNotContain("root:", report.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyXml_BLtWithThousandsOfJunkRevocationValues_BoundedAndStillPassed()
    {
        using var admin = factory.AdminClient();
        var signer = await PrepareSignerAsync(admin, "e-Tax junk seal");
        var text = Encoding.UTF8.GetString(await SignXmlAsync(admin, signer, "&level=B-LT"));
        var junk = string.Concat(Enumerable.Repeat("<xades:EncapsulatedOCSPValue>MAMCAQA=</xades:EncapsulatedOCSPValue><xades:EncapsulatedOCSPValue>not base64!</xades:EncapsulatedOCSPValue>", 2_500));
        var crlJunk = string.Concat(Enumerable.Repeat("<xades:EncapsulatedCRLValue>MAA=</xades:EncapsulatedCRLValue>", 2_500));
        var hostile = text.Replace("<xades:OCSPValues>", "<xades:OCSPValues>" + junk, StringComparison.Ordinal)
            .Replace("<xades:CRLValues>", "<xades:CRLValues>" + crlJunk, StringComparison.Ordinal);
        Assert.NotEqual(text, hostile);

        var report = await VerifyAsync(Encoding.UTF8.GetBytes(hostile));

        // The unsigned values are not signed, so junk there does not touch the signature; our own database answers online.
        Assert.True(report["indication"]!.GetValue<string>() == "PASSED", report.ToJsonString());
    }

    /// <summary>A signer, with the issuing CA's CRL published so B-LT can embed it.</summary>
    private static async Task<string> PrepareSignerAsync(HttpClient admin, string name)
    {
        var (created, body) = await admin.PostJsonAsync("/api/v1/signers", new { name, subject = new Dictionary<string, string> { ["CN"] = name, ["O"] = "บริษัท ตัวอย่าง จำกัด", ["C"] = "TH" } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, body.Problem());
        foreach (var ca in new[] { "root-ca", "issuing-ca" })
        {
            using var publish = await admin.PostAsync($"/api/v1/cas/{ca}/crl", null);
            Assert.True(publish.IsSuccessStatusCode, await publish.Content.ReadAsStringAsync());
        }

        return body!["id"]!.GetValue<string>();
    }

    private static async Task<byte[]> SignXmlAsync(HttpClient admin, string signerId, string query)
    {
        using var content = new ByteArrayContent(Invoice);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        using var response = await admin.PostAsync($"/api/v1/documents/sign?signerId={signerId}{query}", content);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<JsonNode> VerifyAsync(byte[] xml)
    {
        using var anonymous = factory.CreateClient();
        using var content = new ByteArrayContent(xml);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        using var response = await anonymous.PostAsync("/api/v1/documents/verify", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    private static async Task<BcCertificate> RootAsync(HttpClient admin) =>
        new(Pem.DecodeAll(await admin.GetStringAsync("/api/v1/cas/root-ca/certificate"), "CERTIFICATE")[0]);

    /// <summary>A relying party elsewhere: trusts our root, but every OCSP responder and CRL distribution point is unreachable.</summary>
    private static async Task<ValidationReport> VerifyOfflineAsync(byte[] xml, BcCertificate root)
    {
        var recorder = new RequestRevocationChecker(new PadesVerifierTests.Unreachable(), RevocationMode.Require, TimeSpan.FromMinutes(5), TimeProvider.System);
        var context = new TrustContext([new ValidationTrustAnchor(root)], [], recorder) { Recorder = recorder };
        var verifier = new XadesVerifier(new SignerValidator(new CertificatePathBuilder(), new CertificatePathValidator()));
        return context.Describe(await verifier.VerifyAsync(xml, context, DateTimeOffset.UtcNow, CancellationToken.None));
    }

    private static BcCertificate SignerCertificate(byte[] xml) =>
        new(Convert.FromBase64String(Load(xml).GetElementsByTagName("X509Certificate", "http://www.w3.org/2000/09/xmldsig#")[0]!.InnerText));

    private static List<byte[]> Values(XmlDocument document, string name) =>
        document.GetElementsByTagName(name, XadesNs).Cast<XmlElement>().Select(e => Convert.FromBase64String(e.InnerText)).ToList();

    private static bool AnswersFor(byte[] response, BcCertificate certificate) =>
        ((Org.BouncyCastle.Ocsp.BasicOcspResp)new Org.BouncyCastle.Ocsp.OcspResp(response).GetResponseObject()).Responses
            .Any(r => r.GetCertID().SerialNumber.Equals(certificate.SerialNumber));

    /// <summary>One digit of producedAt changed: still DER, but no longer what the responder signed.</summary>
    private static byte[] ChangeProducedAt(byte[] response)
    {
        var changed = (byte[])response.Clone();
        var at = changed.AsSpan().IndexOf(new byte[] { 0x18, 0x0F });
        Assert.True(at > 0, "no GeneralizedTime in the OCSP response");
        var digit = at + 2 + 13;
        changed[digit] = changed[digit] == (byte)'0' ? (byte)'1' : (byte)'0';
        return changed;
    }

    private static XmlDocument Load(byte[] xml)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.LoadXml(Encoding.UTF8.GetString(xml));
        return document;
    }

    private static byte[] Save(XmlDocument document) => Encoding.UTF8.GetBytes(document.OuterXml);
}
