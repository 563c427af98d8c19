using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using PkcsObjectIdentifiers = Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.X509;

namespace Ca.Core.Documents.Pades;

/// <summary>One signature (or document time-stamp) field of a PDF, as its dictionary states it.</summary>
/// <param name="FieldName">Fully qualified field name.</param>
/// <param name="Dictionary">The signature dictionary (/V).</param>
/// <param name="ByteRange">The four /ByteRange numbers (empty when malformed).</param>
/// <param name="Contents">The DER in /Contents with its zero padding removed.</param>
/// <param name="Problem">Why the byte range cannot be trusted (gap is not exactly this /Contents, ranges outside the file), or null.</param>
internal sealed record PdfSignatureField(string FieldName, PdfDictionary Dictionary, IReadOnlyList<long> ByteRange, byte[] Contents, string? Problem)
{
    public string SubFilter => Dictionary.Name("SubFilter") ?? "(none)";

    public bool IsDocumentTimeStamp => Dictionary.Name("Type") == "DocTimeStamp" || SubFilter == "ETSI.RFC3161";

    /// <summary>Where the signed revision ends (the end of the second range).</summary>
    public long SignedLength => ByteRange.Count == 4 ? ByteRange[2] + ByteRange[3] : 0;
}

/// <summary>Finds the signatures in a PDF and checks that each byte range is well formed.</summary>
internal static class PdfSignatureReader
{
    public static IReadOnlyList<PdfSignatureField> Read(PdfFile file)
    {
        var result = new List<PdfSignatureField>();
        foreach (var (_, field, name) in PdfDocumentView.Fields(file))
        {
            if (field.Name("FT") != "Sig" || file.Resolve(field["V"]) is not PdfDictionary value)
            {
                continue;
            }

            if (result.Count >= file.Limits.MaxSignatures)
            {
                throw new PdfFormatException($"More than {file.Limits.MaxSignatures} signatures.");
            }

            result.Add(Describe(file, name, value));
        }

        return result.OrderBy(s => s.SignedLength).ToList();
    }

    private static PdfSignatureField Describe(PdfFile file, string name, PdfDictionary value)
    {
        var contents = (value["Contents"] as PdfString)?.Bytes ?? [];
        var der = TrimDer(contents);
        var numbers = (file.Resolve(value["ByteRange"]) as PdfArray)?.Items.Select(i => (file.Resolve(i) as PdfNumber)?.AsLong).ToList();
        if (numbers is not { Count: 4 } || numbers.Any(n => n is null or < 0))
        {
            return new PdfSignatureField(name, value, [], der, "The /ByteRange is not four non-negative numbers.");
        }

        var range = numbers.Select(n => n!.Value).ToList();
        var (a, b, c, d) = (range[0], range[1], range[2], range[3]);
        var length = file.Data.Length;
        string? problem = null;
        if (a != 0)
        {
            problem = "The byte range does not start at the beginning of the file.";
        }
        else if (b > c || c + d > length || b > length)
        {
            problem = "The byte range reaches outside the file or overlaps itself.";
        }
        else
        {
            // The gap must be exactly this dictionary's /Contents hex string, '<' and '>' included.
            var gap = file.Data.Span[(int)b..(int)c];
            var hex = gap.Length >= 2 && gap[0] == '<' && gap[^1] == '>' ? gap[1..^1] : default;
            if (hex.IsEmpty || hex.ContainsAnyExcept("0123456789abcdefABCDEF \r\n\t"u8) || !SameHex(hex, contents))
            {
                problem = "The bytes left out of the byte range are not exactly the signature's /Contents.";
            }
        }

        return new PdfSignatureField(name, value, range, der, problem);
    }

    /// <summary>The signed bytes of a field: the two ranges joined.</summary>
    public static byte[] SignedBytes(PdfFile file, PdfSignatureField field)
    {
        var (b, c, d) = ((int)field.ByteRange[1], (int)field.ByteRange[2], (int)field.ByteRange[3]);
        var signed = new byte[b + d];
        file.Data.Span[..b].CopyTo(signed);
        file.Data.Span.Slice(c, d).CopyTo(signed.AsSpan(b));
        return signed;
    }

    /// <summary>The certificates of every time-stamp token in the file (signature time-stamps and document time-stamps), for B-LT material.</summary>
    public static IEnumerable<X509Certificate> TimeStampCertificates(PdfFile file)
    {
        var certificates = new List<X509Certificate>();
        foreach (var field in Read(file))
        {
            try
            {
                if (field.IsDocumentTimeStamp)
                {
                    certificates.AddRange(new TimeStampToken(ContentInfo.GetInstance(Asn1Object.FromByteArray(field.Contents))).GetCertificates().EnumerateMatches(null));
                    continue;
                }

                var signedData = SignedData.GetInstance(ContentInfo.GetInstance(Asn1Object.FromByteArray(field.Contents)).Content);
                foreach (var info in signedData.SignerInfos.Cast<Asn1Encodable>().Select(SignerInfo.GetInstance))
                {
                    var token = info.UnsignedAttrs is null ? null : new AttributeTable(info.UnsignedAttrs)[PkcsObjectIdentifiers.IdAASignatureTimeStampToken];
                    if (token is not null)
                    {
                        certificates.AddRange(new TimeStampToken(ContentInfo.GetInstance(token.AttrValues[0])).GetCertificates().EnumerateMatches(null));
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A broken token contributes no certificates; verification reports it.
            }
        }

        return certificates;
    }

    /// <summary>/Contents is zero-padded: keep exactly one DER object (its length comes from its header).</summary>
    public static byte[] TrimDer(byte[] contents)
    {
        if (contents.Length < 2 || contents[0] != 0x30)
        {
            return contents;
        }

        long length;
        int header;
        if (contents[1] < 0x80)
        {
            (length, header) = (contents[1], 2);
        }
        else
        {
            var octets = contents[1] & 0x7F;
            if (octets is 0 or > 4 || contents.Length < 2 + octets)
            {
                return contents;
            }

            length = 0;
            for (var i = 0; i < octets; i++)
            {
                length = (length << 8) | contents[2 + i];
            }

            header = 2 + octets;
        }

        return header + length <= contents.Length ? contents.AsSpan(0, (int)(header + length)).ToArray() : contents;
    }

    private static bool SameHex(ReadOnlySpan<byte> hex, byte[] bytes)
    {
        var clean = new List<byte>(hex.Length);
        foreach (var h in hex)
        {
            if (!PdfParser.IsWhite(h))
            {
                clean.Add(h);
            }
        }

        return clean.Count == bytes.Length * 2 || (clean.Count == (bytes.Length * 2) - 1);
    }
}
