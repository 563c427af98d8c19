using Ca.Tests.Support;

namespace Ca.Tests.Mutation;

/// <summary>
/// Mutated PDF and XML documents, signed by the service (to verify) and unsigned (to sign): damaged blindly (a
/// quarter), or in their own syntax: offsets, lengths and byte ranges at edge values, tokens swapped, slices cut or
/// repeated, and pieces made for the format (nesting bombs, broken streams and xrefs; DTDs, entities, wrapping,
/// XSLT transforms, foreign encodings).
/// </summary>
internal static class DocumentCases
{
    private const int MaxBytes = 900_000;

    /// <summary>PDF pieces: deep nesting, loops, broken streams, xref and trailer, another revision.</summary>
    private static readonly string[] PdfFragments =
    [
        new string('[', 20_000), string.Concat(Enumerable.Repeat("<<", 10_000)), "<< /Type /Catalog /Pages 1 0 R >>", "1 0 R", "999999 0 R",
        "\nxref\n0 1\n0000000000 65535 f\r\n", "\nxref\n0 99999999\n", "\nstartxref\n-5\n%%EOF\n", "\nstartxref\n999999999999\n%%EOF\n",
        "\ntrailer\n<< /Size 2147483647 /Root 1 0 R /Prev 0 >>\n", "\ntrailer\n<< /Prev 9 /Root 1 0 R >>\nstartxref\n9\n%%EOF\n",
        "\n1 0 obj\n<< /Length 999999999 >>\nstream\nabc\nendstream\nendobj\n", "\n7 0 obj\n<< /Filter /FlateDecode /Length 4 >>\nstream\nxxxx\nendstream\nendobj\n",
        "\n8 0 obj\n<< /Type /XRef /W [4 4 4] /Size 3 /Index [0 99999999] /Length 0 >>\nstream\n\nendstream\nendobj\n",
        "/ByteRange [0 -1 2147483647 5]", "/ByteRange [0 0 0 0 0 0]", "/ByteRange []", "/Contents <ZZ>", "/Contents <0>", "/Contents ()",
        "/Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached", "/SubFilter /adbe.pkcs7.sha1", "/V 99 0 R",
        "(\\", "(unbalanced", ")", "%", "\u0000", "\r", "/Name#ZZ", "/" + new string('N', 70_000), "-9223372036854775809", "endobj", "stream", "endstream",
    ];

    /// <summary>XML pieces: DTDs and entities, deep nesting, wrapping, hostile algorithms and references.</summary>
    private static readonly string[] XmlFragments =
    [
        "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>",
        "<!DOCTYPE r SYSTEM \"file:///etc/passwd\">", "<!DOCTYPE r [<!ENTITY x SYSTEM \"http://192.0.2.1/x\">]>", "&x;", "&undefined;",
        string.Concat(Enumerable.Repeat("<a>", 50_000)), "<![CDATA[", "]]>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "<?xml version=\"1.1\" encoding=\"EBCDIC-US\"?>",
        "<?xml-stylesheet href=\"http://192.0.2.1/x.xsl\"?>", "<!-- -->", "<!--", "\u0000", "\uFEFF", "&#0;", "&#x110000;", "<",
        "Id=\"xades-sig\"", "Id=\"SignedProperties\"", "ID=\"dup\" Id=\"dup\"", "URI=\"\"", "URI=\"#xpointer(/)\"", "URI=\"http://192.0.2.1/\"", "URI=\"file:///etc/passwd\"",
        "Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\"", "Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\"",
        "Algorithm=\"http://www.w3.org/2000/09/xmldsig#hmac-sha1\"", "Algorithm=\"http://www.w3.org/2000/09/xmldsig#rsa-sha1\"",
        "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo/></ds:Signature>", "<ds:Object xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">",
        "<xsl:stylesheet xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\"><xsl:template match=\"/\"/></xsl:stylesheet>",
        "<ds:HMACOutputLength xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">1</ds:HMACOutputLength>", "!!notbase64==", "====", new string('A', 100_001),
    ];

    public static MutationCase PdfVerify(SeedCorpus seeds, Mutagen m)
    {
        var (name, pdf) = m.Pick(seeds.SignedPdfs);
        m.Note(name);
        var body = Mutate(pdf, m, PdfFragments);
        return Verify(m, body, m.OneIn(15) ? m.Pick(HostileValues.MediaTypes) : "application/pdf");
    }

    public static MutationCase XmlVerify(SeedCorpus seeds, Mutagen m)
    {
        var (name, xml) = m.Pick(seeds.SignedXmls);
        m.Note(name);
        var body = Mutate(xml, m, XmlFragments);
        return Verify(m, body, m.OneIn(15) ? m.Pick(HostileValues.MediaTypes) : m.Pick(["application/xml", "text/xml", "application/xml; charset=utf-16"]));
    }

    public static MutationCase PdfSign(SeedCorpus seeds, Mutagen m)
    {
        var (name, pdf) = m.Pick([.. seeds.Pdfs, .. seeds.SignedPdfs]);
        m.Note(name);
        return Sign(seeds, m, Mutate(pdf, m, PdfFragments), "application/pdf");
    }

    public static MutationCase XmlSign(SeedCorpus seeds, Mutagen m)
    {
        var (name, xml) = m.Pick([.. seeds.Xmls, .. seeds.SignedXmls]);
        m.Note(name);
        return Sign(seeds, m, Mutate(xml, m, XmlFragments), "application/xml");
    }

    private static byte[] Mutate(byte[] document, Mutagen m, IReadOnlyList<string> fragments)
    {
        if (m.OneIn(4))
        {
            m.Note("bytes");
            return m.Damage(document);
        }

        return TextMutations.Mutate(document, m, fragments, MaxBytes);
    }

    private static MutationCase Verify(Mutagen m, byte[] body, string type) =>
        new(m, new FuzzRequest("POST", "/api/v1/documents/verify") { Body = body, ContentType = type, Chunked = m.OneIn(10) }, Answer.Report, ReadOnly: true);

    /// <summary>Signing without a time-stamp (B-B) mostly, so the damage, not the TSA, is what the case exercises.</summary>
    private static MutationCase Sign(SeedCorpus seeds, Mutagen m, byte[] body, string type)
    {
        var query = m.Next(6) switch
        {
            0 => "&level=B-T",
            1 => "&level=B-LT",
            2 => $"&visible=true&page={m.Pick(["1", "0", "-1", "99", "x"])}&x={m.Pick(["10", "-5", "1e308", "NaN"])}&y=10&width={m.Pick(["100", "0", "-1"])}&height=40",
            _ => "&timestamp=false",
        };
        m.Note("query " + query);
        var request = new FuzzRequest("POST", $"/api/v1/documents/sign?signerId={seeds.SignerId}{query}") { Body = body, ContentType = type, ApiKey = PkiApiFactory.AdminKey };
        return new(m, request, Answer.Problem, ReadOnly: false);
    }
}
