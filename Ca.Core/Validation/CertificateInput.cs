using Ca.Core.Common;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// Decodes the certificates a caller sends for verification. Input that is not an X.509 certificate at all is a
/// 400 (<c>invalid-certificate</c>) naming the field; whether a decodable certificate's contents are sound is for
/// the validation report to say (FAILED/FORMAT_FAILURE), because BouncyCastle decodes most parts lazily.
/// </summary>
public static class CertificateInput
{
    /// <summary>Every CERTIFICATE block of a PEM text, in order.</summary>
    /// <param name="pem">The text; other blocks and surrounding text are ignored (null counts as no block: JSON arrays may hold nulls).</param>
    /// <param name="field">The request field, named in the error.</param>
    /// <exception cref="CaException">400 when there is no block or a block is not a certificate.</exception>
    public static IReadOnlyList<X509Certificate> FromPem(string? pem, string field)
    {
        var blocks = Pem.DecodeAll(pem ?? string.Empty, "CERTIFICATE");
        if (blocks.Count == 0)
        {
            throw CaException.BadRequest("invalid-certificate", $"{field} holds no PEM certificate.", field);
        }

        return blocks.Select(der => FromDer(der, field)).ToList();
    }

    /// <summary>One DER certificate.</summary>
    /// <param name="der">The encoding.</param>
    /// <param name="field">The request field, named in the error.</param>
    /// <exception cref="CaException">400 when the bytes are not an X.509 certificate.</exception>
    public static X509Certificate FromDer(byte[] der, string field)
    {
        ArgumentNullException.ThrowIfNull(der);
        try
        {
            return new X509Certificate(der);
        }
        catch (Exception e) when (UntrustedInput.IsDecodingFailure(e))
        {
            throw CaException.BadRequest("invalid-certificate", $"{field} is not a valid X.509 certificate.", field, e);
        }
    }
}
