using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Documents;

/// <summary>
/// Writes DER ContentInfo(SignedData) with the document placed straight into the output array: the
/// small parts are encoded by BouncyCastle, the headers around the content are computed here, so a
/// 25 MB document is copied once instead of through several encoder buffers.
/// </summary>
internal static class SignedDataWriter
{
    private const byte Sequence = 0x30;
    private const byte OctetString = 0x04;
    private const byte ContextZero = 0xA0;

    /// <summary>Fills the content slot of the output; called once with a slice of exactly the content length.</summary>
    public delegate ValueTask ContentFiller(Memory<byte> destination, CancellationToken cancellationToken);

    /// <summary>Encodes the SignedData; with <paramref name="fill"/> null the content is detached.</summary>
    public static async Task<byte[]> WriteAsync(
        AlgorithmIdentifier digestAlgorithm,
        IReadOnlyList<X509Certificate> certificates,
        SignerInfo signerInfo,
        long contentLength,
        ContentFiller? fill,
        CancellationToken cancellationToken)
    {
        // RFC 5652 5.1: version 1 (issuerAndSerialNumber sid, id-data content, X.509 certificates only).
        var version = DerInteger.One.GetDerEncoded();
        var digestAlgorithms = new DerSet(digestAlgorithm).GetDerEncoded();
        var certs = new DerTaggedObject(false, 0, new DerSet(certificates.Select(c => (Asn1Encodable)c.CertificateStructure).ToArray())).GetDerEncoded();
        var signerInfos = new DerSet(signerInfo).GetDerEncoded();
        var dataOid = CmsObjectIdentifiers.Data.GetDerEncoded();
        var signedDataOid = CmsObjectIdentifiers.SignedData.GetDerEncoded();

        var octetLength = fill is null ? 0 : Total(contentLength);
        var explicitContentLength = fill is null ? 0 : Total(octetLength);
        var encapLength = dataOid.Length + explicitContentLength;
        var signedDataLength = version.Length + digestAlgorithms.Length + Total(encapLength) + certs.Length + signerInfos.Length;
        var explicitLength = Total(signedDataLength);
        var contentInfoLength = signedDataOid.Length + Total(explicitLength);
        var total = Total(contentInfoLength);
        if (total > Array.MaxLength)
        {
            throw Common.CaException.Unprocessable("document-too-large", "The document is too large to embed in one signature; sign it detached.");
        }

        var output = new byte[total];
        var at = 0;
        at = Header(output, at, Sequence, contentInfoLength);
        at = Put(output, at, signedDataOid);
        at = Header(output, at, ContextZero, explicitLength);
        at = Header(output, at, Sequence, signedDataLength);
        at = Put(output, at, version);
        at = Put(output, at, digestAlgorithms);
        at = Header(output, at, Sequence, encapLength);
        at = Put(output, at, dataOid);
        if (fill is not null)
        {
            at = Header(output, at, ContextZero, octetLength);
            at = Header(output, at, OctetString, contentLength);
            await fill(output.AsMemory(at, (int)contentLength), cancellationToken).ConfigureAwait(false);
            at += (int)contentLength;
        }

        at = Put(output, at, certs);
        at = Put(output, at, signerInfos);
        System.Diagnostics.Debug.Assert(at == output.Length, "DER length arithmetic is off.");
        return output;
    }

    /// <summary>Length of a TLV whose value has <paramref name="valueLength"/> octets.</summary>
    private static long Total(long valueLength) => 1 + LengthOctets(valueLength) + valueLength;

    private static int LengthOctets(long length)
    {
        if (length < 0x80)
        {
            return 1;
        }

        var count = 1;
        for (var rest = length; rest > 0; rest >>= 8)
        {
            count++;
        }

        return count;
    }

    private static int Header(byte[] output, int at, byte tag, long length)
    {
        output[at++] = tag;
        var octets = LengthOctets(length);
        if (octets == 1)
        {
            output[at++] = (byte)length;
            return at;
        }

        output[at++] = (byte)(0x80 | (octets - 1));
        for (var shift = (octets - 2) * 8; shift >= 0; shift -= 8)
        {
            output[at++] = (byte)(length >> shift);
        }

        return at;
    }

    private static int Put(byte[] output, int at, byte[] part)
    {
        part.CopyTo(output, at);
        return at + part.Length;
    }
}
