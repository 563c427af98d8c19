using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Ocsp;

/// <summary>
/// Parses untrusted request DER without letting any parser exception escape: everything that is not a
/// well-formed OCSPRequest with 1..max CertIDs and an acceptable nonce is simply "malformed".
/// </summary>
internal static class OcspRequestReader
{
    /// <summary>RFC 8954 2.1: a nonce is 1 to 32 octets.</summary>
    public const int MaxNonceLength = 32;

    /// <summary>The parsed request, or null when the responder must answer malformedRequest.</summary>
    public static ParsedOcspRequest? TryRead(byte[] der, int maxCertIds)
    {
        if (der.Length == 0)
        {
            return null;
        }

        try
        {
            // FromByteArray rejects trailing bytes; GetInstance rejects a wrong structure.
            var request = OcspRequest.GetInstance(Asn1Object.FromByteArray(der));
            var list = request?.TbsRequest?.RequestList;
            if (list is null || list.Count == 0 || list.Count > maxCertIds)
            {
                return null;
            }

            var certIds = new CertID[list.Count];
            for (var i = 0; i < certIds.Length; i++)
            {
                certIds[i] = Request.GetInstance(list[i]).ReqCert;
                _ = certIds[i].SerialNumber.Value; // force decoding of every field now, not mid-response
                _ = certIds[i].IssuerNameHash.GetOctets();
                _ = certIds[i].IssuerKeyHash.GetOctets();
            }

            var nonce = request!.TbsRequest.RequestExtensions?.GetExtension(OcspObjectIdentifiers.PkixOcspNonce);
            if (nonce is not null && !IsAcceptableNonce(nonce))
            {
                return null;
            }

            return new ParsedOcspRequest(certIds, nonce);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static bool IsAcceptableNonce(X509Extension nonce)
    {
        var value = nonce.Value.GetOctets();

        // RFC 8954: the extension value is an OCTET STRING holding the nonce; older clients send raw bytes.
        int length;
        try
        {
            length = Asn1OctetString.GetInstance(Asn1Object.FromByteArray(value)).GetOctets().Length;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidCastException)
        {
            length = value.Length;
        }

        return length is >= 1 and <= MaxNonceLength;
    }
}
