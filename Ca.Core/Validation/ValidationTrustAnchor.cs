using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// A trust anchor as RFC 5280 sees it: a name and a public key. The certificate is optional because anchors are
/// often distributed as bare keys; when present it is used for key identifier matching and CRL signing.
/// </summary>
public sealed class ValidationTrustAnchor
{
    /// <summary>Creates an anchor from a name and key (no certificate available).</summary>
    /// <param name="subject">The anchor's distinguished name, matched against the first certificate's issuer.</param>
    /// <param name="publicKey">The key that verifies the first certificate.</param>
    public ValidationTrustAnchor(X509Name subject, AsymmetricKeyParameter publicKey)
    {
        Subject = subject ?? throw new ArgumentNullException(nameof(subject));
        PublicKey = publicKey ?? throw new ArgumentNullException(nameof(publicKey));
    }

    /// <summary>Creates an anchor from a (typically self-signed) certificate.</summary>
    /// <param name="certificate">The anchor certificate; its validity and extensions are not enforced.</param>
    public ValidationTrustAnchor(X509Certificate certificate)
    {
        Certificate = certificate ?? throw new ArgumentNullException(nameof(certificate));
        Subject = certificate.SubjectDN;
        PublicKey = certificate.GetPublicKey();
    }

    /// <summary>The anchor's distinguished name.</summary>
    public X509Name Subject { get; }

    /// <summary>The anchor's public key.</summary>
    public AsymmetricKeyParameter PublicKey { get; }

    /// <summary>The anchor certificate, when the anchor was given as one.</summary>
    public X509Certificate? Certificate { get; }
}
