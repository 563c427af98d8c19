using System.Text;
using System.Xml;
using Ca.Core.Documents.Xades;
using Ca.Core.Keys;
using Ca.Core.Validation;
using Ca.Tests.Documents.Pades;
using Ca.Tests.Support.Documents;

namespace Ca.Tests.Documents.Xades;

/// <summary>XML signatures: core, XAdES properties, and the hostile cases (wrapping, DTDs).</summary>
public sealed class XadesVerifierTests
{
    private static readonly DocumentPki Pki = DocumentPki.Shared;

    private static Task<ValidationReport> VerifyAsync(byte[] xml) =>
        new XadesVerifier(new SignerValidator(new CertificatePathBuilder(), new CertificatePathValidator()))
            .VerifyAsync(xml, PadesVerifierTests.Context(), Pki.Now.AddMinutes(5), CancellationToken.None);

    [Fact]
    public async Task VerifyAsync_OurXadesT_PassedAtTimeStampTime()
    {
        var signed = await XadesSignerTests.Signer().SignAsync(XadesSignerTests.Invoice, Pki.EcSigner, timestamp: true, CancellationToken.None);

        var report = await VerifyAsync(signed);

        Assert.True(report.Indication == ValidationIndication.Passed, report.Message);
        Assert.Equal("XAdES-BASELINE-T", report.Format);
        Assert.Equal(Pki.Now, report.TimestampTime);
        Assert.Equal(Pki.Now, report.SigningTime);
        Assert.True(report.Xml!.HasXadesProperties);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public async Task VerifyAsync_AmountChanged_FailedHashFailure()
    {
        var signed = Encoding.UTF8.GetString(await XadesSignerTests.Signer().SignAsync(XadesSignerTests.Invoice, Pki.RsaSigner, timestamp: false, CancellationToken.None));

        var report = await VerifyAsync(Encoding.UTF8.GetBytes(signed.Replace("<ram:GrandTotalAmount>1070.00", "<ram:GrandTotalAmount>1.00", StringComparison.Ordinal)));

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Equal(ValidationSubIndication.HashFailure, report.SubIndication);
    }

    [Fact]
    public async Task VerifyAsync_SignatureValueChanged_FailedSigCryptoFailure()
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(Encoding.UTF8.GetString(await XadesSignerTests.Signer().SignAsync(XadesSignerTests.Invoice, Pki.EcSigner, timestamp: false, CancellationToken.None)));
        var value = document.GetElementsByTagName("SignatureValue", "http://www.w3.org/2000/09/xmldsig#")[0]!;
        var bytes = Convert.FromBase64String(value.InnerText);
        bytes[5] ^= 0x01;
        value.InnerText = Convert.ToBase64String(bytes);

        var report = await VerifyAsync(Encoding.UTF8.GetBytes(document.OuterXml));

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Equal(ValidationSubIndication.SigCryptoFailure, report.SubIndication);
    }

    [Fact]
    public async Task VerifyAsync_SignedElementMovedIntoObjectAndReplaced_FailedWrapping()
    {
        // A signature over <Order Id="order"> by Id; the attacker parks the signed order inside ds:Object
        // (so the digest still matches) and puts a different order where readers look.
        var original = "<Root><Order Id=\"order\"><Amount>100</Amount></Order></Root>";
        var signed = SignByIdWithSignedXml(original, "order");
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(signed);
        var order = (XmlElement)document.DocumentElement!.FirstChild!;
        var signature = (XmlElement)document.GetElementsByTagName("Signature", "http://www.w3.org/2000/09/xmldsig#")[0]!;
        var holder = document.CreateElement("Object", "http://www.w3.org/2000/09/xmldsig#");
        signature.AppendChild(holder);
        holder.AppendChild(order);
        var evil = document.CreateElement("Order");
        evil.InnerXml = "<Amount>100000</Amount>";
        document.DocumentElement.PrependChild(evil);

        var report = await VerifyAsync(Encoding.UTF8.GetBytes(document.OuterXml));

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Contains("wrapping", report.Message);
    }

    [Fact]
    public async Task VerifyAsync_DuplicatedSignedId_FailedWrapping()
    {
        var signed = SignByIdWithSignedXml("<Root><Order Id=\"order\"><Amount>100</Amount></Order></Root>", "order");

        var report = await VerifyAsync(Encoding.UTF8.GetBytes(signed.Replace("<Root>", "<Root><Order Id=\"order\"><Amount>9</Amount></Order>", StringComparison.Ordinal)));

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Contains("more than once", report.Message);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><r>&b;</r>")]
    [InlineData("<r><unclosed></r>")]
    public async Task VerifyAsync_DtdOrBrokenXml_FailedFormatFailure(string xml)
    {
        var report = await VerifyAsync(Encoding.UTF8.GetBytes(xml));

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Equal(ValidationSubIndication.FormatFailure, report.SubIndication);
    }

    [Fact]
    public async Task VerifyAsync_NestedTooDeep_FailedFormatFailureWithoutStackOverflow()
    {
        var deep = string.Concat(Enumerable.Repeat("<a>", 100_000)) + string.Concat(Enumerable.Repeat("</a>", 100_000));

        var report = await VerifyAsync(Encoding.UTF8.GetBytes(deep));

        Assert.Equal(ValidationSubIndication.FormatFailure, report.SubIndication);
        Assert.Contains("deeper", report.Message);
    }

    /// <summary>A detached-by-Id XMLDSig signature made with SignedXml itself (RSA), placed as the root's last child.</summary>
    private static string SignByIdWithSignedXml(string xml, string id)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(xml);
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Pki.RsaSigner.Certificate.GetEncoded());
        using var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportPkcs8PrivateKey(((SigningKey)Pki.RsaSigner.Key).ExportPkcs8(), out _);
        var signedXml = new System.Security.Cryptography.Xml.SignedXml(document) { SigningKey = rsa };
        var reference = new System.Security.Cryptography.Xml.Reference("#" + id);
        reference.AddTransform(new System.Security.Cryptography.Xml.XmlDsigExcC14NTransform());
        signedXml.AddReference(reference);
        signedXml.SignedInfo!.CanonicalizationMethod = System.Security.Cryptography.Xml.SignedXml.XmlDsigExcC14NTransformUrl;
        var keyInfo = new System.Security.Cryptography.Xml.KeyInfo();
        keyInfo.AddClause(new System.Security.Cryptography.Xml.KeyInfoX509Data(certificate));
        signedXml.KeyInfo = keyInfo;
        signedXml.ComputeSignature();
        document.DocumentElement!.AppendChild(document.ImportNode(signedXml.GetXml(), true));
        return document.OuterXml;
    }
}
