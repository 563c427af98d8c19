using System.Xml;
using Ca.Core.Documents.Xades;

namespace Ca.Tests.Documents.Xades;

/// <summary>
/// What the archive time-stamp input (EN 319 132-1 5.5.2.2) cannot recompute is said to be unsupported, not
/// malformed: the verifier then reports the stamp INDETERMINATE, so another tool's valid B-LTA document is not
/// called FAILED for a transform this service does not implement.
/// </summary>
public sealed class ArchiveTimeStampInputTests
{
    private const string Ds = "http://www.w3.org/2000/09/xmldsig#";

    [Fact]
    public void Compute_ReferenceWithXPathTransform_NotSupported()
    {
        var signature = Signature("""<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><ds:XPath>not(ancestor-or-self::ds:Signature)</ds:XPath></ds:Transform></ds:Transforms></ds:Reference>""");

        var e = Assert.Throws<NotSupportedException>(() => ArchiveTimeStampInput.Compute(signature, [], "http://www.w3.org/2001/10/xml-exc-c14n#"));

        Assert.Contains("REC-xpath-19991116", e.Message);
    }

    [Fact]
    public void Compute_EnvelopedReferenceToAnElementEnclosingTheSignature_NotSupported()
    {
        var signature = Signature("""<ds:Reference URI="#invoice"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms></ds:Reference>""");

        var e = Assert.Throws<NotSupportedException>(() => ArchiveTimeStampInput.Compute(signature, [], "http://www.w3.org/2001/10/xml-exc-c14n#"));

        Assert.Contains("encloses the signature", e.Message);
    }

    [Fact]
    public void Compute_ReferenceToNothing_MalformedNotUnsupported()
    {
        var signature = Signature("""<ds:Reference URI="#nowhere"/>""");

        Assert.Throws<XmlException>(() => ArchiveTimeStampInput.Compute(signature, [], "http://www.w3.org/2001/10/xml-exc-c14n#"));
    }

    private static XmlElement Signature(string reference)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.LoadXml($"""<Invoice Id="invoice"><Total>107.00</Total><ds:Signature xmlns:ds="{Ds}"><ds:SignedInfo>{reference}</ds:SignedInfo><ds:SignatureValue>AA==</ds:SignatureValue></ds:Signature></Invoice>""");
        return (XmlElement)document.GetElementsByTagName("Signature", Ds)[0]!;
    }
}
