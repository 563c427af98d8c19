using System.Security.Cryptography;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>Value identity of a certificate (SHA-256 of its DER) for loop detection and de-duplication.</summary>
internal readonly record struct CertificateKey(string Thumbprint)
{
    public static CertificateKey Of(X509Certificate certificate) =>
        new(Convert.ToHexString(SHA256.HashData(certificate.GetEncoded())));
}
