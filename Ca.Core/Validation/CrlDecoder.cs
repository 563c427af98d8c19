using Ca.Core.Common;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>
/// Decodes a CRL someone else published (fetched from a distribution point): DER, or PEM as some servers serve it.
/// Whatever BouncyCastle throws on the way means the bytes are no CRL; an unusable CRL is simply absent, so
/// revocation checking answers Unknown (INDETERMINATE/TRY_LATER), never an error.
/// </summary>
public static class CrlDecoder
{
    /// <summary>The CRL, or null when the bytes are not one.</summary>
    /// <param name="bytes">The body as received.</param>
    public static X509Crl? TryDecode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            var der = bytes.Length > 0 && bytes[0] == (byte)'-' ? Pem.TryDecode(System.Text.Encoding.ASCII.GetString(bytes), "X509 CRL") : bytes;
            if (der is null || der.Length == 0)
            {
                return null;
            }

            var crl = new X509Crl(CertificateList.GetInstance(Asn1Object.FromByteArray(der)));

            // Lazily decoded parts are read now, so a CRL that passes here does not throw later.
            _ = crl.ThisUpdate;
            _ = crl.NextUpdate;
            _ = crl.IssuerDN.ToString();
            return crl;
        }
        catch (Exception e) when (UntrustedInput.IsDecodingFailure(e))
        {
            return null;
        }
    }
}
